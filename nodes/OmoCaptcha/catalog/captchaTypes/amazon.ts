import type { CaptchaSite } from '../types';
import { objectsSolution, one, OUT, questionField, screenshot } from './shared';

/** Amazon's picture grid. */
export const amazon: CaptchaSite = {
	resource: { value: 'amazon', name: 'Amazon' },
	types: [
		{
			resource: 'amazon',
			operation: 'selectObjects',
			name: 'Select Objects',
			action: 'Solve an Amazon select objects captcha',
			description: 'Pick every picture of the object asked for: answers the tiles to click',
			images: [{ ...screenshot, description: 'The picture grid only, not the whole widget' }],
			fields: [questionField('the bags', 'The object the captcha asks for')],
			outputs: { objects: OUT.objects('0-based: the documented answers contain 0') },
			v2: {
				taskType: 'AmznSelectObjectTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.question }),
				parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
			},
		},
	],
};
