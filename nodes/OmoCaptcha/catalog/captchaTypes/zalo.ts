import { ADB_OUTPUTS, adbCommandsField, checkingAdb, withAdbSwipe } from '../adbAnswer';
import type { CaptchaSite } from '../types';
import {
	displayWidth,
	firstImage,
	objectsSolution,
	one,
	OPTIONAL_PAGE_WIDTH,
	OUT,
	phoneScreenshot,
	questionField,
	screenshot,
	swipeSolution,
} from './shared';

/** Zalo's captchas: the app's slider and the picture grid. */
export const zalo: CaptchaSite = {
	resource: { value: 'zalo', name: 'Zalo' },
	types: [
		{
			resource: 'zalo',
			operation: 'sliderPhone',
			name: 'Slider (Phone)',
			action: 'Solve a Zalo slider captcha in the app',
			description: 'Swipe the slider on a screenshot of the app: answers the points to swipe from and to',
			images: [{ ...phoneScreenshot, description: 'Screenshot of the app screen' }],
			fields: [displayWidth(false, OPTIONAL_PAGE_WIDTH), adbCommandsField],
			outputs: {
				from: 'Where to start the swipe, {x, y} in screenshot pixels',
				to: 'Where to end the swipe, {x, y} in screenshot pixels',
				fromOnPage: 'from, scaled by Display Width ÷ screenshot width, when set',
				toOnPage: 'to, scaled likewise',
				...ADB_OUTPUTS.swipe,
			},
			v2: {
				taskType: 'ZaloSliderPhoneTask',
				buildTask: checkingAdb(firstImage),
				parseSolution: (solution, input) => withAdbSwipe(swipeSolution(solution, input), input),
			},
		},
		{
			resource: 'zalo',
			operation: 'selectObjects',
			name: 'Select Objects',
			action: 'Solve a Zalo select objects captcha',
			description: 'Pick every picture the question asks for: answers the tiles to click',
			images: [{ ...screenshot, description: 'The picture grid' }],
			fields: [questionField('Chọn tất cả ảnh có: biển báo giao thông')],
			outputs: { objects: OUT.objects('0-based: the documented answers contain 0') },
			v2: {
				taskType: 'ZaloSelectObjectTask',
				// This type takes its question as `other`.
				buildTask: (input) => ({ imageBase64: one(input, 0), other: input.params.question }),
				parseSolution: (solution) => ({ objects: objectsSolution(solution) }),
			},
		},
	],
};
