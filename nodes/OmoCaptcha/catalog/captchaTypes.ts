import type { INodeProperties } from 'n8n-workflow';

import { dragPath, relativePath, seedFrom } from '../browser/dragPath';
import { pageScale, scalePoint, scaleValue } from './pageScale';
import {
	parseNumber,
	parsePointPair,
	parseText,
	parseToken,
	UnexpectedResultError,
} from './parsers';
import type { CaptchaImage, CaptchaInput, CaptchaResource, CaptchaType } from './types';

/**
 * The catalog: every OmoCaptcha job type the node offers. Adding a job type is one entry here
 * (plus its test); the node's dropdowns, fields, payloads and parsing all come from this table.
 */

export const captchaResources: CaptchaResource[] = [
	{ value: 'shopee', name: 'Shopee' },
	{ value: 'tiktok', name: 'TikTok' },
	{ value: 'imageToText', name: 'Image to Text' },
	{ value: 'recaptcha', name: 'reCAPTCHA' },
	{ value: 'hcaptcha', name: 'hCaptcha' },
	{ value: 'funcaptcha', name: 'FunCaptcha' },
];

const screenshot: CaptchaImage = {
	name: 'image',
	displayName: 'Image',
	defaultBinaryProperty: 'data',
	description: 'The captcha image',
};

/** Required where the service needs it (TikTok web), optional where it only scales the answer. */
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

const OPTIONAL_PAGE_WIDTH =
	'Width in pixels the image is shown at on the page (0 = not scaled). When set, the answer is also given in page coordinates.';

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

const joinedImages = ({ images }: CaptchaInput) => ({ image_base64: images.join('|') });
const tokenResult = (raw: unknown) => ({ token: parseToken(raw) });
const websiteData = ({ params }: CaptchaInput) => ({
	website_url: params.websiteUrl,
	website_key: params.websiteKey,
});

/**
 * A human-like drag for another browser node to replay: `[{x, y, t}]` in page px relative to the
 * slider handle's start, t in ms after the press (release after the last point). Seeded by the
 * answer, so the same answer gives the same path.
 */
function sliderDragPath(dx: number, dy: number, raw: unknown) {
	const path = dragPath({ x: 0, y: 0 }, { x: dx, y: dy }, seedFrom(String(raw)));
	return relativePath(path, { x: 0, y: 0 });
}

/** Two points in image pixels, plus the same points on the page when a display width is given. */
function pointsResult(raw: unknown, input: CaptchaInput, pageWidth: unknown) {
	const points = parsePointPair(raw);
	const scale = pageScale(pageWidth, input.imageSizes[0]);
	return scale === undefined ? { points } : { points, pointsOnPage: points.map((p) => scalePoint(p, scale)) };
}

export const captchaTypes: CaptchaType[] = [
	{
		typeJobId: 26,
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
		buildData: joinedImages,
		parseResult(raw, input) {
			const x = parseNumber(raw);
			const scale = pageScale(input.params.displayWidth, input.imageSizes[1]);
			if (scale === undefined) return { x };
			// The piece starts at the image's left edge and follows the handle 1:1.
			const xOnPage = scaleValue(x, scale);
			return { x, xOnPage, dragPath: sliderDragPath(xOnPage, 0, raw) };
		},
	},
	{
		typeJobId: 21,
		resource: 'tiktok',
		operation: 'sliderWeb',
		name: 'Slider (Web)',
		action: 'Solve a TikTok slider captcha on the web',
		description: 'Drag the slider: answers the distance to drag it',
		images: [{ ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the captcha' }],
		fields: [displayWidth(true, 'Width in pixels the captcha image is shown at on the page (sent as width_view)')],
		buildData: ({ images, params }) => ({ image_base64: images[0], width_view: params.displayWidth }),
		// The service is sent width_view and answers in those px: already the distance on the page.
		parseResult(raw, input) {
			const distance = parseNumber(raw);
			const shown = Number(input.params.displayWidth);
			if (!Number.isFinite(shown) || shown <= 0) return { distance };
			return { distance, distanceOnPage: distance, dragPath: sliderDragPath(distance, 0, raw) };
		},
	},
	{
		typeJobId: 22,
		resource: 'tiktok',
		operation: 'selectTwoWeb',
		name: 'Select Two Same Shapes (Web)',
		action: 'Solve a TikTok select two same shapes captcha on the web',
		description: 'Click the two objects with the same shape: answers two points',
		images: [screenshot],
		fields: [
			displayWidth(true, 'Width in pixels the captcha image is shown at on the page'),
			{
				displayName: 'Display Height',
				name: 'displayHeight',
				type: 'number',
				default: 212,
				required: true,
				typeOptions: { minValue: 0 },
				description: 'Height in pixels the captcha image is shown at on the page',
			},
		],
		// The seed documents spell the size fields widthview/weightview, newer docs width_view/height_view.
		buildData: ({ images, params }) => ({
			image_base64: images[0],
			widthview: params.displayWidth,
			weightview: params.displayHeight,
			width_view: params.displayWidth,
			height_view: params.displayHeight,
		}),
		parseResult: (raw) => ({ points: parsePointPair(raw) }),
	},
	{
		typeJobId: 23,
		resource: 'tiktok',
		operation: 'rotateWeb',
		name: 'Rotate (Web)',
		action: 'Solve a TikTok rotate captcha on the web',
		description: 'Rotate the inner image to fit the outer one: answers the rotation',
		images: [
			{ name: 'innerImage', displayName: 'Inner Image', defaultBinaryProperty: 'inner', description: 'The round inner image that rotates' },
			{ name: 'outerImage', displayName: 'Outer Image', defaultBinaryProperty: 'outer', description: 'The outer ring image' },
		],
		fields: [],
		buildData: joinedImages,
		parseResult: (raw) => ({ angle: parseNumber(raw) }),
	},
	{
		typeJobId: 24,
		resource: 'tiktok',
		operation: 'sliderPhone',
		name: 'Slider (Phone)',
		action: 'Solve a TikTok slider captcha in the app',
		description: 'Drag the slider on a phone screenshot: answers the point to drag from and the point to drag to',
		images: [{ ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the phone screen' }],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
		buildData: joinedImages,
		parseResult(raw, input) {
			const [from, to] = parsePointPair(raw);
			const scale = pageScale(input.params.displayWidth, input.imageSizes[0]);
			if (scale === undefined) return { from, to };
			const fromOnPage = scalePoint(from, scale);
			const toOnPage = scalePoint(to, scale);
			return { from, to, fromOnPage, toOnPage, dragPath: sliderDragPath(toOnPage.x - fromOnPage.x, toOnPage.y - fromOnPage.y, raw) };
		},
	},
	{
		typeJobId: 25,
		resource: 'tiktok',
		operation: 'selectTwoPhone',
		name: 'Select Two Same Shapes (Phone)',
		action: 'Solve a TikTok select two same shapes captcha in the app',
		description: 'Tap the two objects with the same shape on a phone screenshot: answers two points',
		images: [{ ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the phone screen' }],
		fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
		buildData: joinedImages,
		parseResult: (raw, input) => pointsResult(raw, input, input.params.displayWidth),
	},
	{
		typeJobId: 30,
		resource: 'imageToText',
		operation: 'any',
		name: 'Any',
		action: 'Read the text of any image captcha',
		description: 'Reads the characters of a text captcha, any style (auto-detected)',
		images: [screenshot],
		fields: [],
		buildData: joinedImages,
		parseResult: (raw) => ({ text: parseText(raw) }),
	},
	{
		typeJobId: 33,
		resource: 'imageToText',
		operation: 'vietcombank',
		name: 'Vietcombank Style',
		action: 'Read the text of a Vietcombank style captcha',
		description: 'Reads the characters of a Vietcombank-style text captcha',
		images: [screenshot],
		fields: [],
		buildData: joinedImages,
		parseResult: (raw) => ({ text: parseText(raw) }),
	},
	{
		typeJobId: 1,
		resource: 'recaptcha',
		operation: 'v2',
		name: 'V2',
		action: 'Get a reCAPTCHA v2 token',
		description: 'Answers the g-recaptcha-response token',
		images: [],
		fields: websiteFields,
		buildData: websiteData,
		parseResult: tokenResult,
	},
	{
		typeJobId: 2,
		resource: 'recaptcha',
		operation: 'v2Facebook',
		name: 'V2 (Facebook)',
		action: 'Get a Facebook reCAPTCHA v2 token',
		description: "Answers a token for Facebook's reCAPTCHA v2",
		images: [],
		fields: [],
		buildData: () => ({}),
		parseResult: tokenResult,
	},
	{
		typeJobId: 3,
		resource: 'recaptcha',
		operation: 'v3',
		name: 'V3',
		action: 'Get a reCAPTCHA v3 token',
		description: 'Answers a reCAPTCHA v3 token with at least the minimum score',
		images: [],
		fields: [
			...websiteFields,
			{
				displayName: 'Minimum Score',
				name: 'minimumScore',
				type: 'number',
				default: 0.3,
				typeOptions: { minValue: 0.1, maxValue: 0.9, numberPrecision: 1 },
				description: 'The lowest score the token must earn',
			},
			{
				displayName: 'Action',
				name: 'pageAction',
				type: 'string',
				default: 'verify',
				description: 'The action name the page passes to grecaptcha.execute',
			},
		],
		// The service's documentation writes the score with a decimal comma ("0,9").
		buildData: ({ params }) => ({
			website_url: params.websiteUrl,
			website_key: params.websiteKey,
			score: String(params.minimumScore).replace('.', ','),
			action: params.pageAction,
		}),
		parseResult: tokenResult,
	},
	{
		typeJobId: 11,
		resource: 'hcaptcha',
		operation: 'token',
		name: 'Token',
		action: 'Get an hCaptcha token',
		description: 'Answers the h-captcha-response token',
		images: [],
		fields: websiteFields,
		buildData: websiteData,
		parseResult: tokenResult,
	},
	{
		typeJobId: 45,
		resource: 'funcaptcha',
		operation: 'click',
		name: 'Click',
		action: 'Solve a FunCaptcha click challenge',
		description: 'Picks the image that matches the instruction: answers its index and how many arrow presses reach it',
		images: [screenshot],
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
		buildData: ({ images, params }) => ({ image_base64: images[0], text: params.instruction }),
		// The service answers a 1-based index; reaching image N takes N - 1 presses of the arrow.
		parseResult(raw) {
			const index = parseNumber(raw);
			if (!Number.isInteger(index) || index < 1) throw new UnexpectedResultError(raw, 'a 1-based image index');
			return { index, clicksRight: index - 1 };
		},
	},
];

export function findCaptchaType(resource: string, operation: string): CaptchaType | undefined {
	return captchaTypes.find((type) => type.resource === resource && type.operation === operation);
}

/** The catalog type of a job type id ("26" or 26), if the catalog has it. */
export function findCaptchaTypeById(typeJobId: unknown): CaptchaType | undefined {
	return captchaTypes.find((type) => String(type.typeJobId) === String(typeJobId));
}

export function resourceName(resource: string): string {
	return captchaResources.find((entry) => entry.value === resource)?.name ?? resource;
}

/** "TikTok: Rotate (Web)", for dropdowns and messages. */
export function captchaLabel(type: CaptchaType): string {
	return `${resourceName(type.resource)}: ${type.name}`;
}
