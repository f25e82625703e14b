import type { CaptchaSite } from '../types';
import { displayHeight, displayWidth, one, rectsSolution, screenshot, SENT_WIDTH } from './shared';

/** A slider captcha of any site: the service finds the gap. */
export const sliderAll: CaptchaSite = {
	resource: { value: 'sliderAll', name: 'Slider (Any Site)' },
	types: [
		{
			resource: 'sliderAll',
			operation: 'sliderWeb',
			name: 'Slider (Web)',
			action: 'Solve a slider captcha of any site',
			description: 'Find the gap of any slider captcha: answers its box in page pixels',
			images: [{ ...screenshot, displayName: 'Background Image', description: 'The captcha background image' }],
			fields: [displayWidth(true, SENT_WIDTH), displayHeight(false, 'Height in pixels the captcha image is shown at on the page (0 = not sent)')],
			outputs: {
				x: 'Left edge of the gap, in page pixels (the service was sent the display size)',
				rect: 'The gap\'s box {x, y, w, h} in page pixels (the first of rects)',
				rects: 'Every box the service answered',
			},
			v2: {
				taskType: 'SliderAllWebTask',
				buildTask(input) {
					const height = Number(input.params.displayHeight);
					return { imageBase64: one(input, 0), widthView: Number(input.params.displayWidth), ...(height > 0 ? { heightView: height } : {}) };
				},
				parseSolution: rectsSolution,
			},
		},
	],
};
