/**
 * The emulator's v2 task API (docs/omocaptcha-api-v2.md): paths and envelope, every task
 * type's required fields and image counts, solutions in each documented shape, both failed-solve
 * shapes, processing → ready timing, transient errors, the old-host lists and the balance.
 */
import { describe, expect, it } from 'vitest';

import { expectedSolution, TASK_SPECS } from './emulator/server';
import { makePng } from './fixtures/images';
import { useEmulator } from './helpers/emulator';

const KEY = 'test-token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const png = (width = 320, height = 200, shade = 120) => makePng(width, height, [shade, 60, 200 - (shade % 200)]).toString('base64');

const emulator = useEmulator({ solveMs: 0 });

async function post(method: string, body: unknown): Promise<{ status: number; json: any }> {
	const response = await fetch(`${emulator.v2Url}/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
}

const createTask = async (task: Record<string, unknown>) => (await post('createTask', { clientKey: KEY, task })).json;
const resultOf = async (taskId: string) => (await post('getTaskResult', { clientKey: KEY, taskId })).json;

async function solve(task: Record<string, unknown>): Promise<any> {
	const created = await createTask(task);
	expect(created, JSON.stringify(created)).toEqual({ errorId: 0, taskId: expect.stringMatching(UUID) });
	return await resultOf(created.taskId);
}

/** One valid task of every documented type. */
const VALID: Record<string, Record<string, unknown>> = {
	ImageToTextTask: { imageBase64: png(), module: 'module_1' },
	RecaptchaV2TokenTask: { websiteURL: 'https://example.com/login', websiteKey: '6Lc-key' },
	RecaptchaV3TokenTask: { websiteURL: 'https://example.com/login', websiteKey: '6Lc-key', isEnterprise: true, pageAction: 'myverify' },
	RecaptchaV2ImageTask: { imageBase64: png(300, 300), question: 'traffic lights' },
	HcaptchaImageTask: { anchors: [], queries: Array.from({ length: 9 }, (_, i) => png(100, 100, i)), question: 'Pick all the cooking utensils' },
	FuncaptchaImageTask: { imageBase64: png(), other: 'Pick the image where the darts add up to 8' },
	Tiktok3DSelectObjectWebTask: { imageBase64: png(552, 344), widthView: 340, heightView: 212 },
	TiktokSelectObjectWebTask: { imageBase64: png(552, 344), widthView: 340, heightView: 212, question: 'Which of these objects are used in hoops?' },
	Tiktok3DSelectObjectPhoneTask: { imageBase64: png(720, 1280) },
	TiktokRotateWebTask: { imageBase64s: [png(100, 100, 1), png(200, 200, 2)] },
	TiktokSliderWebTask: { imageBase64: png(552, 344), widthView: 340 },
	TiktokSliderPhoneTask: { imageBase64: png(720, 1280) },
	ShopeeSliderWebTask: { imageBase64s: [png(60, 60, 3), png(680, 400, 4)] },
	ZaloSliderPhoneTask: { imageBase64: png(720, 1280) },
	ZaloSelectObjectTask: { imageBase64: png(), other: 'Chọn tất cả ảnh có: biển báo giao thông' },
	AmznSelectObjectTask: { imageBase64: png(), other: 'the bags' },
	GeetestSliderWebTask: { imageBase64: png(260, 160) },
	GeetestIconWebTask: { imageBase64: png(300, 200), anchorImageBase64s: [png(20, 20, 5), png(20, 20, 6), png(20, 20, 7)] },
	GeetestGobangWebTask: { imageBase64: png(250, 250) },
	GeetestIconCrushWebTask: { imageBase64: png(250, 250) },
	GeetestSelectObjectTask: { imageBase64: png(), question: 'Select 3 images with', anchor: png(40, 40) },
	TencentSelectObjectTask: { imageBase64: png(), question: 'Click the cat' },
	SliderAllWebTask: { imageBase64: png(600, 300), widthView: 300, heightView: 150 },
};

describe('v2 paths and envelope', () => {
	it('knows exactly the documented task types', () => {
		expect(TASK_SPECS.map((spec) => spec.type).sort()).toEqual(Object.keys(VALID).sort());
	});

	it('answers a wrong or missing clientKey with errorId 1 on every method', async () => {
		for (const method of ['createTask', 'getTaskResult', 'getBalance']) {
			for (const body of [{ clientKey: 'nope' }, { api_token: KEY }]) {
				const { status, json } = await post(method, body);
				expect(status).toBe(200);
				expect(json).toEqual({ errorId: 1, errorCode: 'ERROR_KEY_DOES_NOT_EXIST', errorDescription: 'Invalid clientKey.' });
			}
		}
	});

	it('leaves errorCode and errorDescription empty when blankV2Errors is set, as the documented examples do', async () => {
		emulator.options.blankV2Errors = true;
		expect((await post('getBalance', { clientKey: 'nope' })).json).toEqual({ errorId: 1, errorCode: '', errorDescription: '' });
		expect(await createTask({ type: 'ImageToTextTask' })).toEqual({ errorId: 1, errorCode: '', errorDescription: '' });
	});

	it('answers 404 to v1 methods under /v2 and 405 to GET', async () => {
		expect((await post('createJob', { clientKey: KEY })).status).toBe(404);
		expect((await fetch(`${emulator.v2Url}/getBalance`)).status).toBe(405);
	});

	it('gives balance, quantity and voucher_balance as numbers, spending the task price and one solve', async () => {
		expect((await post('getBalance', { clientKey: KEY })).json).toEqual({ errorId: 0, balance: 12.345, quantity: 10000, voucher_balance: 1.5 });
		await createTask({ type: 'ShopeeSliderWebTask', ...VALID.ShopeeSliderWebTask }); // 0.00050
		expect((await post('getBalance', { clientKey: KEY })).json).toEqual({ errorId: 0, balance: 12.3445, quantity: 9999, voucher_balance: 1.5 });
	});

	it('lists services and packages at GET /api/getServicePrice with the old envelope and no key', async () => {
		const services: any = await (await fetch(`${emulator.url}/getServicePrice?type=service`)).json();
		expect(services.error).toBe(false);
		expect(services.typeJob.map((entry: { type: string }) => entry.type)).toEqual(TASK_SPECS.map((spec) => spec.type));
		expect(services.typeJob[1]).toEqual({ name: 'reCAPTCHA v2', price: '0.00055', avg_success: '95%', avg_time: '60s', image: 'recaptchav2tokentask.svg', type: 'RecaptchaV2TokenTask' });
		const packages = await (await fetch(`${emulator.url}/getServicePrice?type=package`)).json();
		expect(packages).toEqual({ error: false, package: [{ name: 'Combo Funcaptcha', price: '0.15' }, { name: 'Combo TikTok', price: '0.40' }], message: 'Get service success.' });
		expect(((await (await fetch(`${emulator.url}/getServicePrice?type=x`)).json()) as any).error).toBe(true);
		expect((await fetch(`${emulator.url}/getServicePrice?type=service`, { method: 'POST' })).status).toBe(405);
	});
});

describe('v2 createTask then getTaskResult, per task type', () => {
	it.each(Object.entries(VALID))('solves %s with its documented solution shape', async (type, fields) => {
		const task = { type, ...fields };
		const answer = await solve(task);
		expect(answer.errorId).toBe(0);
		expect(answer.status).toBe('ready');
		expect(answer.solution).toEqual(expectedSolution(task));
	});

	it('gives solutions inside their documented ranges and units', async () => {
		const at = async (type: string, extra: Record<string, unknown> = {}) => (await solve({ type, ...VALID[type], ...extra })).solution;
		const inside = (point: { x: number; y: number }, width: number, height: number) => point.x >= 0 && point.x < width && point.y >= 0 && point.y < height;

		expect((await at('ImageToTextTask')).text).toMatch(/^[A-Z2-9]{4,6}$/);
		expect((await at('RecaptchaV3TokenTask')).gRecaptchaResponse).toMatch(/^03AFcWeA[\w-]{92}$/);
		const image = await at('RecaptchaV2ImageTask');
		expect(image.type).toBe('multi');
		expect(image.objects.every((tile: number) => tile >= 0 && tile < 9)).toBe(true);
		expect((await at('RecaptchaV2ImageTask', { imageBase64: png(450, 450) })).objects.every((tile: number) => tile < 16)).toBe(true);
		expect((await at('RecaptchaV2ImageTask', { imageBase64: png(100, 100) })).objects).toEqual([0]);
		expect((await at('FuncaptchaImageTask')).index).toBeGreaterThanOrEqual(1);
		for (const type of ['Tiktok3DSelectObjectWebTask', 'TiktokSelectObjectWebTask']) {
			const { pointA, pointB } = await at(type);
			expect(inside(pointA, 340, 212) && inside(pointB, 340, 212)).toBe(true); // view px
		}
		const phone = await at('Tiktok3DSelectObjectPhoneTask');
		expect(inside(phone.pointA, 720, 1280) && inside(phone.pointB, 720, 1280)).toBe(true);
		const { rotate } = await at('TiktokRotateWebTask');
		expect(rotate > 0 && rotate < 1).toBe(true);
		expect((await at('TiktokSliderWebTask')).end.x).toBeLessThan(340);
		const slider = await at('TiktokSliderPhoneTask');
		expect(slider.end2).toEqual(slider.end);
		expect(slider.start.y).toBe(slider.end.y);
		expect(Object.keys(await at('ZaloSliderPhoneTask'))).toEqual(['start', 'end']);
		expect((await at('ShopeeSliderWebTask')).end.x).toBeLessThan(680);
		const rotateForm = await at('ShopeeSliderWebTask', { typeCaptcha: 'rotate' });
		expect(Object.keys(rotateForm)).toEqual(['point']);
		expect(inside(rotateForm.point, 680, 400)).toBe(true);
		expect((await at('GeetestIconWebTask')).points).toHaveLength(3);
		const swap = (await at('GeetestGobangWebTask')).swap_positions;
		expect(swap).toHaveLength(2);
		expect(swap[0]).not.toBe(swap[1]);
		const [rect] = (await at('SliderAllWebTask')).rects;
		expect(rect.x + rect.w).toBeLessThanOrEqual(300);
		expect(rect.y + rect.h).toBeLessThanOrEqual(150);
	});

	it('answers an hCaptcha grid with objects, a canvas with click coords or drag boxes', async () => {
		expect(Object.keys((await solve({ type: 'HcaptchaImageTask', ...VALID.HcaptchaImageTask })).solution)).toEqual(['objects']);
		const canvas = { type: 'HcaptchaImageTask', anchors: [png(50, 50)], queries: [png(500, 400)], question: 'Click the bird' };
		const click = (await solve(canvas)).solution;
		expect(click).toEqual({ type: 'click', coords: [[expect.any(Number), expect.any(Number)]] });
		emulator.options.hcaptchaCanvas = 'drag';
		const drag = (await solve(canvas)).solution;
		expect(drag.type).toBe('drag');
		expect(drag.box[0]).toEqual({ start: [expect.any(Number), expect.any(Number)], end: [expect.any(Number), expect.any(Number)] });
		const screenshot = await solve({ type: 'HcaptchaImageTask', queries: [png(400, 600)], isScreenshot: true });
		expect(screenshot.solution.type).toBe('drag');
	});

	it('adds empty errorCode/errorDescription to ready answers only where the documentation does', async () => {
		expect(await solve({ type: 'GeetestIconCrushWebTask', ...VALID.GeetestIconCrushWebTask })).toEqual({
			errorId: 0, status: 'ready', solution: expect.any(Object), errorCode: '', errorDescription: '',
		});
		expect(Object.keys(await solve({ type: 'GeetestSliderWebTask', ...VALID.GeetestSliderWebTask })).sort()).toEqual(['errorId', 'solution', 'status']);
	});

	it('accepts the Tencent form of SliderAllWebTask (puzzle, domain, heightView)', async () => {
		const task = { type: 'SliderAllWebTask', imageBase64: png(680, 486), puzzle: png(60, 60), domain: 'global.captcha.gtimg.com', widthView: 340, heightView: 243 };
		expect((await solve(task)).solution).toEqual(expectedSolution(task));
		const noDomain = await createTask({ ...task, domain: undefined });
		expect(noDomain.errorDescription).toBe('The domain field is required with puzzle (Tencent form).');
	});

	it('gives different answers for different images and the same for the same image', () => {
		const a = expectedSolution({ type: 'TiktokSliderWebTask', imageBase64: png(300, 200, 10), widthView: 340 });
		const b = expectedSolution({ type: 'TiktokSliderWebTask', imageBase64: png(300, 200, 11), widthView: 340 });
		expect(a).toEqual(expectedSolution({ type: 'TiktokSliderWebTask', imageBase64: png(300, 200, 10), widthView: 340 }));
		expect(a).not.toEqual(b);
	});
});

describe('v2 createTask validation (errorId 1, a description naming the problem)', () => {
	const refuses = async (task: Record<string, unknown>, description: string | RegExp) => {
		const answer = await createTask(task);
		expect(answer.errorId).toBe(1);
		expect(answer.errorCode).not.toBe('');
		expect(answer.errorDescription).toMatch(description);
		expect(emulator.tasks.size).toBe(0);
	};

	it('requires task and a known type', async () => {
		expect((await post('createTask', { clientKey: KEY })).json).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_TASK' });
		await refuses({ type: 'TiktokDanceTask' }, /not a known service/);
	});

	it.each(
		TASK_SPECS.flatMap((spec) =>
			Object.entries(spec.fields)
				.filter(([, rule]) => rule.required)
				.map(([field]) => [spec.type, field] as const),
		),
	)('refuses %s without %s', async (type, field) => {
		const task: Record<string, unknown> = { type, ...VALID[type] };
		delete task[field];
		await refuses(task, `The ${field} field is required.`);
	});

	it('requires exactly the documented image counts', async () => {
		await refuses({ type: 'TiktokRotateWebTask', imageBase64s: [png()] }, 'The imageBase64s field needs 2 images, got 1.');
		await refuses({ type: 'ShopeeSliderWebTask', imageBase64s: [png(), png(), png()] }, 'The imageBase64s field needs 2 images, got 3.');
		await refuses({ ...VALID.GeetestIconWebTask, type: 'GeetestIconWebTask', anchorImageBase64s: [png(), png()] }, 'The anchorImageBase64s field needs 3 images, got 2.');
		await refuses({ ...VALID.HcaptchaImageTask, type: 'HcaptchaImageTask', queries: [png(), png()] }, 'The queries field needs 1 or 9 images, got 2.');
		await refuses({ type: 'HcaptchaImageTask', queries: [png(), png(), png(), png(), png(), png(), png(), png(), png()], isScreenshot: true }, 'The screenshot form takes exactly 1 image in queries.');
	});

	it('refuses the old "a|b" joining, data: URLs and non-images', async () => {
		await refuses({ type: 'TiktokRotateWebTask', imageBase64s: `${png()}|${png()}` }, 'The imageBase64s field must be an array of base64 images.');
		await refuses({ type: 'ImageToTextTask', imageBase64: `data:image/png;base64,${png()}` }, 'The imageBase64 field must be a base64 image.');
		await refuses({ type: 'ImageToTextTask', imageBase64: 'aGVsbG8=' }, 'The imageBase64 field must be a base64 image.');
	});

	it('requires JSON numbers and booleans where the documentation says Number and Bool', async () => {
		await refuses({ ...VALID.TiktokSliderWebTask, type: 'TiktokSliderWebTask', widthView: '340' }, 'The widthView field must be a positive JSON number.');
		await refuses({ ...VALID.RecaptchaV3TokenTask, type: 'RecaptchaV3TokenTask', isEnterprise: 'true' }, 'The isEnterprise field must be a JSON boolean.');
		await refuses({ ...VALID.RecaptchaV2TokenTask, type: 'RecaptchaV2TokenTask', websiteURL: 'example.com' }, 'The websiteURL field must be an http or https URL.');
	});

	it('refuses a reCAPTCHA image not scaled to 100, 300 or 450 px and a Shopee typeCaptcha other than rotate', async () => {
		await refuses({ type: 'RecaptchaV2ImageTask', imageBase64: png(320, 320), question: 'bus' }, /100x100, 300x300 or 450x450/);
		await refuses({ ...VALID.ShopeeSliderWebTask, type: 'ShopeeSliderWebTask', typeCaptcha: 'slide' }, 'typeCaptcha must be "rotate" when given.');
	});
});

describe('v2 task life', () => {
	it('answers processing with empty error strings until solveMs has elapsed, then ready', async () => {
		emulator.options.solveMs = 150;
		const { taskId } = await createTask({ type: 'ImageToTextTask', imageBase64: png() });
		expect(await resultOf(taskId)).toEqual({ errorId: 0, status: 'processing', errorCode: '', errorDescription: '' });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await resultOf(taskId)).status).toBe('ready');
	});

	it('fails tasks of a type in failTypeIds with the current shape (status fail, ERROR_JOB_STATUS)', async () => {
		emulator.options.failTypeIds = ['TiktokRotateWebTask'];
		expect(await solve({ type: 'TiktokRotateWebTask', ...VALID.TiktokRotateWebTask })).toEqual({
			errorId: 1, errorCode: 'ERROR_JOB_STATUS', errorDescription: 'Job failed', status: 'fail', solution: {},
		});
	});

	it('fails with the older shape (a bare errorId 1) when v2FailShape is "older", and on the emulator:fail marker', async () => {
		emulator.options.v2FailShape = 'older';
		expect(await solve({ type: 'ImageToTextTask', imageBase64: png(), module: 'emulator:fail' })).toEqual({ errorId: 1, errorCode: '', errorDescription: '' });
	});

	it('answers the first transientPolls polls with a transient code, then the result', async () => {
		emulator.options.transientPolls = 2;
		const { taskId } = await createTask({ type: 'ImageToTextTask', imageBase64: png() });
		for (let poll = 0; poll < 2; poll++) {
			expect(await resultOf(taskId)).toEqual({ errorId: 1, errorCode: 'ERROR_TASK_IS_MAINTENANCE', errorDescription: 'Try again later.' });
		}
		expect((await resultOf(taskId)).status).toBe('ready');
	});

	it('answers an unknown or missing taskId with errorId 1; numeric ids are not task ids', async () => {
		expect(await resultOf('00000000-0000-4000-8000-000000000000')).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SUCH_CAPCHA_ID' });
		expect((await post('getTaskResult', { clientKey: KEY, taskId: 482301 })).json).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_TASK_ID' });
	});

	it('delays the createTask response by createLatencyMs and logs requests under their method names', async () => {
		emulator.options.createLatencyMs = 120;
		const started = performance.now();
		await createTask({ type: 'ImageToTextTask', imageBase64: png() });
		expect(performance.now() - started).toBeGreaterThanOrEqual(100);
		emulator.options.createLatencyMs = 0;
		expect(emulator.requests.map((entry) => [entry.method, entry.path, entry.status])).toEqual([['createTask', '/v2/createTask', 200]]);
	});
});
