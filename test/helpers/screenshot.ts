/**
 * Compares two PNG screenshots with a tolerance: the editor shows run times and ids that change
 * from run to run, so a few pixels may differ; a different panel, layout or field does not pass.
 * Decodes them with the emulator's PNG reader (8-bit, not interlaced: what Chromium writes).
 */
import { decodePng, type DecodedImage } from '../emulator/demo/png-decode';

export interface ScreenshotDifference {
	/** Share of pixels (0..1) where some channel differs by more than the per-channel tolerance. */
	changedShare: number;
	sameSize: boolean;
	size: string;
}

/** Pixels whose channels all differ by at most this much count as the same (anti-aliasing). */
const CHANNEL_TOLERANCE = 40;

function decodeScreenshot(png: Buffer, which: string): DecodedImage {
	const image = decodePng(png);
	if (!image) throw new Error(`the ${which} screenshot is not a PNG this reader supports (8-bit, not interlaced)`);
	return image;
}

/** How much of `actual` differs from `expected`. */
export function compareScreenshots(actual: Buffer, expected: Buffer): ScreenshotDifference {
	const a = decodeScreenshot(actual, 'actual');
	const b = decodeScreenshot(expected, 'expected');
	const size = `${a.width}x${a.height} against ${b.width}x${b.height}`;
	if (a.width !== b.width || a.height !== b.height) return { changedShare: 1, sameSize: false, size };
	let changed = 0;
	for (let index = 0; index < a.rgba.length; index += 4) {
		for (let channel = 0; channel < 3; channel++) {
			if (Math.abs(a.rgba[index + channel] - b.rgba[index + channel]) > CHANNEL_TOLERANCE) {
				changed++;
				break;
			}
		}
	}
	return { changedShare: changed / (a.width * a.height), sameSize: true, size };
}
