import type { CaptchaSite } from '../types';
import {
	displayHeight,
	displayWidth,
	objectsSolution,
	one,
	OUT,
	questionField,
	rectsSolution,
	screenshot,
	SENT_HEIGHT,
	SENT_WIDTH,
	viewSize,
} from './shared';

/** Tencent's captchas (v2 API only); its slider travels as SliderAllWebTask with the iframe's domain. */
export const tencent: CaptchaSite = {
	resource: { value: 'tencent', name: 'Tencent' },
	types: [
		{
			resource: 'tencent',
			operation: 'selectObjects',
			name: 'Select Objects',
			action: 'Solve a Tencent select objects captcha',
			description: 'Pick what the question asks for: answers the objects to click',
			images: [
				{ ...screenshot, description: 'The picture' },
				{
					name: 'anchorImage',
					displayName: 'Question Image',
					defaultBinaryProperty: '',
					description: 'The image after the question, if the captcha shows one (leave empty otherwise)',
					optional: true,
				},
			],
			fields: [questionField('Click the cat')],
			outputs: { objects: OUT.objects('base not documented; the example is [4, 5]') },
			v2: {
				taskType: 'TencentSelectObjectTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), question: input.params.question, ...(input.images[1].length ? { anchor: one(input, 1) } : {}) }),
				parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
			},
		},
		{
			resource: 'tencent',
			operation: 'sliderWeb',
			name: 'Slider (Web)',
			action: 'Solve a Tencent slider captcha',
			description: 'Drag the puzzle piece into the gap: answers the gap\'s box in page pixels',
			images: [
				{ ...screenshot, displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image' },
				{ name: 'puzzleImage', displayName: 'Puzzle Image', defaultBinaryProperty: 'puzzle', description: 'The puzzle piece image' },
			],
			fields: [
				{
					displayName: 'Captcha Domain',
					name: 'domain',
					type: 'string',
					default: 'global.captcha.gtimg.com',
					required: true,
					description: 'Domain of the iframe that holds the captcha',
				},
				displayWidth(true, SENT_WIDTH),
				{ ...displayHeight(true, SENT_HEIGHT), default: 243 },
			],
			outputs: {
				x: 'Left edge of the gap, in page pixels (the service was sent the display size): drag the piece until its left edge reaches it',
				rect: 'The gap\'s box {x, y, w, h} in page pixels (the first of rects)',
				rects: 'Every box the service answered',
			},
			v2: {
				taskType: 'SliderAllWebTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), puzzle: one(input, 1), domain: input.params.domain, ...viewSize(input) }),
				parseSolution: rectsSolution,
			},
		},
	],
};
