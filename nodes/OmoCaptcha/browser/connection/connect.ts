/**
 * From an endpoint to an open DevTools connection: resolve the socket (asking `/json/version` of
 * an HTTP endpoint), then open it with the endpoint's query parameters and headers.
 */

import type { Wait } from '../../transport/poller';
import { CdpConnection, type OpenSocket } from './cdpConnection';
import { CdpError } from './cdpError';
import { resolveSocket, upgradeRefusal, type Endpoint, type GetJson } from './endpoint';

export interface ConnectOptions {
	wait: Wait;
	getJson: GetJson;
	openSocket?: OpenSocket;
	signal?: AbortSignal;
}

/** The open connection, and the socket URL it went to (a page's own socket is one page). */
export async function connectToBrowser(endpoint: Endpoint, options: ConnectOptions): Promise<{ connection: CdpConnection; socketUrl: string }> {
	const socket = await resolveSocket(endpoint, options.getJson);
	let connection: CdpConnection | undefined;
	let failure: unknown;
	try {
		connection = await CdpConnection.open(socket.url, {
			wait: options.wait,
			openSocket: options.openSocket,
			signal: options.signal,
			...(socket.headers ? { headers: socket.headers } : {}),
		});
	} catch (error) {
		failure = error instanceof CdpError && error.kind === 'unreachable' ? ((await upgradeRefusal(socket, options.getJson)) ?? error) : error;
	}
	if (!connection) throw failure;
	return { connection, socketUrl: socket.url };
}
