import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ImageSize } from '../../images/imageInfo';
import { dragPath, relativePath, seedFrom } from '../../motion/humanPath';
import { pageScale, scalePoint, scaleValue } from '../pageScale';
import { parseToken, solutionFields, solutionIndexes, solutionNumber, solutionPoint, UnexpectedResultError, type Point } from '../parsers';
import type { CaptchaImage, CaptchaInput } from '../types';

/**
 * What several sites' kinds share: the usual inputs and fields, payload builders, and the answer
 * readers and `*OnPage` / `dragPath` additions. A helper only one site uses lives in that site's file.
 */

// ---------------------------------------------------------------------------------------------
// Shared inputs

export const screenshot: CaptchaImage = {
	name: 'image',
	displayName: 'Image',
	defaultBinaryProperty: 'data',
	description: 'The captcha image',
};
export const phoneScreenshot: CaptchaImage = { ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the phone screen' };

/** Required where the service needs it (it then answers in page px), optional where it only scales the answer. */
export function displayWidth(required: boolean, description: string): INodeProperties {
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

export function displayHeight(required: boolean, description: string): INodeProperties {
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

export function questionField(placeholder: string, description = 'The question or instruction the captcha shows'): INodeProperties {
	return { displayName: 'Question', name: 'question', type: 'string', default: '', required: true, placeholder, description };
}

export const OPTIONAL_PAGE_WIDTH =
	'Width in pixels the image is shown at on the page (0 = not scaled). When set, the answer is also given in page coordinates.';
export const SENT_WIDTH = 'Width in pixels the captcha image is shown at on the page; sent to the service, which then answers in page pixels';
export const SENT_HEIGHT = 'Height in pixels the captcha image is shown at on the page; sent to the service';

export const websiteFields: INodeProperties[] = [
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

export const one = (input: CaptchaInput, index: number): string => input.images[index][0];
export const sizeOf = (input: CaptchaInput, index: number): ImageSize | undefined => input.imageSizes[index]?.[0];
export const joinedImages = ({ images }: CaptchaInput) => ({ image_base64: images.flat().join('|') });
export const firstImage = (input: CaptchaInput) => ({ imageBase64: one(input, 0) });
export const tokenResult = (raw: unknown) => ({ token: parseToken(raw) });
export const websiteData = ({ params }: CaptchaInput) => ({ website_url: params.websiteUrl, website_key: params.websiteKey });
/** widthView / heightView are JSON numbers on v2 (the old API's examples sent strings). */
export const viewSize = ({ params }: CaptchaInput) => ({ widthView: Number(params.displayWidth), heightView: Number(params.displayHeight) });

/** Adds `<name>OnPage` when a Display Width and the image's own size are known. */
export function withPage<T extends number | Point | Point[]>(name: string, value: T, displayWidthValue: unknown, image: ImageSize | undefined): IDataObject {
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
export function withDragPath(answer: IDataObject, dx: unknown, dy: unknown = 0): IDataObject {
	if (typeof dx !== 'number' || typeof dy !== 'number') return answer;
	const path = dragPath({ x: 0, y: 0 }, { x: dx, y: dy }, seedFrom(JSON.stringify([dx, dy])));
	return { ...answer, dragPath: relativePath(path, { x: 0, y: 0 }) };
}

/** A swipe's drag path, from `fromOnPage` to `toOnPage` (known when Display Width is set). */
export function withSwipePath(answer: IDataObject): IDataObject {
	const from = answer.fromOnPage as Point | undefined;
	const to = answer.toOnPage as Point | undefined;
	return from && to ? withDragPath(answer, to.x - from.x, to.y - from.y) : answer;
}

/** A swipe `{start, end}` (TikTok phone also sends an unexplained `end2`, left in `solution`). */
export function swipeSolution(solution: unknown, input: CaptchaInput): IDataObject {
	const expected = 'a solution {start: {x, y}, end: {x, y}}';
	const fields = solutionFields(solution, expected);
	const from = solutionPoint(solution, fields.start, expected);
	const to = solutionPoint(solution, fields.end, expected);
	return { ...withPage('from', from, input.params.displayWidth, sizeOf(input, 0)), ...withPage('to', to, input.params.displayWidth, sizeOf(input, 0)) };
}

export function objectsSolution(solution: unknown): number[] {
	const expected = 'a solution {objects: [numbers]}';
	return solutionIndexes(solution, solutionFields(solution, expected).objects, expected);
}

/** SliderAll's `{rects: [{x, y, w, h}]}`: the gap's box, in view px. */
export function rectsSolution(solution: unknown): IDataObject {
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
export function endXSolution(solution: unknown, input: CaptchaInput, imageIndex: number): IDataObject {
	const x = solutionNumber(solution, 'end.x', 'a solution {end: {x}}');
	return withPage('x', x, input.params.displayWidth, sizeOf(input, imageIndex));
}

export const OUT = {
	points: 'The two places to click, in order: [{x, y}, {x, y}]',
	objects: (base: string) => `The tiles or objects to click, as the service numbers them (${base}), in the order given`,
	token: 'The token to put into the page (g-recaptcha-response / h-captcha-response)',
	text: 'The characters read from the image',
};
