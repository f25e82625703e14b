/**
 * TikTok's rotate ("whirl", job type 23): drag the handle until the round inner image sits
 * upright in the outer ring.
 */

import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../../catalog/captchaTypes';
import type { PageSnapshot } from '../pageScripts';
import { PageSolveError } from '../pageSolveError';
import { containerGoneOrMarked, type CaptchaKindDefinition, type TravelPlan } from './kind';
import { TIKTOK_CONTAINER, TIKTOK_HANDLE, TIKTOK_REFRESH, TIKTOK_SUCCESS, TIKTOK_TRACK } from './tiktok';

/**
 * The handle's usable travel (track − handle) is one clockwise turn of the inner image; one
 * formula per API, each from its source:
 * v1 answers the angle in degrees: travel = (track − handle) × angle ÷ 360, the formula public
 * solvers use (gbiz123/tiktok-captcha-solver geometry.py compute_rotate_slide_distance);
 * v2 answers solution.rotate (0–1): travel = (track − handle) × (1 − rotate), the service's own
 * recipe (OmoCaptcha's v2 docs, tiktok/tiktokrotatewebtask.md), read from dragFraction = 1 − rotate.
 * Either way the target is that turn in degrees, and the drag lands on it by reading the inner
 * image's rotate() from the page (an image already turned needs that much less).
 */
export function tiktokRotateTravel(snapshot: PageSnapshot, answer: IDataObject, api: ApiName): TravelPlan {
	const { handle, track, inner } = snapshot.elements;
	const field = api === 'v2' ? 'dragFraction' : 'angle';
	const share = api === 'v2' ? Number(answer.dragFraction) : Number(answer.angle) / 360;
	if (!Number.isFinite(share)) throw new PageSolveError(`the rotate answer has no ${field} to drag by`);
	const startAngle = inner!.rotation;
	// The share of a turn still to go; a whole turn (share 1) stays whole.
	let turn = share - startAngle / 360;
	if (turn < 0 || turn > 1) turn = ((turn % 1) + 1) % 1;
	const usable = track ? track.width - handle!.width : 0;
	return {
		target: turn * 360,
		unit: 'deg',
		// Without a track to measure, 1 px per degree until the page shows the real ratio.
		handleTravel: usable > 0 ? usable * turn : turn * 360,
		measure: (element) => ((element.rotation - startAngle) % 360 + 360) % 360,
		closeEnough: 1,
	};
}

export const tiktokRotate: CaptchaKindDefinition = {
	kind: 'tiktokRotate',
	name: 'TikTok Rotate',
	typeJobId: 23,
	marker: 'inner',
	challengeImage: 'outer',
	selectors: {
		container: TIKTOK_CONTAINER,
		outer: '.captcha-verify-container > div > div > div > img:first-child, [data-testid=whirl-outer-img]',
		inner: '.captcha-verify-container > div > div > div > img.cap-absolute, [data-testid=whirl-inner-img]',
		handle: TIKTOK_HANDLE,
		track: TIKTOK_TRACK,
		successMark: TIKTOK_SUCCESS,
		refresh: TIKTOK_REFRESH,
	},
	imageRoles: ['outer', 'inner'],
	controlRoles: ['handle'],
	// Separate layers: the bytes the page loaded (blob:, data: or same-origin URLs), else screenshots.
	capture: [
		{ role: 'inner', prefer: 'page' },
		{ role: 'outer', prefer: 'page' },
	],
	jobParams: (snapshot) => ({ displayWidth: Math.round(snapshot.elements.outer!.width) }),
	answer: { type: 'drag', moving: 'inner', plan: tiktokRotateTravel },
	verdict: containerGoneOrMarked,
};
