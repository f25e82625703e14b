/**
 * The Browser Connection credential on Page → Solve Captcha on Page, without a browser: a
 * loopback DevTools look-alike records what each request carried (query, headers) and refuses
 * what lacks the secret, as a browser service does. What the user sees: the secret on every
 * discovery call and on the WebSocket upgrade, the credential's URL when the Browser URL is empty,
 * and "refused the credentials" (never the credentials) for a 401 or 403.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { useEmulator } from '../helpers/emulator';
import { requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';

const TOKEN = 'BROWSER-TOKEN-7731';
const BEARER = 'BEARER-SECRET-5519';
const EXTRA = 'EXTRA-HEADER-VALUE-2288';

interface Seen {
	kind: 'http' | 'upgrade';
	path: string;
	query: Record<string, string>;
	authorization?: string;
	extra?: string;
}

let origin: string;
let host: string;
const seen: Seen[] = [];
/** Upgrades are refused unless this is set: then they are accepted and closed at once. */
let server: ReturnType<typeof createServer>;

function record(kind: Seen['kind'], request: IncomingMessage): Seen {
	const url = new URL(request.url ?? '/', 'http://x');
	const entry: Seen = { kind, path: url.pathname, query: Object.fromEntries(url.searchParams) };
	if (request.headers.authorization !== undefined) entry.authorization = request.headers.authorization;
	if (request.headers['x-extra'] !== undefined) entry.extra = String(request.headers['x-extra']);
	seen.push(entry);
	return entry;
}

/** The secret in either place: a query token or a bearer header. */
const authorized = (entry: Seen) => entry.query.token === TOKEN || entry.authorization === `Bearer ${BEARER}`;

beforeAll(async () => {
	server = createServer((request, response) => {
		const entry = record('http', request);
		if (!authorized(entry)) {
			response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
		} else if (entry.path === '/json/version') {
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Browser: 'Chrome/140', webSocketDebuggerUrl: `ws://127.0.0.1:1/devtools/browser/b1` }));
		} else {
			response.writeHead(404).end();
		}
	});
	// Every upgrade is refused, as a service does for a secret it does not accept.
	server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
		record('upgrade', request);
		socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
	origin = `http://${host}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	seen.length = 0;
});

const page = (browserUrl: string) => ({ resource: 'page', operation: 'solveOnPage', browserUrl, browserAuthentication: 'browserConnectionApi', appearTimeout: 1 });
const query = { placement: 'query', queryName: 'token', secret: TOKEN, extraHeaders: { values: [{ name: 'x-extra', value: EXTRA }] } };
const header = { placement: 'header', headerName: 'Authorization', headerScheme: 'Bearer', secret: BEARER };

describe('Page → Solve Captcha on Page with a Browser Connection credential', () => {
	const emulator = useEmulator();

	it('connects to the credential\'s default URL when the Browser URL is empty, with the token and extra headers on the discovery call and the upgrade', async () => {
		const result = await runOmoCaptcha(emulator, page(''), undefined, { continueOnFail: true, browserConnection: { ...query, endpoint: origin } });
		// The discovery call passed; the upgrade (to the host the user reached) was refused, and asked over HTTP to say why.
		expect(seen.map(({ kind, path }) => `${kind} ${path}`)).toEqual(expect.arrayContaining(['http /json/version', 'upgrade /devtools/browser/b1', 'http /devtools/browser/b1']));
		expect(seen.filter((entry) => entry.kind === 'http').map(({ path }) => path)).toEqual(['/json/version', '/json/version', '/devtools/browser/b1']);
		for (const entry of seen) expect(entry).toMatchObject({ query: { token: TOKEN }, extra: EXTRA });
		// Both asked again with the right token (200, 404): the upgrade's own error stands.
		expect(result.output[0].error).toBe(`Item 0: could not open a DevTools connection to ${host} (refused or not a WebSocket endpoint)`);
		expect(requestsTo(emulator, 'createJob')).toEqual([]);
	});

	it('says a refused upgrade refused the credentials, without showing them, when the endpoint refuses them over HTTP too', async () => {
		const result = await runOmoCaptcha(emulator, page(`ws://${host}/devtools/browser/b1?session=s1`), undefined, {
			continueOnFail: true,
			browserConnection: { ...header, secret: 'WRONG-SECRET-0001' },
		});
		expect(seen.map(({ kind, path, authorization }) => `${kind} ${path} ${authorization}`)).toEqual([
			...seen.filter((entry) => entry.kind === 'upgrade').map(() => 'upgrade /devtools/browser/b1 Bearer WRONG-SECRET-0001'),
			'http /json/version Bearer WRONG-SECRET-0001',
		]);
		expect(seen[0].query).toEqual({ session: 's1' });
		expect(result.output[0].error).toBe(`Item 0: the browser at ${host} refused the credentials (HTTP 401): check the secret in the Browser Connection credential and where it is sent`);
		expect(JSON.stringify(result.run.data.resultData.runData)).not.toContain('WRONG-SECRET');
	});

	it('says a wrong token on the discovery call refused the credentials, and the item\'s own Browser URL wins over the credential\'s', async () => {
		const result = await runOmoCaptcha(emulator, page(origin), [{ json: {} }, { json: {} }], {
			continueOnFail: true,
			browserConnection: { ...query, secret: 'WRONG-TOKEN-0002', endpoint: 'http://127.0.0.1:9' },
		});
		expect(seen.map(({ kind, path }) => `${kind} ${path}`)).toEqual(['http /json/version', 'http /json/version']);
		expect(seen[0].query).toEqual({ token: 'WRONG-TOKEN-0002' });
		expect(result.output.map((json) => json.error)).toEqual([0, 1].map(
			(index) => `Item ${index}: the browser at ${host} refused the credentials (HTTP 401): check the secret in the Browser Connection credential and where it is sent`,
		));
		expect(JSON.stringify(result.run.data.resultData.runData)).not.toContain('WRONG-TOKEN');
	});

	it('names the credential when neither it nor the item gives a usable URL', async () => {
		const result = await runOmoCaptcha(emulator, page('={{ $json.url }}'), [{ json: { url: '' } }, { json: { url: '' } }], {
			continueOnFail: true,
			browserConnection: { ...query, endpoint: 'localhost:3000' },
		});
		expect(result.output.map((json) => json.error)).toEqual([0, 1].map(
			(index) => `Item ${index}, field "Browser Connection credential, Default Browser URL": must be an http://, https://, ws:// or wss:// URL of a Chrome DevTools endpoint`,
		));
		expect(seen).toEqual([]);
	});
});
