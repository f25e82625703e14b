import type { IDataObject } from 'n8n-workflow';

import { solutionFields, solutionIndexes, solutionPoint, UnexpectedResultError } from '../parsers';
import type { CaptchaSite } from '../types';
import {
	displayWidth,
	endXSolution,
	firstImage,
	objectsSolution,
	one,
	OPTIONAL_PAGE_WIDTH,
	OUT,
	questionField,
	screenshot,
	sizeOf,
	withPage,
} from './shared';

/** Geetest's web captchas (v2 API only). */
export const geetest: CaptchaSite = {
	resource: { value: 'geetest', name: 'Geetest' },
	types: [
		{
			resource: 'geetest',
			operation: 'sliderWeb',
			name: 'Slider (Web)',
			action: 'Solve a Geetest slider captcha',
			description: 'Drag the piece into the gap: answers the X coordinate to drag it to',
			images: [screenshot],
			fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
			outputs: { x: 'X coordinate to drag the piece to, in pixels of the image (solution.end.x)', xOnPage: 'x on the page, when Display Width is set' },
			v2: { taskType: 'GeetestSliderWebTask', buildTask: firstImage, parseSolution: (solution, input) => endXSolution(solution, input, 0) },
		},
		{
			resource: 'geetest',
			operation: 'icon',
			name: 'Icon (Web)',
			action: 'Solve a Geetest icon captcha',
			description: 'Click the three icons in order: answers three points',
			images: [
				{ ...screenshot, description: 'The main picture' },
				{
					name: 'iconImages',
					displayName: 'Icon Images',
					defaultBinaryProperty: 'icon1, icon2, icon3',
					description: 'The 3 icons to click, in their order, each its own image (separated by commas)',
					list: { counts: [3] },
				},
			],
			fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH)],
			outputs: { points: 'The three places to click, one per icon in the icons\' order, {x, y} in pixels of the main picture', pointsOnPage: 'points on the page, when Display Width is set' },
			v2: {
				taskType: 'GeetestIconWebTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), anchorImageBase64s: input.images[1] }),
				parseSolution(solution, input) {
					const expected = 'a solution {points: [{x, y} × 3]}';
					const list = solutionFields(solution, expected).points;
					if (!Array.isArray(list) || list.length !== 3) throw new UnexpectedResultError(solution, expected);
					return withPage('points', list.map((point) => solutionPoint(solution, point, expected)), input.params.displayWidth, sizeOf(input, 0));
				},
			},
		},
		{
			resource: 'geetest',
			operation: 'gobang',
			name: 'Gobang (Web)',
			action: 'Solve a Geetest gobang captcha',
			description: 'Swap two pieces to make a line: answers the two cells to swap',
			images: [{ ...screenshot, description: 'The board' }],
			fields: [],
			outputs: { swap: 'The two cells whose pieces to swap, as the service numbers them (base and order not documented; the example [2, 21] needs at least 22 cells)' },
			v2: { taskType: 'GeetestGobangWebTask', buildTask: firstImage, parseSolution: swapSolution },
		},
		{
			resource: 'geetest',
			operation: 'iconCrush',
			name: 'Icon Crush (Web)',
			action: 'Solve a Geetest icon crush captcha',
			description: 'Swap two icons to make a row: answers the two cells to swap',
			images: [{ ...screenshot, description: 'The icon grid' }],
			fields: [],
			outputs: { swap: 'The two cells to swap, as the service numbers them (base and order not documented)' },
			v2: { taskType: 'GeetestIconCrushWebTask', buildTask: firstImage, parseSolution: swapSolution },
		},
		{
			resource: 'geetest',
			operation: 'selectObjects',
			name: 'Select Objects',
			action: 'Solve a Geetest select objects captcha',
			description: 'Pick the pictures that match the question and its small image: answers the tiles to click',
			images: [
				{ ...screenshot, description: 'The picture grid' },
				{ name: 'anchorImage', displayName: 'Question Image', defaultBinaryProperty: 'anchor', description: 'The small image shown right after the question' },
			],
			fields: [questionField('Select 3 images with')],
			outputs: { objects: OUT.objects('0-based: the documented answer is [0, 1, 6]') },
			v2: {
				taskType: 'GeetestSelectObjectTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), question: input.params.question, anchor: one(input, 1) }),
				parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
			},
		},
	],
};

function swapSolution(solution: unknown): IDataObject {
	const expected = 'a solution {swap_positions: [a, b]}';
	return { swap: solutionIndexes(solution, solutionFields(solution, expected).swap_positions, expected, 2) };
}
