/**
 * The demo captchas without a browser: the code cells that let the emulator recognise a
 * screenshot, the answers createJob gives for demo images, the answer check and the bot check, and
 * the HTTP routes of the demo pages. (The pages in Chromium: test/browser/demoPages.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { encodePng } from '../fixtures/images';
import { DEMO_KINDS, GEOMETRY, type DemoKind } from '../emulator/demo/captchas';
import { readCode } from '../emulator/demo/code-cells';
import { decodePng, type DecodedImage } from '../emulator/demo/png-decode';
import { botCheck, DemoCaptchas, summarizeTrace, type TraceEvent } from '../emulator/demo/registry';
import { startEmulator } from '../emulator/server';
import { useEmulator } from '../helpers/emulator';

/** Averages `factor`×`factor` blocks: what a screenshot of the image at 1/factor size holds. */
function downscale(image: DecodedImage, factor: number): DecodedImage {
	const width = Math.floor(image.width / factor);
	const height = Math.floor(image.height / factor);
	const rgba = new Uint8Array(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			for (let c = 0; c < 4; c++) {
				let sum = 0;
				for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += image.rgba[((y * factor + dy) * image.width + x * factor + dx) * 4 + c];
				rgba[(y * width + x) * 4 + c] = Math.round(sum / factor ** 2);
			}
		}
	}
	return { width, height, rgba };
}

/** An RGB PNG of decoded pixels (alpha dropped onto white), like a screenshot. */
function toPng(image: DecodedImage): Buffer {
	const rows: Buffer[] = [];
	for (let y = 0; y < image.height; y++) {
		const row = Buffer.alloc(1 + image.width * 3);
		for (let x = 0; x < image.width; x++) {
			const o = (y * image.width + x) * 4;
			const a = image.rgba[o + 3] / 255;
			for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round(image.rgba[o + c] * a + 255 * (1 - a));
		}
		rows.push(row);
	}
	return encodePng(image.width, image.height, Buffer.concat(rows));
}

const CODE_IMAGE_NAME: Record<DemoKind, string> = {
	'tiktok-slider': 'background',
	'tiktok-rotate': 'outer',
	'tiktok-select': 'picture',
	'shopee-slider': 'background',
};

describe('demo captcha images', () => {
	const demo = new DemoCaptchas();

	it.each(DEMO_KINDS)('%s: the code cells read back at natural size and from a half-size screenshot', (kind) => {
		const challenge = demo.create(kind, 'cells');
		const image = decodePng(challenge.images[CODE_IMAGE_NAME[kind]])!;
		const { natural } = GEOMETRY[kind];
		expect([image.width, image.height]).toEqual([natural.width, natural.height]);
		const layout = kind === 'tiktok-rotate' ? 'ring' : 'row';
		expect(readCode(image, layout, natural.width, natural.height)).toBe(challenge.id);
		expect(readCode(downscale(image, 2), layout, natural.width, natural.height)).toBe(challenge.id);
		expect(demo.identify(toPng(downscale(image, 2)).toString('base64'))?.id).toBe(challenge.id);
	});

	it('finds no code in an image without one', () => {
		const plain = encodePng(348, 216, Buffer.alloc((1 + 348 * 3) * 216, 128));
		expect(demo.identify(plain.toString('base64'))).toBeUndefined();
		expect(demo.identify('not base64 at all')).toBeUndefined();
	});

	it('draws the same captcha for the same seed and sequence, and another one for the next', () => {
		const a = demo.create('tiktok-slider', 'same', 0);
		const b = demo.create('tiktok-slider', 'same', 0);
		const c = demo.create('tiktok-slider', 'same', 1);
		expect(b.answer).toEqual(a.answer);
		expect(c.answer).not.toEqual(a.answer);
	});

	it('puts exactly two shapes of one kind in a select picture, and answers their centres', () => {
		for (let i = 0; i < 6; i++) {
			const { answer } = demo.create('tiktok-select', `shapes-${i}`);
			if (answer.kind !== 'tiktok-select') throw new Error('wrong kind');
			const kinds = answer.shapes.map((shape) => shape.kind);
			const twin = kinds.filter((kind) => kinds.indexOf(kind) !== kinds.lastIndexOf(kind));
			expect(twin).toHaveLength(2);
			expect(answer.points.map(({ x, y }) => ({ x, y }))).toEqual(
				answer.shapes.filter((shape) => shape.kind === twin[0]).map((shape) => ({ x: Math.round(shape.cx), y: Math.round(shape.cy) })),
			);
		}
	});
});

describe('createJob answers for demo images', () => {
	const demo = new DemoCaptchas();
	const b64 = (bytes: Buffer) => bytes.toString('base64');

	it('type 21: the piece travel to the gap, in width_view px', () => {
		const challenge = demo.create('tiktok-slider', 'job');
		const gapX = (challenge.answer as { gapX: number }).gapX;
		expect(demo.answerJob({ type_job_id: 21, image_base64: b64(challenge.images.background), width_view: 348 }, '_')).toBe(String(Math.round(gapX / 2)));
		expect(demo.answerJob({ type_job_id: 21, image_base64: b64(challenge.images.background), width_view: 696 }, '_')).toBe(String(gapX));
	});

	it('type 26: the gap x in px of the background sent (a half-size screenshot halves it)', () => {
		const challenge = demo.create('shopee-slider', 'job');
		const gapX = (challenge.answer as { gapX: number }).gapX;
		const mask = b64(challenge.images.piece);
		expect(demo.answerJob({ type_job_id: 26, image_base64: `${mask}|${b64(challenge.images.background)}` }, '_')).toBe(String(gapX));
		const shot = toPng(downscale(decodePng(challenge.images.background)!, 2));
		expect(demo.answerJob({ type_job_id: 26, image_base64: `${mask}|${b64(shot)}` }, '_')).toBe(String(Math.round(gapX / 2)));
	});

	it('type 23: the clockwise angle in degrees', () => {
		const challenge = demo.create('tiktok-rotate', 'job');
		const data = { type_job_id: 23, image_base64: `${b64(challenge.images.inner)}|${b64(challenge.images.outer)}` };
		expect(demo.answerJob(data, '_')).toBe(String((challenge.answer as { angle: number }).angle));
	});

	it('type 22: the two centres in width_view × height_view px, with the configured separator', () => {
		const challenge = demo.create('tiktok-select', 'job');
		const points = (challenge.answer as { points: { x: number; y: number }[] }).points;
		const data = { type_job_id: 22, image_base64: b64(challenge.images.picture), width_view: 340, height_view: 212 };
		expect(demo.answerJob(data, '|')).toBe(points.flatMap((p) => [Math.round(p.x / 2), Math.round(p.y / 2)]).join('|'));
	});

	it('answers nothing when the job type does not fit the captcha (the emulator falls back to its usual answers)', () => {
		const challenge = demo.create('tiktok-slider', 'job');
		expect(demo.answerJob({ type_job_id: 26, image_base64: `${b64(challenge.images.piece)}|${b64(challenge.images.background)}` }, '_')).toBeUndefined();
	});
});

describe('createTask (v2) solutions for demo images', () => {
	const demo = new DemoCaptchas();
	const b64 = (bytes: Buffer) => bytes.toString('base64');

	it('TiktokSliderWebTask: {end: {x}}, the piece travel to the gap in widthView px', () => {
		const challenge = demo.create('tiktok-slider', 'task');
		const gapX = (challenge.answer as { gapX: number }).gapX;
		expect(demo.answerTask({ type: 'TiktokSliderWebTask', imageBase64: b64(challenge.images.background), widthView: 348 })).toEqual({ end: { x: Math.round(gapX / 2) } });
		expect(demo.answerTask({ type: 'TiktokSliderWebTask', imageBase64: b64(challenge.images.background), widthView: 696 })).toEqual({ end: { x: gapX } });
	});

	it('ShopeeSliderWebTask: {end: {x}}, the gap x in px of the background sent; the unknown-trajectory form is not the demo', () => {
		const challenge = demo.create('shopee-slider', 'task');
		const gapX = (challenge.answer as { gapX: number }).gapX;
		const mask = b64(challenge.images.piece);
		expect(demo.answerTask({ type: 'ShopeeSliderWebTask', imageBase64s: [mask, b64(challenge.images.background)] })).toEqual({ end: { x: gapX } });
		const shot = toPng(downscale(decodePng(challenge.images.background)!, 2));
		expect(demo.answerTask({ type: 'ShopeeSliderWebTask', imageBase64s: [mask, b64(shot)] })).toEqual({ end: { x: Math.round(gapX / 2) } });
		expect(demo.answerTask({ type: 'ShopeeSliderWebTask', imageBase64s: [mask, b64(challenge.images.background)], typeCaptcha: 'rotate' })).toBeUndefined();
	});

	it('TiktokRotateWebTask: {rotate} = 1 − angle ÷ 360 with 2 decimals, so the service\'s drag (1 − rotate) turns the inner image by the angle', () => {
		const challenge = demo.create('tiktok-rotate', 'task');
		const angle = (challenge.answer as { angle: number }).angle;
		const task = { type: 'TiktokRotateWebTask', imageBase64s: [b64(challenge.images.inner), b64(challenge.images.outer)] };
		expect(demo.answerTask(task)).toEqual({ rotate: Math.round((1 - angle / 360) * 100) / 100 });
		const { rotate } = demo.answerTask(task) as { rotate: number };
		expect(String(rotate)).toMatch(/^0\.\d{1,2}$/);
		expect(Math.abs((1 - rotate) * 360 - angle)).toBeLessThanOrEqual(1.8 + 1e-9);
		// Every angle the demo draws (20–340°) comes back within 1.8°: inside the page's 6° tolerance.
		for (let drawn = 20; drawn <= 340; drawn++) {
			const rounded = Math.round((1 - drawn / 360) * 100) / 100;
			const trace = [{ type: 'down' as const, x: 0, y: 0, t: 0 }];
			expect(Math.abs((1 - rounded) * 360 - drawn)).toBeLessThanOrEqual(1.8 + 1e-9);
			expect(demo.verify({ id: challenge.id, angle: angle + (1 - rounded) * 360 - drawn, trace, botcheck: false }).verdict).toBe('pass');
		}
	});

	it('Tiktok3DSelectObjectWebTask: {pointA, pointB}, the two centres in widthView × heightView px', () => {
		const challenge = demo.create('tiktok-select', 'task');
		const points = (challenge.answer as { points: { x: number; y: number }[] }).points;
		const task = { type: 'Tiktok3DSelectObjectWebTask', imageBase64: b64(challenge.images.picture), widthView: 340, heightView: 212 };
		const half = (p: { x: number; y: number }) => ({ x: Math.round(p.x / 2), y: Math.round(p.y / 2) });
		expect(demo.answerTask(task)).toEqual({ pointA: half(points[0]), pointB: half(points[1]) });
	});

	it('answers nothing when the task type does not fit the captcha (the emulator falls back to its usual solutions)', () => {
		const challenge = demo.create('tiktok-slider', 'task');
		expect(demo.answerTask({ type: 'GeetestSliderWebTask', imageBase64: b64(challenge.images.background) })).toBeUndefined();
		expect(demo.answerTask({ type: 'TiktokRotateWebTask', imageBase64s: [b64(challenge.images.piece), b64(challenge.images.background)] })).toBeUndefined();
	});

	it('is what the emulator\'s /v2/createTask answers for a demo page\'s images', async () => {
		const emulator = await startEmulator({ solveMs: 0 });
		try {
			const challenge = emulator.demo.create('tiktok-rotate', 'http');
			const angle = (challenge.answer as { angle: number }).angle;
			const post = async (method: string, body: object) =>
				(await (await fetch(`${emulator.v2Url}/${method}`, { method: 'POST', body: JSON.stringify({ clientKey: 'test-token', ...body }) })).json()) as any;
			const { taskId } = await post('createTask', { task: { type: 'TiktokRotateWebTask', imageBase64s: [b64(challenge.images.inner), b64(challenge.images.outer)] } });
			expect(await post('getTaskResult', { taskId })).toMatchObject({ errorId: 0, status: 'ready', solution: { rotate: Math.round((1 - angle / 360) * 100) / 100 } });
		} finally {
			await emulator.close();
		}
	});
});

describe('the answer check', () => {
	const demo = new DemoCaptchas();
	const human = (distance: number): TraceEvent[] => {
		const events: TraceEvent[] = [{ type: 'down', x: 100, y: 50, t: 0 }];
		let t = 0;
		for (let i = 1; i <= 30; i++) {
			const p = i / 30;
			t += 15 + ((i * 7) % 5) * 6;
			events.push({ type: 'move', x: 100 + distance * (p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2), y: 50 + Math.sin(p * Math.PI) * 2, t });
		}
		events.push({ type: 'up', x: 100 + distance, y: 50, t: t + 150 });
		return events;
	};

	it('passes a slider within the tolerance (page px) and fails it outside', () => {
		const challenge = demo.create('tiktok-slider', 'check');
		const gap = (challenge.answer as { gapX: number }).gapX / 2;
		const verify = (pieceX: number) => demo.verify({ id: challenge.id, pieceX, imageWidth: 348, trace: human(gap) });
		expect(verify(gap + 4.9)).toMatchObject({ verdict: 'pass', reasons: [] });
		expect(verify(gap - 5.2)).toMatchObject({ verdict: 'fail', reasons: ['wrong-position'] });
	});

	it('compares rotate angles around the circle', () => {
		const challenge = demo.create('tiktok-rotate', 'check');
		const angle = (challenge.answer as { angle: number }).angle;
		const trace = human(100);
		expect(demo.verify({ id: challenge.id, angle: angle + 5, trace }).verdict).toBe('pass');
		expect(demo.verify({ id: challenge.id, angle: angle + 360 - 5, trace }).verdict).toBe('pass');
		expect(demo.verify({ id: challenge.id, angle: angle + 7, trace }).reasons).toEqual(['wrong-position']);
	});

	it('accepts the two select points in either order, and wants an approach before each click', () => {
		const challenge = demo.create('tiktok-select', 'check');
		const [a, b] = (challenge.answer as { points: { x: number; y: number }[] }).points;
		const at = (p: { x: number; y: number }, lastMoveAgoMs: number | null = 40) => ({ x: p.x / 2, y: p.y / 2, lastMoveAgoMs });
		expect(demo.verify({ id: challenge.id, points: [at(b), at(a)], imageWidth: 340, imageHeight: 212 }).verdict).toBe('pass');
		expect(demo.verify({ id: challenge.id, points: [at(a), at(a)], imageWidth: 340, imageHeight: 212 }).reasons).toEqual(['wrong-points']);
		expect(demo.verify({ id: challenge.id, points: [at(a, null), at(b)], imageWidth: 340, imageHeight: 212 }).reasons).toEqual(['no-approach']);
	});

	it('rejects on request (reject=first) and records every verdict', () => {
		const challenge = demo.create('shopee-slider', 'check');
		const gap = (challenge.answer as { gapX: number }).gapX / 2;
		const before = demo.attempts.length;
		expect(demo.verify({ id: challenge.id, pieceX: gap, imageWidth: 280, trace: human(gap), forceReject: true }).reasons).toEqual(['rejected-first-attempt']);
		expect(demo.attempts.length).toBe(before + 1);
	});
});

describe('the bot check', () => {
	const drag = (points: [number, number, number][]): TraceEvent[] =>
		points.map(([x, y, t], i) => ({ type: i === 0 ? 'down' : i === points.length - 1 ? 'up' : 'move', x, y, t }));
	const linear = (moves: number, step: number, ms: number, wobble: number) =>
		drag(Array.from({ length: moves + 2 }, (_, i) => [Math.min(i, moves) * step, i % 2 ? wobble : 0, i * ms + (i > moves ? 100 : 0)]));

	it('passes a human-like drag: ≥ 10 moves, accelerating then slowing, uneven timing, a wobble', () => {
		const points: [number, number, number][] = [[0, 0, 0]];
		let t = 0;
		for (let i = 1; i <= 25; i++) {
			const p = i / 25;
			t += 12 + ((i * 5) % 7) * 4;
			points.push([200 * (1 - (1 - p) ** 3), Math.sin(p * 3) * 2, t]);
		}
		points.push([200, 1, t + 200]);
		expect(botCheck(summarizeTrace(drag(points)))).toEqual([]);
	});

	it('names each rule it catches', () => {
		expect(botCheck(summarizeTrace(drag([[0, 0, 0], [100, 0, 5], [200, 2, 10], [200, 2, 20]])))).toEqual(
			expect.arrayContaining(['too-few-moves', 'teleport']),
		);
		expect(botCheck(summarizeTrace(linear(20, 10, 16, 1.5)))).toEqual(['constant-speed']);
		const flat = summarizeTrace(linear(20, 10, 16, 0));
		expect(flat.verticalRangePx).toBe(0);
		expect(botCheck(flat)).toContain('no-vertical-variation');
	});

	it('still sees constant speed when a browser drops one event (one double step) or the timing jitters', () => {
		const dropped = linear(20, 10, 16, 1.5).filter((_, i) => i !== 7);
		expect(botCheck(summarizeTrace(dropped))).toEqual(['constant-speed']);
		const jittered = linear(20, 10, 16, 1.5).map((e, i) => ({ ...e, t: e.t + (i % 3) * 4 }));
		expect(botCheck(summarizeTrace(jittered))).toEqual(['constant-speed']);
	});
});

describe('demo page routes', () => {
	const emulator = useEmulator();

	it('serves each page with its kind, the page script, the images and the JSON endpoints, outside the API request log', async () => {
		for (const kind of DEMO_KINDS) {
			const html = await (await fetch(emulator.demoUrl(kind, { reject: 'first' }))).text();
			expect(html).toContain(`data-kind="${kind}"`);
			expect(html).toContain('<script src="/demo/page.js"></script>');
		}
		const script = await fetch(`${emulator.origin}/demo/page.js`);
		expect(script.headers.get('content-type')).toContain('javascript');
		expect(await script.text()).toContain('window.__captchaLog');

		const challenge: any = await (await fetch(`${emulator.origin}/demo/api/challenge`, { method: 'POST', body: JSON.stringify({ kind: 'tiktok-slider' }) })).json();
		expect(Object.keys(challenge.images)).toEqual(['background', 'piece']);
		const image = await fetch(`${emulator.origin}${challenge.images.background}`);
		expect(image.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await image.arrayBuffer()).equals(emulator.demo.challenges.get(challenge.id)!.images.background)).toBe(true);

		const shopee: any = await (await fetch(`${emulator.origin}/demo/api/challenge`, { method: 'POST', body: JSON.stringify({ kind: 'shopee-slider' }) })).json();
		expect(shopee.images.background).toMatch(/^data:image\/png;base64,/);

		const verdict = await (await fetch(`${emulator.origin}/demo/api/verify`, { method: 'POST', body: JSON.stringify({ id: challenge.id, pieceX: 0, imageWidth: 348, trace: [] }) })).json();
		expect(verdict).toMatchObject({ verdict: 'fail', reasons: expect.arrayContaining(['wrong-position', 'too-few-moves']) });

		expect((await fetch(`${emulator.origin}/demo/nope`)).status).toBe(404);
		expect((await fetch(`${emulator.origin}/demo/api/challenge`, { method: 'POST', body: '{"kind":"nope"}' })).status).toBe(400);
		expect(emulator.requests).toEqual([]);
	});

	it('wraps the page in a same-origin iframe with iframe=1', async () => {
		const html = await (await fetch(emulator.demoUrl('shopee-slider', { iframe: 1, reject: 'first' }))).text();
		expect(html).toContain('<div id="captcha_container"><iframe src="/demo/shopee-slider?reject=first"');
	});
});

describe('the demo session and the address behind the captcha', () => {
	const emulator = useEmulator();
	const account = (cookie?: string) => fetch(`${emulator.origin}/demo/account`, { headers: cookie ? { cookie } : {} });
	/** Opens a page as a browser would; the session cookie it was given, as a Cookie header. */
	const openPage = async (kind: DemoKind = 'tiktok-slider', cookie?: string) => {
		const response = await fetch(emulator.demoUrl(kind), { headers: cookie ? { cookie } : {} });
		return { setCookie: response.headers.get('set-cookie'), cookie: response.headers.get('set-cookie')?.split(';')[0] };
	};
	/** Sends the page's check an answer, right (the gap, bot check off) or wrong. */
	const answer = async (cookie: string | undefined, right: boolean) => {
		const challenge: any = await (await fetch(`${emulator.origin}/demo/api/challenge`, { method: 'POST', headers: cookie ? { cookie } : {}, body: '{"kind":"tiktok-slider"}' })).json();
		const { gapX } = emulator.demo.challenges.get(challenge.id)!.answer as { gapX: number };
		const pieceX = right ? gapX / 2 : gapX / 2 + 40; // display px: the natural image is twice the size
		const body = JSON.stringify({ id: challenge.id, pieceX, imageWidth: 348, botcheck: false });
		const verdict: any = await (await fetch(`${emulator.origin}/demo/api/verify`, { method: 'POST', headers: cookie ? { cookie } : {}, body })).json();
		expect(verdict.verdict).toBe(right ? 'pass' : 'fail');
		return challenge.id as number;
	};

	it('starts a session with an HttpOnly cookie when a page is served, and keeps a known one', async () => {
		const first = await openPage();
		expect(first.setCookie).toMatch(/^demo_session=[0-9a-f]{32}; Path=\/demo; HttpOnly; SameSite=Lax$/);
		expect((await openPage('shopee-slider', first.cookie)).setCookie).toBeNull();
		const unknown = await openPage('tiktok-slider', 'demo_session=0123');
		expect(unknown.cookie).toMatch(/^demo_session=[0-9a-f]{32}$/);
		expect(unknown.cookie).not.toBe(first.cookie);
		expect(emulator.demo.sessions.size).toBe(2);
	});

	it('answers 403 with a clear error without a session cookie, for an unknown one, and for a session that has not solved its captcha', async () => {
		const none = await account();
		expect(none.status).toBe(403);
		expect(await none.json()).toEqual({ error: 'no demo_session cookie: open a demo captcha page first and send its cookie' });
		expect(await (await account('demo_session=feed')).json()).toEqual({ error: 'unknown demo_session: this emulator never started that session' });

		const { cookie } = await openPage();
		await answer(cookie, false);
		const unsolved = await account(cookie);
		expect(unsolved.status).toBe(403);
		expect(await unsolved.json()).toEqual({ error: 'the captcha was not solved in this session', session: cookie!.split('=')[1] });
	});

	it('answers 200 naming the session and its captcha once the page\'s own check passed an answer sent with the session cookie', async () => {
		const { cookie } = await openPage();
		const other = await openPage();
		await answer(cookie, false);
		const captchaId = await answer(cookie, true);
		await answer(undefined, true); // a right answer without the cookie lets no session in

		const response = await account(`theme=dark; ${cookie}`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			session: cookie!.split('=')[1],
			solved: true,
			captcha: { id: captchaId, kind: 'tiktok-slider', solvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
			solvedCaptchas: 1,
		});
		expect((await account(other.cookie)).status).toBe(403);
	});
});
