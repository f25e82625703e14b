/**
 * The emulator's demo captcha pages in headless Chromium, driven with raw CDP input events (the
 * test-only driver in test/helpers/cdp-driver.ts, no drag interception): full solves through the
 * emulator's createJob, the page's answer and bot checks, the query options, and how Chromium
 * treats a CDP mouse drag on TikTok's `draggable=true` handle. Run: `npm run test:browser`
 * (wrap in `flock /tmp/omo-heavy.lock` on shared machines).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DemoKind } from '../emulator/demo/captchas';
import { launchChromium } from '../helpers/chromium';
import { useDemoBrowser } from '../helpers/demoBrowser';
import { CdpPage, dragAlong, humanishPath, type PathPoint } from '../helpers/cdp-driver';

const TOKEN = 'test-token';
const TIKTOK_RATIO = (348 - 69) / (348 - 64);

const { emulator, driver: connection } = useDemoBrowser();
const pages: CdpPage[] = [];


async function openDemo(kind: DemoKind, query: Record<string, string | number> = {}, waitForShown = true): Promise<CdpPage> {
	const page = await CdpPage.open(connection, emulator.demoUrl(kind, query));
	pages.push(page);
	if (waitForShown) await page.waitFor(`document.body.dataset.captcha === 'shown'`);
	return page;
}

const captchaLog = (page: CdpPage) => page.evaluate<any>('window.__captchaLog');

async function api(method: string, data: Record<string, unknown>): Promise<any> {
	const response = await fetch(`${emulator.url}/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ api_token: TOKEN, ...data }),
	});
	return response.json();
}

/** createJob + getJobResult, as the node does (the emulator answers on the first poll). */
async function solveJob(data: Record<string, unknown>): Promise<string> {
	const created = await api('createJob', { data });
	expect(created.error).toBe(false);
	const result = await api('getJobResult', { job_id: created.job_id });
	expect(result.status).toBe('success');
	return result.result;
}

/** PNG screenshot of an element (CSS px, DPR 1: the image at its display size), base64. */
async function shoot(page: CdpPage, selector: string): Promise<{ base64: string; box: { x: number; y: number; width: number; height: number } }> {
	const box = await page.box(selector);
	return { base64: (await page.screenshot(box)).toString('base64'), box };
}

/** Waits until the page has judged `count` attempts (and finished showing the verdict). */
async function attemptsAfter(page: CdpPage, count: number): Promise<any> {
	await page.waitFor(`window.__captchaLog.attempts.length >= ${count} && ['shown', 'solved'].includes(window.__captchaLog.state)`, 15_000);
	return captchaLog(page);
}

async function dragHandle(page: CdpPage, handleSelector: string, path: PathPoint[]): Promise<void> {
	const handle = await page.box(handleSelector);
	await dragAlong(page, handle.x + handle.width / 2, handle.y + handle.height / 2, path, { holdMs: 120 });
}

/** Moves to (x, y) in a few uneven steps, then presses and releases there. */
async function clickLikeAPerson(page: CdpPage, x: number, y: number): Promise<void> {
	const from = { x: x - 60, y: y + 35 };
	for (let i = 1; i <= 8; i++) {
		const p = i / 8;
		await page.mouse('mouseMoved', from.x + (x - from.x) * p + (i % 3) * 0.7, from.y + (y - from.y) * p - (i % 2) * 0.9, false);
		await sleep(12 + (i % 4) * 9);
	}
	await page.mouse('mouseMoved', x, y, false);
	await page.mouse('mousePressed', x, y, true);
	await sleep(70);
	await page.mouse('mouseReleased', x, y, false);
}

const TIKTOK_MODAL = 'div.TUXModal.captcha-verify-container';
const TIKTOK_HANDLE = 'div[draggable=true]:has(.secsdk-captcha-drag-icon)';
const SHOPEE_HANDLE = 'aside[aria-modal=true] div[style="width: 40px; height: 40px; transform: translateX(0px);"]';

/** Solves the TikTok slider on `page` through the emulator: screenshot → job 21 → drag. Returns the answer. */
async function solveTikTokSlider(page: CdpPage, ratio = TIKTOK_RATIO): Promise<number> {
	const image = await shoot(page, '#captcha-verify-image');
	const distance = Number(await solveJob({ type_job_id: 21, image_base64: image.base64, width_view: Math.round(image.box.width) }));
	await dragHandle(page, TIKTOK_HANDLE, humanishPath(distance / ratio));
	return distance;
}

describe('demo captcha pages: a full solve through the emulator passes the page', () => {
	it('TikTok Slider: screenshot → job 21 → human-ish drag; the piece lands on the gap and the modal goes away', async () => {
		const page = await openDemo('tiktok-slider');
		expect(await page.evaluate(`document.querySelectorAll('${TIKTOK_MODAL}[role=dialog] #captcha-verify-container-main-page').length`)).toBe(1);
		expect(await page.evaluate(`document.querySelector('.captcha-verify-container .cap-absolute img').closest('[draggable=true]') !== null`)).toBe(true);
		const distance = await solveTikTokSlider(page);
		const log = await attemptsAfter(page, 1);
		expect(log.attempts).toHaveLength(1);
		expect(log.attempts[0]).toMatchObject({ verdict: 'pass', reasons: [] });
		// the emulator answered the piece's travel in width_view (display) px
		expect(Math.abs(log.attempts[0].expected / 2 - distance)).toBeLessThanOrEqual(0.5);
		expect(log.solved).toBe(true);
		expect(await page.evaluate(`document.querySelectorAll('${TIKTOK_MODAL}').length`)).toBe(0);
	});

	it('TikTok Rotate: inner|outer screenshots → job 23 angle → drag (track − handle) × angle / 360', async () => {
		const page = await openDemo('tiktok-rotate');
		const inner = await shoot(page, '.captcha-verify-container > div > div > div > img.cap-absolute');
		const outer = await shoot(page, '.captcha-verify-container > div > div > div > img:first-child');
		const angle = Number(await solveJob({ type_job_id: 23, image_base64: `${inner.base64}|${outer.base64}` }));
		const track = await page.box('.captcha-verify-container > div > div > div.cap-w-full > div.cap-rounded-full');
		const handle = await page.box(TIKTOK_HANDLE);
		await dragHandle(page, TIKTOK_HANDLE, humanishPath(((track.width - handle.width) * angle) / 360));
		const log = await attemptsAfter(page, 1);
		expect(log.attempts[0]).toMatchObject({ verdict: 'pass', expected: angle });
		expect(log.solved).toBe(true);
	});

	it('TikTok Select Two Same Shapes: screenshot → job 22 points → two clicks and Confirm', async () => {
		const page = await openDemo('tiktok-select');
		const image = await shoot(page, '.captcha-verify-container div.cap-relative img');
		const confirm = '.captcha-verify-container .cap-relative button.cap-w-full';
		expect(await page.evaluate(`document.querySelector('${confirm}').getAttribute('aria-disabled')`)).toBe('true');
		const raw = await solveJob({ type_job_id: 22, image_base64: image.base64, width_view: image.box.width, height_view: image.box.height });
		const [x1, y1, x2, y2] = raw.split('_').map(Number);
		await clickLikeAPerson(page, image.box.x + x1, image.box.y + y1);
		await clickLikeAPerson(page, image.box.x + x2, image.box.y + y2);
		expect(await page.evaluate(`document.querySelector('${confirm}').getAttribute('aria-disabled')`)).toBe('false');
		const button = await page.box(confirm);
		await clickLikeAPerson(page, button.x + button.width / 2, button.y + button.height / 2);
		const log = await attemptsAfter(page, 1);
		expect(log.attempts[0]).toMatchObject({ verdict: 'pass', input: 'click' });
		expect(await page.evaluate(`document.querySelectorAll('${TIKTOK_MODAL}').length`)).toBe(0);
	});

	it('Shopee Slider: mask|background screenshots → job 26 x (background px) → drag; the aside goes away', async () => {
		const page = await openDemo('shopee-slider');
		const mask = await shoot(page, 'aside[aria-modal=true] div[aria-hidden=true] > div > div > img[draggable=true]');
		const background = await shoot(page, 'aside[aria-modal=true] div[aria-hidden=true] > div > div > img[draggable=false]');
		const x = Number(await solveJob({ type_job_id: 26, image_base64: `${mask.base64}|${background.base64}` }));
		await dragHandle(page, SHOPEE_HANDLE, humanishPath(x)); // screenshot px = page px at DPR 1, piece moves 1:1
		const log = await attemptsAfter(page, 1);
		expect(log.attempts[0]).toMatchObject({ verdict: 'pass', input: 'pointer' });
		expect(await page.evaluate(`document.querySelectorAll('aside[aria-modal=true]').length`)).toBe(0);
		expect(await page.evaluate(`document.body.dataset.captcha`)).toBe('solved');
	});

	it('answers the exact image bytes too (fetched from the blob: URL in the page), scaled to width_view', async () => {
		const page = await openDemo('tiktok-slider');
		const base64 = await page.evaluate<string>(`(async () => {
			const blob = await (await fetch(document.querySelector('#captcha-verify-image').src)).blob();
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let text = ''; for (const b of bytes) text += String.fromCharCode(b);
			return btoa(text);
		})()`);
		const id = (await captchaLog(page)).challenges[0];
		const gapX = (emulator.demo.challenges.get(id)!.answer as { gapX: number }).gapX;
		expect(await solveJob({ type_job_id: 21, image_base64: base64, width_view: 348 })).toBe(String(Math.round(gapX / 2)));
	});
});

describe('demo captcha pages: the bot check and wrong answers', () => {
	const straight = (distance: number, moves: number, stepMs: number, wobble: boolean): PathPoint[] =>
		Array.from({ length: moves }, (_, i) => ({ x: (distance * (i + 1)) / moves, y: wobble ? (i % 2 ? 1.5 : -1.5) : 0, t: (i + 1) * stepMs }));

	async function rejectedFor(path: (distance: number) => PathPoint[]): Promise<{ reasons: string[]; log: any; page: CdpPage }> {
		const page = await openDemo('tiktok-slider');
		const id = (await captchaLog(page)).challenges[0];
		const distance = (emulator.demo.challenges.get(id)!.answer as { gapX: number }).gapX / 2 / TIKTOK_RATIO;
		await dragHandle(page, TIKTOK_HANDLE, path(distance));
		const log = await attemptsAfter(page, 1);
		return { reasons: log.attempts[0].reasons, log, page };
	}

	it('rejects a teleport (a step over 40 px) even at the right place', async () => {
		const { reasons, log } = await rejectedFor((d) => [...humanishPath(d * 0.3, { moves: 12 }), ...humanishPath(d, { moves: 12 }).slice(-1).map((p) => ({ ...p, t: p.t + 900 }))]);
		expect(reasons).toEqual(['teleport']);
		expect(log.attempts[0].trace.maxStepPx).toBeGreaterThan(40);
	});

	it('rejects fewer than 10 moves', async () => {
		const { reasons } = await rejectedFor((d) => humanishPath(d, { moves: 8 }).map((p, i) => ({ ...p, y: p.y + (i % 2) })));
		expect(reasons).toContain('too-few-moves');
		expect(reasons).not.toContain('wrong-position'); // the release point counts (dragend), even if a drag event was dropped
	});

	it('rejects a constant-speed drag (equal steps at equal intervals)', async () => {
		const { reasons } = await rejectedFor((d) => straight(d, 30, 25, true));
		expect(reasons).toEqual(['constant-speed']);
	});

	it('rejects a flat drag (no vertical variation)', async () => {
		const { reasons } = await rejectedFor((d) => humanishPath(d).map((p) => ({ ...p, y: 0 })));
		expect(reasons).toEqual(['no-vertical-variation']);
	});

	it('rejects a wrong position and shows a new captcha with the handle back at 0', async () => {
		const { reasons, log, page } = await rejectedFor((d) => humanishPath(d > 150 ? d - 60 : d + 60));
		expect(reasons).toEqual(['wrong-position']);
		expect(log.challenges).toHaveLength(2);
		expect(log.challenges[1]).not.toBe(log.challenges[0]);
		expect(await page.evaluate(`document.querySelector('.captcha-handle').getAttribute('style')`)).toBe('transform: translateX(0px);');
		// the new captcha is solvable in turn
		await solveTikTokSlider(page);
		expect((await attemptsAfter(page, 2)).attempts[1].verdict).toBe('pass');
	});

	it('rejects select clicks that arrive with no pointer movement before them', async () => {
		const page = await openDemo('tiktok-select');
		const id = (await captchaLog(page)).challenges[0];
		const answer = emulator.demo.challenges.get(id)!.answer as { points: { x: number; y: number }[] };
		const box = await page.box('.captcha-verify-container div.cap-relative img');
		for (const point of answer.points) {
			await page.mouse('mousePressed', box.x + point.x / 2, box.y + point.y / 2, true);
			await page.mouse('mouseReleased', box.x + point.x / 2, box.y + point.y / 2, false);
		}
		const confirm = await page.box('.captcha-verify-container .cap-relative button.cap-w-full');
		await clickLikeAPerson(page, confirm.x + confirm.width / 2, confirm.y + confirm.height / 2);
		expect((await attemptsAfter(page, 1)).attempts[0].reasons).toEqual(['no-approach']);
	});

	it('keeps the verdicts on the emulator too', async () => {
		const before = emulator.demo.attempts.length;
		const page = await openDemo('shopee-slider');
		const id = (await captchaLog(page)).challenges[0];
		const gapX = (emulator.demo.challenges.get(id)!.answer as { gapX: number }).gapX / 2;
		await dragHandle(page, SHOPEE_HANDLE, humanishPath(gapX > 100 ? gapX - 40 : gapX + 40));
		await attemptsAfter(page, 1);
		expect(emulator.demo.attempts.slice(before)).toEqual([
			expect.objectContaining({ id, kind: 'shopee-slider', verdict: 'fail', reasons: ['wrong-position'], expected: gapX * 2 }),
		]);
	});
});

describe('demo captcha pages: query options', () => {
	it('reject=first rejects a correct first attempt, then the next captcha passes', async () => {
		const page = await openDemo('tiktok-slider', { reject: 'first' });
		await solveTikTokSlider(page);
		let log = await attemptsAfter(page, 1);
		expect(log.attempts[0]).toMatchObject({ verdict: 'fail', reasons: ['rejected-first-attempt'] });
		expect(log.state).toBe('shown');
		await solveTikTokSlider(page);
		log = await attemptsAfter(page, 2);
		expect(log.attempts[1].verdict).toBe('pass');
		expect(log.solved).toBe(true);
	});

	it('captcha=none shows the page without any captcha', async () => {
		const page = await openDemo('tiktok-slider', { captcha: 'none' }, false);
		await page.waitFor(`document.body.dataset.captcha === 'none'`);
		await sleep(300);
		expect(await page.evaluate(`document.querySelectorAll('.captcha-verify-container, #captcha_slide_button').length`)).toBe(0);
		expect((await captchaLog(page)).challenges).toEqual([]);
	});

	it('delay=ms shows the captcha only after that time', async () => {
		const page = await openDemo('shopee-slider', { delay: 1200 }, false);
		expect(await page.evaluate(`document.body.dataset.captcha`)).toBe('pending');
		expect(await page.evaluate(`document.querySelectorAll('aside[aria-modal=true]').length`)).toBe(0);
		await page.waitFor(`document.body.dataset.captcha === 'shown'`, 10_000);
		expect(await page.evaluate(`document.querySelectorAll('aside[aria-modal=true]').length`)).toBe(1);
	});

	it('iframe=1 puts the captcha in a same-origin #captcha_container > iframe; a drag with the frame offset passes', async () => {
		const page = await openDemo('tiktok-slider', { iframe: 1 }, false);
		await page.waitFor(`window.__captchaLog && window.__captchaLog.state === 'shown'`);
		expect(await page.evaluate(`document.querySelectorAll('${TIKTOK_MODAL}').length`)).toBe(0);
		const frame = '#captcha_container > iframe';
		const id = (await captchaLog(page)).challenges[0];
		const distance = (emulator.demo.challenges.get(id)!.answer as { gapX: number }).gapX / 2 / TIKTOK_RATIO;
		const handle = await page.box(TIKTOK_HANDLE, frame);
		await dragAlong(page, handle.x + handle.width / 2, handle.y + handle.height / 2, humanishPath(distance), { holdMs: 100 });
		await page.waitFor(`document.body.dataset.captcha === 'solved'`, 10_000); // the top page mirrors the frame's state
		expect((await captchaLog(page)).attempts[0].verdict).toBe('pass');
	});

	it('iframe=cross puts the captcha in a cross-origin frame: its own target, reached with Target.attachToTarget', async () => {
		const page = await openDemo('tiktok-slider', { iframe: 'cross' }, false);
		await page.waitFor(`document.body.dataset.captcha === 'shown'`); // the frame posts its state up
		expect(await page.evaluate(`document.querySelector('#captcha_container > iframe').src`)).toMatch(/^http:\/\/localhost:\d+\/demo\/tiktok-slider$/);
		const { targetInfos } = await connection.send('Target.getTargets');
		const frameTarget = targetInfos.find((t: { type: string; url: string }) => t.type === 'iframe' && t.url.includes('localhost') && t.url.includes('/demo/tiktok-slider'));
		expect(frameTarget).toBeDefined();
		const { sessionId } = await connection.send('Target.attachToTarget', { targetId: frameTarget.targetId, flatten: true });
		const frame = new CdpPage(connection, sessionId, frameTarget.targetId);
		const id = (await frame.evaluate('window.__captchaLog')).challenges[0];
		const distance = (emulator.demo.challenges.get(id)!.answer as { gapX: number }).gapX / 2 / TIKTOK_RATIO;
		const inFrame = await frame.box(TIKTOK_HANDLE);
		const offset = await page.evaluate(`(() => { const f = document.querySelector('#captcha_container > iframe'); const r = f.getBoundingClientRect(); return { x: r.left + f.clientLeft, y: r.top + f.clientTop }; })()`);
		// Input events go to the page's session in main-frame coordinates: frame offset + position in the frame
		await dragAlong(page, offset.x + inFrame.x + inFrame.width / 2, offset.y + inFrame.y + inFrame.height / 2, humanishPath(distance), { holdMs: 100 });
		await page.waitFor(`document.body.dataset.captcha === 'solved'`, 10_000);
		expect((await captchaLog(page)).attempts[0].verdict).toBe('pass');
		await connection.send('Target.detachFromTarget', { sessionId });
	});

	it('images=broken shows the captcha with images that never load', async () => {
		const page = await openDemo('tiktok-rotate', { images: 'broken' });
		const loaded = await page.evaluate(`[...document.querySelectorAll('.captcha-verify-container img')].map((img) => img.complete && img.naturalWidth > 0)`);
		expect(loaded).toEqual([false, false]);
	});

	it('seed=… gives the same captcha for the same seed', async () => {
		const first = await openDemo('tiktok-rotate', { seed: 'same' });
		const second = await openDemo('tiktok-rotate', { seed: 'same' });
		const answers = await Promise.all([first, second].map(async (page) => emulator.demo.challenges.get((await captchaLog(page)).challenges[0])!.answer));
		expect(answers[0]).toEqual(answers[1]);
	});
});

describe("a raw CDP mouse drag on TikTok's draggable=true handle (this Chromium)", () => {
	async function dragAndLog(drag: string): Promise<any> {
		const page = await openDemo('tiktok-slider', { drag, botcheck: 'off' });
		await dragHandle(page, TIKTOK_HANDLE, humanishPath(150));
		return attemptsAfter(page, 1);
	}

	it('starts native drag-and-drop: the page gets dragstart, then pointercancel, then drag events to the release', async () => {
		const log = await dragAndLog('both');
		const types = log.events.map((event: { type: string }) => event.type);
		expect(types).toEqual(['pointerdown', 'dragstart', 'pointercancel', 'drop', 'dragend']);
		expect(log.attempts[0].input).toBe('html5-drag');
		expect(log.attempts[0].trace.moves).toBeGreaterThanOrEqual(15); // a drag event per mouse move (a few may be dropped under load)
		expect(log.attempts[0].value / 2).toBeCloseTo(150 * TIKTOK_RATIO, 0);
	});

	it('so a page that listens to pointer events only loses the drag after the first few px', async () => {
		const log = await dragAndLog('pointer');
		expect(log.events.map((event: { type: string }) => event.type)).toContain('pointercancel');
		expect(log.attempts[0].input).toBe('pointer-cancelled');
		expect(log.attempts[0].value / 2).toBeLessThan(20);
	});

	it('while a page that cancels dragstart keeps getting pointer events for the whole drag', async () => {
		const log = await dragAndLog('prevent');
		expect(log.events.map((event: { type: string }) => event.type)).toEqual(['pointerdown', 'dragstart']);
		expect(log.attempts[0].input).toBe('pointer');
		expect(log.attempts[0].trace.moves).toBe(30);
	});

	it('with Input.setInterceptDrags, the drag goes on only when dragEnter, dragOver and drop are dispatched', async () => {
		const page = await openDemo('tiktok-slider', { botcheck: 'off' });
		const handle = await page.box(TIKTOK_HANDLE);
		const x = handle.x + handle.width / 2;
		const y = handle.y + handle.height / 2;
		let data: unknown;
		const off = connection.on('Input.dragIntercepted', (params, sessionId) => {
			if (sessionId === page.sessionId) data = params.data;
		});
		await page.send('Input.setInterceptDrags', { enabled: true });
		await page.mouse('mouseMoved', x, y, false);
		await page.mouse('mousePressed', x, y, true);
		let entered = false;
		for (const point of humanishPath(150)) {
			await sleep(20);
			if (data === undefined) {
				await page.mouse('mouseMoved', x + point.x, y + point.y, true);
				continue;
			}
			if (!entered) await page.send('Input.dispatchDragEvent', { type: 'dragEnter', x: x + point.x, y: y + point.y, data });
			entered = true;
			await page.send('Input.dispatchDragEvent', { type: 'dragOver', x: x + point.x, y: y + point.y, data });
		}
		await page.send('Input.dispatchDragEvent', { type: 'drop', x: x + 150, y, data });
		await page.mouse('mouseReleased', x + 150, y, false);
		await page.send('Input.setInterceptDrags', { enabled: false });
		off();
		expect(data).toBeDefined();
		const log = await attemptsAfter(page, 1);
		expect(log.attempts[0].input).toBe('html5-drag');
		expect(log.attempts[0].value / 2).toBeCloseTo(150 * TIKTOK_RATIO, 0);
	});
});

describe('the Chromium harness', () => {
	it('launchChromium gives a DevTools endpoint on a free port and close() kills the browser and removes its profile', async () => {
		const browser = await launchChromium({ url: emulator.demoUrl('shopee-slider', { captcha: 'none' }) });
		try {
			const version: any = await (await fetch(`${browser.httpUrl}/json/version`)).json();
			expect(version.webSocketDebuggerUrl).toBe(browser.browserWsUrl);
			expect(existsSync(join(browser.userDataDir, 'DevToolsActivePort'))).toBe(true);
			const list: any = await (await fetch(`${browser.httpUrl}/json/list`)).json();
			expect(list.map((target: { url: string }) => target.url)).toContain(emulator.demoUrl('shopee-slider', { captcha: 'none' }));
		} finally {
			await browser.close();
		}
		expect(browser.process.exitCode !== null || browser.process.signalCode !== null).toBe(true);
		expect(existsSync(browser.userDataDir)).toBe(false);
	});

	it('npm run chromium (scripts/chromium.ts) prints the DevTools URL of a browser on the demo page and cleans up on Ctrl-C', async () => {
		const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/chromium.ts', '--page', 'tiktok-select', '--query', 'seed=cli', '--emulator', emulator.url], {
			cwd: join(__dirname, '..', '..'),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			let output = '';
			cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			const deadline = Date.now() + 45_000;
			while (!/DevTools HTTP: +(http:\S+)/.test(output)) {
				if (Date.now() > deadline || cli.exitCode !== null) throw new Error(`no DevTools URL printed:\n${output}`);
				await sleep(100);
			}
			const httpUrl = /DevTools HTTP: +(http:\S+)/.exec(output)![1];
			const list: any = await (await fetch(`${httpUrl}/json/list`)).json();
			expect(list.map((target: { url: string }) => target.url)).toContain(emulator.demoUrl('tiktok-select', { seed: 'cli' }));
			const exited = once(cli, 'exit');
			cli.kill('SIGINT');
			await exited;
			await expect(fetch(`${httpUrl}/json/version`)).rejects.toThrow();
		} finally {
			if (cli.exitCode === null) cli.kill('SIGKILL');
		}
	});
});
