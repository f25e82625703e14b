/**
 * The v2 task types of docs/omocaptcha-api-v2.md as the emulator knows them: the fields
 * each createTask must carry (with their JSON types and image counts), the service list entry, and
 * a deterministic solution in the documented shape. Solutions derive from an FNV-1a hash of the
 * task's images (or of its JSON when it has none), so tests can compute them with `expectedSolution`.
 */
import { decodeBase64Image } from './image-info';
import { fnv1a, numberStream, randomText, stableJson, TOKEN_ALPHABET } from './results';

type Task = Record<string, unknown>;
type Next = (min: number, max: number) => number;
export type Solution = Record<string, unknown>;

/** How a canvas hCaptcha (one query image) is answered: the service picks; the emulator lets tests pick. */
export type HcaptchaCanvasShape = 'click' | 'drag';

export interface TaskSolveOptions {
	hcaptchaCanvas?: HcaptchaCanvasShape;
}

type FieldRule =
	| { kind: 'image'; required: boolean }
	| { kind: 'images'; count: number | number[]; required: boolean; allowEmpty?: boolean }
	| { kind: 'text'; required: boolean }
	| { kind: 'number'; required: boolean }
	| { kind: 'bool'; required: boolean }
	| { kind: 'url'; required: boolean };

export interface TaskSpec {
	type: string;
	/** Service list name and price of one solve (decimal string). */
	name: string;
	price: string;
	avgTime: string;
	fields: Record<string, FieldRule>;
	/** Extra rules on the whole task (forms with different required fields). */
	check?: (task: Task) => string | undefined;
	solve: (task: Task, next: Next, options: TaskSolveOptions) => Solution;
	/** The documented ready answer of this type also carries empty errorCode/errorDescription. */
	readyWithErrorStrings?: boolean;
}

const image = (required = true): FieldRule => ({ kind: 'image', required });
const text = (required = true): FieldRule => ({ kind: 'text', required });
const number = (required = true): FieldRule => ({ kind: 'number', required });

const point = (next: Next, width: number, height: number) => ({ x: next(0, Math.max(0, Math.ceil(width) - 1)), y: next(0, Math.max(0, Math.ceil(height) - 1)) });
const distinctSorted = (next: Next, count: number, below: number) => {
	const chosen = new Set<number>();
	while (chosen.size < Math.min(count, below)) chosen.add(next(0, below - 1));
	return [...chosen].sort((a, b) => a - b);
};
const selectObjects = (_task: Task, next: Next) => ({ objects: distinctSorted(next, next(1, 4), 9) });
const view = (task: Task) => ({ width: Number(task.widthView), height: Number(task.heightView) });

export const TASK_SPECS: TaskSpec[] = [
	{
		type: 'ImageToTextTask', name: 'Image To Text', price: '0.00030', avgTime: '3s',
		fields: { imageBase64: image(), module: text(false) },
		solve: (_task, next) => ({ text: randomText(next, next(4, 6), TEXT_ALPHABET) }),
	},
	{
		type: 'RecaptchaV2TokenTask', name: 'reCAPTCHA v2', price: '0.00055', avgTime: '60s',
		fields: { websiteURL: { kind: 'url', required: true }, websiteKey: text() },
		solve: (_task, next) => ({ gRecaptchaResponse: '03AFcWeA' + randomText(next, 92, TOKEN_ALPHABET) }),
	},
	{
		type: 'RecaptchaV3TokenTask', name: 'reCAPTCHA v3', price: '0.00100', avgTime: '20s',
		fields: { websiteURL: { kind: 'url', required: true }, websiteKey: text(), isEnterprise: { kind: 'bool', required: true }, pageAction: text() },
		solve: (_task, next) => ({ gRecaptchaResponse: '03AFcWeA' + randomText(next, 92, TOKEN_ALPHABET) }),
	},
	{
		type: 'RecaptchaV2ImageTask', name: 'reCAPTCHA v2 Image', price: '0.00080', avgTime: '10s',
		fields: { imageBase64: image(), question: text() },
		check: (task) => {
			const info = decodeBase64Image(String(task.imageBase64));
			return info?.width && [100, 300, 450].includes(info.width) && info.width === info.height
				? undefined
				: 'imageBase64 must be scaled to 100x100, 300x300 or 450x450.';
		},
		// 300 px: a 3x3 grid, 450 px: 4x4, 100 px: one replaced tile.
		solve: (task, next) => {
			const width = decodeBase64Image(String(task.imageBase64))?.width ?? 300;
			const tiles = width === 450 ? 16 : width === 300 ? 9 : 1;
			return { objects: distinctSorted(next, tiles === 1 ? 1 : next(1, 4), tiles), type: 'multi' };
		},
	},
	{
		type: 'HcaptchaImageTask', name: 'hCaptcha Image', price: '0.00080', avgTime: '10s', readyWithErrorStrings: true,
		fields: {
			anchors: { kind: 'images', count: [0, 1, 2, 3], required: false, allowEmpty: true },
			queries: { kind: 'images', count: [1, 9], required: true },
			question: text(false),
			isScreenshot: { kind: 'bool', required: false },
		},
		check: (task) => {
			if (task.isScreenshot === true) {
				return (task.queries as unknown[]).length === 1 ? undefined : 'The screenshot form takes exactly 1 image in queries.';
			}
			if (!Array.isArray(task.anchors)) return 'The anchors field is required (an array, [] when the challenge has none).';
			if (typeof task.question !== 'string' || task.question.trim() === '') return 'The question field is required.';
			return undefined;
		},
		solve: (task, next, options) => {
			const queries = task.queries as string[];
			if (queries.length === 9) return { objects: distinctSorted(next, next(1, 4), 9) };
			const info = decodeBase64Image(queries[0]);
			const width = info?.width ?? 500;
			const height = info?.height ?? 500;
			const xy = () => { const p = point(next, width, height); return [p.x, p.y]; };
			if (options.hcaptchaCanvas === 'drag') return { type: 'drag', box: [{ start: xy(), end: xy() }, { start: xy(), end: xy() }] };
			return { type: 'click', coords: [xy()] };
		},
	},
	{
		type: 'FuncaptchaImageTask', name: 'FunCaptcha Image', price: '0.00090', avgTime: '8s',
		fields: { imageBase64: image(), other: text() },
		solve: (_task, next) => ({ index: next(1, 6) }),
	},
	{
		type: 'Tiktok3DSelectObjectWebTask', name: 'TikTok 3D Select Object Web', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image(), widthView: number(), heightView: number() },
		solve: (task, next) => ({ pointA: point(next, view(task).width, view(task).height), pointB: point(next, view(task).width, view(task).height) }),
	},
	{
		type: 'TiktokSelectObjectWebTask', name: 'TikTok Select Object Web', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image(), widthView: number(), heightView: number(), question: text() },
		solve: (task, next) => ({ pointA: point(next, view(task).width, view(task).height), pointB: point(next, view(task).width, view(task).height) }),
	},
	{
		type: 'Tiktok3DSelectObjectPhoneTask', name: 'TikTok 3D Select Object Phone', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image() },
		solve: (task, next) => { const size = imageSizeOf(task.imageBase64); return { pointA: point(next, size.width, size.height), pointB: point(next, size.width, size.height) }; },
	},
	{
		type: 'TiktokRotateWebTask', name: 'TikTok Rotate Web', price: '0.00060', avgTime: '5s',
		fields: { imageBase64s: { kind: 'images', count: 2, required: true } },
		solve: (_task, next) => ({ rotate: next(1, 99) / 100 }),
	},
	{
		type: 'TiktokSliderWebTask', name: 'TikTok Slider Web', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image(), widthView: number() },
		solve: (task, next) => ({ end: { x: next(10, Math.max(10, Math.floor(Number(task.widthView)) - 1)) } }),
	},
	{
		type: 'TiktokSliderPhoneTask', name: 'TikTok Slider Phone', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image() },
		solve: (task, next) => {
			const { start, end } = swipe(task, next);
			return { start, end, end2: { ...end } };
		},
	},
	{
		type: 'ShopeeSliderWebTask', name: 'Shopee Slider Web', price: '0.00050', avgTime: '5s',
		fields: { imageBase64s: { kind: 'images', count: 2, required: true }, typeCaptcha: text(false) },
		check: (task) => (task.typeCaptcha === undefined || task.typeCaptcha === 'rotate' ? undefined : 'typeCaptcha must be "rotate" when given.'),
		solve: (task, next) => {
			const background = imageSizeOf((task.imageBase64s as string[])[1]);
			if (task.typeCaptcha === 'rotate') return { point: point(next, background.width, background.height) };
			return { end: { x: next(20, Math.max(20, background.width - 1)) } };
		},
	},
	{
		type: 'ZaloSliderPhoneTask', name: 'Zalo Slider Phone', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image() },
		solve: (task, next) => swipe(task, next),
	},
	{
		type: 'ZaloSelectObjectTask', name: 'Zalo Select Object', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image(), other: text() },
		solve: selectObjects,
	},
	{
		type: 'AmznSelectObjectTask', name: 'Amazon Select Object', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image(), other: text() },
		solve: selectObjects,
	},
	{
		type: 'GeetestSliderWebTask', name: 'Geetest Slider Web', price: '0.00060', avgTime: '5s',
		fields: { imageBase64: image() },
		solve: (task, next) => ({ end: { x: next(10, Math.max(10, imageSizeOf(task.imageBase64).width - 1)) } }),
	},
	{
		type: 'GeetestIconWebTask', name: 'Geetest Icon Web', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image(), anchorImageBase64s: { kind: 'images', count: 3, required: true } },
		solve: (task, next) => { const size = imageSizeOf(task.imageBase64); return { points: [0, 1, 2].map(() => point(next, size.width, size.height)) }; },
	},
	{
		type: 'GeetestGobangWebTask', name: 'Geetest Gobang Web', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image() },
		solve: (_task, next) => ({ swap_positions: distinctSorted(next, 2, 25) }),
	},
	{
		type: 'GeetestIconCrushWebTask', name: 'Geetest Icon Crush Web', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image() },
		solve: (_task, next) => ({ swap_positions: distinctSorted(next, 2, 9) }),
	},
	{
		type: 'GeetestSelectObjectTask', name: 'Geetest Select Object', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image(), question: text(), anchor: image() },
		solve: selectObjects,
	},
	{
		type: 'TencentSelectObjectTask', name: 'Tencent Select Object', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image(), question: text(), anchor: image(false) },
		solve: selectObjects,
	},
	{
		type: 'SliderAllWebTask', name: 'Slider All Web', price: '0.00060', avgTime: '5s', readyWithErrorStrings: true,
		fields: { imageBase64: image(), widthView: number(), heightView: number(false), puzzle: image(false), domain: text(false) },
		// The Tencent form (a puzzle piece) needs the iframe's domain and the display height too.
		check: (task) => {
			if (task.puzzle === undefined) return undefined;
			if (typeof task.domain !== 'string' || task.domain.trim() === '') return 'The domain field is required with puzzle (Tencent form).';
			if (task.heightView === undefined) return 'The heightView field is required with puzzle (Tencent form).';
			return undefined;
		},
		solve: (task, next) => {
			const width = Number(task.widthView);
			const size = imageSizeOf(task.imageBase64);
			const height = task.heightView !== undefined ? Number(task.heightView) : Math.round((size.height * width) / size.width);
			const w = next(30, 60);
			const h = next(30, 60);
			return { rects: [{ x: next(w, Math.max(w, Math.floor(width) - w)), y: next(0, Math.max(0, Math.floor(height) - h)), w, h }] };
		},
	},
];

export function findTaskSpec(type: unknown): TaskSpec | undefined {
	return TASK_SPECS.find((spec) => spec.type === type);
}

/** The error description for a task that breaks its type's rules, or undefined when it is acceptable. */
export function validateTask(spec: TaskSpec, task: Task): string | undefined {
	for (const [name, rule] of Object.entries(spec.fields)) {
		const value = task[name];
		if (value === undefined || value === null) {
			if (rule.required) return `The ${name} field is required.`;
			continue;
		}
		const problem = checkField(name, rule, value);
		if (problem) return problem;
	}
	return spec.check?.(task);
}

function checkField(name: string, rule: FieldRule, value: unknown): string | undefined {
	switch (rule.kind) {
		case 'image':
			return typeof value === 'string' && decodeBase64Image(value) ? undefined : `The ${name} field must be a base64 image.`;
		case 'images': {
			if (!Array.isArray(value)) return `The ${name} field must be an array of base64 images.`;
			const counts = Array.isArray(rule.count) ? rule.count : [rule.count];
			if (!counts.includes(value.length)) return `The ${name} field needs ${counts.join(' or ')} images, got ${value.length}.`;
			if (value.some((entry) => typeof entry !== 'string' || !decodeBase64Image(entry))) return `Every entry of ${name} must be a base64 image.`;
			return undefined;
		}
		case 'text':
			return typeof value === 'string' && value.trim() !== '' ? undefined : `The ${name} field must be a non-empty string.`;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : `The ${name} field must be a positive JSON number.`;
		case 'bool':
			return typeof value === 'boolean' ? undefined : `The ${name} field must be a JSON boolean.`;
		case 'url':
			try {
				const { protocol } = new URL(String(value));
				if (typeof value === 'string' && (protocol === 'http:' || protocol === 'https:')) return undefined;
			} catch {
				// falls through to the message below
			}
			return `The ${name} field must be an http or https URL.`;
	}
}

/** The solution the emulator gives for this task (its type must be known). */
export function expectedSolution(task: Task, options: TaskSolveOptions = {}): Solution {
	const spec = findTaskSpec(task.type);
	if (!spec) throw new Error(`Unknown task type ${String(task.type)}`);
	return spec.solve(task, numberStream(fnv1a(hashSource(task))), options);
}

function swipe(task: Task, next: Next) {
	const { width, height } = imageSizeOf(task.imageBase64);
	const y = next(0, Math.max(0, height - 1));
	const maxX = Math.max(0, width - 1);
	const fromX = next(0, Math.floor(maxX / 5));
	return { start: { x: fromX, y }, end: { x: next(Math.min(fromX + 10, maxX), maxX), y } };
}

function imageSizeOf(base64: unknown): { width: number; height: number } {
	const info = typeof base64 === 'string' ? decodeBase64Image(base64) : undefined;
	return info?.width && info.height ? { width: info.width, height: info.height } : { width: 300, height: 300 };
}

function hashSource(task: Task): string {
	const images = [task.imageBase64, task.imageBase64s, task.queries, task.anchorImageBase64s].flat().filter((value) => typeof value === 'string');
	if (images.length > 0) return `${String(task.type)}:${images.join('|')}:${String(task.typeCaptcha ?? '')}`;
	return stableJson(task);
}

const TEXT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
