import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { dragPath, relativePath, seedFrom } from '../motion/humanPath';
import type { ImageSize } from '../images/imageInfo';
import { ADB_OUTPUTS, adbCommandsField, checkingAdb, withAdbSwipe, withAdbTaps } from './adbAnswer';
import { pageScale, scalePoint, scaleValue } from './pageScale';
import {
	InvalidInputError,
	parseNumber,
	parsePointPair,
	parseText,
	parseToken,
	solutionFields,
	solutionIndexes,
	solutionNumber,
	solutionPair,
	solutionPoint,
	solutionText,
	UnexpectedResultError,
	type Point,
} from './parsers';
import type { CaptchaImage, CaptchaInput, CaptchaResource, CaptchaType, V2Form } from './types';

/**
 * The catalog: every captcha kind the node offers, each one entry saying how it travels on the
 * v1 job API (type id, `data` fields, `|`-joined images) and on the v2 task API (task type, its
 * own image fields), and how both answers become the same output fields. Adding a kind is one
 * entry here (plus its test); the node's dropdowns, fields, payloads and parsing come from it.
 *
 * Units: where the service is sent the display size (widthView/heightView, v1 width_view), its
 * answer is already in page px and is passed on as is. Elsewhere it answers in pixels of the
 * submitted image; an optional Display Width adds the same answer in page px (`*OnPage`).
 */

export const captchaResources: CaptchaResource[] = [
	{ value: 'shopee', name: 'Shopee' },
	{ value: 'tiktok', name: 'TikTok' },
	{ value: 'zalo', name: 'Zalo' },
	{ value: 'amazon', name: 'Amazon' },
	{ value: 'geetest', name: 'Geetest' },
	{ value: 'tencent', name: 'Tencent' },
	{ value: 'sliderAll', name: 'Slider (Any Site)' },
	{ value: 'imageToText', name: 'Image to Text' },
	{ value: 'recaptcha', name: 'reCAPTCHA' },
	{ value: 'hcaptcha', name: 'hCaptcha' },
	{ value: 'funcaptcha', name: 'FunCaptcha' },
];

// ---------------------------------------------------------------------------------------------
// Shared inputs

const screenshot: CaptchaImage = {
	name: 'image',
	displayName: 'Image',
	defaultBinaryProperty: 'data',
	description: 'The captcha image',
};
const phoneScreenshot: CaptchaImage = { ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the phone screen' };

/** Required where the service needs it (it then answers in page px), optional where it only scales the answer. */
function displayWidth(required: boolean, description: string): INodeProperties {
	const typicalWidth = required ? 340 : 0;
	return {
		displayName: 'Display Width',
		name: 'displayWidth',
		type: 'number',
		default: typicalWidth,
		required,
		typeOptions: { minValue: 0 },
		description,
	};
}

function displayHeight(required: boolean, description: string): INodeProperties {
	const typicalHeight = required ? 212 : 0;
	return {
		displayName: 'Display Height',
		name: 'displayHeight',
		type: 'number',
		default: typicalHeight,
		required,
		typeOptions: { minValue: 0 },
		description,
	};
}

function questionField(placeholder: string, description = 'The question or instruction the captcha shows'): INodeProperties {
	return { displayName: 'Question', name: 'question', type: 'string', default: '', required: true, placeholder, description };
}

const OPTIONAL_PAGE_WIDTH =
	'Width in pixels the image is shown at on the page (0 = not scaled). When set, the answer is also given in page coordinates.';
const SENT_WIDTH = 'Width in pixels the captcha image is shown at on the page; sent to the service, which then answers in page pixels';
const SENT_HEIGHT = 'Height in pixels the captcha image is shown at on the page; sent to the service';

const websiteFields: INodeProperties[] = [
	{
		displayName: 'Website URL',
		name: 'websiteUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/login',
		description: 'Address of the page that shows the captcha',
	},
	{
		displayName: 'Website Key',
		name: 'websiteKey',
		type: 'string',
		default: '',
		required: true,
		description: 'The site key of the captcha on that page',
	},
];

// ---------------------------------------------------------------------------------------------
// Builders and parsers shared by several kinds

const one = (input: CaptchaInput, index: number): string => input.images[index][0];
const sizeOf = (input: CaptchaInput, index: number): ImageSize | undefined => input.imageSizes[index]?.[0];
const joinedImages = ({ images }: CaptchaInput) => ({ image_base64: images.flat().join('|') });
const firstImage = (input: CaptchaInput) => ({ imageBase64: one(input, 0) });
const tokenResult = (raw: unknown) => ({ token: parseToken(raw) });
const websiteData = ({ params }: CaptchaInput) => ({ website_url: params.websiteUrl, website_key: params.websiteKey });
const websiteTask = ({ params }: CaptchaInput) => ({ websiteURL: params.websiteUrl, websiteKey: params.websiteKey });
const tokenSolution = (solution: unknown) => ({ token: solutionText(solution, 'gRecaptchaResponse', 'a solution {gRecaptchaResponse}') });
/** widthView / heightView are JSON numbers on v2 (the old API's examples sent strings). */
const viewSize = ({ params }: CaptchaInput) => ({ widthView: Number(params.displayWidth), heightView: Number(params.displayHeight) });

/** Adds `<name>OnPage` when a Display Width and the image's own size are known. */
function withPage<T extends number | Point | Point[]>(name: string, value: T, displayWidthValue: unknown, image: ImageSize | undefined): IDataObject {
	const scale = pageScale(displayWidthValue, image);
	if (scale === undefined) return { [name]: value };
	const scaled = typeof value === 'number' ? scaleValue(value, scale) : Array.isArray(value) ? value.map((p) => scalePoint(p, scale)) : scalePoint(value, scale);
	return { [name]: value, [`${name}OnPage`]: scaled };
}

/**
 * Adds `dragPath`, a human-like drag for another browser node to replay, when the answer says how
 * far to drag on the page (`dx`, `dy` in page px): `[{x, y, t}]` relative to the slider handle's
 * start, t in ms after the press (release after the last point). Seeded by the answer, so the same
 * answer gives the same path.
 */
function withDragPath(answer: IDataObject, dx: unknown, dy: unknown = 0): IDataObject {
	if (typeof dx !== 'number' || typeof dy !== 'number') return answer;
	const path = dragPath({ x: 0, y: 0 }, { x: dx, y: dy }, seedFrom(JSON.stringify([dx, dy])));
	return { ...answer, dragPath: relativePath(path, { x: 0, y: 0 }) };
}

/** A swipe's drag path, from `fromOnPage` to `toOnPage` (known when Display Width is set). */
function withSwipePath(answer: IDataObject): IDataObject {
	const from = answer.fromOnPage as Point | undefined;
	const to = answer.toOnPage as Point | undefined;
	return from && to ? withDragPath(answer, to.x - from.x, to.y - from.y) : answer;
}

/** Two points from `{pointA, pointB}`. */
function pointPairSolution(solution: unknown): [Point, Point] {
	const expected = 'a solution {pointA: {x, y}, pointB: {x, y}}';
	const fields = solutionFields(solution, expected);
	return [solutionPoint(solution, fields.pointA, expected), solutionPoint(solution, fields.pointB, expected)];
}

/** A swipe `{start, end}` (TikTok phone also sends an unexplained `end2`, left in `solution`). */
function swipeSolution(solution: unknown, input: CaptchaInput): IDataObject {
	const expected = 'a solution {start: {x, y}, end: {x, y}}';
	const fields = solutionFields(solution, expected);
	const from = solutionPoint(solution, fields.start, expected);
	const to = solutionPoint(solution, fields.end, expected);
	return { ...withPage('from', from, input.params.displayWidth, sizeOf(input, 0)), ...withPage('to', to, input.params.displayWidth, sizeOf(input, 0)) };
}

function objectsSolution(solution: unknown): number[] {
	const expected = 'a solution {objects: [numbers]}';
	return solutionIndexes(solution, solutionFields(solution, expected).objects, expected);
}

function swapSolution(solution: unknown): IDataObject {
	const expected = 'a solution {swap_positions: [a, b]}';
	return { swap: solutionIndexes(solution, solutionFields(solution, expected).swap_positions, expected, 2) };
}

/** SliderAll's `{rects: [{x, y, w, h}]}`: the gap's box, in view px. */
function rectsSolution(solution: unknown): IDataObject {
	const expected = 'a solution {rects: [{x, y, w, h}, ...]}';
	const list = solutionFields(solution, expected).rects;
	if (!Array.isArray(list) || list.length === 0) throw new UnexpectedResultError(solution, expected);
	const rects = list.map((rect) => ({
		x: solutionNumber(rect, 'x', expected),
		y: solutionNumber(rect, 'y', expected),
		w: solutionNumber(rect, 'w', expected),
		h: solutionNumber(rect, 'h', expected),
	}));
	return { x: rects[0].x, rect: rects[0], rects };
}

/** A slider answered with `{end: {x}}` in pixels of the image. */
function endXSolution(solution: unknown, input: CaptchaInput, imageIndex: number): IDataObject {
	const x = solutionNumber(solution, 'end.x', 'a solution {end: {x}}');
	return withPage('x', x, input.params.displayWidth, sizeOf(input, imageIndex));
}

const OUT = {
	points: 'The two places to click, in order: [{x, y}, {x, y}]',
	objects: (base: string) => `The tiles or objects to click, as the service numbers them (${base}), in the order given`,
	token: 'The token to put into the page (g-recaptcha-response / h-captcha-response)',
	text: 'The characters read from the image',
};

// ---------------------------------------------------------------------------------------------
// The kinds

export const captchaTypes: CaptchaType[] = [
	{
		resource: 'shopee',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a Shopee slider captcha',
		description: 'Drag the puzzle piece into place: answers the X coordinate to drag it to',
		images: [
			{ name: 'maskImage', displayName: 'Mask Image', defaultBinaryProperty: 'mask', description: 'The small puzzle-piece (mask) image' },
			{ name: 'backgroundImage', displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image with the gap' },
		],
		fields: [displayWidth(false, `${OPTIONAL_PAGE_WIDTH} Scales by the background image's width.`)],
		outputs: {
			x: 'X coordinate to drag the piece to, in pixels of the background image (v1 result, v2 solution.end.x)',
			xOnPage: 'x on the page, when Display Width is set: x × Display Width ÷ background width',
			dragPath: 'When Display Width is set, a human-like drag of xOnPage px: [{x, y, t}] in page px from the slider handle, t in ms after the press',
		},
		v1: {
			typeJobId: 26,
			buildData: joinedImages,
			// The piece starts at the image's left edge and follows the handle 1:1: drag by xOnPage.
			parseResult: (raw, input) => {
				const answer = withPage('x', parseNumber(raw), input.params.displayWidth, sizeOf(input, 1));
				return withDragPath(answer, answer.xOnPage);
			},
		},
		v2: {
			taskType: 'ShopeeSliderWebTask',
			buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)] }),
			parseSolution: (solution, input) => {
				const answer = endXSolution(solution, input, 1);
				return withDragPath(answer, answer.xOnPage);
			},
		},
	},
	{
		resource: 'shopee',
		operation: 'sliderRotateWeb',
		name: 'Slider, Unknown Trajectory (Web)',
		action: 'Solve a Shopee unknown trajectory slider captcha',
		description: 'The slider whose piece moves along an unknown path: answers the point to drag the piece to',
		images: [
			{ name: 'maskImage', displayName: 'Mask Image', defaultBinaryProperty: 'mask', description: 'The small puzzle-piece (mask) image' },
			{ name: 'backgroundImage', displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image' },
		],
		fields: [displayWidth(false, `${OPTIONAL_PAGE_WIDTH} Scales by the background image's width.`)],
		outputs: {
			point: 'The point {x, y} to drag the piece to, in pixels of the background image (v2 solution.point)',
			pointOnPage: 'point on the page, when Display Width is set',
		},
		v2: {
			taskType: 'ShopeeSliderWebTask',
			buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)], typeCaptcha: 'rotate' }),
			parseSolution(solution, input) {
				const expected = 'a solution {point: {x, y}}';
				const point = solutionPoint(solution, solutionFields(solution, expected).point, expected);
				return withPage('point', point, input.params.displayWidth, sizeOf(input, 1));
			},
		},
	},
	{
		resource: 'tiktok',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a TikTok slider captcha on the web',
		description: 'Drag the slider: answers the distance to drag it, in page pixels',
		images: [{ ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the captcha' }],
		fields: [displayWidth(true, `${SENT_WIDTH} (width_view on v1, widthView on v2)`)],
		outputs: {
			distance: 'How far to drag, already in page pixels: the service was sent the display width (v1 result, v2 solution.end.x)',
			dragPath: 'A human-like drag of distance px: [{x, y, t}] in page px from the slider handle, t in ms after the press',
		},
		// The service scales to the width it is sent: a second scaling here would shrink the answer twice.
		v1: {
			typeJobId: 21,
			buildData: (input) => ({ image_base64: one(input, 0), width_view: input.params.displayWidth }),
			parseResult: (raw) => {
				const distance = parseNumber(raw);
				return withDragPath({ distance }, distance);
			},
		},
		v2: {
			taskType: 'TiktokSliderWebTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), widthView: Number(input.params.displayWidth) }),
			parseSolution: (solution) => {
				const distance = solutionNumber(solution, 'end.x', 'a solution {end: {x}}');
				return withDragPath({ distance }, distance);
			},
		},
	},
	{
		resource: 'tiktok',
		operation: 'selectTwoWeb',
		name: 'Select Two Same Shapes (Web)',
		action: 'Solve a TikTok select two same shapes captcha on the web',
		description: 'Click the two 3D objects with the same shape: answers two points in page pixels',
		images: [screenshot],
		fields: [displayWidth(true, SENT_WIDTH), displayHeight(true, SENT_HEIGHT)],
		outputs: { points: `${OUT.points}, in page pixels from the image's top-left corner (the service was sent the display size)` },
		v1: {
			typeJobId: 22,
			// The seed documents spell the size fields widthview/weightview, newer docs width_view/height_view.
			buildData: (input) => ({
				image_base64: one(input, 0),
				widthview: input.params.displayWidth,
				weightview: input.params.displayHeight,
				width_view: input.params.displayWidth,
				height_view: input.params.displayHeight,
			}),
			parseResult: (raw) => ({ points: parsePointPair(raw) }),
		},
		v2: {
			taskType: 'Tiktok3DSelectObjectWebTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), ...viewSize(input) }),
			parseSolution: (solution) => ({ points: pointPairSolution(solution) }),
		},
	},
	{
		resource: 'tiktok',
		operation: 'selectObjectsWeb',
		name: 'Select Objects by Question (Web)',
		action: 'Solve a TikTok select objects by question captcha on the web',
		description: 'Click the two objects the question asks for: answers two points in page pixels',
		images: [screenshot],
		fields: [displayWidth(true, SENT_WIDTH), displayHeight(true, SENT_HEIGHT), questionField('Which of these objects are used in hoops?')],
		outputs: { points: `${OUT.points}, in page pixels from the image's top-left corner (the service was sent the display size)` },
		v2: {
			taskType: 'TiktokSelectObjectWebTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), ...viewSize(input), question: input.params.question }),
			parseSolution: (solution) => ({ points: pointPairSolution(solution) }),
		},
	},
	{
		resource: 'tiktok',
		operation: 'rotateWeb',
		name: 'Rotate (Web)',
		action: 'Solve a TikTok rotate captcha on the web',
		description: 'Rotate the inner image to fit the outer one: answers the rotation in degrees',
		images: [
			{ name: 'innerImage', displayName: 'Inner Image', defaultBinaryProperty: 'inner', description: 'The round inner image that rotates' },
			{ name: 'outerImage', displayName: 'Outer Image', defaultBinaryProperty: 'outer', description: 'The outer ring image' },
		],
		fields: [],
		outputs: {
			angle:
				'The clockwise turn in degrees, the same on both APIs: drag the slider (track length − handle length) × angle ÷ 360. v1: the number the service answers; v2: (1 − solution.rotate) × 360',
			dragFraction:
				'v2 only: the share of the slider\'s usable track to drag, 1 − solution.rotate (the service\'s formula: drag px = (track length − handle length) × (1 − rotate)); equals angle ÷ 360',
		},
		v1: {
			typeJobId: 23,
			buildData: joinedImages,
			parseResult: (raw) => ({ angle: parseNumber(raw) }),
		},
		v2: {
			taskType: 'TiktokRotateWebTask',
			// [inside, outside]: the rotating disc first, as on v1.
			buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)] }),
			parseSolution(solution) {
				const rotate = solutionNumber(solution, 'rotate', 'a solution {rotate} between 0 and 1');
				if (rotate < 0 || rotate > 1) throw new UnexpectedResultError(solution, 'a solution {rotate} between 0 and 1');
				// The service's drag is (track − handle) × (1 − rotate): 1 − rotate of a turn, as v1's angle means.
				return { angle: Math.round((1 - rotate) * 36_000) / 100, dragFraction: Math.round((1 - rotate) * 10_000) / 10_000 };
			},
		},
	},
	{
		resource: 'tiktok',
		operation: 'sliderPhone',
		name: 'Slider (Phone)',
		action: 'Solve a TikTok slider captcha in the app',
		description: 'Drag the slider on a phone screenshot: answers the point to drag from and the point to drag to',
		images: [phoneScreenshot],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
		outputs: {
			from: 'Where to start the swipe, {x, y} in screenshot pixels (v2 solution.start)',
			to: 'Where to end the swipe, {x, y} in screenshot pixels (v2 solution.end; the unexplained end2 stays in solution)',
			fromOnPage: 'from, scaled by Display Width ÷ screenshot width, when set',
			toOnPage: 'to, scaled likewise',
			dragPath: 'When Display Width is set, a human-like swipe from fromOnPage to toOnPage: [{x, y, t}] relative to fromOnPage, t in ms after the press',
			...ADB_OUTPUTS.swipe,
		},
		v1: {
			typeJobId: 24,
			buildData: checkingAdb(joinedImages),
			parseResult(raw, input) {
				const [from, to] = parsePointPair(raw);
				const answer = { ...withPage('from', from, input.params.displayWidth, sizeOf(input, 0)), ...withPage('to', to, input.params.displayWidth, sizeOf(input, 0)) };
				return withAdbSwipe(withSwipePath(answer), input);
			},
		},
		v2: {
			taskType: 'TiktokSliderPhoneTask',
			buildTask: checkingAdb(firstImage),
			parseSolution: (solution, input) => withAdbSwipe(withSwipePath(swipeSolution(solution, input)), input),
		},
	},
	{
		resource: 'tiktok',
		operation: 'selectTwoPhone',
		name: 'Select Two Same Shapes (Phone)',
		action: 'Solve a TikTok select two same shapes captcha in the app',
		description: 'Tap the two objects with the same shape on a phone screenshot: answers two points',
		images: [phoneScreenshot],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
		outputs: {
			points: `${OUT.points}, in screenshot pixels`,
			pointsOnPage: 'points scaled by Display Width ÷ screenshot width, when set',
			...ADB_OUTPUTS.taps,
		},
		v1: {
			typeJobId: 25,
			buildData: checkingAdb(joinedImages),
			parseResult: (raw, input) => withAdbTaps(withPage('points', parsePointPair(raw), input.params.displayWidth, sizeOf(input, 0)), input),
		},
		v2: {
			taskType: 'Tiktok3DSelectObjectPhoneTask',
			buildTask: checkingAdb(firstImage),
			parseSolution: (solution, input) => withAdbTaps(withPage('points', pointPairSolution(solution), input.params.displayWidth, sizeOf(input, 0)), input),
		},
	},
	{
		resource: 'zalo',
		operation: 'sliderPhone',
		name: 'Slider (Phone)',
		action: 'Solve a Zalo slider captcha in the app',
		description: 'Swipe the slider on a screenshot of the app: answers the points to swipe from and to',
		images: [{ ...phoneScreenshot, description: 'Screenshot of the app screen' }],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
		outputs: {
			from: 'Where to start the swipe, {x, y} in screenshot pixels',
			to: 'Where to end the swipe, {x, y} in screenshot pixels',
			fromOnPage: 'from, scaled by Display Width ÷ screenshot width, when set',
			toOnPage: 'to, scaled likewise',
			...ADB_OUTPUTS.swipe,
		},
		v2: {
			taskType: 'ZaloSliderPhoneTask',
			buildTask: checkingAdb(firstImage),
			parseSolution: (solution, input) => withAdbSwipe(swipeSolution(solution, input), input),
		},
	},
	{
		resource: 'zalo',
		operation: 'selectObjects',
		name: 'Select Objects',
		action: 'Solve a Zalo select objects captcha',
		description: 'Pick every picture the question asks for: answers the tiles to click',
		images: [{ ...screenshot, description: 'The picture grid' }],
		fields: [questionField('Chọn tất cả ảnh có: biển báo giao thông')],
		outputs: { objects: OUT.objects('0-based: the documented answers contain 0') },
		v2: {
			taskType: 'ZaloSelectObjectTask',
			// This type takes its question as `other`.
			buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.question }),
			parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
		},
	},
	{
		resource: 'amazon',
		operation: 'selectObjects',
		name: 'Select Objects',
		action: 'Solve an Amazon select objects captcha',
		description: 'Pick every picture of the object asked for: answers the tiles to click',
		images: [{ ...screenshot, description: 'The picture grid only, not the whole widget' }],
		fields: [questionField('the bags', 'The object the captcha asks for')],
		outputs: { objects: OUT.objects('0-based: the documented answers contain 0') },
		v2: {
			taskType: 'AmznSelectObjectTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.question }),
			parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
		},
	},
	{
		resource: 'geetest',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a Geetest slider captcha',
		description: 'Drag the piece into the gap: answers the X coordinate to drag it to',
		images: [screenshot],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
		outputs: { x: 'X coordinate to drag the piece to, in pixels of the image (solution.end.x)', xOnPage: 'x on the page, when Display Width is set' },
		v2: { taskType: 'GeetestSliderWebTask', buildTask: firstImage, parseSolution: (solution, input) => endXSolution(solution, input, 0) },
	},
	{
		resource: 'geetest',
		operation: 'icon',
		name: 'Icon (Web)',
		action: 'Solve a Geetest icon captcha',
		description: 'Click the three icons in order: answers three points',
		images: [
			{ ...screenshot, description: 'The main picture' },
			{
				name: 'iconImages',
				displayName: 'Icon Images',
				defaultBinaryProperty: 'icon1, icon2, icon3',
				description: 'The 3 icons to click, in their order, each its own image (separated by commas)',
				list: { counts: [3] },
			},
		],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
		outputs: { points: 'The three places to click, one per icon in the icons\' order, {x, y} in pixels of the main picture', pointsOnPage: 'points on the page, when Display Width is set' },
		v2: {
			taskType: 'GeetestIconWebTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), anchorImageBase64s: input.images[1] }),
			parseSolution(solution, input) {
				const expected = 'a solution {points: [{x, y} × 3]}';
				const list = solutionFields(solution, expected).points;
				if (!Array.isArray(list) || list.length !== 3) throw new UnexpectedResultError(solution, expected);
				return withPage('points', list.map((point) => solutionPoint(solution, point, expected)), input.params.displayWidth, sizeOf(input, 0));
			},
		},
	},
	{
		resource: 'geetest',
		operation: 'gobang',
		name: 'Gobang (Web)',
		action: 'Solve a Geetest gobang captcha',
		description: 'Swap two pieces to make a line: answers the two cells to swap',
		images: [{ ...screenshot, description: 'The board' }],
		fields: [],
		outputs: { swap: 'The two cells whose pieces to swap, as the service numbers them (base and order not documented; the example [2, 21] needs at least 22 cells)' },
		v2: { taskType: 'GeetestGobangWebTask', buildTask: firstImage, parseSolution: swapSolution },
	},
	{
		resource: 'geetest',
		operation: 'iconCrush',
		name: 'Icon Crush (Web)',
		action: 'Solve a Geetest icon crush captcha',
		description: 'Swap two icons to make a row: answers the two cells to swap',
		images: [{ ...screenshot, description: 'The icon grid' }],
		fields: [],
		outputs: { swap: 'The two cells to swap, as the service numbers them (base and order not documented)' },
		v2: { taskType: 'GeetestIconCrushWebTask', buildTask: firstImage, parseSolution: swapSolution },
	},
	{
		resource: 'geetest',
		operation: 'selectObjects',
		name: 'Select Objects',
		action: 'Solve a Geetest select objects captcha',
		description: 'Pick the pictures that match the question and its small image: answers the tiles to click',
		images: [
			{ ...screenshot, description: 'The picture grid' },
			{ name: 'anchorImage', displayName: 'Question Image', defaultBinaryProperty: 'anchor', description: 'The small image shown right after the question' },
		],
		fields: [questionField('Select 3 images with')],
		outputs: { objects: OUT.objects('0-based: the documented answer is [0, 1, 6]') },
		v2: {
			taskType: 'GeetestSelectObjectTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), question: input.params.question, anchor: one(input, 1) }),
			parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
		},
	},
	{
		resource: 'tencent',
		operation: 'selectObjects',
		name: 'Select Objects',
		action: 'Solve a Tencent select objects captcha',
		description: 'Pick what the question asks for: answers the objects to click',
		images: [
			{ ...screenshot, description: 'The picture' },
			{
				name: 'anchorImage',
				displayName: 'Question Image',
				defaultBinaryProperty: '',
				description: 'The image after the question, if the captcha shows one (leave empty otherwise)',
				optional: true,
			},
		],
		fields: [questionField('Click the cat')],
		outputs: { objects: OUT.objects('base not documented; the example is [4, 5]') },
		v2: {
			taskType: 'TencentSelectObjectTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), question: input.params.question, ...(input.images[1].length ? { anchor: one(input, 1) } : {}) }),
			parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
		},
	},
	{
		resource: 'tencent',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a Tencent slider captcha',
		description: 'Drag the puzzle piece into the gap: answers the gap\'s box in page pixels',
		images: [
			{ ...screenshot, displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image' },
			{ name: 'puzzleImage', displayName: 'Puzzle Image', defaultBinaryProperty: 'puzzle', description: 'The puzzle piece image' },
		],
		fields: [
			{
				displayName: 'Captcha Domain',
				name: 'domain',
				type: 'string',
				default: 'global.captcha.gtimg.com',
				required: true,
				description: 'Domain of the iframe that holds the captcha',
			},
			displayWidth(true, SENT_WIDTH),
			{ ...displayHeight(true, SENT_HEIGHT), default: 243 },
		],
		outputs: {
			x: 'Left edge of the gap, in page pixels (the service was sent the display size): drag the piece until its left edge reaches it',
			rect: 'The gap\'s box {x, y, w, h} in page pixels (the first of rects)',
			rects: 'Every box the service answered',
		},
		v2: {
			taskType: 'SliderAllWebTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), puzzle: one(input, 1), domain: input.params.domain, ...viewSize(input) }),
			parseSolution: rectsSolution,
		},
	},
	{
		resource: 'sliderAll',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a slider captcha of any site',
		description: 'Find the gap of any slider captcha: answers its box in page pixels',
		images: [{ ...screenshot, displayName: 'Background Image', description: 'The captcha background image' }],
		fields: [displayWidth(true, SENT_WIDTH), displayHeight(false, 'Height in pixels the captcha image is shown at on the page (0 = not sent)')],
		outputs: {
			x: 'Left edge of the gap, in page pixels (the service was sent the display size)',
			rect: 'The gap\'s box {x, y, w, h} in page pixels (the first of rects)',
			rects: 'Every box the service answered',
		},
		v2: {
			taskType: 'SliderAllWebTask',
			buildTask(input) {
				const height = Number(input.params.displayHeight);
				return { imageBase64: one(input, 0), widthView: Number(input.params.displayWidth), ...(height > 0 ? { heightView: height } : {}) };
			},
			parseSolution: rectsSolution,
		},
	},
	{
		resource: 'imageToText',
		operation: 'any',
		name: 'Any',
		action: 'Read the text of any image captcha',
		description: 'Reads the characters of a text captcha, any style (auto-detected)',
		images: [screenshot],
		fields: [
			{
				displayName: 'Module',
				name: 'module',
				type: 'string',
				default: '',
				placeholder: 'module_1',
				description: 'V2 only: the name of the captcha kind, when the service gave you one (none are published); empty = auto-detect',
			},
		],
		outputs: { text: OUT.text },
		v1: { typeJobId: 30, buildData: joinedImages, parseResult: (raw) => ({ text: parseText(raw) }) },
		v2: {
			taskType: 'ImageToTextTask',
			buildTask: (input) => ({ imageBase64: one(input, 0), ...(String(input.params.module ?? '').trim() ? { module: String(input.params.module).trim() } : {}) }),
			parseSolution: (solution) => ({ text: solutionText(solution, 'text', 'a solution {text}') }),
		},
	},
	{
		resource: 'imageToText',
		operation: 'vietcombank',
		name: 'Vietcombank Style',
		action: 'Read the text of a Vietcombank style captcha',
		description: 'Reads the characters of a Vietcombank-style text captcha',
		images: [screenshot],
		fields: [],
		outputs: { text: OUT.text },
		v1: { typeJobId: 33, buildData: joinedImages, parseResult: (raw) => ({ text: parseText(raw) }) },
	},
	{
		resource: 'recaptcha',
		operation: 'v2',
		name: 'V2',
		action: 'Get a reCAPTCHA v2 token',
		description: 'Answers the g-recaptcha-response token',
		images: [],
		fields: websiteFields,
		outputs: { token: OUT.token },
		v1: { typeJobId: 1, buildData: websiteData, parseResult: tokenResult },
		v2: { taskType: 'RecaptchaV2TokenTask', buildTask: websiteTask, parseSolution: tokenSolution },
	},
	{
		resource: 'recaptcha',
		operation: 'v2Facebook',
		name: 'V2 (Facebook)',
		action: 'Get a Facebook reCAPTCHA v2 token',
		description: "Answers a token for Facebook's reCAPTCHA v2",
		images: [],
		fields: [],
		outputs: { token: OUT.token },
		v1: { typeJobId: 2, buildData: () => ({}), parseResult: tokenResult },
	},
	{
		resource: 'recaptcha',
		operation: 'v3',
		name: 'V3',
		action: 'Get a reCAPTCHA v3 token',
		description: 'Answers a reCAPTCHA v3 token',
		images: [],
		fields: [
			...websiteFields,
			{
				displayName: 'Minimum Score',
				name: 'minimumScore',
				type: 'number',
				default: 0.3,
				typeOptions: { minValue: 0.1, maxValue: 0.9, numberPrecision: 1 },
				description: 'V1 only: the lowest score the token must earn (v2 has no such field)',
			},
			{
				displayName: 'Action',
				name: 'pageAction',
				type: 'string',
				default: 'verify',
				description: 'The action name the page passes to grecaptcha.execute (its data-action)',
			},
			{
				displayName: 'Enterprise',
				name: 'isEnterprise',
				type: 'boolean',
				default: false,
				description: 'Whether the site uses reCAPTCHA Enterprise (v2 only; required there)',
			},
		],
		outputs: { token: OUT.token },
		v1: {
			typeJobId: 3,
			// The service's documentation writes the score with a decimal comma ("0,9").
			buildData: ({ params }) => ({
				website_url: params.websiteUrl,
				website_key: params.websiteKey,
				score: String(params.minimumScore).replace('.', ','),
				action: params.pageAction,
			}),
			parseResult: tokenResult,
		},
		v2: {
			taskType: 'RecaptchaV3TokenTask',
			buildTask(input) {
				const pageAction = String(input.params.pageAction ?? '').trim();
				if (!pageAction) throw new InvalidInputError('Action', 'is required by the v2 API');
				return { ...websiteTask(input), isEnterprise: input.params.isEnterprise === true, pageAction };
			},
			parseSolution: tokenSolution,
		},
	},
	{
		resource: 'recaptcha',
		operation: 'v2Image',
		name: 'V2 Image Challenge',
		action: 'Solve a reCAPTCHA v2 image challenge',
		description: 'Picks the tiles of an image challenge: answers their positions',
		images: [{ ...screenshot, description: 'The challenge image, scaled to 100×100 (one new tile), 300×300 (3×3 grid) or 450×450 (4×4 grid)' }],
		fields: [questionField('traffic lights', 'The object the challenge asks for')],
		outputs: {
			objects: OUT.objects('row by row; base not documented: the example is [1, 5, 8]'),
			answerType: 'The kind of answer the service gives ("multi" in the documentation)',
		},
		v2: {
			taskType: 'RecaptchaV2ImageTask',
			buildTask(input) {
				const size = sizeOf(input, 0);
				if (size && !(size.width === size.height && [100, 300, 450].includes(size.width))) {
					throw new InvalidInputError('Image', `is ${size.width}×${size.height}: the service needs it scaled to 100×100, 300×300 or 450×450`);
				}
				return { imageBase64: one(input, 0), question: input.params.question };
			},
			parseSolution(solution) {
				const fields = solutionFields(solution, 'a solution {objects, type}');
				return { objects: objectsSolution(solution), answerType: typeof fields.type === 'string' ? fields.type : '' };
			},
		},
	},
	{
		resource: 'hcaptcha',
		operation: 'token',
		name: 'Token',
		action: 'Get an hCaptcha token',
		description: 'Answers the h-captcha-response token',
		images: [],
		fields: websiteFields,
		outputs: { token: OUT.token },
		v1: { typeJobId: 11, buildData: websiteData, parseResult: tokenResult },
	},
	{
		resource: 'hcaptcha',
		operation: 'image',
		name: 'Image Challenge',
		action: 'Solve an hCaptcha image challenge',
		description: 'Solves a grid, click or drag image challenge: answers tiles, points or drags',
		images: [
			{
				name: 'queryImages',
				displayName: 'Challenge Images',
				defaultBinaryProperty: 'data',
				description: 'The challenge: the 9 tiles of a grid in page order, or the one canvas image, or with Screenshot one screenshot (several separated by commas)',
				list: { counts: [1, 9] },
			},
			{
				name: 'exampleImages',
				displayName: 'Example Images',
				defaultBinaryProperty: '',
				description: 'The images in the challenge\'s header or example area, if it has any (separated by commas; empty when none)',
				optional: true,
				list: { counts: [0, 1, 2, 3] },
			},
		],
		fields: [
			{
				displayName: 'Question',
				name: 'question',
				type: 'string',
				default: '',
				placeholder: 'Pick all the cooking utensils and equipment',
				description: 'The challenge text (required unless Screenshot is on)',
			},
			{
				displayName: 'Screenshot',
				name: 'isScreenshot',
				type: 'boolean',
				default: false,
				description: 'Whether the one challenge image is a screenshot holding both the picture and the question',
			},
		],
		outputs: {
			answerType: '"objects" (grid), "click" or "drag" (canvas): which of the fields below is set',
			objects: OUT.objects('grid tiles in page order; base not documented: the example is [1, 3, 8]'),
			points: 'Canvas: the places to click, [{x, y}] in pixels of the challenge image (solution.coords)',
			drags: 'Canvas: the drags to make, [{from: {x, y}, to: {x, y}}] in pixels of the challenge image (solution.box)',
		},
		v2: {
			taskType: 'HcaptchaImageTask',
			buildTask(input) {
				const [queries, anchors] = input.images;
				if (input.params.isScreenshot === true) {
					if (queries.length !== 1) throw new InvalidInputError('Challenge Images', `takes one screenshot when Screenshot is on, got ${queries.length}`);
					return { queries, isScreenshot: true };
				}
				const question = String(input.params.question ?? '').trim();
				if (!question) throw new InvalidInputError('Question', 'is required unless Screenshot is on');
				return { anchors, queries, question };
			},
			parseSolution: parseHcaptchaSolution,
		},
	},
	{
		resource: 'funcaptcha',
		operation: 'click',
		name: 'Click',
		action: 'Solve a FunCaptcha click challenge',
		description: 'Picks the image that matches the instruction: answers its index and how many arrow presses reach it',
		images: [{ ...screenshot, description: 'The challenge image itself, not a screenshot' }],
		fields: [
			{
				displayName: 'Instruction',
				name: 'instruction',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'Use the arrows to rotate the object to face in the direction of the hand',
				description: 'The challenge text shown above the images',
			},
		],
		outputs: {
			index: 'The position of the right image, 1-based (the service\'s own numbering on both APIs)',
			clicksRight: 'How many times to press the right arrow: index − 1, as the first image already shows',
		},
		v1: {
			typeJobId: 45,
			buildData: (input) => ({ image_base64: one(input, 0), text: input.params.instruction }),
			parseResult: (raw) => funcaptchaIndex(raw, parseNumber(raw)),
		},
		v2: {
			taskType: 'FuncaptchaImageTask',
			// This type takes its instruction as `other`.
			buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.instruction }),
			parseSolution: (solution) => funcaptchaIndex(solution, solutionNumber(solution, 'index', 'a solution {index} (1-based)')),
		},
	},
];

/** The service answers a 1-based index; reaching image N takes N - 1 presses of the arrow. */
function funcaptchaIndex(raw: unknown, index: number): IDataObject {
	if (!Number.isInteger(index) || index < 1) throw new UnexpectedResultError(raw, 'a 1-based image index');
	return { index, clicksRight: index - 1 };
}

/** The client does not choose hCaptcha's answer shape: `{objects}`, `{type: "click", coords}` or `{type: "drag", box}`. */
function parseHcaptchaSolution(solution: unknown): IDataObject {
	const expected = 'a solution {objects}, {type: "click", coords: [[x, y]]} or {type: "drag", box: [{start, end}]}';
	const fields = solutionFields(solution, expected);
	if (fields.type === 'click') {
		if (!Array.isArray(fields.coords) || fields.coords.length === 0) throw new UnexpectedResultError(solution, expected);
		return { answerType: 'click', points: fields.coords.map((pair) => solutionPair(solution, pair, expected)) };
	}
	if (fields.type === 'drag') {
		if (!Array.isArray(fields.box) || fields.box.length === 0) throw new UnexpectedResultError(solution, expected);
		const drags = fields.box.map((drag) => {
			const move = typeof drag === 'object' && drag !== null ? (drag as Record<string, unknown>) : {};
			return { from: solutionPair(solution, move.start, expected), to: solutionPair(solution, move.end, expected) };
		});
		return { answerType: 'drag', drags };
	}
	if (fields.objects !== undefined) return { answerType: 'objects', objects: solutionIndexes(solution, fields.objects, expected) };
	throw new UnexpectedResultError(solution, expected);
}

export type ApiName = 'v1' | 'v2';

/** The API's form of a kind, or an explanation naming the API that offers it. */
export function formOf(type: CaptchaType, api: ApiName): { v1: NonNullable<CaptchaType['v1']> } | { v2: V2Form } | { unavailable: string } {
	if (api === 'v1' && type.v1) return { v1: type.v1 };
	if (api === 'v2' && type.v2) return { v2: type.v2 };
	const other = api === 'v1' ? `the v2 API (task type ${type.v2?.taskType})` : `the v1 API (type ID ${type.v1?.typeJobId})`;
	return {
		unavailable: `${captchaLabel(type)} is offered only on ${other}; this credential uses the ${api} API: choose the other API in the OmoCaptcha credential`,
	};
}

export function findCaptchaType(resource: string, operation: string): CaptchaType | undefined {
	return captchaTypes.find((type) => type.resource === resource && type.operation === operation);
}

/**
 * The value identifying a kind in Job → Create / Get Result: its v1 type ID when it has one (what
 * saved workflows already hold), else "resource.operation".
 */
export function captchaTypeKey(type: CaptchaType): string {
	return type.v1 ? String(type.v1.typeJobId) : `${type.resource}.${type.operation}`;
}

/** The kind of a key from captchaTypeKey ("26" or 26, "geetest.icon"), if the catalog has it. */
export function findCaptchaTypeByKey(key: unknown): CaptchaType | undefined {
	return captchaTypes.find((type) => captchaTypeKey(type) === String(key));
}

/** The kind a v2 task type stands for, when exactly one kind uses it as is. */
export function findCaptchaTypeByTaskType(taskType: unknown): CaptchaType | undefined {
	const matches = captchaTypes.filter((type) => type.v2?.taskType === String(taskType));
	return matches.length === 1 ? matches[0] : undefined;
}

/** "26 / ShopeeSliderWebTask", "— / GeetestIconWebTask". */
export function apiIds(type: CaptchaType): string {
	return `${type.v1 ? type.v1.typeJobId : '—'} / ${type.v2 ? type.v2.taskType : '—'}`;
}

export function resourceName(resource: string): string {
	return captchaResources.find((entry) => entry.value === resource)?.name ?? resource;
}

/** "TikTok: Rotate (Web)", for dropdowns and messages. */
export function captchaLabel(type: CaptchaType): string {
	return `${resourceName(type.resource)}: ${type.name}`;
}
