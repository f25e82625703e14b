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

// ---------------------------------------------------------------------------------------------
// v2 solutions: typed objects. Numbers may also arrive as numeric strings (the documentation's
// examples are hand-written); anything else fails with the solution quoted.

/** The solution object itself; `expected` describes the whole shape for the message. */
export function solutionFields(solution: unknown, expected: string): Record<string, unknown> {
	if (typeof solution !== 'object' || solution === null || Array.isArray(solution)) {
		throw new UnexpectedResultError(solution, expected);
	}
	return solution as Record<string, unknown>;
}

function finiteNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
	return undefined;
}

/** `solution.<path>` as a number (`path` like "end.x"). */
export function solutionNumber(solution: unknown, path: string, expected: string): number {
	let value: unknown = solution;
	for (const key of path.split('.')) {
		value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
	}
	const number = finiteNumber(value);
	if (number === undefined) throw new UnexpectedResultError(solution, expected);
	return number;
}

/** A `{x, y}` object. */
export function solutionPoint(solution: unknown, value: unknown, expected: string): Point {
	const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	const x = finiteNumber(fields.x);
	const y = finiteNumber(fields.y);
	if (x === undefined || y === undefined) throw new UnexpectedResultError(solution, expected);
	return { x, y };
}

/** An `[x, y]` pair (hCaptcha canvas answers). */
export function solutionPair(solution: unknown, value: unknown, expected: string): Point {
	const [x, y] = Array.isArray(value) && value.length === 2 ? value.map(finiteNumber) : [];
	if (x === undefined || y === undefined) throw new UnexpectedResultError(solution, expected);
	return { x, y };
}

/** A list of whole numbers (tiles, cells), as the service numbers them. */
export function solutionIndexes(solution: unknown, value: unknown, expected: string, count?: number): number[] {
	const list = Array.isArray(value) ? value.map(finiteNumber) : undefined;
	if (!list || list.some((entry) => entry === undefined || !Number.isInteger(entry) || entry < 0) || (count !== undefined && list.length !== count)) {
		throw new UnexpectedResultError(solution, expected);
	}
	return list as number[];
}

/** A non-empty string field (tokens, texts). */
export function solutionText(solution: unknown, key: string, expected: string): string {
	const value = solutionFields(solution, expected)[key];
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string' || value.trim() === '') throw new UnexpectedResultError(solution, expected);
	return value.trim();
}

/**
 * An item's input that a kind cannot send (a field needed in one form, a wrong image count):
 * the node reports it with the item and the field.
 */
export class InvalidInputError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`field "${field}": ${problem}`);
		this.name = 'InvalidInputError';
	}
}
