import { InvalidInputError, solutionFields, solutionText } from '../parsers';
import type { CaptchaInput, CaptchaSite } from '../types';
import { objectsSolution, one, OUT, questionField, screenshot, sizeOf, tokenResult, websiteData, websiteFields } from './shared';

/** reCAPTCHA: tokens (v2, v2 for Facebook, v3) and the v2 image challenge. */
export const recaptcha: CaptchaSite = {
	resource: { value: 'recaptcha', name: 'reCAPTCHA' },
	types: [
		{
			resource: 'recaptcha',
			operation: 'v2',
			name: 'V2',
			action: 'Get a reCAPTCHA v2 token',
			description: 'Answers the g-recaptcha-response token',
			images: [],
			fields: websiteFields,
			outputs: { token: OUT.token },
			v1: { typeJobId: 1, buildData: websiteData, parseResult: tokenResult },
			v2: { taskType: 'RecaptchaV2TokenTask', buildTask: websiteTask, parseSolution: tokenSolution },
		},
		{
			resource: 'recaptcha',
			operation: 'v2Facebook',
			name: 'V2 (Facebook)',
			action: 'Get a Facebook reCAPTCHA v2 token',
			description: "Answers a token for Facebook's reCAPTCHA v2",
			images: [],
			fields: [],
			outputs: { token: OUT.token },
			v1: { typeJobId: 2, buildData: () => ({}), parseResult: tokenResult },
		},
		{
			resource: 'recaptcha',
			operation: 'v3',
			name: 'V3',
			action: 'Get a reCAPTCHA v3 token',
			description: 'Answers a reCAPTCHA v3 token',
			images: [],
			fields: [
				...websiteFields,
				{
					displayName: 'Minimum Score',
					name: 'minimumScore',
					type: 'number',
					default: 0.3,
					typeOptions: { minValue: 0.1, maxValue: 0.9, numberPrecision: 1 },
					description: 'V1 only: the lowest score the token must earn (v2 has no such field)',
				},
				{
					displayName: 'Action',
					name: 'pageAction',
					type: 'string',
					default: 'verify',
					description: 'The action name the page passes to grecaptcha.execute (its data-action)',
				},
				{
					displayName: 'Enterprise',
					name: 'isEnterprise',
					type: 'boolean',
					default: false,
					description: 'Whether the site uses reCAPTCHA Enterprise (v2 only; required there)',
				},
			],
			outputs: { token: OUT.token },
			v1: {
				typeJobId: 3,
				// The service's documentation writes the score with a decimal comma ("0,9").
				buildData: ({ params }) => ({
					website_url: params.websiteUrl,
					website_key: params.websiteKey,
					score: String(params.minimumScore).replace('.', ','),
					action: params.pageAction,
				}),
				parseResult: tokenResult,
			},
			v2: {
				taskType: 'RecaptchaV3TokenTask',
				buildTask(input) {
					const pageAction = String(input.params.pageAction ?? '').trim();
					if (!pageAction) throw new InvalidInputError('Action', 'is required by the v2 API');
					return { ...websiteTask(input), isEnterprise: input.params.isEnterprise === true, pageAction };
				},
				parseSolution: tokenSolution,
			},
		},
		{
			resource: 'recaptcha',
			operation: 'v2Image',
			name: 'V2 Image Challenge',
			action: 'Solve a reCAPTCHA v2 image challenge',
			description: 'Picks the tiles of an image challenge: answers their positions',
			images: [{ ...screenshot, description: 'The challenge image, scaled to 100×100 (one new tile), 300×300 (3×3 grid) or 450×450 (4×4 grid)' }],
			fields: [questionField('traffic lights', 'The object the challenge asks for')],
			outputs: {
				objects: OUT.objects('row by row; base not documented: the example is [1, 5, 8]'),
				answerType: 'The kind of answer the service gives ("multi" in the documentation)',
			},
			v2: {
				taskType: 'RecaptchaV2ImageTask',
				buildTask(input) {
					const size = sizeOf(input, 0);
					if (size && !(size.width === size.height && [100, 300, 450].includes(size.width))) {
						throw new InvalidInputError('Image', `is ${size.width}×${size.height}: the service needs it scaled to 100×100, 300×300 or 450×450`);
					}
					return { imageBase64: one(input, 0), question: input.params.question };
				},
				parseSolution(solution) {
					const fields = solutionFields(solution, 'a solution {objects, type}');
					return { objects: objectsSolution(solution), answerType: typeof fields.type === 'string' ? fields.type : '' };
				},
			},
		},
	],
};

function websiteTask({ params }: CaptchaInput) {
	return { websiteURL: params.websiteUrl, websiteKey: params.websiteKey };
}

function tokenSolution(solution: unknown) {
	return { token: solutionText(solution, 'gRecaptchaResponse', 'a solution {gRecaptchaResponse}') };
}
