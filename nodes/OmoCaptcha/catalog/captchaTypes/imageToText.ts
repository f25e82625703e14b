import { parseText, solutionText } from '../parsers';
import type { CaptchaSite } from '../types';
import { joinedImages, one, OUT, screenshot } from './shared';

/** Text captchas: the characters read from an image. */
export const imageToText: CaptchaSite = {
	resource: { value: 'imageToText', name: 'Image to Text' },
	types: [
		{
			resource: 'imageToText',
			operation: 'any',
			name: 'Any',
			action: 'Read the text of any image captcha',
			description: 'Reads the characters of a text captcha, any style (auto-detected)',
			images: [screenshot],
			fields: [
				{
					displayName: 'Module',
					name: 'module',
					type: 'string',
					default: '',
					placeholder: 'module_1',
					description: 'V2 only: the name of the captcha kind, when the service gave you one (none are published); empty = auto-detect',
				},
			],
			outputs: { text: OUT.text },
			v1: { typeJobId: 30, buildData: joinedImages, parseResult: (raw) => ({ text: parseText(raw) }) },
			v2: {
				taskType: 'ImageToTextTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), ...(String(input.params.module ?? '').trim() ? { module: String(input.params.module).trim() } : {}) }),
				parseSolution: (solution) => ({ text: solutionText(solution, 'text', 'a solution {text}') }),
			},
		},
		{
			resource: 'imageToText',
			operation: 'vietcombank',
			name: 'Vietcombank Style',
			action: 'Read the text of a Vietcombank style captcha',
			description: 'Reads the characters of a Vietcombank-style text captcha',
			images: [screenshot],
			fields: [],
			outputs: { text: OUT.text },
			v1: { typeJobId: 33, buildData: joinedImages, parseResult: (raw) => ({ text: parseText(raw) }) },
		},
	],
};
