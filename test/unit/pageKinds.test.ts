import { describe, expect, it } from 'vitest';

import { captchaKinds, selectorsFor } from '../../nodes/OmoCaptcha/browser/kinds';
import { shopeeSliderTravel } from '../../nodes/OmoCaptcha/browser/kinds/shopeeSlider';
import { tiktokRotateTravel } from '../../nodes/OmoCaptcha/browser/kinds/tiktokRotate';
import { tiktokSliderTravel } from '../../nodes/OmoCaptcha/browser/kinds/tiktokSlider';
import type { ElementInfo, PageSnapshot } from '../../nodes/OmoCaptcha/browser/pageScripts';

const box = (x: number, y: number, width: number, height: number, extra: Partial<ElementInfo> = {}): ElementInfo => ({
	x, y, width, height, tag: 'div', rotation: 0, draggable: false, ...extra,
});

function snapshot(elements: Record<string, ElementInfo>): PageSnapshot {
	return { elements, invalid: [], crossOriginFrames: [], devicePixelRatio: 1, pageLeft: 0, pageTop: 0 };
}

describe('answer to drag distance', () => {
	// TikTok's V2 geometry: image 348 wide, piece 69, track 348, handle 64.
	const tiktok = snapshot({
		background: box(316, 120, 348, 216),
		piece: box(316, 182, 69, 69),
		track: box(316, 352, 348, 40),
		handle: box(316, 352, 64, 40),
	});

	it('TikTok slider (21): the answer is the piece travel in page px; the handle goes (track − handle) ÷ (image − piece) as far', () => {
		// The same on both APIs: the catalog gives the distance in display px either way.
		const plan = tiktokSliderTravel(tiktok, { distance: 171 });
		expect(plan.unit).toBe('px');
		expect(plan.target).toBe(171);
		expect(plan.handleTravel).toBeCloseTo((171 * (348 - 64)) / (348 - 69), 6);
		expect(plan.handleTravel).toBeCloseTo(174.06, 2);
		expect(plan.measure(box(316 + 100, 182, 69, 69))).toBe(100);
	});

	it('Shopee slider (26): the gap x scaled to the display width (xOnPage), the piece moving 1:1 from its start', () => {
		const shopee = snapshot({ background: box(100, 50, 280, 150), piece: box(100, 80, 50, 50), handle: box(100, 210, 40, 40) });
		expect(shopeeSliderTravel(shopee, { x: 410, xOnPage: 205 })).toMatchObject({ target: 205, handleTravel: 205, unit: 'px' });
	});

	// TikTok's geometry: track 348, handle 64, so 284 px of usable travel make one turn.
	const rotate = snapshot({ inner: box(400, 160, 128, 128, { rotation: 0 }), track: box(316, 352, 348, 40), handle: box(316, 352, 64, 40) });

	it('TikTok rotate (23) on v1: handle travel = (track − handle) × angle ÷ 360, measured from the angle the inner image shows', () => {
		const plan = tiktokRotateTravel(rotate, { angle: 268 }, 'v1');
		expect(plan.unit).toBe('deg');
		expect(plan.target).toBe(268);
		expect(plan.handleTravel).toBeCloseTo((284 * 268) / 360, 6);
		expect(plan.measure(box(0, 0, 1, 1, { rotation: 90 }))).toBe(90);
		// An inner image already turned 30° needs 30° less.
		const turned = snapshot({ ...rotate.elements, inner: box(400, 160, 128, 128, { rotation: 30 }) });
		expect(tiktokRotateTravel(turned, { angle: 268 }, 'v1')).toMatchObject({ target: 238 });
		expect(tiktokRotateTravel(turned, { angle: 268 }, 'v1').handleTravel).toBeCloseTo((284 * 238) / 360, 6);
		expect(tiktokRotateTravel(turned, { angle: 10 }, 'v1').target).toBeCloseTo(340, 6);
	});

	it('TikTok rotate (23) on v2: handle travel = (track − handle) × (1 − rotate), the service\'s recipe, read from dragFraction', () => {
		// rotate 0.76: 24 % of the usable track, not 76 %.
		const plan = tiktokRotateTravel(rotate, { angle: 86.4, dragFraction: 0.24, solution: { rotate: 0.76 } }, 'v2');
		expect(plan.unit).toBe('deg');
		expect(plan.handleTravel).toBeCloseTo(284 * (1 - 0.76), 6);
		expect(plan.target).toBeCloseTo(86.4, 6);
		// The service's fraction rules on v2, with 4 decimals where the angle has 2.
		expect(tiktokRotateTravel(rotate, { angle: 355.5, dragFraction: 0.98751 }, 'v2').handleTravel).toBeCloseTo(284 * 0.98751, 6);
		// A whole turn stays a whole turn; an inner image already turned needs that much less.
		expect(tiktokRotateTravel(rotate, { angle: 360, dragFraction: 1 }, 'v2').handleTravel).toBe(284);
		const turned = snapshot({ ...rotate.elements, inner: box(400, 160, 128, 128, { rotation: 36 }) });
		expect(tiktokRotateTravel(turned, { angle: 180, dragFraction: 0.5 }, 'v2').handleTravel).toBeCloseTo(284 * 0.4, 6);
		expect(() => tiktokRotateTravel(rotate, { angle: 86.4 }, 'v2')).toThrow('the rotate answer has no dragFraction to drag by');
	});

	it('TikTok rotate (23): the same service answer drags the same distance on both APIs', () => {
		// v1's angle and v2's (1 − rotate) × 360 are one turn: following either lands in one place.
		for (const fraction of [0.05, 0.24, 0.5, 0.9375]) {
			const v1 = tiktokRotateTravel(rotate, { angle: fraction * 360 }, 'v1');
			const v2 = tiktokRotateTravel(rotate, { angle: fraction * 360, dragFraction: fraction }, 'v2');
			expect(v2.handleTravel).toBeCloseTo(v1.handleTravel, 6);
			expect(v2.target).toBeCloseTo(v1.target, 6);
		}
	});
});

describe('selectors', () => {
	it('overrides only the roles a kind has, ignoring empty overrides', () => {
		const shopee = captchaKinds.find((kind) => kind.kind === 'shopeeSlider')!;
		const selectors = selectorsFor(shopee, { container: ' #my-captcha ', piece: '', confirm: 'button.ok' });
		expect(selectors.container).toBe('#my-captcha');
		expect(selectors.piece).toBe(shopee.selectors.piece);
		expect(selectors).not.toHaveProperty('confirm');
	});

	it('gives every kind a container, its marker and its challenge image', () => {
		for (const kind of captchaKinds) {
			expect(kind.selectors.container, kind.kind).toBeTruthy();
			expect(kind.selectors[kind.marker], kind.kind).toBeTruthy();
			expect(kind.selectors[kind.challengeImage], kind.kind).toBeTruthy();
		}
	});
});
