/**
 * TikTok's puzzle slider (job type 21): drag the handle until the piece fills the gap in the
 * background image.
 */

import type { IDataObject } from 'n8n-workflow';

import type { PageSnapshot } from '../pageScripts';
import { containerGoneOrMarked, type CaptchaKindDefinition, type TravelPlan } from './kind';
import { pieceTravel } from './slider';
import { TIKTOK_CONTAINER, TIKTOK_HANDLE, TIKTOK_REFRESH, TIKTOK_SUCCESS, TIKTOK_TRACK } from './tiktok';

/**
 * The service is sent width_view = the image's display width, and answers the piece's travel in
 * those px; the piece starts at the image's left edge. TikTok's piece moves (image − piece) /
 * (track − handle) as far as the handle (not 1:1).
 */
export function tiktokSliderTravel(snapshot: PageSnapshot, answer: IDataObject): TravelPlan {
	const { handle, track, piece, background } = snapshot.elements;
	const targetLeft = background!.x + (Number(answer.distance) * background!.width) / Math.round(background!.width);
	const ratio = track && track.width > handle!.width ? (background!.width - piece!.width) / (track.width - handle!.width) : 1;
	return pieceTravel(piece!, targetLeft, ratio);
}

export const tiktokSlider: CaptchaKindDefinition = {
	kind: 'tiktokSlider',
	name: 'TikTok Slider',
	typeJobId: 21,
	marker: 'piece',
	challengeImage: 'background',
	selectors: {
		container: TIKTOK_CONTAINER,
		background: '#captcha-verify-image',
		piece: '.captcha-verify-container .cap-absolute img, img.captcha_verify_img_slide',
		handle: TIKTOK_HANDLE,
		track: TIKTOK_TRACK,
		successMark: TIKTOK_SUCCESS,
		refresh: TIKTOK_REFRESH,
	},
	imageRoles: ['background', 'piece'],
	controlRoles: ['handle'],
	// The service is told the display size: a screenshot at that size.
	capture: [{ role: 'background', prefer: 'screenshot' }],
	jobParams: (snapshot) => ({ displayWidth: Math.round(snapshot.elements.background!.width) }),
	answer: { type: 'drag', moving: 'piece', plan: tiktokSliderTravel },
	verdict: containerGoneOrMarked,
};
