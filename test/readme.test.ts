/**
 * The README's captcha table and answer-field list are checked against the catalog: every kind
 * listed once with its v1 type ID and v2 task type side by side, the inputs the node shows, the
 * output fields its parsers really produce on either API, and what each field means.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { apiIds, captchaLabel, captchaResources, captchaTypes } from '../nodes/OmoCaptcha/catalog/captchaTypes';
import type { CaptchaInput, CaptchaType } from '../nodes/OmoCaptcha/catalog/types';
import { expectedResult } from './emulator/server';
import { expectedSolution } from './emulator/tasks';
import { makePng } from './fixtures/images';

const readme = readFileSync(`${__dirname}/../README.md`, 'utf8');
const between = (start: string, end: string) => readme.split(start)[1].split(end)[0];
const rows = between('<!-- captcha-table:start -->', '<!-- captcha-table:end -->')
	.trim()
	.split('\n')
	.slice(2)
	.map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
const answers = between('<!-- answer-fields:start -->', '<!-- answer-fields:end -->');

/** An input with every field filled, a display width and real PNGs (for the v2 checks of image size). */
function sampleInput(type: CaptchaType): CaptchaInput {
	const isHcaptcha = type.resource === 'hcaptcha';
	const images = type.images.map((image, index) => {
		const count = image.optional ? 0 : image.list ? image.list.counts[image.list.counts.length - 1] : 1;
		return Array.from({ length: count }, (_, n) => makePng(300, 300, [index * 40, n * 20, 100]).toString('base64'));
	});
	const params = Object.fromEntries(type.fields.map((field) => [field.name, field.type === 'number' ? 340 : field.type === 'boolean' ? false : 'x']));
	return {
		images: isHcaptcha ? [images[0], []] : images,
		imageSizes: images.map((list) => list.map(() => ({ width: 300, height: 300 }))),
		params,
	};
}

/** Every answer field the kind's parsers give for the emulator's answers, on both APIs and in every solution shape. */
function producedFields(type: CaptchaType): string[] {
	const input = sampleInput(type);
	const fields = new Set<string>();
	if (type.v1) {
		const data = { type_job_id: String(type.v1.typeJobId), ...type.v1.buildData(input) };
		Object.keys(type.v1.parseResult(expectedResult(data), input)).forEach((key) => fields.add(key));
	}
	if (type.v2) {
		const task = { type: type.v2.taskType, ...type.v2.buildTask(input) };
		const shapes = [expectedSolution(task)];
		if (type.resource === 'hcaptcha') {
			const canvas = { ...task, queries: [input.images[0][0]] };
			shapes.push(expectedSolution(canvas, { hcaptchaCanvas: 'click' }), expectedSolution(canvas, { hcaptchaCanvas: 'drag' }));
		}
		for (const solution of shapes) Object.keys(type.v2.parseSolution(solution, input)).forEach((key) => fields.add(key));
	}
	return [...fields];
}

describe('README captcha table', () => {
	it('lists every catalog kind exactly once, and nothing else', () => {
		expect(rows.map((row) => row[2]).sort()).toEqual(
			captchaTypes.map((type) => `${captchaResources.find((entry) => entry.value === type.resource)!.name} → ${type.name}`).sort(),
		);
	});

	for (const type of captchaTypes) {
		it(`documents ${captchaLabel(type)} with its v1 ID, v2 task type, inputs and output fields`, () => {
			const resource = captchaResources.find((entry) => entry.value === type.resource)!.name;
			const row = rows.find((entry) => entry[2] === `${resource} → ${type.name}`)!;
			const [v1Id, v2Type, , inputs, outputs] = row;
			expect(`${v1Id} / ${v2Type}`).toBe(apiIds(type));
			const expectedInputs = [
				...type.images.map((image) => (image.optional ? `${image.displayName} (optional)` : image.displayName)),
				...type.fields.map((field) => (field.required ? field.displayName : `${field.displayName} (optional)`)),
			];
			expect(inputs).toBe(expectedInputs.join(', ') || '—');
			expect(outputs.split(', ')).toEqual(Object.keys(type.outputs));
			expect(Object.keys(type.outputs).sort()).toEqual(producedFields(type).sort());
		});

		it(`says what each answer field of ${captchaLabel(type)} means`, () => {
			const section = answers.split(`**${captchaLabel(type)}**`)[1]?.split('\n\n')[0] ?? '';
			for (const [field, meaning] of Object.entries(type.outputs)) expect(section).toContain(`\`${field}\`: ${meaning}`);
		});
	}
});
