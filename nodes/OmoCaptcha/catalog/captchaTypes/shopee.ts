import { parseNumber, solutionFields, solutionPoint } from '../parsers';
import type { CaptchaSite } from '../types';
import { displayWidth, endXSolution, joinedImages, one, OPTIONAL_PAGE_WIDTH, sizeOf, withDragPath, withPage } from './shared';

/** Shopee's sliders on the web. */
export const shopee: CaptchaSite = {
	resource: { value: 'shopee', name: 'Shopee' },
	types: [
		{
			resource: 'shopee',
			operation: 'sliderWeb',
			name: 'Slider (Web)',
			action: 'Solve a Shopee slider captcha',
			description: 'Drag the puzzle piece into place: answers the X coordinate to drag it to',
			images: [
				{ name: 'maskImage', displayName: 'Mask Image', defaultBinaryProperty: 'mask', description: 'The small puzzle-piece (mask) image' },
				{ name: 'backgroundImage', displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image with the gap' },
			],
			fields: [displayWidth(false, `${OPTIONAL_PAGE_WIDTH} Scales by the background image's width.`)],
			outputs: {
				x: 'X coordinate to drag the piece to, in pixels of the background image (v1 result, v2 solution.end.x)',
				xOnPage: 'x on the page, when Display Width is set: x × Display Width ÷ background width',
				dragPath: 'When Display Width is set, a human-like drag of xOnPage px: [{x, y, t}] in page px from the slider handle, t in ms after the press',
			},
			v1: {
				typeJobId: 26,
				buildData: joinedImages,
				// The piece starts at the image's left edge and follows the handle 1:1: drag by xOnPage.
				parseResult: (raw, input) => {
					const answer = withPage('x', parseNumber(raw), input.params.displayWidth, sizeOf(input, 1));
					return withDragPath(answer, answer.xOnPage);
				},
			},
			v2: {
				taskType: 'ShopeeSliderWebTask',
				buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)] }),
				parseSolution: (solution, input) => {
					const answer = endXSolution(solution, input, 1);
					return withDragPath(answer, answer.xOnPage);
				},
			},
		},
		{
			resource: 'shopee',
			operation: 'sliderRotateWeb',
			name: 'Slider, Unknown Trajectory (Web)',
			action: 'Solve a Shopee unknown trajectory slider captcha',
			description: 'The slider whose piece moves along an unknown path: answers the point to drag the piece to',
			images: [
				{ name: 'maskImage', displayName: 'Mask Image', defaultBinaryProperty: 'mask', description: 'The small puzzle-piece (mask) image' },
				{ name: 'backgroundImage', displayName: 'Background Image', defaultBinaryProperty: 'background', description: 'The background image' },
			],
			fields: [displayWidth(false, `${OPTIONAL_PAGE_WIDTH} Scales by the background image's width.`)],
			outputs: {
				point: 'The point {x, y} to drag the piece to, in pixels of the background image (v2 solution.point)',
				pointOnPage: 'point on the page, when Display Width is set',
			},
			v2: {
				taskType: 'ShopeeSliderWebTask',
				buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)], typeCaptcha: 'rotate' }),
				parseSolution(solution, input) {
					const expected = 'a solution {point: {x, y}}';
					const point = solutionPoint(solution, solutionFields(solution, expected).point, expected);
					return withPage('point', point, input.params.displayWidth, sizeOf(input, 1));
				},
			},
		},
	],
};
