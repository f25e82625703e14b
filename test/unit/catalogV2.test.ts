/**
 * The v2 side of every catalog kind: the createTask task it builds (accepted by the emulator's
 * checks of the documented fields), the answer fields it reads from each documented solution
 * shape, units (page px where the view size is sent, image px with *OnPage elsewhere), rotate in
 * degrees, hCaptcha's three forms, and the message for a kind one API does not offer.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { captchaTypes, findCaptchaType, findCaptchaTypeByKey, captchaTypeKey, formOf } from '../../nodes/OmoCaptcha/catalog/captchaTypes';
import { InvalidInputError, UnexpectedResultError } from '../../nodes/OmoCaptcha/catalog/parsers';
import type { CaptchaInput, CaptchaType, V2Form } from '../../nodes/OmoCaptcha/catalog/types';
import { readImageSize } from '../../nodes/OmoCaptcha/images/imageInfo';
import { expectedSolution, findTaskSpec, TASK_SPECS, validateTask } from '../emulator/tasks';
import { makePng } from '../fixtures/images';

/** What every phone answer adds (motion/adbCommands.ts has its own tests): the adb commands. */
const ADB_FIELDS = { adb: expect.any(Object), adbCommand: expect.any(String) };

const kind = (resource: string, operation: string): CaptchaType => {
	const found = findCaptchaType(resource, operation);
	if (!found) throw new Error(`no kind ${resource}/${operation}`);
	return found;
};
const v2 = (type: CaptchaType): V2Form => {
	if (!type.v2) throw new Error(`${type.resource}/${type.operation} has no v2 form`);
	return type.v2;
};

/** Image sizes per kind for the samples (width, height per image of the list). */
const SIZES: Record<string, Array<Array<[number, number]>>> = {
	'shopee/sliderWeb': [[[68, 68]], [[680, 400]]],
	'shopee/sliderRotateWeb': [[[68, 68]], [[680, 400]]],
	'tiktok/sliderPhone': [[[1080, 2340]]],
	'tiktok/selectTwoPhone': [[[1080, 2340]]],
	'zalo/sliderPhone': [[[720, 1280]]],
	'geetest/sliderWeb': [[[520, 320]]],
	'geetest/icon': [[[600, 400]], [[30, 30], [31, 31], [32, 32]]],
	'recaptcha/v2Image': [[[300, 300]]],
	'hcaptcha/image': [Array.from({ length: 9 }, (_, i) => [100 + i, 100] as [number, number]), []],
	'tencent/selectObjects': [[[340, 200]], []],
};

const PARAMS: IDataObject = {
	displayWidth: 340,
	displayHeight: 212,
	question: 'Pick the bags',
	instruction: 'Pick the lion',
	websiteUrl: 'https://example.com/login',
	websiteKey: '6Le-site-key',
	pageAction: 'login',
	isEnterprise: true,
	domain: 'global.captcha.gtimg.com',
	module: '',
	isScreenshot: false,
};

let shade = 0;
/** A complete input for a kind: distinct PNGs of the given sizes, the sample parameters. */
function sampleInput(type: CaptchaType, params: IDataObject = {}, sizes?: Array<Array<[number, number]>>): CaptchaInput {
	const plan = sizes ?? SIZES[`${type.resource}/${type.operation}`] ?? type.images.map((image, index) => (image.optional ? [] : [[300 + index * 20, 200] as [number, number]]));
	const lists = plan.map((list) => list.map(([width, height]) => makePng(width, height, [shade++ % 256, 80, 160])));
	const defaults = Object.fromEntries(type.fields.map((field) => [field.name, field.default])) as IDataObject;
	return {
		images: lists.map((list) => list.map((bytes) => bytes.toString('base64'))),
		imageSizes: lists.map((list) => list.map(readImageSize)),
		params: { ...defaults, ...PARAMS, ...params },
	};
}

const taskOf = (type: CaptchaType, input: CaptchaInput) => ({ type: v2(type).taskType, ...v2(type).buildTask(input) });

const v2Kinds = captchaTypes.filter((type) => type.v2);

describe('v2 forms in the catalog', () => {
	it('cover every task type the v2 reference documents, the Shopee and SliderAll types in two forms each', () => {
		const used = v2Kinds.map((type) => v2(type).taskType);
		expect([...new Set(used)].sort()).toEqual(TASK_SPECS.map((spec) => spec.type).sort());
		expect(used.filter((type) => type === 'ShopeeSliderWebTask')).toHaveLength(2);
		expect(used.filter((type) => type === 'SliderAllWebTask')).toHaveLength(2);
	});

	it('leave the old-API-only kinds without a v2 form: 2, 11, 33', () => {
		expect(captchaTypes.filter((type) => !type.v2).map((type) => type.v1?.typeJobId).sort((a, b) => a! - b!)).toEqual([2, 11, 33]);
	});

	it('give every kind a unique key: its v1 ID, else resource.operation', () => {
		const keys = captchaTypes.map(captchaTypeKey);
		expect(new Set(keys).size).toBe(keys.length);
		expect(captchaTypeKey(kind('shopee', 'sliderWeb'))).toBe('26');
		expect(captchaTypeKey(kind('geetest', 'icon'))).toBe('geetest.icon');
		for (const type of captchaTypes) expect(findCaptchaTypeByKey(captchaTypeKey(type))).toBe(type);
	});

	it('list, for every kind, each output field its parsers give, with a description', () => {
		for (const type of captchaTypes) {
			for (const [name, description] of Object.entries(type.outputs)) {
				expect(description.length, `${type.operation}.${name}`).toBeGreaterThan(10);
			}
		}
	});
});

describe.each(v2Kinds.map((type) => [`${type.resource}/${type.operation}`, type] as const))('v2 %s', (_name, type) => {
	it('builds a task the emulator accepts as its documented fields and image counts', () => {
		const task = taskOf(type, sampleInput(type));
		expect(validateTask(findTaskSpec(task.type)!, task)).toBeUndefined();
		for (const value of Object.values(task)) expect(typeof value === 'string' && value.includes('|')).toBe(false);
	});

	it('reads every field it declares from the solution the emulator gives, and nothing undeclared', () => {
		const input = sampleInput(type);
		const parsed = v2(type).parseSolution(expectedSolution(taskOf(type, input)), input);
		const declared = Object.keys(type.outputs);
		for (const key of Object.keys(parsed)) expect(declared, key).toContain(key);
		expect(Object.keys(parsed).length).toBeGreaterThan(0);
	});

	it('rejects an empty or missing solution with an UnexpectedResultError quoting it', () => {
		const input = sampleInput(type);
		expect(() => v2(type).parseSolution({}, input)).toThrow(UnexpectedResultError);
		expect(() => v2(type).parseSolution(null, input)).toThrow('Unexpected result null');
	});
});

describe('v2 tasks built, field by field', () => {
	it('Shopee sends [mask, background] as imageBase64s; its other form adds typeCaptcha "rotate"', () => {
		const input = sampleInput(kind('shopee', 'sliderWeb'));
		expect(v2(kind('shopee', 'sliderWeb')).buildTask(input)).toEqual({ imageBase64s: [input.images[0][0], input.images[1][0]] });
		expect(v2(kind('shopee', 'sliderRotateWeb')).buildTask(input)).toEqual({ imageBase64s: [input.images[0][0], input.images[1][0]], typeCaptcha: 'rotate' });
	});

	it('TikTok rotate sends [inside, outside]', () => {
		const input = sampleInput(kind('tiktok', 'rotateWeb'));
		expect(v2(kind('tiktok', 'rotateWeb')).buildTask(input)).toEqual({ imageBase64s: [input.images[0][0], input.images[1][0]] });
	});

	it('TikTok web kinds send widthView/heightView as JSON numbers, even from text parameters', () => {
		const input = sampleInput(kind('tiktok', 'selectTwoWeb'), { displayWidth: '340', displayHeight: '212' });
		expect(v2(kind('tiktok', 'selectTwoWeb')).buildTask(input)).toEqual({ imageBase64: input.images[0][0], widthView: 340, heightView: 212 });
		expect(v2(kind('tiktok', 'selectObjectsWeb')).buildTask(input)).toEqual({ imageBase64: input.images[0][0], widthView: 340, heightView: 212, question: 'Pick the bags' });
		expect(v2(kind('tiktok', 'sliderWeb')).buildTask(input)).toEqual({ imageBase64: input.images[0][0], widthView: 340 });
	});

	it('sends the question as "other" on Zalo, Amazon and FunCaptcha, as "question" elsewhere', () => {
		for (const [resource, operation, field] of [
			['zalo', 'selectObjects', 'other'],
			['amazon', 'selectObjects', 'other'],
			['geetest', 'selectObjects', 'question'],
			['tencent', 'selectObjects', 'question'],
			['recaptcha', 'v2Image', 'question'],
			['tiktok', 'selectObjectsWeb', 'question'],
		]) {
			const task = v2(kind(resource, operation)).buildTask(sampleInput(kind(resource, operation)));
			expect(task[field], `${resource}/${operation}`).toBe('Pick the bags');
		}
		expect(v2(kind('funcaptcha', 'click')).buildTask(sampleInput(kind('funcaptcha', 'click')))).toMatchObject({ other: 'Pick the lion' });
	});

	it('Geetest icon sends the 3 icons as anchorImageBase64s, select its question image as anchor', () => {
		const icon = sampleInput(kind('geetest', 'icon'));
		expect(v2(kind('geetest', 'icon')).buildTask(icon)).toEqual({ imageBase64: icon.images[0][0], anchorImageBase64s: icon.images[1] });
		const select = sampleInput(kind('geetest', 'selectObjects'));
		expect(v2(kind('geetest', 'selectObjects')).buildTask(select)).toEqual({ imageBase64: select.images[0][0], question: 'Pick the bags', anchor: select.images[1][0] });
	});

	it('Tencent select sends anchor only when its optional image is given', () => {
		const type = kind('tencent', 'selectObjects');
		expect(v2(type).buildTask(sampleInput(type))).not.toHaveProperty('anchor');
		const withAnchor = sampleInput(type, {}, [[[340, 200]], [[40, 40]]]);
		expect(v2(type).buildTask(withAnchor).anchor).toBe(withAnchor.images[1][0]);
	});

	it('SliderAll sends heightView only when given; the Tencent slider sends puzzle, domain and both sizes', () => {
		const all = kind('sliderAll', 'sliderWeb');
		expect(v2(all).buildTask(sampleInput(all, { displayHeight: 0 }))).toEqual({ imageBase64: expect.any(String), widthView: 340 });
		expect(v2(all).buildTask(sampleInput(all, { displayHeight: 150 }))).toMatchObject({ heightView: 150 });
		const tencent = sampleInput(kind('tencent', 'sliderWeb'));
		expect(v2(kind('tencent', 'sliderWeb')).buildTask(tencent)).toEqual({
			imageBase64: tencent.images[0][0], puzzle: tencent.images[1][0], domain: 'global.captcha.gtimg.com', widthView: 340, heightView: 212,
		});
	});

	it('reCAPTCHA tokens send websiteURL/websiteKey; v3 adds the isEnterprise boolean and pageAction, which it requires', () => {
		const input = sampleInput(kind('recaptcha', 'v3'));
		expect(v2(kind('recaptcha', 'v2')).buildTask(input)).toEqual({ websiteURL: 'https://example.com/login', websiteKey: '6Le-site-key' });
		expect(v2(kind('recaptcha', 'v3')).buildTask(input)).toEqual({ websiteURL: 'https://example.com/login', websiteKey: '6Le-site-key', isEnterprise: true, pageAction: 'login' });
		expect(() => v2(kind('recaptcha', 'v3')).buildTask(sampleInput(kind('recaptcha', 'v3'), { pageAction: ' ' }))).toThrow(InvalidInputError);
	});

	it('reCAPTCHA image refuses an image not scaled to 100, 300 or 450 px square, naming its size', () => {
		const type = kind('recaptcha', 'v2Image');
		expect(() => v2(type).buildTask(sampleInput(type, {}, [[[320, 300]]]))).toThrow('is 320×300: the service needs it scaled to 100×100, 300×300 or 450×450');
		expect(v2(type).buildTask(sampleInput(type, {}, [[[450, 450]]]))).toMatchObject({ question: 'Pick the bags' });
	});

	it('hCaptcha sends anchors + queries + question, or in the screenshot form one query and isScreenshot', () => {
		const type = kind('hcaptcha', 'image');
		const grid = sampleInput(type);
		expect(v2(type).buildTask(grid)).toEqual({ anchors: [], queries: grid.images[0], question: 'Pick the bags' });
		const shot = sampleInput(type, { isScreenshot: true, question: '' }, [[[400, 600]], []]);
		expect(v2(type).buildTask(shot)).toEqual({ queries: shot.images[0], isScreenshot: true });
		expect(() => v2(type).buildTask(sampleInput(type, { question: '' }))).toThrow('field "Question": is required unless Screenshot is on');
		expect(() => v2(type).buildTask(sampleInput(type, { isScreenshot: true }))).toThrow('takes one screenshot when Screenshot is on, got 9');
	});

	it('ImageToText sends module only when one is given', () => {
		const type = kind('imageToText', 'any');
		expect(Object.keys(v2(type).buildTask(sampleInput(type)))).toEqual(['imageBase64']);
		expect(v2(type).buildTask(sampleInput(type, { module: ' module_1 ' })).module).toBe('module_1');
	});
});

describe('v2 solutions read into the same fields as v1, with units', () => {
	const parse = (resource: string, operation: string, solution: unknown, params: IDataObject = {}) =>
		v2(kind(resource, operation)).parseSolution(solution, sampleInput(kind(resource, operation), params));

	it('Shopee: x from end.x in background px, xOnPage by the background width (680 shown at 340)', () => {
		expect(parse('shopee', 'sliderWeb', { end: { x: 150 } }, { displayWidth: 0 })).toEqual({ x: 150 });
		expect(parse('shopee', 'sliderWeb', { end: { x: 150 } })).toEqual({ x: 150, xOnPage: 75, dragPath: expect.any(Array) });
		expect(parse('shopee', 'sliderRotateWeb', { point: { x: 153, y: 78 } })).toEqual({ point: { x: 153, y: 78 }, pointOnPage: { x: 76.5, y: 39 } });
	});

	it('TikTok web kinds: answers already in page px, never scaled again', () => {
		expect(parse('tiktok', 'sliderWeb', { end: { x: 150 } })).toEqual({ distance: 150, dragPath: expect.any(Array) });
		const points = { pointA: { x: 50, y: 30 }, pointB: { x: 100, y: 70 } };
		expect(parse('tiktok', 'selectTwoWeb', points)).toEqual({ points: [{ x: 50, y: 30 }, { x: 100, y: 70 }] });
		expect(parse('tiktok', 'selectObjectsWeb', points)).toEqual({ points: [{ x: 50, y: 30 }, { x: 100, y: 70 }] });
	});

	it('phone kinds: screenshot px, *OnPage with a Display Width (1080 shown at 360 → a third)', () => {
		expect(parse('tiktok', 'selectTwoPhone', { pointA: { x: 300, y: 600 }, pointB: { x: 90, y: 30 } }, { displayWidth: 360 })).toEqual({
			points: [{ x: 300, y: 600 }, { x: 90, y: 30 }],
			pointsOnPage: [{ x: 100, y: 200 }, { x: 30, y: 10 }],
			...ADB_FIELDS,
		});
		expect(parse('tiktok', 'sliderPhone', { start: { x: 90, y: 1500 }, end: { x: 630, y: 1500 }, end2: { x: 630, y: 1500 } }, { displayWidth: 360 })).toEqual({
			from: { x: 90, y: 1500 }, to: { x: 630, y: 1500 }, fromOnPage: { x: 30, y: 500 }, toOnPage: { x: 210, y: 500 }, dragPath: expect.any(Array), ...ADB_FIELDS,
		});
		expect(parse('zalo', 'sliderPhone', { start: { x: 100, y: 250 }, end: { x: 300, y: 250 } }, { displayWidth: 0 })).toEqual({ from: { x: 100, y: 250 }, to: { x: 300, y: 250 }, ...ADB_FIELDS });
	});

	it('rotate: dragFraction 1 − rotate (the service\'s formula), and angle the same turn in degrees (0.76 → 86.4°), as v1 means it', () => {
		expect(parse('tiktok', 'rotateWeb', { rotate: 0.76 })).toEqual({ angle: 86.4, dragFraction: 0.24 });
		expect(parse('tiktok', 'rotateWeb', { rotate: '0.5' })).toEqual({ angle: 180, dragFraction: 0.5 });
		expect(parse('tiktok', 'rotateWeb', { rotate: 0.0125 })).toEqual({ angle: 355.5, dragFraction: 0.9875 });
		expect(parse('tiktok', 'rotateWeb', { rotate: 1 })).toEqual({ angle: 0, dragFraction: 0 });
		// Following angle with v1's drag, (track − handle) × angle ÷ 360, is following the service's drag.
		const usable = 284;
		for (const rotate of [0.05, 0.24, 0.76, 0.9375]) {
			const { angle, dragFraction } = parse('tiktok', 'rotateWeb', { rotate }) as { angle: number; dragFraction: number };
			expect((usable * angle) / 360).toBeCloseTo(usable * (1 - rotate), 1);
			expect(dragFraction).toBeCloseTo(angle / 360, 4);
		}
		expect(() => parse('tiktok', 'rotateWeb', { rotate: 1.5 })).toThrow(UnexpectedResultError);
	});

	it('select kinds: objects as the service numbers them', () => {
		expect(parse('zalo', 'selectObjects', { objects: [0, 1, 2, 3] })).toEqual({ objects: [0, 1, 2, 3] });
		expect(parse('amazon', 'selectObjects', { objects: [0, 1, 2, 3] })).toEqual({ objects: [0, 1, 2, 3] });
		expect(parse('geetest', 'selectObjects', { objects: [0, 1, 6] })).toEqual({ objects: [0, 1, 6] });
		expect(parse('tencent', 'selectObjects', { objects: [4, 5] })).toEqual({ objects: [4, 5] });
		expect(parse('recaptcha', 'v2Image', { objects: [1, 5, 8], type: 'multi' })).toEqual({ objects: [1, 5, 8], answerType: 'multi' });
		expect(() => parse('zalo', 'selectObjects', { objects: [1.5] })).toThrow(UnexpectedResultError);
		expect(() => parse('zalo', 'selectObjects', { objects: '0,1' })).toThrow(UnexpectedResultError);
	});

	it('Geetest: slider x in image px, icon three points, gobang and icon crush a pair to swap', () => {
		expect(parse('geetest', 'sliderWeb', { end: { x: 260 } }, { displayWidth: 260 })).toEqual({ x: 260, xOnPage: 130 });
		const icon = parse('geetest', 'icon', { points: [{ x: 40, y: 96 }, { x: 32, y: 29 }, { x: 127, y: 40 }] }, { displayWidth: 300 });
		expect(icon).toEqual({ points: [{ x: 40, y: 96 }, { x: 32, y: 29 }, { x: 127, y: 40 }], pointsOnPage: [{ x: 20, y: 48 }, { x: 16, y: 14.5 }, { x: 63.5, y: 20 }] });
		expect(() => parse('geetest', 'icon', { points: [{ x: 1, y: 2 }] })).toThrow(UnexpectedResultError);
		expect(parse('geetest', 'gobang', { swap_positions: [2, 21] })).toEqual({ swap: [2, 21] });
		expect(parse('geetest', 'iconCrush', { swap_positions: [4, 7] })).toEqual({ swap: [4, 7] });
		expect(() => parse('geetest', 'iconCrush', { swap_positions: [4] })).toThrow(UnexpectedResultError);
	});

	it('SliderAll and the Tencent slider: x of the first rect, the rect, every rect (page px)', () => {
		const rects = [{ x: 237, y: 70, w: 53, h: 47 }, { x: 20, y: 10, w: 53, h: 47 }];
		expect(parse('sliderAll', 'sliderWeb', { rects })).toEqual({ x: 237, rect: rects[0], rects });
		expect(parse('tencent', 'sliderWeb', { rects: [{ x: 183, y: 109, w: 56, h: 70 }] })).toEqual({ x: 183, rect: { x: 183, y: 109, w: 56, h: 70 }, rects: [{ x: 183, y: 109, w: 56, h: 70 }] });
		expect(() => parse('sliderAll', 'sliderWeb', { rects: [] })).toThrow(UnexpectedResultError);
	});

	it('hCaptcha: grid objects, click coords as points, drag boxes as from/to', () => {
		expect(parse('hcaptcha', 'image', { objects: [1, 3, 8] })).toEqual({ answerType: 'objects', objects: [1, 3, 8] });
		expect(parse('hcaptcha', 'image', { type: 'click', coords: [[398, 347]] })).toEqual({ answerType: 'click', points: [{ x: 398, y: 347 }] });
		expect(parse('hcaptcha', 'image', { type: 'drag', box: [{ start: [446, 200], end: [100, 224] }, { start: [455, 300], end: [139, 190] }] })).toEqual({
			answerType: 'drag',
			drags: [{ from: { x: 446, y: 200 }, to: { x: 100, y: 224 } }, { from: { x: 455, y: 300 }, to: { x: 139, y: 190 } }],
		});
		expect(() => parse('hcaptcha', 'image', { type: 'click', coords: [[1]] })).toThrow(UnexpectedResultError);
	});

	it('tokens, text and the FunCaptcha 1-based index', () => {
		expect(parse('recaptcha', 'v2', { gRecaptchaResponse: '03AHJ_tok' })).toEqual({ token: '03AHJ_tok' });
		expect(parse('recaptcha', 'v3', { gRecaptchaResponse: '03AHJ_tok3' })).toEqual({ token: '03AHJ_tok3' });
		expect(parse('imageToText', 'any', { text: ' ABC ' })).toEqual({ text: 'ABC' });
		expect(parse('funcaptcha', 'click', { index: 5 })).toEqual({ index: 5, clicksRight: 4 });
		expect(() => parse('funcaptcha', 'click', { index: 0 })).toThrow(UnexpectedResultError);
	});
});

describe('a kind one API does not offer', () => {
	it('names the API that offers it and its type', () => {
		expect(formOf(kind('geetest', 'icon'), 'v1')).toEqual({
			unavailable: 'Geetest: Icon (Web) is offered only on the v2 API (task type GeetestIconWebTask); this credential uses the v1 API: choose the other API in the OmoCaptcha credential',
		});
		expect(formOf(kind('hcaptcha', 'token'), 'v2')).toEqual({
			unavailable: 'hCaptcha: Token is offered only on the v1 API (type ID 11); this credential uses the v2 API: choose the other API in the OmoCaptcha credential',
		});
		expect(formOf(kind('shopee', 'sliderWeb'), 'v2')).toEqual({ v2: kind('shopee', 'sliderWeb').v2 });
	});
});
