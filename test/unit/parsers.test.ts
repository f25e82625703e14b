import { describe, expect, it } from 'vitest';

import {
	parseNumber,
	parseNumbers,
	parsePointPair,
	parseText,
	parseToken,
	rawResultText,
	UnexpectedResultError,
} from '../../nodes/OmoCaptcha/catalog/parsers';

/** Runs `fn`, expects an UnexpectedResultError and returns it. */
function catchResultError(fn: () => unknown): UnexpectedResultError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(UnexpectedResultError);
		return error as UnexpectedResultError;
	}
	throw new Error('expected an UnexpectedResultError, but nothing was thrown');
}

describe('parsePointPair', () => {
	it('reads the seed format "x1_y1_x2_y2"', () => {
		expect(parsePointPair('12_34_56_78')).toEqual([
			{ x: 12, y: 34 },
			{ x: 56, y: 78 },
		]);
	});

	it('reads the newer format "x1|y1|x2|y2"', () => {
		expect(parsePointPair('12|34|56|78')).toEqual([
			{ x: 12, y: 34 },
			{ x: 56, y: 78 },
		]);
	});

	it('accepts "_", "|", "," and spaces between point coordinates, mixed and repeated', () => {
		const expected = [
			{ x: 1, y: 2 },
			{ x: 3, y: 4 },
		];
		expect(parsePointPair('1,2,3,4')).toEqual(expected);
		expect(parsePointPair('1 2 3 4')).toEqual(expected);
		expect(parsePointPair('1, 2 | 3 _ 4')).toEqual(expected);
		expect(parsePointPair('1_2|3,4')).toEqual(expected);
		expect(parsePointPair('  1 |  2\t|3\n| 4  ')).toEqual(expected);
	});

	it('keeps decimals and negative numbers', () => {
		expect(parsePointPair('12.5_-3_+4.25_.5')).toEqual([
			{ x: 12.5, y: -3 },
			{ x: 4.25, y: 0.5 },
		]);
	});

	it.each([
		['three numbers', '1_2_3'],
		['five numbers', '1_2_3_4_5'],
		['one number', '42'],
		['a leading separator (empty first coordinate)', '_1_2_3_4'],
		['a trailing separator (empty last coordinate)', '1_2_3_4_'],
		['a coordinate that is not a number', '1_2_x_4'],
		['a NaN coordinate', '1_2_NaN_4'],
		['an Infinity coordinate', '1_2_Infinity_4'],
		['an exponent', '1_2_3e2_4'],
		['a coordinate with trailing letters', '1_2_3px_4'],
	])('rejects a result with %s, quoting it', (_label, raw) => {
		const error = catchResultError(() => parsePointPair(raw));
		expect(error.message).toContain(JSON.stringify(raw));
		expect(error.message).toContain('4 numbers');
	});

	it('rejects a numeric (non-string) result: one number is not two points', () => {
		catchResultError(() => parsePointPair(1234));
	});
});

describe('parseNumber', () => {
	it('reads integers, decimals, signs and surrounding whitespace', () => {
		expect(parseNumber('123')).toBe(123);
		expect(parseNumber(' 50 ')).toBe(50);
		expect(parseNumber('12.75')).toBe(12.75);
		expect(parseNumber('-7')).toBe(-7);
		expect(parseNumber('+7')).toBe(7);
		expect(parseNumber('.5')).toBe(0.5);
		expect(parseNumber('5.')).toBe(5);
		expect(parseNumber('0')).toBe(0);
	});

	it('accepts a result that already arrived as a JSON number', () => {
		expect(parseNumber(123)).toBe(123);
		expect(parseNumber(-4.5)).toBe(-4.5);
		expect(parseNumber(0)).toBe(0);
	});

	it.each([
		['an empty string', ''],
		['only whitespace', '   '],
		['null (the running/failed result)', null],
		['undefined', undefined],
		['trailing letters', '12abc'],
		['leading letters', 'abc12'],
		['an exponent (the service never sends one; strict parsing rejects it)', '1e5'],
		['hex', '0x10'],
		['the word NaN', 'NaN'],
		['the word Infinity', 'Infinity'],
		['two numbers', '12_34'],
		['a decimal comma (a comma separates numbers)', '12,5'],
		['a lone sign', '-'],
		['a lone dot', '.'],
		['an object', { x: 12 }],
		['an array', [12]],
		['a boolean', true],
	])('rejects %s with an UnexpectedResultError', (_label, raw) => {
		const error = catchResultError(() => parseNumber(raw));
		expect(error.message).toContain('expected a number');
	});

	it.each([NaN, Infinity, -Infinity])('rejects the non-finite number %s', (raw) => {
		catchResultError(() => parseNumber(raw));
	});

	it('quotes the raw result in the message', () => {
		expect(catchResultError(() => parseNumber('12abc')).message).toBe(
			'Unexpected result "12abc": expected a number',
		);
		expect(catchResultError(() => parseNumber('')).message).toBe('Unexpected result "": expected a number');
		expect(catchResultError(() => parseNumber(null)).message).toBe('Unexpected result null: expected a number');
	});

	it('names the error UnexpectedResultError', () => {
		expect(catchResultError(() => parseNumber('x')).name).toBe('UnexpectedResultError');
	});
});

describe('parseNumbers', () => {
	it('returns exactly the requested count of numbers', () => {
		expect(parseNumbers('1|2|3', 3)).toEqual([1, 2, 3]);
		expect(parseNumbers('7', 1)).toEqual([7]);
	});

	it('rejects a wrong count, saying how many numbers it expected', () => {
		const error = catchResultError(() => parseNumbers('1|2', 3));
		expect(error.message).toBe('Unexpected result "1|2": expected 3 numbers separated by "_" or "|"');
	});
});

describe('parseText', () => {
	it('returns the text trimmed', () => {
		expect(parseText('  aB3dE ')).toBe('aB3dE');
		expect(parseText('x')).toBe('x');
	});

	it('keeps inner spaces and case', () => {
		expect(parseText('Ab cD')).toBe('Ab cD');
	});

	it('turns a numeric result into its digits', () => {
		expect(parseText(12345)).toBe('12345');
	});

	it.each([
		['an empty string', ''],
		['only whitespace', '  \n '],
		['null', null],
		['undefined', undefined],
		['an object', { text: 'abc' }],
	])('rejects %s, quoting it', (_label, raw) => {
		const error = catchResultError(() => parseText(raw));
		expect(error.message).toBe(`Unexpected result ${JSON.stringify(raw)}: expected a text`);
	});
});

describe('parseToken', () => {
	it('returns a plain string token, trimmed', () => {
		expect(parseToken('03AFcWeA-abc_123')).toBe('03AFcWeA-abc_123');
		expect(parseToken('  tok  ')).toBe('tok');
	});

	it('unwraps a {token} object', () => {
		expect(parseToken({ token: '03AFcWeA-abc' })).toBe('03AFcWeA-abc');
	});

	it('unwraps other documented wrapper keys', () => {
		expect(parseToken({ gRecaptchaResponse: 'g1' })).toBe('g1');
		expect(parseToken({ g_recaptcha_response: 'g2' })).toBe('g2');
		expect(parseToken({ response: 'r' })).toBe('r');
		expect(parseToken({ result: 'res' })).toBe('res');
	});

	it('prefers "token" over other string fields', () => {
		expect(parseToken({ other: 'no', result: 'nope', token: 'yes' })).toBe('yes');
	});

	it('falls back to the first string field of an unknown wrapper', () => {
		expect(parseToken({ count: 1, value: 'v' })).toBe('v');
	});

	it('unwraps a JSON string of an object', () => {
		expect(parseToken('{"token":"03AF-json"}')).toBe('03AF-json');
		expect(parseToken(' {"gRecaptchaResponse": "g-json"} ')).toBe('g-json');
	});

	it('keeps a token that merely starts with a brace but is not JSON', () => {
		expect(parseToken('{not-json')).toBe('{not-json');
	});

	it.each([
		['an empty string', ''],
		['only whitespace', '   '],
		['null', null],
		['undefined', undefined],
		['a number', 42],
		['an object without a string field', { token: 5 }],
		['an object with an empty token', { token: '' }],
		['an empty object', {}],
		['an array', ['tok']],
		['a JSON string of an object without a token', '{"token":null}'],
	])('rejects %s, quoting it', (_label, raw) => {
		const error = catchResultError(() => parseToken(raw));
		expect(error.message).toBe(`Unexpected result ${JSON.stringify(raw)}: expected a token string`);
	});
});

describe('rawResultText', () => {
	it('gives strings unchanged, null/undefined as "", anything else as JSON', () => {
		expect(rawResultText(' 12_34 ')).toBe(' 12_34 ');
		expect(rawResultText(null)).toBe('');
		expect(rawResultText(undefined)).toBe('');
		expect(rawResultText({ token: 't' })).toBe('{"token":"t"}');
		expect(rawResultText(5)).toBe('5');
	});
});
