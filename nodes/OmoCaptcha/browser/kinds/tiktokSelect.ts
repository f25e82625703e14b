/**
 * TikTok's "select two objects that are the same shape" (job type 22): click the two answered
 * points on the image, then Confirm.
 */

import type { IDataObject } from 'n8n-workflow';

import type { Point } from '../../motion/humanPath';
import type { PageSnapshot } from '../pageScripts';
import { containerGoneOrMarked, round2, type CaptchaKindDefinition } from './kind';
import { TIKTOK_CONTAINER, TIKTOK_REFRESH, TIKTOK_SUCCESS } from './tiktok';

/** The answer's points, given in the sent (display-size) image's px, as viewport px. */
export function tiktokSelectPoints(snapshot: PageSnapshot, answer: IDataObject): Point[] {
	const image = snapshot.elements.image!;
	const sentWidth = Math.round(image.width);
	const sentHeight = Math.round(image.height);
	return (answer.points as Point[]).map((point) => ({
		x: round2(image.x + (point.x * image.width) / sentWidth),
		y: round2(image.y + (point.y * image.height) / sentHeight),
	}));
}

export const tiktokSelect: CaptchaKindDefinition = {
	kind: 'tiktokSelect',
	name: 'TikTok Select Two Same Shapes',
	typeJobId: 22,
	marker: 'confirm',
	challengeImage: 'image',
	selectors: {
		container: TIKTOK_CONTAINER,
		image: '.captcha-verify-container div.cap-relative img, #captcha-verify-image',
		confirm: '.captcha-verify-container .cap-relative button.cap-w-full, .verify-captcha-submit-button',
		successMark: TIKTOK_SUCCESS,
		refresh: TIKTOK_REFRESH,
	},
	imageRoles: ['image'],
	controlRoles: ['confirm'],
	// The service is told the display size: a screenshot at that size.
	capture: [{ role: 'image', prefer: 'screenshot' }],
	jobParams: (snapshot) => ({ displayWidth: Math.round(snapshot.elements.image!.width), displayHeight: Math.round(snapshot.elements.image!.height) }),
	answer: { type: 'click', points: tiktokSelectPoints, confirm: 'confirm' },
	verdict: containerGoneOrMarked,
};
