/**
 * Deterministic answers: every job's result is derived from an FNV-1a hash of its image_base64
 * (or of the job data's JSON when there is no image), so different images give different answers
 * and tests can compute the expected answer with `expectedResult`.
 */
import { decodeBase64Image } from './image-info';
import { displaySize } from './job-validation';

type JobData = Record<string, unknown>;
export type PointSeparator = '_' | '|';

/** Token types whose answer travels wrapped as `{"token": "..."}` (the docs show both shapes). */
const TOKEN_WRAPPED_TYPES = new Set([3]);

/** The result string the emulator gives for this job data (for type 3: the token inside the object). */
export function expectedResult(data: JobData, options: { pointSeparator?: PointSeparator } = {}): string {
	const next = numberStream(fnv1a(hashSource(data)));
	const separator = options.pointSeparator ?? '_';
	switch (Number(data.type_job_id)) {
		case 26: // Shopee slider: X coordinate to drag the piece to
			return String(next(20, 300));
		case 23: // TikTok rotate: angle
			return String(next(10, 350));
		case 21: // TikTok slider web: distance to drag
			return String(next(10, 250));
		case 22: { // TikTok 2 objects web: two points inside the display size
			const { width, height } = displaySize(data);
			return [...pointInside(next, width, height), ...pointInside(next, width, height)].join(separator);
		}
		case 25: { // TikTok 2 objects app: two points inside the screenshot
			const { width, height } = imageSize(data);
			return [...pointInside(next, width, height), ...pointInside(next, width, height)].join(separator);
		}
		case 24: { // TikTok slider app: drag from point to point, always '|'
			const { width, height } = imageSize(data);
			const y = next(0, Math.max(0, Math.floor(height) - 1));
			const maxX = Math.max(0, Math.floor(width) - 1);
			const fromX = next(0, Math.floor(maxX / 5));
			const toX = next(Math.min(fromX + 10, maxX), maxX);
			return [fromX, y, toX, y].join('|');
		}
		case 45: // FunCaptcha click: 1-based image index
			return String(next(1, 6));
		case 1:
		case 2:
		case 3:
			return '03AFcWeA' + randomText(next, 92, TOKEN_ALPHABET);
		case 11:
			return 'P1_eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.' + randomText(next, 64, TOKEN_ALPHABET);
		default: // image to text (30, 33) and the free-form types
			return randomText(next, next(5, 6), TEXT_ALPHABET);
	}
}

/** The `result` value the emulator puts on the wire for a successful job. */
export function resultPayload(data: JobData, options: { pointSeparator?: PointSeparator } = {}): string | { token: string } {
	const result = expectedResult(data, options);
	return TOKEN_WRAPPED_TYPES.has(Number(data.type_job_id)) ? { token: result } : result;
}

export const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TEXT_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function hashSource(data: JobData): string {
	if (typeof data.image_base64 === 'string' && data.image_base64 !== '') return data.image_base64;
	return stableJson({ ...data, type_job_id: String(data.type_job_id) });
}

export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** A seeded sequence of integers (mulberry32): next(min, max) is inclusive on both ends. */
export function numberStream(seed: number): (min: number, max: number) => number {
	let state = seed;
	return (min, max) => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		return min + Math.floor(unit * (max - min + 1));
	};
}

function pointInside(next: (min: number, max: number) => number, width: number, height: number): [number, number] {
	return [next(0, Math.max(0, Math.ceil(width) - 1)), next(0, Math.max(0, Math.ceil(height) - 1))];
}

function imageSize(data: JobData): { width: number; height: number } {
	const firstImage = typeof data.image_base64 === 'string' ? data.image_base64.split('|')[0] : '';
	const info = decodeBase64Image(firstImage);
	const known = (n: number | undefined): n is number => n !== undefined && n > 0;
	return info && known(info.width) && known(info.height) ? { width: info.width, height: info.height } : { width: 300, height: 300 };
}

export function randomText(next: (min: number, max: number) => number, length: number, alphabet: string): string {
	let text = '';
	for (let i = 0; i < length; i++) text += alphabet[next(0, alphabet.length - 1)];
	return text;
}
