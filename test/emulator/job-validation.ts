/**
 * createJob validation per job type, with the service's style of error messages
 * ("The image_base64 field is required."). Types listed in getService without rules here
 * (13, 14, 31, 41, 43, 44) accept any data.
 */
import { decodeBase64Image } from './image-info';

type JobData = Record<string, unknown>;
type Check = (data: JobData) => string | undefined;

/** How many `|`-joined images each image type takes in `image_base64`. */
export const IMAGE_COUNT_BY_TYPE: Readonly<Record<number, number>> = {
	21: 1, 22: 1, 23: 2, 24: 1, 25: 1, 26: 2, 30: 1, 33: 1, 45: 1,
};

const EXTRA_CHECKS: Readonly<Record<number, Check[]>> = {
	21: [positiveNumberField(['width_view'])],
	22: [positiveNumberField(['width_view', 'widthview']), positiveNumberField(['height_view', 'weightview', 'heightview'])],
	45: [requiredText('text')],
	1: [urlField('website_url'), requiredText('website_key')],
	11: [urlField('website_url'), requiredText('website_key')],
	3: [urlField('website_url'), requiredText('website_key'), scoreField('score'), requiredText('action')],
};

/** The error message for invalid job data, or undefined when the data is acceptable. */
export function validateJobData(typeId: number, data: JobData): string | undefined {
	const checks = [...(typeId in IMAGE_COUNT_BY_TYPE ? [imagesCheck(typeId)] : []), ...(EXTRA_CHECKS[typeId] ?? [])];
	for (const check of checks) {
		const message = check(data);
		if (message) return message;
	}
	return undefined;
}

/** The display size of a type-22 job, whichever spelling the client used. */
export function displaySize(data: JobData): { width: number; height: number } {
	return {
		width: toPositiveNumber(firstPresent(data, ['width_view', 'widthview'])) ?? 300,
		height: toPositiveNumber(firstPresent(data, ['height_view', 'weightview', 'heightview'])) ?? 300,
	};
}

function imagesCheck(typeId: number): Check {
	const expected = IMAGE_COUNT_BY_TYPE[typeId];
	return (data) => {
		const value = data.image_base64;
		if (typeof value !== 'string' || value === '') return 'The image_base64 field is required.';
		const parts = value.split('|');
		if (parts.length !== expected) {
			return expected === 1
				? `Type ${typeId} needs 1 image, got ${parts.length}.`
				: `Type ${typeId} needs ${expected} images separated by |.`;
		}
		if (parts.some((part) => !decodeBase64Image(part))) return 'image_base64 is not a valid base64 image.';
		return undefined;
	};
}

function requiredText(field: string): Check {
	return (data) => {
		const value = data[field];
		if (typeof value === 'string' ? value.trim() === '' : value === undefined || value === null) {
			return `The ${field} field is required.`;
		}
		return undefined;
	};
}

function urlField(field: string): Check {
	return (data) => {
		const missing = requiredText(field)(data);
		if (missing) return missing;
		try {
			const { protocol } = new URL(String(data[field]));
			if (protocol === 'http:' || protocol === 'https:') return undefined;
		} catch {
			// falls through to the message below
		}
		return `The ${field} field must be an http or https URL.`;
	};
}

function scoreField(field: string): Check {
	return (data) => {
		const missing = requiredText(field)(data);
		if (missing) return missing;
		const value = data[field];
		const score = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(',', '.')) : NaN;
		if (!Number.isFinite(score) || score < 0 || score > 1) return `The ${field} field must be a number between 0 and 1.`;
		return undefined;
	};
}

/** Accepts the first spelling present; the message names the preferred (first) spelling. */
function positiveNumberField(spellings: string[]): Check {
	const [preferred, ...others] = spellings;
	const alternatives = others.length ? ` (or ${others.join(' / ')})` : '';
	return (data) => {
		const value = firstPresent(data, spellings);
		if (value === undefined) return `The ${preferred}${alternatives} field is required.`;
		if (toPositiveNumber(value) === undefined) return `The ${preferred}${alternatives} field must be a positive number.`;
		return undefined;
	};
}

function firstPresent(data: JobData, spellings: string[]): unknown {
	for (const name of spellings) {
		const value = data[name];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

function toPositiveNumber(value: unknown): number | undefined {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(number) && number > 0 ? number : undefined;
}
