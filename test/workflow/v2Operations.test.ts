/**
 * Every v2 operation as a real workflow execution of the node with a v2 credential against the
 * emulator over HTTP: the createTask the service receives (fields, JSON types, one image per field
 * or array element), the answer fields the workflow gets from the solution, the task id echoed as
 * a string, and the v2 account, job and failure paths.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { captchaTypes } from '../../nodes/OmoCaptcha/catalog/captchaTypes';
import { adbSwipe, adbTaps } from '../../nodes/OmoCaptcha/motion/adbCommands';
import { expectedSolution } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { png, requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const fast = { options: { pollInterval: 1 } };

let shade = 0;
const image = (width: number, height: number) => makePng(width, height, [shade++ % 256, 40, 90]);
const b64 = (bytes: Buffer) => bytes.toString('base64');

type Solution = any;
interface Case {
	resource: string;
	operation: string;
	parameters?: IDataObject;
	images: Record<string, Buffer>;
	task: (images: Record<string, string>) => IDataObject;
	answer: (solution: Solution) => IDataObject;
	canvas?: 'click' | 'drag';
}

/** One case per v2 operation: the images, the task the service must get, the answer fields from its solution. */
function cases(): Array<[string, Case]> {
	const grid = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`tile${i}`, image(100, 100)]));
	const list: Case[] = [
		{
			resource: 'shopee', operation: 'sliderWeb', parameters: { displayWidth: 340 },
			images: { mask: image(68, 68), background: image(680, 400) },
			task: (i) => ({ type: 'ShopeeSliderWebTask', imageBase64s: [i.mask, i.background] }),
			answer: (s) => ({ x: s.end.x, xOnPage: Math.round(s.end.x * 50) / 100, dragPath: expect.any(Array) }),
		},
		{
			resource: 'shopee', operation: 'sliderRotateWeb',
			images: { mask: image(68, 68), background: image(680, 400) },
			task: (i) => ({ type: 'ShopeeSliderWebTask', imageBase64s: [i.mask, i.background], typeCaptcha: 'rotate' }),
			answer: (s) => ({ point: s.point }),
		},
		{
			resource: 'tiktok', operation: 'sliderWeb', parameters: { image: 'shot', displayWidth: 340 },
			images: { shot: image(680, 424) },
			task: (i) => ({ type: 'TiktokSliderWebTask', imageBase64: i.shot, widthView: 340 }),
			answer: (s) => ({ distance: s.end.x, dragPath: expect.any(Array) }),
		},
		{
			resource: 'tiktok', operation: 'selectTwoWeb', parameters: { displayWidth: 340, displayHeight: 212 },
			images: { data: image(552, 344) },
			task: (i) => ({ type: 'Tiktok3DSelectObjectWebTask', imageBase64: i.data, widthView: 340, heightView: 212 }),
			answer: (s) => ({ points: [s.pointA, s.pointB] }),
		},
		{
			resource: 'tiktok', operation: 'selectObjectsWeb', parameters: { displayWidth: 340, displayHeight: 212, question: 'Which of these objects are used in hoops?' },
			images: { data: image(552, 344) },
			task: (i) => ({ type: 'TiktokSelectObjectWebTask', imageBase64: i.data, widthView: 340, heightView: 212, question: 'Which of these objects are used in hoops?' }),
			answer: (s) => ({ points: [s.pointA, s.pointB] }),
		},
		{
			resource: 'tiktok', operation: 'rotateWeb',
			images: { inner: image(100, 100), outer: image(200, 200) },
			task: (i) => ({ type: 'TiktokRotateWebTask', imageBase64s: [i.inner, i.outer] }),
			answer: (s) => ({ angle: Math.round((1 - s.rotate) * 36000) / 100, dragFraction: Math.round((1 - s.rotate) * 10000) / 10000 }),
		},
		{
			resource: 'tiktok', operation: 'sliderPhone', parameters: { displayWidth: 360 },
			images: { data: image(720, 1280) },
			task: (i) => ({ type: 'TiktokSliderPhoneTask', imageBase64: i.data }),
			answer: (s) => ({
				from: s.start, to: s.end, fromOnPage: { x: s.start.x / 2, y: s.start.y / 2 }, toOnPage: { x: s.end.x / 2, y: s.end.y / 2 }, dragPath: expect.any(Array),
				...adbSwipe(s.start, s.end),
			}),
		},
		{
			resource: 'tiktok', operation: 'selectTwoPhone',
			images: { data: image(720, 1280) },
			task: (i) => ({ type: 'Tiktok3DSelectObjectPhoneTask', imageBase64: i.data }),
			answer: (s) => ({ points: [s.pointA, s.pointB], ...adbTaps([s.pointA, s.pointB]) }),
		},
		{
			resource: 'zalo', operation: 'sliderPhone',
			images: { data: image(720, 1280) },
			task: (i) => ({ type: 'ZaloSliderPhoneTask', imageBase64: i.data }),
			answer: (s) => ({ from: s.start, to: s.end, ...adbSwipe(s.start, s.end) }),
		},
		{
			resource: 'zalo', operation: 'selectObjects', parameters: { question: 'Chọn tất cả ảnh có: biển báo giao thông' },
			images: { data: image(300, 300) },
			task: (i) => ({ type: 'ZaloSelectObjectTask', imageBase64: i.data, other: 'Chọn tất cả ảnh có: biển báo giao thông' }),
			answer: (s) => ({ objects: s.objects }),
		},
		{
			resource: 'amazon', operation: 'selectObjects', parameters: { question: 'the bags' },
			images: { data: image(300, 300) },
			task: (i) => ({ type: 'AmznSelectObjectTask', imageBase64: i.data, other: 'the bags' }),
			answer: (s) => ({ objects: s.objects }),
		},
		{
			resource: 'geetest', operation: 'sliderWeb', parameters: { displayWidth: 130 },
			images: { data: image(260, 160) },
			task: (i) => ({ type: 'GeetestSliderWebTask', imageBase64: i.data }),
			answer: (s) => ({ x: s.end.x, xOnPage: s.end.x / 2 }),
		},
		{
			resource: 'geetest', operation: 'icon',
			images: { data: image(300, 200), icon1: image(20, 20), icon2: image(21, 21), icon3: image(22, 22) },
			task: (i) => ({ type: 'GeetestIconWebTask', imageBase64: i.data, anchorImageBase64s: [i.icon1, i.icon2, i.icon3] }),
			answer: (s) => ({ points: s.points }),
		},
		{
			resource: 'geetest', operation: 'gobang',
			images: { data: image(250, 250) },
			task: (i) => ({ type: 'GeetestGobangWebTask', imageBase64: i.data }),
			answer: (s) => ({ swap: s.swap_positions }),
		},
		{
			resource: 'geetest', operation: 'iconCrush',
			images: { data: image(250, 250) },
			task: (i) => ({ type: 'GeetestIconCrushWebTask', imageBase64: i.data }),
			answer: (s) => ({ swap: s.swap_positions }),
		},
		{
			resource: 'geetest', operation: 'selectObjects', parameters: { question: 'Select 3 images with' },
			images: { data: image(300, 300), anchor: image(40, 40) },
			task: (i) => ({ type: 'GeetestSelectObjectTask', imageBase64: i.data, question: 'Select 3 images with', anchor: i.anchor }),
			answer: (s) => ({ objects: s.objects }),
		},
		{
			resource: 'tencent', operation: 'selectObjects', parameters: { question: 'Click the cat', anchorImage: 'anchor' },
			images: { data: image(340, 200), anchor: image(40, 40) },
			task: (i) => ({ type: 'TencentSelectObjectTask', imageBase64: i.data, question: 'Click the cat', anchor: i.anchor }),
			answer: (s) => ({ objects: s.objects }),
		},
		{
			resource: 'tencent', operation: 'sliderWeb', parameters: { displayWidth: 340, displayHeight: 243 },
			images: { background: image(680, 486), puzzle: image(60, 60) },
			task: (i) => ({ type: 'SliderAllWebTask', imageBase64: i.background, puzzle: i.puzzle, domain: 'global.captcha.gtimg.com', widthView: 340, heightView: 243 }),
			answer: (s) => ({ x: s.rects[0].x, rect: s.rects[0], rects: s.rects }),
		},
		{
			resource: 'sliderAll', operation: 'sliderWeb', parameters: { displayWidth: 300, displayHeight: 150 },
			images: { data: image(600, 300) },
			task: (i) => ({ type: 'SliderAllWebTask', imageBase64: i.data, widthView: 300, heightView: 150 }),
			answer: (s) => ({ x: s.rects[0].x, rect: s.rects[0], rects: s.rects }),
		},
		{
			resource: 'imageToText', operation: 'any', parameters: { module: 'module_1' },
			images: { data: image(120, 40) },
			task: (i) => ({ type: 'ImageToTextTask', imageBase64: i.data, module: 'module_1' }),
			answer: (s) => ({ text: s.text }),
		},
		{
			resource: 'recaptcha', operation: 'v2', parameters: { websiteUrl: 'https://example.com/login', websiteKey: '6Lc-key' },
			images: {},
			task: () => ({ type: 'RecaptchaV2TokenTask', websiteURL: 'https://example.com/login', websiteKey: '6Lc-key' }),
			answer: (s) => ({ token: s.gRecaptchaResponse }),
		},
		{
			resource: 'recaptcha', operation: 'v3', parameters: { websiteUrl: 'https://example.com/login', websiteKey: '6Lc-key', pageAction: 'myverify', isEnterprise: true },
			images: {},
			task: () => ({ type: 'RecaptchaV3TokenTask', websiteURL: 'https://example.com/login', websiteKey: '6Lc-key', isEnterprise: true, pageAction: 'myverify' }),
			answer: (s) => ({ token: s.gRecaptchaResponse }),
		},
		{
			resource: 'recaptcha', operation: 'v2Image', parameters: { question: 'traffic lights' },
			images: { data: image(300, 300) },
			task: (i) => ({ type: 'RecaptchaV2ImageTask', imageBase64: i.data, question: 'traffic lights' }),
			answer: (s) => ({ objects: s.objects, answerType: 'multi' }),
		},
		{
			resource: 'hcaptcha', operation: 'image',
			parameters: { queryImages: Object.keys(grid).join(', '), exampleImages: 'example', question: 'Pick all the cooking utensils' },
			images: { ...grid, example: image(60, 60) },
			task: (i) => ({ type: 'HcaptchaImageTask', anchors: [i.example], queries: Object.keys(grid).map((key) => i[key]), question: 'Pick all the cooking utensils' }),
			answer: (s) => ({ answerType: 'objects', objects: s.objects }),
		},
		{
			resource: 'hcaptcha', operation: 'image', canvas: 'click',
			parameters: { queryImages: 'canvas', question: 'Click the bird' },
			images: { canvas: image(500, 400) },
			task: (i) => ({ type: 'HcaptchaImageTask', anchors: [], queries: [i.canvas], question: 'Click the bird' }),
			answer: (s) => ({ answerType: 'click', points: s.coords.map(([x, y]: number[]) => ({ x, y })) }),
		},
		{
			resource: 'hcaptcha', operation: 'image', canvas: 'drag',
			parameters: { queryImages: 'shot', isScreenshot: true },
			images: { shot: image(400, 600) },
			task: (i) => ({ type: 'HcaptchaImageTask', queries: [i.shot], isScreenshot: true }),
			answer: (s) => ({ answerType: 'drag', drags: s.box.map((d: any) => ({ from: { x: d.start[0], y: d.start[1] }, to: { x: d.end[0], y: d.end[1] } })) }),
		},
		{
			resource: 'funcaptcha', operation: 'click', parameters: { instruction: 'Pick the image where the darts add up to 8' },
			images: { data: image(300, 200) },
			task: (i) => ({ type: 'FuncaptchaImageTask', imageBase64: i.data, other: 'Pick the image where the darts add up to 8' }),
			answer: (s) => ({ index: s.index, clicksRight: s.index - 1 }),
		},
	];
	return list.map((entry) => [`${entry.resource} → ${entry.operation}${entry.canvas ? ` (${entry.canvas})` : ''}`, entry]);
}

describe('every v2 operation through a workflow', () => {
	const emulator = useEmulator();

	const all = cases();

	it('covers every catalog kind that has a v2 form', () => {
		const covered = new Set(all.map(([, entry]) => `${entry.resource}/${entry.operation}`));
		expect([...covered].sort()).toEqual(captchaTypes.filter((type) => type.v2).map((type) => `${type.resource}/${type.operation}`).sort());
	});

	it.each(all)('%s sends its documented task and answers in the catalog fields', async (_name, entry) => {
		emulator.options.hcaptchaCanvas = entry.canvas;
		const binary = Object.fromEntries(Object.entries(entry.images).map(([key, bytes]) => [key, png(bytes)]));
		const run = await runOmoCaptcha(
			emulator,
			{ resource: entry.resource, operation: entry.operation, ...entry.parameters, ...fast },
			[{ json: {}, binary }],
			{ api: 'v2' },
		);

		expect(run.status).toBe('success');
		const [create] = requestsTo(emulator, 'createTask');
		const base64 = Object.fromEntries(Object.entries(entry.images).map(([key, bytes]) => [key, b64(bytes)]));
		expect(create.body).toEqual({ clientKey: 'test-token', task: entry.task(base64) });
		const solution = expectedSolution(create.body.task, { hcaptchaCanvas: entry.canvas });
		const taskId = create.response.taskId;
		expect(taskId).toMatch(UUID);
		expect(run.output).toEqual([
			{ ...entry.answer(solution), jobId: taskId, taskType: create.body.task.type, solution, elapsedMs: expect.any(Number) },
		]);
		expect(requestsTo(emulator, 'getTaskResult').map((request) => request.body)).toContainEqual({ clientKey: 'test-token', taskId });
	});
});

describe('v2 account, jobs and failures through a workflow', () => {
	const emulator = useEmulator({ solveMs: 0 });

	const rotateItem = () => ({ json: {}, binary: { inner: png(image(64, 64)), outer: png(image(128, 128)) } });

	it('Get Balance gives balance, quantity and voucher balance as numbers', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'getBalance' }, undefined, { api: 'v2' });
		expect(run.output).toEqual([{ balance: 12.345, balanceRaw: '12.345', quantity: 10000, voucherBalance: 1.5 }]);
		expect(requestsTo(emulator, 'getBalance')[0].path).toBe('/v2/getBalance');
	});

	it('List Services reads the keyless list on the old host: ids are task types', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'listServices' }, undefined, { api: 'v2' });
		expect(run.output).toHaveLength(23);
		expect(run.output).toContainEqual({ id: 'GeetestIconWebTask', name: 'Geetest Icon Web', description: '', price: 0.0006, avgSuccessPercent: 95, avgTimeSeconds: 5, active: true });
		const [request] = requestsTo(emulator, 'getServicePrice');
		expect([request.httpMethod, request.body]).toEqual(['GET', '']);
	});

	it('List Packages gives each package with its price per 1000 solves, on either API', async () => {
		for (const api of ['v1', 'v2'] as const) {
			const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'listPackages' }, undefined, { api });
			expect(run.output).toEqual([{ name: 'Combo Funcaptcha', pricePer1000: 0.15 }, { name: 'Combo TikTok', pricePer1000: 0.4 }]);
		}
	});

	it('Job → Create returns the task id string; Job → Get Result looks it up by that string, once and waiting', async () => {
		emulator.options.solveMs = 1500;
		const created = await runOmoCaptcha(emulator, { resource: 'job', operation: 'create', captchaType: '23' }, [rotateItem()], { api: 'v2' });
		const taskId = requestsTo(emulator, 'createTask')[0].response.taskId;
		expect(created.output).toEqual([{ jobId: taskId, taskType: 'TiktokRotateWebTask', status: 'created' }]);

		const looked = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId: taskId, captchaType: '23', waitUntilDone: false }, undefined, { api: 'v2' });
		expect(looked.output).toEqual([{ jobId: taskId, status: 'running' }]);

		const waited = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId: taskId, captchaType: '23', ...fast }, undefined, { api: 'v2' });
		const solution = emulator.tasks.get(taskId)!.solution as { rotate: number };
		expect(waited.output).toEqual([{ jobId: taskId, status: 'success', angle: Math.round((1 - solution.rotate) * 36000) / 100, dragFraction: Math.round((1 - solution.rotate) * 10000) / 10000, solution }]);
	});

	it('Job → Create reaches v2-only kinds by their key, and Get Result with Other gives the untouched solution', async () => {
		const created = await runOmoCaptcha(emulator, { resource: 'job', operation: 'create', captchaType: 'geetest.gobang', image: 'board' }, [{ json: {}, binary: { board: png(image(250, 250)) } }], { api: 'v2' });
		const taskId = created.output[0].jobId as string;
		expect(created.output[0]).toEqual({ jobId: taskId, taskType: 'GeetestGobangWebTask', status: 'created' });
		const got = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId: taskId, captchaType: 'other', ...fast }, undefined, { api: 'v2' });
		expect(got.output).toEqual([{ jobId: taskId, status: 'success', solution: emulator.tasks.get(taskId)!.solution }]);
	});

	it('Job → Solve Any Type sends a free task type, JSON-typed fields and each image into its task field', async () => {
		const mask = image(60, 60);
		const background = image(600, 300);
		const run = await runOmoCaptcha(
			emulator,
			{
				resource: 'job',
				operation: 'solve',
				typeJobId: 'ShopeeSliderWebTask',
				dataFields: { field: [{ name: 'typeCaptcha', value: 'rotate' }] },
				images: { image: [{ value: 'mask', field: 'imageBase64s' }, { value: 'background', field: 'imageBase64s' }] },
				...fast,
			},
			[{ json: {}, binary: { mask: png(mask), background: png(background) } }],
			{ api: 'v2' },
		);
		const [create] = requestsTo(emulator, 'createTask');
		expect(create.body.task).toEqual({ type: 'ShopeeSliderWebTask', typeCaptcha: 'rotate', imageBase64s: [b64(mask), b64(background)] });
		expect(run.output).toEqual([{ jobId: create.response.taskId, taskType: 'ShopeeSliderWebTask', solution: expectedSolution(create.body.task), elapsedMs: expect.any(Number) }]);

		emulator.reset();
		await runOmoCaptcha(emulator, { resource: 'job', operation: 'solve', typeJobId: 'TiktokSliderWebTask', dataFields: { field: [{ name: 'widthView', value: '340' }] }, images: { image: [{ value: 'data' }] }, ...fast }, [{ json: {}, binary: { data: png(image(680, 400)) } }], { api: 'v2' });
		expect(requestsTo(emulator, 'createTask')[0].body.task).toEqual({ type: 'TiktokSliderWebTask', widthView: 340, imageBase64: expect.any(String) });
	});

	it('fails a kind v2 does not offer with a message naming v1, while the other items complete', async () => {
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'hcaptcha', operation: 'token', websiteUrl: 'https://example.com', websiteKey: 'k', ...fast },
			[{ json: {} }],
			{ api: 'v2', continueOnFail: true },
		);
		expect(run.output).toEqual([
			{ error: 'Item 0: hCaptcha: Token is offered only on the v1 API (type ID 11); this credential uses the v2 API: choose the other API in the OmoCaptcha credential' },
		]);
		expect(requestsTo(emulator, 'createTask')).toHaveLength(0);
	});

	it.each([
		['current', '(ERROR_JOB_STATUS: Job failed)'],
		['older', 'could not solve job'],
	] as const)('ends a job failed in the %s shape as failed, naming the task', async (shape, text) => {
		emulator.options.v2FailShape = shape;
		emulator.options.failTypeIds = ['TiktokRotateWebTask'];
		const run = await runOmoCaptcha(emulator, { resource: 'tiktok', operation: 'rotateWeb', ...fast }, [rotateItem(), rotateItem()], { api: 'v2', continueOnFail: true });
		const taskIds = requestsTo(emulator, 'createTask').map((request) => request.response.taskId);
		expect(run.output).toEqual(taskIds.map((taskId) => ({ error: expect.stringContaining(`job ${taskId} (type TiktokRotateWebTask)`), jobId: taskId, taskType: 'TiktokRotateWebTask' })));
		expect(String(run.output[0].error)).toContain(text);
		expect(requestsTo(emulator, 'getTaskResult')).toHaveLength(2);
	});

	it('asks again after ERROR_TASK_IS_MAINTENANCE answers, and solves the task', async () => {
		emulator.options.transientPolls = 2;
		const run = await runOmoCaptcha(emulator, { resource: 'tiktok', operation: 'rotateWeb', ...fast }, [rotateItem()], { api: 'v2' });
		expect(run.output[0].angle).toEqual(expect.any(Number));
		expect(requestsTo(emulator, 'getTaskResult').map((request) => request.response.errorCode ?? '')).toEqual(['ERROR_TASK_IS_MAINTENANCE', 'ERROR_TASK_IS_MAINTENANCE', '']);
	});

	it('reports a refused createTask with its errorCode and errorDescription, and a generic message when both are empty', async () => {
		const bad = [{ json: {}, binary: { data: png(image(320, 320)) } }];
		const params = { resource: 'job', operation: 'solve', typeJobId: 'RecaptchaV2ImageTask', dataFields: { field: [{ name: 'question', value: 'bus' }] }, images: { image: [{ value: 'data' }] }, ...fast };
		const run = await runOmoCaptcha(emulator, params, bad, { api: 'v2', continueOnFail: true });
		expect(run.output[0].error).toBe('Task RecaptchaV2ImageTask: ERROR_INVALID_TASK_DATA: imageBase64 must be scaled to 100x100, 300x300 or 450x450.');
		emulator.options.blankV2Errors = true;
		const blank = await runOmoCaptcha(emulator, params, bad, { api: 'v2', continueOnFail: true });
		emulator.options.blankV2Errors = false;
		expect(blank.output[0].error).toBe('Task RecaptchaV2ImageTask: the service refused the request without saying why (errorId 1, no errorCode or errorDescription)');
	});

	it('takes a list of images as base64 texts separated by commas (a data: URL keeps its own comma), and names the field when the count is wrong', async () => {
		const icons = [image(20, 20), image(21, 21), image(22, 22)];
		const main = image(300, 200);
		const list = [`data:image/png;base64,${b64(icons[0])}`, b64(icons[1]), b64(icons[2])].join(', ');
		const params = { resource: 'geetest', operation: 'icon', imageSource: 'base64', imageBase64: b64(main), ...fast };
		const run = await runOmoCaptcha(emulator, { ...params, iconImagesBase64: list }, [{ json: {} }], { api: 'v2' });
		expect(requestsTo(emulator, 'createTask')[0].body.task).toEqual({ type: 'GeetestIconWebTask', imageBase64: b64(main), anchorImageBase64s: icons.map(b64) });
		expect(run.output[0].points).toHaveLength(3);

		emulator.reset();
		const short = await runOmoCaptcha(emulator, { ...params, iconImagesBase64: `${b64(icons[0])},${b64(icons[1])}` }, [{ json: {} }], { api: 'v2', continueOnFail: true });
		expect(short.output).toEqual([{ error: 'Item 0, field "Icon Images": needs 3 images, got 2' }]);
		expect(requestsTo(emulator, 'createTask')).toHaveLength(0);
	});

	it('checks a kind\'s own rules before any task is paid for: a missing hCaptcha question fails the node, nothing is created', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'hcaptcha', operation: 'image', queryImages: 'canvas', ...fast }, [{ json: {}, binary: { canvas: png(image(500, 400)) } }, { json: {}, binary: { canvas: png(image(500, 400)) } }], { api: 'v2' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Item 0, field "Question": is required unless Screenshot is on');
		expect(requestsTo(emulator, 'createTask')).toHaveLength(0);
	});

	it('rides out faults of getTaskResult (503, an HTML page, a reset) and solves the task', async () => {
		emulator.injectFault('getTaskResult', { kind: 'status', status: 503 });
		emulator.injectFault('getTaskResult', { kind: 'html' });
		emulator.injectFault('getTaskResult', { kind: 'reset' });
		const run = await runOmoCaptcha(emulator, { resource: 'tiktok', operation: 'rotateWeb', ...fast }, [rotateItem()], { api: 'v2' });
		const taskId = requestsTo(emulator, 'createTask')[0].response.taskId;
		expect(run.output[0]).toMatchObject({ jobId: taskId, angle: expect.any(Number) });
		expect(requestsTo(emulator, 'getTaskResult').map((request) => request.fault?.kind)).toEqual(['status', 'html', 'reset', undefined]);
		expect(requestsTo(emulator, 'createTask')).toHaveLength(1);
	});

	it('says a task may exist when the createTask answer is lost after the task was created, and never sends it twice', async () => {
		emulator.injectFault('createTask', { kind: 'reset', afterHandling: true });
		const run = await runOmoCaptcha(emulator, { resource: 'tiktok', operation: 'rotateWeb', ...fast }, [rotateItem()], { api: 'v2', continueOnFail: true });
		expect(String(run.output[0].error)).toContain('createTask could not reach');
		expect(String(run.output[0].error)).toContain('the job may have been created: check the OmoCaptcha dashboard before sending it again');
		expect(requestsTo(emulator, 'createTask')).toHaveLength(1);
		expect(emulator.tasks.size).toBe(1);
	});

	it('never shows the key: a wrong key fails with the service message only', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'getBalance' }, undefined, { api: 'v2', apiToken: 'OMO_SECRET_KEY_123', continueOnFail: true });
		expect(run.output).toEqual([{ error: 'ERROR_KEY_DOES_NOT_EXIST: Invalid clientKey.' }]);
		expect(JSON.stringify(run.output)).not.toContain('OMO_SECRET_KEY_123');
	});
});
