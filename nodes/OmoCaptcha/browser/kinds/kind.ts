/**
 * What a captcha kind on the page is: where its parts are (CSS selector lists, each overridable
 * per item; the first visible match counts), which images it sends to OmoCaptcha and how they are
 * read, how the answer becomes a drag or clicks, and how the page says it was solved. One module
 * per kind beside this one; `index.ts` lists them in Auto-detect order.
 */

import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../../catalog/captchaTypes';
import type { Point } from '../../motion/humanPath';
import type { ElementInfo, PageSnapshot } from '../pageScripts';

export type CaptchaKind = 'tiktokSlider' | 'tiktokRotate' | 'tiktokSelect' | 'shopeeSlider';

/** What each selector finds. Not every kind has every role. */
export type SelectorRole =
	| 'container'
	| 'background'
	| 'piece'
	| 'outer'
	| 'inner'
	| 'image'
	| 'handle'
	| 'track'
	| 'confirm'
	| 'successMark'
	| 'refresh';

export type Selectors = Partial<Record<SelectorRole, string>>;

/** One image sent to the service: the bytes the page loaded if it can read them, or a screenshot at display size. */
export interface ImageCapture {
	role: SelectorRole;
	prefer: 'page' | 'screenshot';
}

export interface TravelPlan {
	/** How far the moving part must go: px for a piece, degrees for the inner image. */
	target: number;
	unit: 'px' | 'deg';
	/** The handle's travel to drag first, page px; then the page's reading of the moving part decides. */
	handleTravel: number;
	/** How far the moving part has gone, read from the page. */
	measure(element: ElementInfo): number;
	closeEnough: number;
}

/** How an answer is played on the page. */
export type AnswerAction =
	/** Drag the handle; `moving` is the part read from the page to correct the drag. */
	| { type: 'drag'; moving: SelectorRole; plan: (snapshot: PageSnapshot, answer: IDataObject, api: ApiName) => TravelPlan }
	/** Click points on the image (page px), then the `confirm` control. */
	| { type: 'click'; points: (snapshot: PageSnapshot, answer: IDataObject) => Point[]; confirm: SelectorRole };

export type Verdict = 'solved' | 'rejected' | 'no change';

export interface CaptchaKindDefinition {
	kind: CaptchaKind;
	name: string;
	/** The OmoCaptcha job type that answers it (v1 type_job_id). */
	typeJobId: number;
	/** The role whose visible match (inside a visible container) says "this kind is shown". */
	marker: SelectorRole;
	/** The role whose image source changes when the site shows a new challenge. */
	challengeImage: SelectorRole;
	selectors: Selectors;
	/** Images that must have loaded before capturing. */
	imageRoles: SelectorRole[];
	/** Controls that must be on the page before capturing. */
	controlRoles: SelectorRole[];
	/** The images sent to the service, in the job's order. */
	capture: ImageCapture[];
	/** The job's parameters from what the page shows (the display size the answer comes back in). */
	jobParams(snapshot: PageSnapshot): IDataObject;
	answer: AnswerAction;
	/**
	 * The page's verdict after an answer, from a snapshot of `container`, `challenge` (the
	 * challenge image) and `successMark`; undefined while the page shows neither.
	 */
	verdict(snapshot: PageSnapshot, challenge: string | undefined): Verdict | undefined;
}

/** Solved: the container gone or the success mark shown. Rejected: a new challenge image. */
export function containerGoneOrMarked(snapshot: PageSnapshot, challenge: string | undefined): Verdict | undefined {
	if (!snapshot.elements.container || snapshot.elements.successMark) return 'solved';
	const shown = snapshot.elements.challenge?.src;
	if (shown && challenge && shown !== challenge) return 'rejected';
	return undefined;
}

/** A kind's selectors with the user's non-empty overrides for the roles it has. */
export function selectorsFor(definition: CaptchaKindDefinition, overrides: Selectors = {}): Selectors {
	const result: Selectors = { ...definition.selectors };
	for (const [role, selector] of Object.entries(overrides) as Array<[SelectorRole, string | undefined]>) {
		if (typeof selector === 'string' && selector.trim() !== '' && role in definition.selectors) result[role] = selector.trim();
	}
	return result;
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
