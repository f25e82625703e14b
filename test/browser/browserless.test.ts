/**
 * A self-hosted Browserless (the open-source @browserless.io/browserless, started by
 * scripts/browserless.ts with Debian's Chromium and a required token) as users run it: the token
 * guards its HTTP calls and WebSocket, each connection to ws://host?token=… launches a browser of
 * its own that closes with its last client, and today's node solves a captcha in such a browser
 * through ws://host/devtools/browser/<id>?token=… on a tab another client opened.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type Emulator } from '../emulator/server';
import { startBrowserless, type RunningBrowserless } from '../helpers/browserless';
import { CdpConnection, CdpPage, webSocketOpens } from '../helpers/cdp-driver';
import { runOmoCaptcha } from '../helpers/omocaptcha';

let emulator: Emulator;
let browserless: RunningBrowserless;

beforeAll(async () => {
	emulator = await startEmulator();
	browserless = await startBrowserless();
	console.log(`Browserless ready in ${browserless.startMs} ms`);
}, 180_000);

afterAll(async () => {
	await browserless?.close();
	await emulator?.close();
});

/** A Browserless HTTP address with this token (none when undefined). */
const at = (path: string, token?: string) => `${browserless.origin}${path}${token === undefined ? '' : `?token=${token}`}`;

/**
 * The browsers Browserless runs now (its /sessions lists each browser, then its pages). While a
 * browser is closing, /sessions fails (it asks that browser for its pages): asked again then.
 */
async function runningBrowsers(): Promise<Array<{ browserId: string }>> {
	for (let attempt = 1; ; attempt++) {
		const response = await fetch(at('/sessions', browserless.token));
		if (response.ok) {
			const sessions = (await response.json()) as Array<{ type: string; browserId: string }>;
			return sessions.filter((session) => session.type === 'browser');
		}
		if (attempt === 20) throw new Error(`/sessions answered ${response.status}: ${await response.text()}`);
		await sleep(100);
	}
}

describe('self-hosted Browserless (open source, Debian\'s Chromium)', () => {
	it('answers /json/version with the right token and refuses a wrong or missing one with 401, on HTTP and on the WebSocket', async () => {
		const version = await fetch(at('/json/version', browserless.token));
		expect(version.status).toBe(200);
		const body = (await version.json()) as Record<string, string>;
		expect(body.Browser).toMatch(/^(Headless)?Chrome\/\d+/);
		// Browserless points at itself, without the token: a client adds it again.
		expect(body.webSocketDebuggerUrl).toBe(`ws://127.0.0.1:${browserless.port}`);

		for (const token of ['wrong', '', undefined]) {
			const refused = await fetch(at('/json/version', token));
			expect(refused.status).toBe(401);
			expect(await refused.text()).not.toContain(browserless.token);
		}
		expect(await webSocketOpens(`ws://127.0.0.1:${browserless.port}?token=wrong`)).toBe(false);
		expect(await webSocketOpens(`ws://127.0.0.1:${browserless.port}`)).toBe(false);
		expect(await webSocketOpens(browserless.wsUrl)).toBe(true);
	});

	it('solves a demo captcha with today\'s Browser URL, ws://…/devtools/browser/<id>?token=…, on a tab another client opened in that browser', async () => {
		const driver = await CdpConnection.connect(browserless.wsUrl);
		try {
			const page = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed: 'browserless' }));
			const [browser] = await runningBrowsers();
			const browserUrl = `ws://127.0.0.1:${browserless.port}/devtools/browser/${browser.browserId}?token=${browserless.token}`;

			const result = await runOmoCaptcha(emulator, {
				resource: 'page',
				operation: 'solveOnPage',
				browserUrl,
				pageSelection: 'urlContains',
				pageUrlContains: 'seed=browserless',
				captchaKind: 'tiktokSlider',
				appearTimeout: 10,
				pageOptions: { pollInterval: 1 },
			});
			expect(result.status).toBe('success');
			const output = result.itemsOf('OmoCaptcha')[0].json;
			expect(output).toMatchObject({ solved: true, captcha: 'tiktokSlider' });
			expect(JSON.stringify(output)).not.toContain(browserless.token);
			expect(await page.evaluate('window.__captchaLog.solved')).toBe(true);

			// The page's cookies, sent by another HTTP client, open the address behind the captcha.
			const account = await fetch(`${emulator.origin}/demo/account`, { headers: { cookie: await page.cookieHeader() } });
			expect(account.status).toBe(200);
			expect(await account.json()).toMatchObject({ solved: true, captcha: { kind: 'tiktok-slider' } });
		} finally {
			driver.close();
		}
	});

	it('closes the browser when its last client disconnects: the open-source build keeps no session for a later step', async () => {
		const driver = await CdpConnection.connect(browserless.wsUrl);
		await CdpPage.openWindow(driver, emulator.demoUrl('shopee-slider'));
		const [browser] = await runningBrowsers();
		expect(browser.browserId).toMatch(/^[0-9a-f-]{36}$/);
		driver.close();
		for (let i = 0; i < 100 && (await runningBrowsers()).length > 0; i++) await sleep(100);
		expect(await runningBrowsers()).toEqual([]);
		expect(await webSocketOpens(`ws://127.0.0.1:${browserless.port}/devtools/browser/${browser.browserId}?token=${browserless.token}`)).toBe(false);
	});

	describe('with the node and a Browser Connection credential holding the token', () => {
		const credential = (secret: string, endpoint = `ws://127.0.0.1:${browserless.port}`) => ({ placement: 'query', queryName: 'token', secret, endpoint });
		const openAndSolve = (secret: string, browserUrl = '') =>
			runOmoCaptcha(
				emulator,
				{
					resource: 'page',
					operation: 'solveOnPage',
					browserUrl,
					browserAuthentication: 'browserConnectionApi',
					pageSelection: 'openUrl',
					pageOpenUrl: emulator.demoUrl('tiktok-slider', { seed: 'browserless-open' }),
					captchaKind: 'tiktokSlider',
					appearTimeout: 10,
					pageOptions: { pollInterval: 1, outputCookies: true },
				},
				undefined,
				{ continueOnFail: true, browserConnection: credential(secret) },
			);

		it('opens the page itself in the browser its connection launched (Open URL), solves it, and its cookies open /demo/account after that browser is gone', async () => {
			const result = await openAndSolve(browserless.token);
			const json = result.output[0] as { solved: boolean; page: Record<string, unknown>; cookieHeader: string };
			expect(json).toMatchObject({ solved: true, page: { endpoint: `127.0.0.1:${browserless.port}`, opened: true } });
			expect(JSON.stringify(result.run.data.resultData.runData)).not.toContain(browserless.token);
			for (let i = 0; i < 100 && (await runningBrowsers()).length > 0; i++) await sleep(100);
			expect(await runningBrowsers()).toEqual([]);
			const account = await fetch(`${emulator.origin}/demo/account`, { headers: { cookie: json.cookieHeader } });
			expect(account.status).toBe(200);
			expect(await account.json()).toMatchObject({ solved: true, captcha: { kind: 'tiktok-slider' } });
		});

		it('says a wrong token refused the credentials, through /json/version and through the WebSocket, never showing a token', async () => {
			for (const browserUrl of [browserless.origin, '']) {
				const result = await openAndSolve('WRONG-TOKEN-2718', browserUrl);
				expect(result.output[0].error).toBe(
					`Item 0: the browser at 127.0.0.1:${browserless.port} refused the credentials (HTTP 401): check the secret in the Browser Connection credential and where it is sent`,
				);
				const shown = JSON.stringify(result.run.data.resultData.runData);
				expect(shown).not.toContain('WRONG-TOKEN-2718');
				expect(shown).not.toContain(browserless.token);
			}
		});
	});
});
