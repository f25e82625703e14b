/**
 * A DevTools endpoint that wants `Authorization: Bearer <key>`, as Airtop's does
 * (test/helpers/bearerProxy.ts in front of a real Chromium): refused without the header on the
 * discovery calls and on the WebSocket upgrade, served with it, and a tab opened through it by one
 * client (as an HTTP Request step would) lives on for the next client.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startEmulator, type Emulator } from '../emulator/server';
import { startBearerProxy, type BearerProxy } from '../helpers/bearerProxy';
import { CdpConnection, webSocketOpens } from '../helpers/cdp-driver';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { runOmoCaptcha } from '../helpers/omocaptcha';

const key = randomBytes(16).toString('hex');
const bearer = { authorization: `Bearer ${key}` };
let emulator: Emulator;
let chromium: LaunchedChromium;
let proxy: BearerProxy;

beforeAll(async () => {
	emulator = await startEmulator();
	chromium = await launchChromium();
	proxy = await startBearerProxy({ target: chromium.httpUrl, key });
}, 60_000);

afterAll(async () => {
	await proxy?.close();
	await chromium?.close();
	await emulator?.close();
});

beforeEach(() => {
	proxy.seen.length = 0;
});

describe('a DevTools endpoint behind Authorization: Bearer (as Airtop\'s)', () => {
	it('refuses /json/version, /json/list and /json/new with 401 without the header or with a wrong key', async () => {
		for (const [method, path] of [
			['GET', '/json/version'],
			['GET', '/json/list'],
			['PUT', '/json/new?about:blank'],
		]) {
			for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: key }]) {
				const response = await fetch(`${proxy.httpUrl}${path}`, { method, headers });
				expect(response.status, `${method} ${path} with ${JSON.stringify(Object.keys(headers))}`).toBe(401);
				expect(await response.json()).toEqual({ error: 'missing or wrong Authorization: Bearer header' });
			}
		}
		expect(proxy.seen.every((request) => request.status === 401 && !request.authorized)).toBe(true);
		expect(proxy.seen).toHaveLength(9);
	});

	it('answers the discovery calls with the header, pointing their WebSocket URLs at itself', async () => {
		const version = (await (await fetch(`${proxy.httpUrl}/json/version`, { headers: bearer })).json()) as { webSocketDebuggerUrl: string };
		expect(version.webSocketDebuggerUrl).toBe(proxy.browserWsUrl);

		const opened = (await (await fetch(`${proxy.httpUrl}/json/new?${emulator.demoUrl('tiktok-slider')}`, { method: 'PUT', headers: bearer })).json()) as { id: string; webSocketDebuggerUrl: string };
		expect(opened.webSocketDebuggerUrl).toBe(`ws://127.0.0.1:${proxy.port}/devtools/page/${opened.id}`);
		const list = (await (await fetch(`${proxy.httpUrl}/json/list`, { headers: bearer })).json()) as Array<{ id: string; webSocketDebuggerUrl: string }>;
		expect(list.find((target) => target.id === opened.id)?.webSocketDebuggerUrl).toBe(opened.webSocketDebuggerUrl);
		expect(list.every((target) => new URL(target.webSocketDebuggerUrl).port === String(proxy.port))).toBe(true);

		expect(proxy.seen.map(({ method, path, authorized, status }) => [method, path, authorized, status])).toEqual([
			['GET', '/json/version', true, 200],
			['PUT', '/json/new', true, 200],
			['GET', '/json/list', true, 200],
		]);
		await fetch(`${proxy.httpUrl}/json/close/${opened.id}`, { headers: bearer });
	});

	it('refuses the WebSocket upgrade without the header or with a wrong key, and lets it through with Authorization: Bearer', async () => {
		expect(await webSocketOpens(proxy.browserWsUrl)).toBe(false);
		expect(await webSocketOpens(proxy.browserWsUrl, { authorization: 'Bearer wrong' })).toBe(false);
		expect(await webSocketOpens(`${proxy.browserWsUrl}?token=${key}`)).toBe(false);

		const connection = await CdpConnection.connect(proxy.browserWsUrl, { Authorization: `Bearer ${key}` });
		try {
			const { product } = await connection.send<{ product: string }>('Browser.getVersion');
			expect(product).toMatch(/Chrome\/\d+/);
		} finally {
			connection.close();
		}
		// Node's WebSocket (undici) sends an upgrade answered 401 once more before it gives up:
		// consecutive repeats are one attempt.
		const attempts = proxy.seen
			.map(({ kind, hadAuthorization, authorized, status }) => [kind, hadAuthorization, authorized, status])
			.filter((attempt, i, all) => i === 0 || JSON.stringify(attempt) !== JSON.stringify(all[i - 1]));
		expect(attempts).toEqual([
			['upgrade', false, false, 401],
			['upgrade', true, false, 401],
			['upgrade', false, false, 401],
			['upgrade', true, true, 101],
		]);
	});

	it('keeps a tab one client opened (as an HTTP Request step would) for the next client, which finds its page there', async () => {
		const url = emulator.demoUrl('shopee-slider', { seed: 'bearer' });
		const opened = (await (await fetch(`${proxy.httpUrl}/json/new?${url}`, { method: 'PUT', headers: bearer })).json()) as { id: string; webSocketDebuggerUrl: string };

		const next = await CdpConnection.connect(opened.webSocketDebuggerUrl, bearer);
		try {
			const deadline = Date.now() + 10_000;
			let state: string | undefined;
			while (state !== 'shown' && Date.now() < deadline) {
				const { result } = await next.send('Runtime.evaluate', { expression: 'document.body && document.body.dataset.captcha', returnByValue: true });
				state = result.value;
			}
			expect(state).toBe('shown');
			const { result } = await next.send('Runtime.evaluate', { expression: 'location.href', returnByValue: true });
			expect(result.value).toBe(url);
		} finally {
			next.close();
			await fetch(`${proxy.httpUrl}/json/close/${opened.id}`, { headers: bearer });
		}
		expect(proxy.seen.filter((request) => request.kind === 'upgrade')).toMatchObject([{ path: `/devtools/page/${opened.id}`, authorized: true, status: 101 }]);
	});

	describe('with the node and a Browser Connection credential in header mode', () => {
		const credential = (secret: string) => ({ placement: 'header', headerName: 'Authorization', headerScheme: 'Bearer', secret });
		const solve = (browserUrl: string, targetId: string, secret: string) =>
			runOmoCaptcha(
				emulator,
				{
					resource: 'page',
					operation: 'solveOnPage',
					browserUrl,
					browserAuthentication: 'browserConnectionApi',
					pageSelection: 'targetId',
					pageTargetId: targetId,
					captchaKind: 'tiktokSlider',
					appearTimeout: 10,
					pageOptions: { pollInterval: 1 },
				},
				undefined,
				{ continueOnFail: true, browserConnection: credential(secret) },
			);

		it('solves the tab an HTTP client opened through the proxy (Target ID from its answer), and the same tab goes on, solved', async () => {
			const url = emulator.demoUrl('tiktok-slider', { seed: 'bearer-node' });
			const opened = (await (await fetch(`${proxy.httpUrl}/json/new?${url}`, { method: 'PUT', headers: bearer })).json()) as { id: string; webSocketDebuggerUrl: string };
			try {
				const result = await solve(proxy.httpUrl, opened.id, key);
				expect(result.output[0]).toMatchObject({ solved: true, page: { targetId: opened.id, endpoint: `127.0.0.1:${proxy.port}`, opened: false } });
				expect(JSON.stringify(result.run.data.resultData.runData)).not.toContain(key);
				// The discovery call and the upgrade both carried the header.
				expect(proxy.seen.map(({ kind, path, authorized }) => [kind, path, authorized])).toEqual(
					expect.arrayContaining([
						['http', '/json/version', true],
						['upgrade', new URL(proxy.browserWsUrl).pathname, true],
					]),
				);
				// The next step, another client through the proxy, finds the tab solved.
				const next = await CdpConnection.connect(opened.webSocketDebuggerUrl, bearer);
				try {
					const { result: solved } = await next.send('Runtime.evaluate', { expression: 'window.__captchaLog.solved', returnByValue: true });
					expect(solved.value).toBe(true);
				} finally {
					next.close();
				}
			} finally {
				await fetch(`${proxy.httpUrl}/json/close/${opened.id}`, { headers: bearer });
			}
		});

		it('says a wrong key refused the credentials, on the discovery call and on the WebSocket upgrade, never showing either key', async () => {
			for (const browserUrl of [proxy.httpUrl, proxy.browserWsUrl]) {
				const result = await solve(browserUrl, 'any', 'WRONG-KEY-3141');
				expect(result.output[0].error).toBe(
					`Item 0: the browser at 127.0.0.1:${proxy.port} refused the credentials (HTTP 401): check the secret in the Browser Connection credential and where it is sent`,
				);
				const shown = JSON.stringify(result.run.data.resultData.runData);
				expect(shown).not.toContain('WRONG-KEY-3141');
				expect(shown).not.toContain(key);
			}
			expect(proxy.seen.some((request) => request.kind === 'upgrade' && request.hadAuthorization && !request.authorized)).toBe(true);
		});
	});
});
