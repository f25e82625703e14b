/**
 * Page → Solve Captcha on Page when the page or the browser does not play along, in in-process
 * n8n executions against real headless Chromium and the emulator's demo pages: tabs in the
 * background, a page that takes no input, the tab closed mid-drag, the page navigating away, the
 * browser gone, endpoints that never answer or are not there. Each ends in its item's own error
 * within its time limits, the other items go on, and no job is paid twice.
 */
import { createServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { DemoKind } from '../emulator/demo/captchas';
import { CdpConnection, CdpPage } from '../helpers/cdp-driver';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { useDemoBrowser } from '../helpers/demoBrowser';
import { runOmoCaptcha } from '../helpers/omocaptcha';

const { emulator, chromium, driver } = useDemoBrowser();
let run = 0;


/** A demo page in a window of its own; `tag` makes its URL unique so an item can pick it. */
async function openDemo(kind: DemoKind, query: Record<string, string | number> = {}) {
	const tag = `fault-${++run}`;
	const page = await CdpPage.openWindow(driver, emulator.demoUrl(kind, { ...query, seed: tag }));
	return { page, tag };
}

/** A demo page opened as a user's script does, in a new tab of the browser's one window (`/json/new`). */
async function openTab(browser: LaunchedChromium, kind: DemoKind, query: Record<string, string | number> = {}) {
	const tag = `fault-${++run}`;
	const url = emulator.demoUrl(kind, { ...query, seed: tag });
	const response = await fetch(`${browser.httpUrl}/json/new?${url}`, { method: 'PUT' });
	const { id: targetId } = (await response.json()) as { id: string };
	return { targetId, tag };
}

/** A session on a tab for reading it (the node has its own). */
async function attach(connection: CdpConnection, targetId: string): Promise<CdpPage> {
	const { sessionId } = await connection.send('Target.attachToTarget', { targetId, flatten: true });
	return new CdpPage(connection, sessionId, targetId);
}

const captchaLog = (page: CdpPage) => page.evaluate<any>('window.__captchaLog');

function pageParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'page',
		operation: 'solveOnPage',
		browserUrl: chromium.httpUrl,
		pageSelection: 'urlContains',
		pageUrlContains: '={{ $json.tag }}',
		captchaKind: 'auto',
		appearTimeout: 10,
		attempts: 1,
		pageOptions: { pollInterval: 1 },
		...extra,
	};
}

/** How many jobs the emulator was asked to create since `before` (a count of `emulator.requests`). */
const jobsSince = (before: number) => emulator.requests.slice(before).filter((request) => request.method === 'createJob').length;

describe('tabs in the background', () => {
	it('solves two items on two tabs of one window (the second hidden behind the first), each brought to the front in turn', async () => {
		const browser = await launchChromium();
		try {
			const connection = await CdpConnection.connect(browser.browserWsUrl);
			const tabs = [await openTab(browser, 'tiktok-slider'), await openTab(browser, 'shopee-slider')];
			const pages = await Promise.all(tabs.map(({ targetId }) => attach(connection, targetId)));
			await pages[1].waitFor(`document.body?.dataset.captcha === 'shown'`);
			// One window, the first tab hidden behind the second: the case that hung.
			const windows = await Promise.all(tabs.map(({ targetId }) => connection.send('Browser.getWindowForTarget', { targetId })));
			expect(windows[0].windowId).toBe(windows[1].windowId);
			expect(await Promise.all(pages.map((page) => page.evaluate('document.visibilityState')))).toEqual(['hidden', 'visible']);

			const before = emulator.requests.length;
			const result = await runOmoCaptcha(
				emulator,
				pageParameters({ browserUrl: browser.browserWsUrl }),
				tabs.map(({ tag }) => ({ json: { tag } })),
			);
			expect(result.status).toBe('success');
			expect(result.output.map((json: any) => [json.captcha, json.solved])).toEqual([
				['tiktokSlider', true],
				['shopeeSlider', true],
			]);
			for (const page of pages) expect((await captchaLog(page)).attempts.map((attempt: any) => attempt.verdict)).toEqual(['pass']);
			expect(jobsSince(before)).toBe(2);
			connection.close();
		} finally {
			await browser.close();
		}
	}, 90_000);

	it('fails the item whose page takes no input within the input time limit, once paid, and the other item is solved', async () => {
		const busy = await openDemo('tiktok-slider', { busy: 60_000 });
		const fine = await openDemo('shopee-slider');
		const before = emulator.requests.length;
		const started = performance.now();
		const result = await runOmoCaptcha(emulator, pageParameters(), [{ json: { tag: busy.tag } }, { json: { tag: fine.tag } }], { continueOnFail: true });
		const elapsed = performance.now() - started;
		expect(result.status).toBe('success');
		const [failed, solved] = result.output as any[];
		expect(failed.error).toMatch(
			/^Item 0: the tab took no mouse event within 3 s: it is not in front \(a minimized or covered window\) or its page is busy during the drag \(OmoCaptcha job \d+ was paid; no further job was sent\)$/,
		);
		expect(solved).toMatchObject({ solved: true, captcha: 'shopeeSlider' });
		// The busy page's drag ended at the first unanswered event, not at a timeout per event.
		expect(elapsed).toBeLessThan(30_000);
		expect(jobsSince(before)).toBe(2);
		await fine.page.close();
		await busy.page.close().catch(() => undefined);
	}, 90_000);
});

/** Resolves once `check` holds, polled every 20 ms (while the node runs in the same process). */
async function when(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!(await check())) {
		if (performance.now() > deadline) throw new Error('the awaited moment did not come');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Whether the demo page's handle has moved: a drag is under way. */
const dragging = (page: CdpPage) =>
	page.evaluate<boolean>(`(() => { const h = document.querySelector('aside[aria-modal=true] img[draggable=true]'); return !!h && /translateX\\((1\\d|[2-9]\\d)/.test(h.style.transform); })()`);

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('faults on the page: each its own item\'s error, the other item solved, no job paid twice', () => {
	it('the tab is closed mid-drag', async () => {
		const doomed = await openDemo('shopee-slider');
		const fine = await openDemo('tiktok-slider');
		const before = emulator.requests.length;
		const closing = (async () => {
			await when(() => dragging(doomed.page).catch(() => false));
			await doomed.page.close();
		})();
		const result = await runOmoCaptcha(emulator, pageParameters(), [{ json: { tag: doomed.tag } }, { json: { tag: fine.tag } }], { continueOnFail: true });
		await closing;
		const [failed, solved] = result.output as any[];
		expect(failed.error).toMatch(/^Item 0: the tab was closed during the drag \(OmoCaptcha job \d+ was paid; no further job was sent\)$/);
		expect(solved).toMatchObject({ solved: true });
		expect(jobsSince(before)).toBe(2);
		await fine.page.close();
	}, 60_000);

	it('the page navigates away while OmoCaptcha solves its captcha: nothing is dragged on the new page', async () => {
		const leaving = await openDemo('tiktok-rotate');
		const fine = await openDemo('shopee-slider');
		const before = emulator.requests.length;
		const elsewhere = emulator.demoUrl('tiktok-rotate', { captcha: 'none' });
		const navigating = (async () => {
			await when(() => emulator.requests.slice(before).some((request) => request.method === 'createJob' && request.body?.data?.type_job_id === '23'));
			await leaving.page.goto(elsewhere);
		})();
		const result = await runOmoCaptcha(emulator, pageParameters(), [{ json: { tag: leaving.tag } }, { json: { tag: fine.tag } }], { continueOnFail: true });
		await navigating;
		const [failed, solved] = result.output as any[];
		expect(failed.error).toMatch(
			/^Item 0: the page navigated away \(now at http:\/\/127\.0\.0\.1:\d+\/demo\/tiktok-rotate\) while OmoCaptcha solved the captcha \(OmoCaptcha job \d+ was paid; no further job was sent\)$/,
		);
		expect(solved).toMatchObject({ solved: true });
		expect(jobsSince(before)).toBe(2);
		await leaving.page.close();
		await fine.page.close();
	}, 60_000);

	it('the browser goes away mid-drag', async () => {
		const other = await launchChromium();
		const otherDriver = await CdpConnection.connect(other.browserWsUrl);
		try {
			const tag = `fault-${++run}`;
			const doomed = await CdpPage.openWindow(otherDriver, emulator.demoUrl('shopee-slider', { seed: tag }));
			const fine = await openDemo('tiktok-slider');
			const before = emulator.requests.length;
			const killing = (async () => {
				await when(() => dragging(doomed).catch(() => false));
				await other.close();
			})();
			const result = await runOmoCaptcha(
				emulator,
				pageParameters({ browserUrl: '={{ $json.browser }}' }),
				[{ json: { tag, browser: other.httpUrl } }, { json: { tag: fine.tag, browser: chromium.httpUrl } }],
				{ continueOnFail: true },
			);
			await killing;
			const [failed, solved] = result.output as any[];
			expect(failed.error).toMatch(new RegExp(`^Item 0: the browser at 127\\.0\\.0\\.1:${other.port} closed the connection during the drag \\(OmoCaptcha job \\d+ was paid; no further job was sent\\)$`));
			expect(solved).toMatchObject({ solved: true });
			expect(jobsSince(before)).toBe(2);
			await fine.page.close();
		} finally {
			otherDriver.close();
			await other.close();
		}
	}, 60_000);

	it('endpoints that accept TCP and never answer, and one with no browser behind it, fail within the connect time limit, before any job', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as AddressInfo;
		const nobody = await closedPort();
		const fine = await openDemo('tiktok-select');
		const before = emulator.requests.length;
		try {
			const started = performance.now();
			const result = await runOmoCaptcha(
				emulator,
				pageParameters({ browserUrl: '={{ $json.browser }}' }),
				[
					{ json: { tag: 'x', browser: `http://127.0.0.1:${port}` } },
					{ json: { tag: 'x', browser: `ws://127.0.0.1:${port}/devtools/browser/abc?token=SECRET-TOKEN` } },
					{ json: { tag: 'x', browser: `http://127.0.0.1:${nobody}` } },
					{ json: { tag: fine.tag, browser: chromium.httpUrl } },
				],
				{ continueOnFail: true },
			);
			const elapsed = performance.now() - started;
			const errors = (result.output as any[]).map((json) => json.error);
			expect(errors[0]).toBe(`Item 0: could not reach the browser at 127.0.0.1:${port} (no answer within 10 s)`);
			expect(errors[1]).toBe(`Item 1: the browser at 127.0.0.1:${port} did not accept the connection within 10 s`);
			expect(errors[2]).toBe(`Item 2: could not reach the browser at 127.0.0.1:${nobody} (connection refused)`);
			expect(result.output[3]).toMatchObject({ solved: true });
			expect(JSON.stringify(result.output)).not.toContain('SECRET-TOKEN');
			expect(elapsed).toBeLessThan(30_000);
			expect(jobsSince(before)).toBe(1);
		} finally {
			silent.close();
			await fine.page.close();
		}
	}, 60_000);
});
