/**
 * The captchas the node solves on a page, with the real sites' current selectors (2024–2026, as
 * gathered in the project's notes from public solvers' sources: TikTok's "V2" modal with V1
 * fall-backs, Shopee's puzzle aside with the `.DfwepB` variant's ids). Each selector is a CSS
 * selector list; the first visible match counts. Every one can be overridden per item.
 */

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
}

const TIKTOK_CONTAINER = 'div.captcha-verify-container, .captcha-disable-scroll, .captcha_verify_container';
const TIKTOK_HANDLE = '.secsdk-captcha-drag-icon';
const TIKTOK_TRACK = '.captcha-verify-container div.cap-w-full > div.cap-rounded-full, .captcha_verify_slide--slidebar';
const TIKTOK_SUCCESS = '.captcha_verify_message-pass';
const TIKTOK_REFRESH = '#captcha_refresh_button, .secsdk_captcha_refresh';

/** In Auto-detect order: kinds whose marker also appears in another kind come first. */
export const captchaKinds: CaptchaKindDefinition[] = [
	{
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
	},
	{
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
	},
	{
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
	},
	{
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
	},
];

export function findKind(kind: string): CaptchaKindDefinition | undefined {
	return captchaKinds.find((definition) => definition.kind === kind);
}

/** A kind's selectors with the user's non-empty overrides for the roles it has. */
export function selectorsFor(definition: CaptchaKindDefinition, overrides: Selectors = {}): Selectors {
	const result: Selectors = { ...definition.selectors };
	for (const [role, selector] of Object.entries(overrides) as Array<[SelectorRole, string | undefined]>) {
		if (typeof selector === 'string' && selector.trim() !== '' && role in definition.selectors) result[role] = selector.trim();
	}
	return result;
}
