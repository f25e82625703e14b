/**
 * Compares two PNG screenshots with a tolerance: the editor shows run times and ids that change
 * from run to run, so a few pixels may differ; a different panel, layout or field does not pass.
 * Decodes 8-bit RGB/RGBA non-interlaced PNGs (what Chromium writes) with node:zlib.
 */
import { inflateSync } from 'node:zlib';

interface Bitmap {
	width: number;
	height: number;
	/** RGBA, 4 bytes per pixel, row after row. */
	pixels: Buffer;
}

export interface ScreenshotDifference {
	/** Share of pixels (0..1) where some channel differs by more than the per-channel tolerance. */
	changedShare: number;
	sameSize: boolean;
	size: string;
}

/** Pixels whose channels all differ by at most this much count as the same (anti-aliasing). */
const CHANNEL_TOLERANCE = 40;

function decodePng(png: Buffer): Bitmap {
	if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
	let offset = 8;
	let width = 0;
	let height = 0;
	let channels = 0;
	const data: Buffer[] = [];
	while (offset < png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		const chunk = png.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = chunk.readUInt32BE(0);
			height = chunk.readUInt32BE(4);
			const [bitDepth, colourType, , , interlace] = chunk.subarray(8, 13);
			channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
			if (bitDepth !== 8 || channels === 0 || interlace !== 0) {
				throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
			}
		} else if (type === 'IDAT') data.push(chunk);
		else if (type === 'IEND') break;
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(data));
	const stride = width * channels;
	const rows = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const current = rows.subarray(y * stride, (y + 1) * stride);
		const previous = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
		for (let x = 0; x < stride; x++) {
			const left = x >= channels ? current[x - channels] : 0;
			const up = previous[x];
			const upLeft = x >= channels ? previous[x - channels] : 0;
			current[x] = (line[x] + unfilter(filter, left, up, upLeft)) & 0xff;
		}
	}
	const pixels = Buffer.alloc(width * height * 4, 255);
	for (let pixel = 0; pixel < width * height; pixel++) rows.copy(pixels, pixel * 4, pixel * channels, pixel * channels + channels);
	return { width, height, pixels };
}

function unfilter(filter: number, left: number, up: number, upLeft: number): number {
	switch (filter) {
		case 0:
			return 0;
		case 1:
			return left;
		case 2:
			return up;
		case 3:
			return (left + up) >> 1;
		case 4: {
			const estimate = left + up - upLeft;
			const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
			return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
		}
		default:
			throw new Error(`bad PNG filter ${filter}`);
	}
}

/** How much of `actual` differs from `expected`. */
export function compareScreenshots(actual: Buffer, expected: Buffer): ScreenshotDifference {
	const a = decodePng(actual);
	const b = decodePng(expected);
	const size = `${a.width}x${a.height} against ${b.width}x${b.height}`;
	if (a.width !== b.width || a.height !== b.height) return { changedShare: 1, sameSize: false, size };
	let changed = 0;
	for (let index = 0; index < a.pixels.length; index += 4) {
		for (let channel = 0; channel < 3; channel++) {
			if (Math.abs(a.pixels[index + channel] - b.pixels[index + channel]) > CHANNEL_TOLERANCE) {
				changed++;
				break;
			}
		}
	}
	return { changedShare: changed / (a.width * a.height), sameSize: true, size };
}
