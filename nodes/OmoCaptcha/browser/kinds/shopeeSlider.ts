/**
 * Shopee's puzzle slider (job type 26): the puzzle aside, and the `.DfwepB` variant's ids.
 */

import type { IDataObject } from 'n8n-workflow';

import type { PageSnapshot } from '../pageScripts';
import { containerGoneOrMarked, type CaptchaKindDefinition, type TravelPlan } from './kind';
import { pieceTravel } from './slider';

/**
 * The gap's x in px of the background image sent, scaled by the catalog to display width ÷ sent
 * width (xOnPage); the piece starts at the left edge and moves 1:1 with the handle.
 */
export function shopeeSliderTravel(snapshot: PageSnapshot, answer: IDataObject): TravelPlan {
	const { piece, background } = snapshot.elements;
	return pieceTravel(piece!, background!.x + Number(answer.xOnPage ?? answer.x));
}

export const shopeeSlider: CaptchaKindDefinition = {
	kind: 'shopeeSlider',
	name: 'Shopee Slider',
	typeJobId: 26,
	marker: 'background',
	challengeImage: 'background',
	selectors: {
		container: 'aside[aria-modal=true], #NEW_CAPTCHA',
		background: 'aside[aria-modal=true] div[aria-hidden=true] > div > div > img[draggable=false], img.DfwepB',
		piece: 'aside[aria-modal=true] div[aria-hidden=true] > div > div > img[draggable=true], #puzzleImgComponent',
		handle: 'aside[aria-modal=true] div[style="width: 40px; height: 40px; transform: translateX(0px);"], #sliderContainer',
		refresh: 'button.XAny99',
	},
	imageRoles: ['background', 'piece'],
	controlRoles: ['handle'],
	// Separate layers: the bytes the page loaded (data: URLs), else screenshots.
	capture: [
		{ role: 'piece', prefer: 'page' },
		{ role: 'background', prefer: 'page' },
	],
	jobParams: (snapshot) => ({ displayWidth: snapshot.elements.background!.width }),
	answer: { type: 'drag', moving: 'piece', plan: shopeeSliderTravel },
	verdict: containerGoneOrMarked,
};
