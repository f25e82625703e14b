/**
 * The browser endpoint: what the user gives (an `http(s)://host:port` DevTools endpoint or a
 * `ws(s)://` socket URL), turned into the socket URL to open. Every request to the endpoint (the
 * HTTP discovery calls and the WebSocket upgrade) carries the endpoint's extra query parameters
 * and headers, which is where a provider's secret goes when it does not sit in the URL itself.
 *
 * Secrets appear in messages never: an endpoint is shown as its host (`endpointHost`), and error
 * texts pass through `safeReason`.
 */

import { CdpError } from './cdpError';

/** Where the browser is, and what every request to it must carry. */
export interface Endpoint {
	/** An `http(s)://` DevTools endpoint or a `ws(s)://` socket URL. */
	url: string;
	/** Query parameters set on every request (discovery calls and socket), e.g. `token`. */
	query?: Readonly<Record<string, string>>;
	/** Headers sent with every request (discovery calls and the WebSocket upgrade). */
	headers?: Readonly<Record<string, string>>;
}

/**
 * GETs a URL (with the endpoint's headers, when it has any) and resolves with its parsed JSON.
 * An answer with an error status rejects with an `HttpStatusError`; no answer, with a `CdpError`.
 */
export type GetJson = (url: string, headers?: Readonly<Record<string, string>>) => Promise<unknown>;

/** The socket to open: its URL and the headers of its upgrade request. */
export interface SocketAddress {
	url: string;
	headers?: Readonly<Record<string, string>>;
}

function asEndpoint(endpoint: string | Endpoint): Endpoint {
	return typeof endpoint === 'string' ? { url: endpoint } : endpoint;
}

/** `url` with the endpoint's extra query parameters set (unchanged when it has none). */
function withQuery(url: URL, query: Endpoint['query']): URL {
	for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
	return url;
}

/** `host:port` of an endpoint URL, without path, query or credentials: safe to show. */
export function endpointHost(url: string): string {
	try {
		return new URL(url).host || 'the browser endpoint';
	} catch {
		return 'the browser endpoint';
	}
}

/** The endpoint answered an HTTP call with an error status. */
export class HttpStatusError extends Error {
	constructor(readonly status: number) {
		super(`HTTP ${status}`);
		this.name = 'HttpStatusError';
	}
}

/** 401 and 403: the endpoint wants other credentials. Said without showing any. */
export function refusal(host: string, status: number): CdpError {
	return new CdpError('refused', `the browser at ${host} refused the credentials (HTTP ${status}): check the secret in the Browser Connection credential and where it is sent`);
}

/** How an HTTP call to the endpoint failed, in words that name the host only. */
function httpFailure(error: unknown, host: string, path: string, endpoint: Endpoint): CdpError {
	if (error instanceof HttpStatusError) {
		if (error.status === 401 || error.status === 403) return refusal(host, error.status);
		return new CdpError('notDevTools', `${host} answered HTTP ${error.status} to ${path}: not a Chrome DevTools endpoint`);
	}
	return error instanceof CdpError ? error : new CdpError('unreachable', `could not reach the browser at ${host}: ${safeReason(error, endpoint)}`);
}

/**
 * Why a socket upgrade failed, when the endpoint says: a WebSocket refused with 401 shows the
 * client no status, so the endpoint is asked over HTTP with the same secret, at /json/version and
 * at the socket's own address (services guard one or the other). A refusal there is the answer;
 * anything else leaves the upgrade's own error standing.
 */
export async function upgradeRefusal(socket: SocketAddress, getJson: GetJson): Promise<CdpError | undefined> {
	const address = new URL(socket.url);
	address.protocol = address.protocol === 'wss:' ? 'https:' : 'http:';
	const version = new URL('/json/version', address);
	version.search = address.search;
	for (const url of [version, address]) {
		try {
			await (socket.headers ? getJson(url.toString(), socket.headers) : getJson(url.toString()));
		} catch (error) {
			if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) return refusal(endpointHost(socket.url), error.status);
		}
	}
	return undefined;
}

/**
 * The browser-level WebSocket URL for what a user gives: an `http(s)://host:port` DevTools
 * endpoint (asked at `/json/version`), or a `ws(s)://` URL taken as is. The host Chrome reports
 * in `/json/version` (often `127.0.0.1` or `localhost`) is replaced by the one the user reached.
 */
export async function resolveBrowserUrl(given: string | Endpoint, getJson: GetJson): Promise<string> {
	const endpoint = asEndpoint(given);
	const text = endpoint.url.trim();
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url) throw new CdpError('notDevTools', 'the Browser URL is not a URL: give http://host:9222, ws://… or wss://…');
	if (url.protocol === 'ws:' || url.protocol === 'wss:') return withQuery(url, endpoint.query).toString();
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new CdpError('notDevTools', `the Browser URL must start with http://, https://, ws:// or wss://, not ${url.protocol}//`);
	}
	const host = endpointHost(endpoint.url);
	const versionUrl = new URL('/json/version', url);
	versionUrl.search = url.search;
	withQuery(versionUrl, endpoint.query);
	let version: unknown;
	let failure: CdpError | undefined;
	try {
		version = await (endpoint.headers ? getJson(versionUrl.toString(), endpoint.headers) : getJson(versionUrl.toString()));
	} catch (error) {
		failure = httpFailure(error, host, '/json/version', endpoint);
	}
	if (failure) throw failure;
	const socketUrl = (version as { webSocketDebuggerUrl?: unknown } | null)?.webSocketDebuggerUrl;
	if (typeof socketUrl !== 'string' || !/^wss?:\/\//.test(socketUrl)) {
		throw new CdpError('notDevTools', `${host} is not a Chrome DevTools endpoint: /json/version has no webSocketDebuggerUrl`);
	}
	const reported = new URL(socketUrl);
	reported.host = url.host;
	if (url.protocol === 'https:') reported.protocol = 'wss:';
	if (url.search && !reported.search) reported.search = url.search;
	return withQuery(reported, endpoint.query).toString();
}

/** The socket for an endpoint: its resolved URL, and the endpoint's headers for the upgrade. */
export async function resolveSocket(endpoint: Endpoint, getJson: GetJson): Promise<SocketAddress> {
	const url = await resolveBrowserUrl(endpoint, getJson);
	return endpoint.headers ? { url, headers: endpoint.headers } : { url };
}

/** An error's message with the endpoint (and so any token in it, its query's and headers' values) removed. */
export function safeReason(error: unknown, given: string | Endpoint): string {
	const endpoint = asEndpoint(given);
	const message = error instanceof Error ? error.message : String(error);
	let text = message.split(endpoint.url).join(endpointHost(endpoint.url));
	const hide = (value: string) => {
		text = text.split(value).join('***');
	};
	try {
		const url = new URL(endpoint.url);
		for (const value of url.searchParams.values()) if (value.length >= 4) hide(value);
		if (url.password) hide(url.password);
	} catch {
		// Not a URL: nothing more to hide.
	}
	for (const value of [...Object.values(endpoint.query ?? {}), ...Object.values(endpoint.headers ?? {})]) if (value.length >= 4) hide(value);
	return text;
}
