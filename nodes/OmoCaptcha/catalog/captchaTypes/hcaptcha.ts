import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError, solutionFields, solutionIndexes, solutionPair, UnexpectedResultError } from '../parsers';
import type { CaptchaSite } from '../types';
import { OUT, tokenResult, websiteData, websiteFields } from './shared';

/** hCaptcha: the token (v1 API) and the image challenge (v2 API). */
export const hcaptcha: CaptchaSite = {
	resource: { value: 'hcaptcha', name: 'hCaptcha' },
	types: [
		{
			resource: 'hcaptcha',
			operation: 'token',
			name: 'Token',
			action: 'Get an hCaptcha token',
			description: 'Answers the h-captcha-response token',
			images: [],
			fields: websiteFields,
			outputs: { token: OUT.token },
			v1: { typeJobId: 11, buildData: websiteData, parseResult: tokenResult },
		},
		{
			resource: 'hcaptcha',
			operation: 'image',
			name: 'Image Challenge',
			action: 'Solve an hCaptcha image challenge',
			description: 'Solves a grid, click or drag image challenge: answers tiles, points or drags',
			images: [
				{
					name: 'queryImages',
					displayName: 'Challenge Images',
					defaultBinaryProperty: 'data',
					description: 'The challenge: the 9 tiles of a grid in page order, or the one canvas image, or with Screenshot one screenshot (several separated by commas)',
					list: { counts: [1, 9] },
				},
				{
					name: 'exampleImages',
					displayName: 'Example Images',
					defaultBinaryProperty: '',
					description: 'The images in the challenge\'s header or example area, if it has any (separated by commas; empty when none)',
					optional: true,
					list: { counts: [0, 1, 2, 3] },
				},
			],
			fields: [
				{
					displayName: 'Question',
					name: 'question',
					type: 'string',
					default: '',
					placeholder: 'Pick all the cooking utensils and equipment',
					description: 'The challenge text (required unless Screenshot is on)',
				},
				{
					displayName: 'Screenshot',
					name: 'isScreenshot',
					type: 'boolean',
					default: false,
					description: 'Whether the one challenge image is a screenshot holding both the picture and the question',
				},
			],
			outputs: {
				answerType: '"objects" (grid), "click" or "drag" (canvas): which of the fields below is set',
				objects: OUT.objects('grid tiles in page order; base not documented: the example is [1, 3, 8]'),
				points: 'Canvas: the places to click, [{x, y}] in pixels of the challenge image (solution.coords)',
				drags: 'Canvas: the drags to make, [{from: {x, y}, to: {x, y}}] in pixels of the challenge image (solution.box)',
			},
			v2: {
				taskType: 'HcaptchaImageTask',
				buildTask(input) {
					const [queries, anchors] = input.images;
					if (input.params.isScreenshot === true) {
						if (queries.length !== 1) throw new InvalidInputError('Challenge Images', `takes one screenshot when Screenshot is on, got ${queries.length}`);
						return { queries, isScreenshot: true };
					}
					const question = String(input.params.question ?? '').trim();
					if (!question) throw new InvalidInputError('Question', 'is required unless Screenshot is on');
					return { anchors, queries, question };
				},
				parseSolution: parseHcaptchaSolution,
			},
		},
	],
};

/** The client does not choose hCaptcha's answer shape: `{objects}`, `{type: "click", coords}` or `{type: "drag", box}`. */
function parseHcaptchaSolution(solution: unknown): IDataObject {
	const expected = 'a solution {objects}, {type: "click", coords: [[x, y]]} or {type: "drag", box: [{start, end}]}';
	const fields = solutionFields(solution, expected);
	if (fields.type === 'click') {
		if (!Array.isArray(fields.coords) || fields.coords.length === 0) throw new UnexpectedResultError(solution, expected);
		return { answerType: 'click', points: fields.coords.map((pair) => solutionPair(solution, pair, expected)) };
	}
	if (fields.type === 'drag') {
		if (!Array.isArray(fields.box) || fields.box.length === 0) throw new UnexpectedResultError(solution, expected);
		const drags = fields.box.map((drag) => {
			const move = typeof drag === 'object' && drag !== null ? (drag as Record<string, unknown>) : {};
			return { from: solutionPair(solution, move.start, expected), to: solutionPair(solution, move.end, expected) };
		});
		return { answerType: 'drag', drags };
	}
	if (fields.objects !== undefined) return { answerType: 'objects', objects: solutionIndexes(solution, fields.objects, expected) };
	throw new UnexpectedResultError(solution, expected);
}
