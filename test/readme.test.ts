/**
 * The README's captcha table is checked against the catalog: every type listed once, with the
 * inputs the node shows and the output fields its parser really produces.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { captchaResources, captchaTypes } from '../nodes/OmoCaptcha/catalog/captchaTypes';
import { expectedResult } from './emulator/server';

const readme = readFileSync(`${__dirname}/../README.md`, 'utf8');
const table = readme.split('<!-- captcha-table:start -->')[1].split('<!-- captcha-table:end -->')[0];
const rows = table
	.trim()
	.split('\n')
	.slice(2)
	.map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

/** A result in the documented format, parsed with a display width and a known image size. */
function outputFieldsOf(type: (typeof captchaTypes)[number]): string[] {
	const data: Record<string, unknown> = { type_job_id: String(type.typeJobId), image_base64: 'AAAA', text: 'x', widthview: 340, weightview: 212 };
	const params = Object.fromEntries(type.fields.map((field) => [field.name, field.type === 'number' ? 340 : 'x']));
	const sizes = type.images.map(() => ({ width: 680, height: 400 }));
	return Object.keys(type.parseResult(expectedResult(data), { images: [], imageSizes: sizes, params }));
}

describe('README captcha table', () => {
	it('lists every catalog type exactly once, and nothing else', () => {
		expect(rows.map((row) => Number(row[0])).sort((a, b) => a - b)).toEqual(captchaTypes.map((type) => type.typeJobId).sort((a, b) => a - b));
	});

	for (const type of captchaTypes) {
		it(`documents type ${type.typeJobId} with its operation, inputs and output fields`, () => {
			const [, operation, inputs, outputs] = rows.find((row) => Number(row[0]) === type.typeJobId)!;
			const resource = captchaResources.find((entry) => entry.value === type.resource)!.name;
			expect(operation).toBe(`${resource} → ${type.name}`);
			const expectedInputs = [
				...type.images.map((image) => image.displayName),
				...type.fields.map((field) => (field.required ? field.displayName : `${field.displayName} (optional)`)),
			];
			expect(inputs).toBe(expectedInputs.join(', ') || '—');
			expect(outputs.split(', ')).toEqual(outputFieldsOf(type));
		});
	}
});
