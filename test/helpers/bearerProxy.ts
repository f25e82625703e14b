/**
 * A DevTools endpoint that wants a header, as Airtop's does: a loopback proxy in front of a real
 * Chromium's DevTools port that refuses every HTTP call (`/json/version`, `/json/list`,
 * `/json/new`, …) and every WebSocket upgrade with 401 unless it carries
 * `Authorization: Bearer <key>`. Discovery answers point their `webSocketDebuggerUrl` at the proxy,
 * so a client that follows them stays behind it. Every request is recorded (without the key) for
 * tests that assert the header arrived on the discovery call and on the upgrade.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
	kind: 'http' | 'upgrade';
	method: string;
	/** The path without its query. */
	path: string;
	/** Whether it carried the right `Authorization: Bearer <key>`. */
	authorized: boolean;
	/** Whether it carried an Authorization header at all. */
	hadAuthorization: boolean;
	status: number;
}

export interface BearerProxy {
	/** http://127.0.0.1:<port>: the DevTools HTTP endpoint behind the key. */
	httpUrl: string;
	/** ws://127.0.0.1:<port>/devtools/browser/<id>: the browser's WebSocket behind the key. */
	browserWsUrl: string;
	port: number;
	/** What the proxy saw, in order. */
	seen: ProxiedRequest[];
	close(): Promise<void>;
}

const REFUSAL = JSON.stringify({ error: 'missing or wrong Authorization: Bearer header' });

/** Rewrites the DevTools host in `webSocketDebuggerUrl` (and the frontend URL's ws=) to `host`. */
function pointAt(value: unknown, host: string): unknown {
	if (Array.isArray(value)) return value.map((entry) => pointAt(entry, host));
	if (!value || typeof value !== 'object') return value;
	const entry = { ...(value as Record<string, unknown>) };
	if (typeof entry.webSocketDebuggerUrl === 'string') {
		const url = new URL(entry.webSocketDebuggerUrl);
		url.host = host;
		entry.webSocketDebuggerUrl = url.toString();
	}
	if (typeof entry.devtoolsFrontendUrl === 'string') entry.devtoolsFrontendUrl = entry.devtoolsFrontendUrl.replace(/ws=[^/&]+/, `ws=${host}`);
	return entry;
}

/** The headers to send on to Chromium: its own Host, and no key (a gateway keeps it to itself). */
function forwardedHeaders(headers: IncomingHttpHeaders, target: URL): IncomingHttpHeaders {
	const forwarded = { ...headers, host: target.host };
	delete forwarded.authorization;
	return forwarded;
}

/** Starts the proxy in front of `target`, a DevTools HTTP endpoint such as http://127.0.0.1:9222. */
export async function startBearerProxy(options: { target: string; key: string }): Promise<BearerProxy> {
	const target = new URL(options.target);
	const seen: ProxiedRequest[] = [];
	const sockets = new Set<Socket>();
	const record = (kind: ProxiedRequest['kind'], request: IncomingMessage, status: number) => {
		const authorization = request.headers.authorization;
		seen.push({
			kind,
			method: request.method ?? 'GET',
			path: (request.url ?? '/').split('?')[0],
			authorized: authorization === `Bearer ${options.key}`,
			hadAuthorization: authorization !== undefined,
			status,
		});
	};
	const authorized = (request: IncomingMessage) => request.headers.authorization === `Bearer ${options.key}`;

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		if (!authorized(request)) {
			record('http', request, 401);
			response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(REFUSAL);
			return;
		}
		const upstream = httpRequest(
			{ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: forwardedHeaders(request.headers, target) },
			(answer) => {
				record('http', request, answer.statusCode ?? 502);
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					let body = Buffer.concat(chunks);
					if (/json/.test(answer.headers['content-type'] ?? '')) {
						try {
							body = Buffer.from(JSON.stringify(pointAt(JSON.parse(body.toString()), request.headers.host ?? `127.0.0.1:${port}`)));
						} catch {
							// not JSON after all: passed on as it came
						}
					}
					// The body may have changed length: sent whole, with its new length.
					const headers = { ...answer.headers, 'content-length': String(body.length) };
					delete headers['transfer-encoding'];
					response.writeHead(answer.statusCode ?? 502, headers).end(body);
				});
			},
		);
		upstream.on('error', (error) => {
			record('http', request, 502);
			response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `browser unreachable: ${error.message}` }));
		});
		request.pipe(upstream);
	});

	server.on('upgrade', (request: IncomingMessage, client: Socket, head: Buffer) => {
		sockets.add(client);
		client.once('close', () => sockets.delete(client));
		if (!authorized(request)) {
			record('upgrade', request, 401);
			client.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(REFUSAL)}\r\nConnection: close\r\n\r\n${REFUSAL}`);
			return;
		}
		record('upgrade', request, 101);
		const upstream = connect(Number(target.port), target.hostname, () => {
			const headers = Object.entries(forwardedHeaders(request.headers, target))
				.flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => `${name}: ${v}`) : value === undefined ? [] : [`${name}: ${value}`]))
				.join('\r\n');
			upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.once('close', () => {
			sockets.delete(upstream);
			client.destroy();
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
		client.once('close', () => upstream.destroy());
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const httpUrl = `http://127.0.0.1:${port}`;

	// The browser's own WebSocket path, asked of Chromium directly (the proxy would record the call).
	const version = (await (await fetch(new URL('/json/version', target))).json()) as { webSocketDebuggerUrl: string };
	const browserWsUrl = `ws://127.0.0.1:${port}${new URL(version.webSocketDebuggerUrl).pathname}`;

	return {
		httpUrl,
		browserWsUrl,
		port,
		seen,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
