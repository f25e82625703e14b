/**
 * Page → Solve Captcha on Page in in-process n8n executions, against headless Chromium showing
 * the emulator's demo captcha pages, with the emulator as OmoCaptcha: the node attaches over
 * DevTools, captures the images, sends real jobs, drags or clicks, and the page itself judges the
 * answer and the movement (bot check). Run: `flock /tmp/omo-heavy.lock npm run test:browser`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type Emulator } from '../emulator/server';
import type { DemoKind } from '../emulator/demo/captchas';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { CdpConnection, CdpPage } from '../helpers/cdp-driver';
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

/** Opens a demo page in a window of its own; `tag` makes its URL unique so an item can pick it. */
async function openDemo(kind: DemoKind, query: Record<string, string | number> = {}) {
	const tag = `run-${++run}`;
	const url = emulator.demoUrl(kind, { ...query, seed: tag });
	const page = await CdpPage.openWindow(driver, url);
	return { page, tag, url };
}

const captchaLog = (page: CdpPage) => page.evaluate<any>('window.__captchaLog');

function pageParameters(tag: string, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'page',
		operation: 'solveOnPage',
		browserUrl: chromium.httpUrl,
		pageSelection: 'urlContains',
		pageUrlContains: tag,
		appearTimeout: 10,
		pageOptions: { pollInterval: 1 },
		...extra,
	};
}

const kinds: Array<[DemoKind, string, number]> = [
	['tiktok-slider', 'tiktokSlider', 21],
	['tiktok-rotate', 'tiktokRotate', 23],
	['tiktok-select', 'tiktokSelect', 22],
	['shopee-slider', 'shopeeSlider', 26],
];

/** The v2 task type of each demo captcha's job type. */
const taskTypes: Record<number, string> = { 21: 'TiktokSliderWebTask', 23: 'TiktokRotateWebTask', 22: 'Tiktok3DSelectObjectWebTask', 26: 'ShopeeSliderWebTask' };

describe('Page → Solve Captcha on Page', () => {
	for (const api of ['v1', 'v2'] as const) {
		for (const [demo, captchaKind, typeJobId] of kinds) {
			it(`solves the ${demo} demo captcha on its page through the ${api} API, and the page accepts the answer and the movement`, async () => {
				const { page, tag } = await openDemo(demo);
				const sentBefore = emulator.requests.length;
				const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind }), undefined, { api });
				expect(result.status).toBe('success');
				const [item] = result.itemsOf('OmoCaptcha');
				const json = item.json as any;
				expect(json).toMatchObject({ solved: true, captcha: captchaKind, attempts: [{ attempt: 1, typeJobId, verdict: 'solved' }] });
				const log = await captchaLog(page);
				expect(log.solved).toBe(true);
				expect(log.attempts).toHaveLength(1);
				expect(log.attempts[0]).toMatchObject({ verdict: 'pass', reasons: [] });
				// The emulator checked the answer the page sent for this very captcha, and passed it.
				expect(emulator.demo.attempts.filter((attempt) => attempt.id === log.attempts[0].challengeId)).toMatchObject([{ kind: demo, verdict: 'pass', reasons: [] }]);

				// The job the node reports is the one the emulator answered from this page's images, on the credential's API.
				const jobId = json.attempts[0].jobId;
				const sent = emulator.requests.slice(sentBefore).filter((request) => /create(Job|Task)$/.test(request.path));
				if (api === 'v1') {
					expect(sent.map((request) => request.path)).toEqual(['/api/createJob']);
					const job = emulator.jobs.get(jobId)!;
					expect(Number(job.data.type_job_id)).toBe(typeJobId);
				} else {
					expect(sent.map((request) => request.path)).toEqual(['/v2/createTask']);
					expect(sent[0].response).toEqual({ errorId: 0, taskId: jobId });
					const task = emulator.tasks.get(jobId)!;
					expect(task.task.type).toBe(taskTypes[typeJobId]);
					expect(json.attempts[0].answer.raw).toBe(JSON.stringify(task.solution));
				}
				// The captured image is there for people to look at.
				expect(item.binary?.captcha).toMatchObject({ mimeType: 'image/png' });
				expect(Buffer.from(item.binary!.captcha.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
				const { action, answer } = json.attempts[0];
				if (action.type === 'drag') {
					expect(log.attempts[0].trace.moves).toBeGreaterThanOrEqual(10);
					expect(json.path.points).toBeGreaterThanOrEqual(10);
					expect(json.path.durationMs).toBeGreaterThan(500);
				} else {
					expect(action.points).toHaveLength(2);
				}
				if (demo === 'tiktok-rotate') {
					// One turn on both APIs: v1's angle, v2's (1 − rotate) × 360 (the service's drag, dragFraction of the track).
					expect(action.target).toBeCloseTo(answer.angle, 1);
					if (api === 'v2') expect(answer.dragFraction).toBeCloseTo(1 - JSON.parse(answer.raw).rotate, 4);
				}
				await page.close();
			});
		}
	}

	it('Auto-detect finds each kind, and items on different pages run at the same time', async () => {
		const opened = await Promise.all(kinds.map(async ([demo]) => await openDemo(demo)));
		const started = performance.now();
		const result = await runOmoCaptcha(
			emulator,
			pageParameters('', { pageUrlContains: '={{ $json.tag }}', captchaKind: 'auto' }),
			opened.map(({ tag }) => ({ json: { tag } })),
		);
		const elapsed = performance.now() - started;
		expect(result.status).toBe('success');
		const output = result.itemsOf('OmoCaptcha').map((item) => item.json as any);
		expect(output.map((json) => [json.captcha, json.solved])).toEqual(kinds.map(([, kind]) => [kind, true]));
		// Four solves one after another would take the sum of their times; together about the longest.
		const sum = output.reduce((total, json) => total + json.elapsedMs, 0);
		expect(elapsed).toBeLessThan(sum);
		for (const { page } of opened) {
			expect((await captchaLog(page)).solved).toBe(true);
			await page.close();
		}
	});

	it('lets the page\'s session in at /demo/account once the node has solved its captcha, and not before', async () => {
		// A browser context of its own: the other tests' pages share the default context's session cookie.
		const { browserContextId } = await driver.send('Target.createBrowserContext');
		const tag = `run-${++run}`;
		const page = await CdpPage.openWindow(driver, emulator.demoUrl('tiktok-slider', { seed: tag }), browserContextId);
		const account = async (cookie?: string) => {
			const response = await fetch(`${emulator.origin}/demo/account`, { headers: cookie ? { cookie } : {} });
			return { status: response.status, body: (await response.json()) as any };
		};
		const cookie = await page.cookieHeader();
		expect(cookie).toMatch(/^demo_session=[0-9a-f]{32}$/);
		expect(await account(cookie)).toEqual({ status: 403, body: { error: 'the captcha was not solved in this session', session: cookie.split('=')[1] } });

		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'tiktokSlider' }));
		expect(result.itemsOf('OmoCaptcha')[0].json).toMatchObject({ solved: true });
		const challengeId = (await captchaLog(page)).attempts[0].challengeId;
		expect(await account(await page.cookieHeader())).toEqual({
			status: 200,
			body: { session: cookie.split('=')[1], solved: true, captcha: { id: challengeId, kind: 'tiktok-slider', solvedAt: expect.any(String) }, solvedCaptchas: 1 },
		});
		expect((await account()).status).toBe(403);
		await driver.send('Target.disposeBrowserContext', { browserContextId });
	});

	it('tries again after a rejected answer, listing every attempt (each a job)', async () => {
		const { page, tag } = await openDemo('shopee-slider', { reject: 'first' });
		const jobsBefore = requestsTo(emulator, 'createJob').length;
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'shopeeSlider', attempts: 3 }));
		const json = result.itemsOf('OmoCaptcha')[0].json as any;
		expect(json.solved).toBe(true);
		expect(json.attempts.map((attempt: any) => attempt.verdict)).toEqual(['rejected', 'solved']);
		expect(new Set(json.attempts.map((attempt: any) => attempt.jobId)).size).toBe(2);
		expect(requestsTo(emulator, 'createJob').length - jobsBefore).toBe(2);
		const log = await captchaLog(page);
		expect(log.attempts.map((attempt: any) => attempt.verdict)).toEqual(['fail', 'pass']);
		expect(log.attempts[0].reasons).toEqual(['rejected-first-attempt']);
		await page.close();
	});

	it('says solved: false (never a silent success) when every attempt is rejected', async () => {
		const { page, tag } = await openDemo('tiktok-slider', { reject: 'first' });
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'tiktokSlider', attempts: 1 }));
		expect(result.status).toBe('success');
		const json = result.itemsOf('OmoCaptcha')[0].json as any;
		expect(json).toMatchObject({ solved: false, attempts: [{ verdict: 'rejected' }] });
		await page.close();
	});

	it('fails the item naming the selectors tried when no captcha appears', async () => {
		const { page, tag } = await openDemo('tiktok-slider', { captcha: 'none' });
		const jobsBefore = requestsTo(emulator, 'createJob').length;
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'auto', appearTimeout: 1 }), [{ json: {} }], { continueOnFail: true });
		const json = result.itemsOf('OmoCaptcha')[0].json as any;
		expect(json.error).toContain('Item 0: no captcha appeared within 1 s');
		expect(json.error).toContain('.captcha-verify-container .cap-absolute img');
		expect(json.error).toContain('aside[aria-modal=true]');
		expect(requestsTo(emulator, 'createJob').length).toBe(jobsBefore);
		await page.close();
	});

	it('finds the captcha inside a same-origin iframe and acts at the frame offset', async () => {
		const { page, tag } = await openDemo('shopee-slider', { iframe: 1 });
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'auto' }));
		expect((result.itemsOf('OmoCaptcha')[0].json as any).solved).toBe(true);
		expect((await captchaLog(page)).solved).toBe(true);
		await page.close();
	});

	it('finds the captcha inside a cross-origin iframe through the frame\'s own target, and acts on it', async () => {
		// The outer page comes from "localhost", the captcha from "127.0.0.1": two sites, so
		// Chromium runs the frame in another process and exposes it as a target of its own.
		const tag = `run-${++run}`;
		const frameUrl = emulator.demoUrl('tiktok-slider', { seed: tag });
		const outer = createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end(`<!doctype html><body style="margin:0"><h1>Shop</h1><iframe src="${frameUrl}" style="margin:30px 0 0 40px;width:900px;height:640px;border:2px solid #999"></iframe></body>`);
		});
		await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve));
		const { port } = outer.address() as AddressInfo;
		try {
			const { targetId } = await driver.send('Target.createTarget', { url: `http://localhost:${port}/${tag}`, newWindow: true });
			const frame = await waitForFrameTarget(tag);
			const { sessionId } = await driver.send('Target.attachToTarget', { targetId: frame.targetId, flatten: true });
			const framePage = new CdpPage(driver, sessionId, frame.targetId);
			// The frame's target exists before its document has a body.
			await framePage.waitFor(`!!document.body && document.body.dataset.captcha === 'shown'`);

			const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'auto' }));
			expect(result.itemsOf('OmoCaptcha')[0].json).toMatchObject({ solved: true, captcha: 'tiktokSlider' });
			const log = await captchaLog(framePage);
			expect(log.solved).toBe(true);
			expect(log.attempts[0]).toMatchObject({ verdict: 'pass', reasons: [] });
			await driver.send('Target.closeTarget', { targetId });
		} finally {
			outer.close();
		}
	});

	it('solves on the demo page whose captcha frame is cross-origin (iframe=cross)', async () => {
		const { page, tag } = await openDemo('shopee-slider', { iframe: 'cross' });
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'auto' }));
		expect(result.itemsOf('OmoCaptcha')[0].json).toMatchObject({ solved: true, captcha: 'shopeeSlider' });
		// The top page's log is the copy the frame posts up.
		expect((await page.waitFor('window.__captchaLog && window.__captchaLog.solved && window.__captchaLog', 5000)).attempts[0].verdict).toBe('pass');
		await page.close();
	});

	it('fails the item naming the image when the captcha images never load, before any job is sent', async () => {
		const { page, tag } = await openDemo('tiktok-slider', { images: 'broken' });
		const jobsBefore = requestsTo(emulator, 'createJob').length;
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'tiktokSlider', appearTimeout: 2 }), [{ json: {} }], { continueOnFail: true });
		expect(result.itemsOf('OmoCaptcha')[0].json.error).toBe('Item 0: the TikTok Slider background image (#captcha-verify-image) did not load within 2 s');
		expect(requestsTo(emulator, 'createJob').length).toBe(jobsBefore);
		await page.close();
	});

	it('names the open pages (without their query strings) when no page matches', async () => {
		const { page } = await openDemo('tiktok-slider');
		const result = await runOmoCaptcha(emulator, pageParameters('no-such-page'), [{ json: {} }], { continueOnFail: true });
		const error = String(result.itemsOf('OmoCaptcha')[0].json.error);
		expect(error).toMatch(/^Item 0: found no page whose URL contains "no-such-page" in the browser at 127\.0\.0\.1:\d+; open pages: .*\/demo\/tiktok-slider/);
		expect(error).not.toContain('seed=');
		await page.close();
	});

	it('stops mid-drag: releases the mouse, sends no further OmoCaptcha request, and the page is usable again', async () => {
		const { page, tag } = await openDemo('shopee-slider', { reject: 'first' });
		const stop = new AbortController();
		let stoppedAt = 0;
		// Stop once the handle has moved a little: the drag is under way.
		const watcher = (async () => {
			await page.waitFor(`(() => { const h = document.querySelector('aside[aria-modal=true] img[draggable=true]'); return h && /translateX\\((1\\d|[2-9]\\d)/.test(h.style.transform); })()`, 20_000);
			stoppedAt = performance.now();
			stop.abort();
		})();
		const result = await runOmoCaptcha(emulator, pageParameters(tag, { captchaKind: 'shopeeSlider', attempts: 3 }), [{ json: {} }], { signal: stop.signal });
		await watcher;
		expect(result.status).not.toBe('success');
		expect(emulator.requests.filter((request) => request.receivedAt > stoppedAt)).toEqual([]);
		// The release reached the page: it judged the (unfinished) drag instead of waiting for more.
		const log = await page.waitFor(`window.__captchaLog.attempts.length === 1 && window.__captchaLog.state === 'shown' && window.__captchaLog`, 10_000);
		expect(log.attempts[0].verdict).toBe('fail');
		await page.close();
	});
});

/** The cross-origin frame's own target, once Chromium has created it. */
async function waitForFrameTarget(tag: string): Promise<{ targetId: string }> {
	for (let i = 0; i < 100; i++) {
		const { targetInfos } = await driver.send('Target.getTargets');
		const frame = targetInfos.find((info: any) => info.type === 'iframe' && info.url.includes(tag));
		if (frame) return frame;
		await sleep(100);
	}
	throw new Error(`no iframe target for ${tag}`);
}
