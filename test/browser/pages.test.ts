/**
 * Which tab the node works on, in real Chromium: Open URL (a new tab, loaded, then the captcha),
 * "Open URL If No Tab Matches", tabs of other browser contexts, "Close Tab After", the output's
 * `page` that tells the next node where to go on, and "Output Cookies" that an HTTP client sends
 * to the page's server (the demo's /demo/account answers only a session whose captcha was solved).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type Emulator } from '../emulator/server';
import { CdpConnection, CdpPage } from '../helpers/cdp-driver';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';

let emulator: Emulator;
let chromium: LaunchedChromium;
let driver: CdpConnection;
let run = 0;

beforeAll(async () => {
	emulator = await startEmulator();
	chromium = await launchChromium();
	driver = await CdpConnection.connect(chromium.browserWsUrl);
}, 60_000);

afterAll(async () => {
	driver?.close();
	await chromium?.close();
	await emulator?.close();
});

const tag = () => `pages-${++run}`;
const host = () => `127.0.0.1:${chromium.port}`;

function pageParameters(extra: Record<string, unknown>, options: Record<string, unknown> = {}) {
	return { resource: 'page', operation: 'solveOnPage', browserUrl: chromium.httpUrl, captchaKind: 'tiktokSlider', appearTimeout: 10, pageOptions: { pollInterval: 1, ...options }, ...extra };
}

async function pages(): Promise<Array<{ targetId: string; url: string; browserContextId: string }>> {
	const { targetInfos } = await driver.send('Target.getTargets');
	return targetInfos.filter((target: { type: string }) => target.type === 'page');
}

/** The demo tab with this target id, attached for reading. */
async function tabOf(targetId: string): Promise<CdpPage> {
	const { sessionId } = await driver.send('Target.attachToTarget', { targetId, flatten: true });
	return new CdpPage(driver, sessionId, targetId);
}

/** Whether the tab is gone within 5 s: Chrome closes a tab a moment after Target.closeTarget answers. */
async function closedSoon(targetId: string): Promise<boolean> {
	for (let i = 0; i < 100; i++) {
		if (!(await pages()).some((page) => page.targetId === targetId)) return true;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return false;
}

async function account(cookieHeader?: string) {
	const response = await fetch(`${emulator.origin}/demo/account`, { headers: cookieHeader ? { cookie: cookieHeader } : {} });
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('Page: which tab, and what the next node gets', () => {
	it('Open URL opens the page in a new tab, waits for it, solves it, and says which tab it was (no query, endpoint host only)', async () => {
		const seed = tag();
		const url = emulator.demoUrl('tiktok-slider', { seed });
		const before = (await pages()).map((page) => page.targetId);
		const result = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'openUrl', pageOpenUrl: url }));
		expect(result.status).toBe('success');
		const json = result.output[0];
		expect(json).toMatchObject({ solved: true, page: { url: url.split('?')[0], endpoint: host(), opened: true } });
		const targetId = (json.page as { targetId: string }).targetId;
		expect(before).not.toContain(targetId);
		// The tab stays (Close Tab After is off), on the page it opened, solved.
		expect((await pages()).find((page) => page.targetId === targetId)?.url).toBe(url);
		expect(await (await tabOf(targetId)).evaluate('window.__captchaLog.solved')).toBe(true);
		expect(json).not.toHaveProperty('cookies');
	});

	it('Output Cookies gives the page\'s cookies as a list and as a Cookie header that opens the solved session\'s /demo/account', async () => {
		const result = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'openUrl', pageOpenUrl: emulator.demoUrl('tiktok-slider', { seed: tag() }) }, { outputCookies: true }));
		const json = result.output[0] as { solved: boolean; cookies: Array<Record<string, unknown>>; cookieHeader: string };
		expect(json.solved).toBe(true);
		expect(json.cookies).toEqual([
			{ name: 'demo_session', value: expect.stringMatching(/^[0-9a-f]{32}$/), domain: '127.0.0.1', path: '/demo', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' },
		]);
		expect(json.cookieHeader).toBe(`demo_session=${json.cookies[0].value}`);
		expect(await account(json.cookieHeader)).toMatchObject({ status: 200, body: { solved: true, captcha: { kind: 'tiktok-slider' } } });
		expect((await account()).status).toBe(403);
	});

	it('Open URL If No Tab Matches opens the URL only when no tab matches, and takes the matching tab otherwise', async () => {
		const seed = tag();
		const url = emulator.demoUrl('tiktok-slider', { seed });
		const opened = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'urlContains', pageUrlContains: `${seed}-elsewhere` }, { openUrlIfNoMatch: url }));
		expect(opened.output[0]).toMatchObject({ solved: true, page: { opened: true } });

		const otherSeed = tag();
		const existing = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed: otherSeed }));
		const count = (await pages()).length;
		const matched = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'urlContains', pageUrlContains: otherSeed }, { openUrlIfNoMatch: url }));
		expect(matched.output[0]).toMatchObject({ solved: true, page: { targetId: existing.targetId, opened: false } });
		expect((await pages()).length).toBe(count);
	});

	it('Close Tab After closes the tab once the item is done, also a tab it did not open', async () => {
		const seed = tag();
		const existing = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed }));
		const result = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'targetId', pageTargetId: existing.targetId }, { closeTab: true }));
		expect(result.output[0]).toMatchObject({ solved: true, page: { targetId: existing.targetId, opened: false } });
		expect(await closedSoon(existing.targetId)).toBe(true);

		const opened = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'openUrl', pageOpenUrl: emulator.demoUrl('tiktok-slider', { seed: tag() }) }, { closeTab: true }));
		expect(opened.output[0]).toMatchObject({ solved: true, page: { opened: true } });
		expect(await closedSoon((opened.output[0].page as { targetId: string }).targetId)).toBe(true);
	});

	it('finds a tab in a browser context of its own and reads that context\'s cookies, not the default one\'s', async () => {
		const { browserContextId } = await driver.send('Target.createBrowserContext');
		try {
			const seed = tag();
			const inContext = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed }), browserContextId);
			const inDefault = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed: `${seed}-default` }));
			expect((await pages()).find((page) => page.targetId === inContext.targetId)?.browserContextId).toBe(browserContextId);

			const result = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'targetId', pageTargetId: inContext.targetId }, { outputCookies: true }));
			const json = result.output[0] as { solved: boolean; cookieHeader: string; page: { targetId: string } };
			expect(json).toMatchObject({ solved: true, page: { targetId: inContext.targetId } });
			expect(json.cookieHeader).toBe(await inContext.cookieHeader());
			expect(json.cookieHeader).not.toBe(await inDefault.cookieHeader());
			expect(await account(json.cookieHeader)).toMatchObject({ status: 200, body: { solved: true, solvedCaptchas: 1 } });
		} finally {
			await driver.send('Target.disposeBrowserContext', { browserContextId });
		}
	});

	it('fails the item with the browser\'s reason when the URL to open cannot load, before any job is sent', async () => {
		const jobs = requestsTo(emulator, 'createJob').length;
		const result = await runOmoCaptcha(emulator, pageParameters({ pageSelection: 'openUrl', pageOpenUrl: 'http://127.0.0.1:1/login?session=PRIVATE' }), undefined, { continueOnFail: true });
		expect(result.output[0].error).toBe('Item 0: the browser could not open http://127.0.0.1:1/login: net::ERR_UNSAFE_PORT');
		expect(requestsTo(emulator, 'createJob').length).toBe(jobs);
	});
});
