import { ADB_OUTPUTS, adbCommandsField, checkingAdb, withAdbSwipe, withAdbTaps } from '../adbAnswer';
import { parseNumber, parsePointPair, solutionFields, solutionNumber, solutionPoint, UnexpectedResultError, type Point } from '../parsers';
import type { CaptchaSite } from '../types';
import {
	displayHeight,
	displayWidth,
	firstImage,
	joinedImages,
	one,
	OPTIONAL_PAGE_WIDTH,
	OUT,
	phoneScreenshot,
	questionField,
	screenshot,
	SENT_HEIGHT,
	SENT_WIDTH,
	sizeOf,
	swipeSolution,
	viewSize,
	withDragPath,
	withPage,
	withSwipePath,
} from './shared';

/**
 * TikTok's captchas on the web and in the app (phone). The web kinds send the display size and are
 * answered in page px; the phone kinds are answered in screenshot px.
 */
export const tiktok: CaptchaSite = {
	resource: { value: 'tiktok', name: 'TikTok' },
	types: [
		{
			resource: 'tiktok',
			operation: 'sliderWeb',
			name: 'Slider (Web)',
			action: 'Solve a TikTok slider captcha on the web',
			description: 'Drag the slider: answers the distance to drag it, in page pixels',
			images: [{ ...screenshot, displayName: 'Screenshot', description: 'Screenshot of the captcha' }],
			fields: [displayWidth(true, `${SENT_WIDTH} (width_view on v1, widthView on v2)`)],
			outputs: {
				distance: 'How far to drag, already in page pixels: the service was sent the display width (v1 result, v2 solution.end.x)',
				dragPath: 'A human-like drag of distance px: [{x, y, t}] in page px from the slider handle, t in ms after the press',
			},
			// The service scales to the width it is sent: a second scaling here would shrink the answer twice.
			v1: {
				typeJobId: 21,
				buildData: (input) => ({ image_base64: one(input, 0), width_view: input.params.displayWidth }),
				parseResult: (raw) => {
					const distance = parseNumber(raw);
					return withDragPath({ distance }, distance);
				},
			},
			v2: {
				taskType: 'TiktokSliderWebTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), widthView: Number(input.params.displayWidth) }),
				parseSolution: (solution) => {
					const distance = solutionNumber(solution, 'end.x', 'a solution {end: {x}}');
					return withDragPath({ distance }, distance);
				},
			},
		},
		{
			resource: 'tiktok',
			operation: 'selectTwoWeb',
			name: 'Select Two Same Shapes (Web)',
			action: 'Solve a TikTok select two same shapes captcha on the web',
			description: 'Click the two 3D objects with the same shape: answers two points in page pixels',
			images: [screenshot],
			fields: [displayWidth(true, SENT_WIDTH), displayHeight(true, SENT_HEIGHT)],
			outputs: { points: `${OUT.points}, in page pixels from the image's top-left corner (the service was sent the display size)` },
			v1: {
				typeJobId: 22,
				// The seed documents spell the size fields widthview/weightview, newer docs width_view/height_view.
				buildData: (input) => ({
					image_base64: one(input, 0),
					widthview: input.params.displayWidth,
					weightview: input.params.displayHeight,
					width_view: input.params.displayWidth,
					height_view: input.params.displayHeight,
				}),
				parseResult: (raw) => ({ points: parsePointPair(raw) }),
			},
			v2: {
				taskType: 'Tiktok3DSelectObjectWebTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), ...viewSize(input) }),
				parseSolution: (solution) => ({ points: pointPairSolution(solution) }),
			},
		},
		{
			resource: 'tiktok',
			operation: 'selectObjectsWeb',
			name: 'Select Objects by Question (Web)',
			action: 'Solve a TikTok select objects by question captcha on the web',
			description: 'Click the two objects the question asks for: answers two points in page pixels',
			images: [screenshot],
			fields: [displayWidth(true, SENT_WIDTH), displayHeight(true, SENT_HEIGHT), questionField('Which of these objects are used in hoops?')],
			outputs: { points: `${OUT.points}, in page pixels from the image's top-left corner (the service was sent the display size)` },
			v2: {
				taskType: 'TiktokSelectObjectWebTask',
				buildTask: (input) => ({ imageBase64: one(input, 0), ...viewSize(input), question: input.params.question }),
				parseSolution: (solution) => ({ points: pointPairSolution(solution) }),
			},
		},
		{
			resource: 'tiktok',
			operation: 'rotateWeb',
			name: 'Rotate (Web)',
			action: 'Solve a TikTok rotate captcha on the web',
			description: 'Rotate the inner image to fit the outer one: answers the rotation in degrees',
			images: [
				{ name: 'innerImage', displayName: 'Inner Image', defaultBinaryProperty: 'inner', description: 'The round inner image that rotates' },
				{ name: 'outerImage', displayName: 'Outer Image', defaultBinaryProperty: 'outer', description: 'The outer ring image' },
			],
			fields: [],
			outputs: {
				angle:
					'The clockwise turn in degrees, the same on both APIs: drag the slider (track length − handle length) × angle ÷ 360. v1: the number the service answers; v2: (1 − solution.rotate) × 360',
				dragFraction:
					'v2 only: the share of the slider\'s usable track to drag, 1 − solution.rotate (the service\'s formula: drag px = (track length − handle length) × (1 − rotate)); equals angle ÷ 360',
			},
			v1: {
				typeJobId: 23,
				buildData: joinedImages,
				parseResult: (raw) => ({ angle: parseNumber(raw) }),
			},
			v2: {
				taskType: 'TiktokRotateWebTask',
				// [inside, outside]: the rotating disc first, as on v1.
				buildTask: (input) => ({ imageBase64s: [one(input, 0), one(input, 1)] }),
				parseSolution(solution) {
					const rotate = solutionNumber(solution, 'rotate', 'a solution {rotate} between 0 and 1');
					if (rotate < 0 || rotate > 1) throw new UnexpectedResultError(solution, 'a solution {rotate} between 0 and 1');
					// The service's drag is (track − handle) × (1 − rotate): 1 − rotate of a turn, as v1's angle means.
					return { angle: Math.round((1 - rotate) * 36_000) / 100, dragFraction: Math.round((1 - rotate) * 10_000) / 10_000 };
				},
			},
		},
		{
			resource: 'tiktok',
			operation: 'sliderPhone',
			name: 'Slider (Phone)',
			action: 'Solve a TikTok slider captcha in the app',
			description: 'Drag the slider on a phone screenshot: answers the point to drag from and the point to drag to',
			images: [phoneScreenshot],
			fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
			outputs: {
				from: 'Where to start the swipe, {x, y} in screenshot pixels (v2 solution.start)',
				to: 'Where to end the swipe, {x, y} in screenshot pixels (v2 solution.end; the unexplained end2 stays in solution)',
				fromOnPage: 'from, scaled by Display Width ÷ screenshot width, when set',
				toOnPage: 'to, scaled likewise',
				dragPath: 'When Display Width is set, a human-like swipe from fromOnPage to toOnPage: [{x, y, t}] relative to fromOnPage, t in ms after the press',
				...ADB_OUTPUTS.swipe,
			},
			v1: {
				typeJobId: 24,
				buildData: checkingAdb(joinedImages),
				parseResult(raw, input) {
					const [from, to] = parsePointPair(raw);
					const answer = { ...withPage('from', from, input.params.displayWidth, sizeOf(input, 0)), ...withPage('to', to, input.params.displayWidth, sizeOf(input, 0)) };
					return withAdbSwipe(withSwipePath(answer), input);
				},
			},
			v2: {
				taskType: 'TiktokSliderPhoneTask',
				buildTask: checkingAdb(firstImage),
				parseSolution: (solution, input) => withAdbSwipe(withSwipePath(swipeSolution(solution, input)), input),
			},
		},
		{
			resource: 'tiktok',
			operation: 'selectTwoPhone',
			name: 'Select Two Same Shapes (Phone)',
			action: 'Solve a TikTok select two same shapes captcha in the app',
			description: 'Tap the two objects with the same shape on a phone screenshot: answers two points',
			images: [phoneScreenshot],
			fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
			outputs: {
				points: `${OUT.points}, in screenshot pixels`,
				pointsOnPage: 'points scaled by Display Width ÷ screenshot width, when set',
				...ADB_OUTPUTS.taps,
			},
			v1: {
				typeJobId: 25,
				buildData: checkingAdb(joinedImages),
				parseResult: (raw, input) => withAdbTaps(withPage('points', parsePointPair(raw), input.params.displayWidth, sizeOf(input, 0)), input),
			},
			v2: {
				taskType: 'Tiktok3DSelectObjectPhoneTask',
				buildTask: checkingAdb(firstImage),
				parseSolution: (solution, input) => withAdbTaps(withPage('points', pointPairSolution(solution), input.params.displayWidth, sizeOf(input, 0)), input),
			},
		},
	],
};

/** Two points from `{pointA, pointB}`. */
function pointPairSolution(solution: unknown): [Point, Point] {
	const expected = 'a solution {pointA: {x, y}, pointB: {x, y}}';
	const fields = solutionFields(solution, expected);
	return [solutionPoint(solution, fields.pointA, expected), solutionPoint(solution, fields.pointB, expected)];
}
