import type { ImageSize } from '../images/imageInfo';
import type { Point } from './parsers';

/**
 * Captcha images are often shown scaled on the page. The service answers in the image's own
 * pixels; a browser needs page pixels. With the width the image is displayed at:
 *
 *     valueOnPage = value × displayWidth ÷ intrinsicWidth
 *
 * Images keep their aspect ratio when scaled, so y uses the same factor as x.
 * Results are rounded to 2 decimals.
 */
export function pageScale(displayWidth: unknown, image: ImageSize | undefined): number | undefined {
	const width = Number(displayWidth);
	if (!image || !Number.isFinite(width) || width <= 0) return undefined;
	return width / image.width;
}

export function scaleValue(value: number, scale: number): number {
	return Math.round(value * scale * 100) / 100;
}

export function scalePoint(point: Point, scale: number): Point {
	return { x: scaleValue(point.x, scale), y: scaleValue(point.y, scale) };
}
