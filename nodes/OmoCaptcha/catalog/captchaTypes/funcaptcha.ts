import type { IDataObject } from 'n8n-workflow';

import { parseNumber, solutionNumber, UnexpectedResultError } from '../parsers';
import type { CaptchaSite } from '../types';
import { one, screenshot } from './shared';

/** FunCaptcha's click challenge. */
export const funcaptcha: CaptchaSite = {
	resource: { value: 'funcaptcha', name: 'FunCaptcha' },
	types: [
		{
			resource: 'funcaptcha',
			operation: 'click',
			name: 'Click',
			action: 'Solve a FunCaptcha click challenge',
			description: 'Picks the image that matches the instruction: answers its index and how many arrow presses reach it',
			images: [{ ...screenshot, description: 'The challenge image itself, not a screenshot' }],
			fields: [
				{
					displayName: 'Instruction',
					name: 'instruction',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'Use the arrows to rotate the object to face in the direction of the hand',
					description: 'The challenge text shown above the images',
				},
			],
			outputs: {
				index: 'The position of the right image, 1-based (the service\'s own numbering on both APIs)',
				clicksRight: 'How many times to press the right arrow: index − 1, as the first image already shows',
			},
			v1: {
				typeJobId: 45,
				buildData: (input) => ({ image_base64: one(input, 0), text: input.params.instruction }),
				parseResult: (raw) => funcaptchaIndex(raw, parseNumber(raw)),
			},
			v2: {
				taskType: 'FuncaptchaImageTask',
				// This type takes its instruction as `other`.
				buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.instruction }),
				parseSolution: (solution) => funcaptchaIndex(solution, solutionNumber(solution, 'index', 'a solution {index} (1-based)')),
			},
		},
	],
};

/** The service answers a 1-based index; reaching image N takes N - 1 presses of the arrow. */
function funcaptchaIndex(raw: unknown, index: number): IDataObject {
	if (!Number.isInteger(index) || index < 1) throw new UnexpectedResultError(raw, 'a 1-based image index');
	return { index, clicksRight: index - 1 };
}
