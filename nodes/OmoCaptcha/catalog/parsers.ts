/**
 * Strict parsers for the `result` strings the service returns. A result that does not parse is
 * an error quoting it: a wrong drag offset silently fed to a browser is worse than a clear stop.
 */

export interface Point {
	x: number;
	y: number;
}

export class UnexpectedResultError extends Error {
	constructor(raw: unknown, expected: string) {
		const quoted = typeof raw === 'number' || raw === undefined ? String(raw) : JSON.stringify(raw);
		super(`Unexpected result ${quoted}: expected ${expected}`);
		this.name = 'UnexpectedResultError';
	}
}

/** Exactly `count` finite numbers, separated by `_`, `|`, `,` or spaces (the service uses all). */
export function parseNumbers(raw: unknown, count: number): number[] {
	const expected = count === 1 ? 'a number' : `${count} numbers separated by "_" or "|"`;
	const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
	if (!text) throw new UnexpectedResultError(raw, expected);
	const parts = text.split(/[\s_|,]+/);
	const numbers = parts.map((part) => (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(part) ? Number(part) : Number.NaN));
	if (numbers.length !== count || numbers.some((value) => !Number.isFinite(value))) {
		throw new UnexpectedResultError(raw, expected);
	}
	return numbers;
}

export function parseNumber(raw: unknown): number {
	return parseNumbers(raw, 1)[0];
}

/** `"x1_y1_x2_y2"` or `"x1|y1|x2|y2"` into two points. */
export function parsePointPair(raw: unknown): [Point, Point] {
	const [x1, y1, x2, y2] = parseNumbers(raw, 4);
	return [
		{ x: x1, y: y1 },
		{ x: x2, y: y2 },
	];
}

/** A non-empty text answer, trimmed. */
export function parseText(raw: unknown): string {
	if (typeof raw === 'number') return String(raw);
	if (typeof raw !== 'string' || raw.trim() === '') throw new UnexpectedResultError(raw, 'a text');
	return raw.trim();
}

/**
 * A token arrives as a string, or (per one documentation example) wrapped in an object such as
 * `{"token": "..."}` or `{"gRecaptchaResponse": "..."}`: both become the string.
 */
export function parseToken(raw: unknown): string {
	let value = raw;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			value = JSON.parse(value);
		} catch {
			// Not JSON after all: a token that happens to start with a brace.
		}
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const fields = value as Record<string, unknown>;
		const preferred = ['token', 'gRecaptchaResponse', 'g_recaptcha_response', 'response', 'result'];
		const key = preferred.find((name) => typeof fields[name] === 'string') ??
			Object.keys(fields).find((name) => typeof fields[name] === 'string');
		value = key === undefined ? undefined : fields[key];
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new UnexpectedResultError(raw, 'a token string');
	}
	return value.trim();
}

/** The untouched result as a string, for the `raw` output field. */
export function rawResultText(raw: unknown): string {
	if (raw === null || raw === undefined) return '';
	return typeof raw === 'string' ? raw : JSON.stringify(raw);
}
