import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../fixtures/images';
import { compareScreenshots } from '../helpers/screenshot';

type Pixels = (x: number, y: number) => [number, number, number];

/** A PNG whose rows use PNG filters 0-4 in turn, so decoding must undo each of them. */
function filteredPng(width: number, height: number, pixel: Pixels): Buffer {
	const stride = width * 3;
	const rows = Array.from({ length: height }, (_, y) => Buffer.from(Array.from({ length: width }, (_, x) => pixel(x, y)).flat()));
	const scanlines = Buffer.alloc((stride + 1) * height);
	rows.forEach((row, y) => {
		const filter = y % 5;
		const up = y > 0 ? rows[y - 1] : Buffer.alloc(stride);
		scanlines[y * (stride + 1)] = filter;
		for (let x = 0; x < stride; x++) {
			const left = x >= 3 ? row[x - 3] : 0;
			const upLeft = x >= 3 ? up[x - 3] : 0;
			const estimate = left + up[x] - upLeft;
			const paeth =
				Math.abs(estimate - left) <= Math.abs(estimate - up[x]) && Math.abs(estimate - left) <= Math.abs(estimate - upLeft)
					? left
					: Math.abs(estimate - up[x]) <= Math.abs(estimate - upLeft)
						? up[x]
						: upLeft;
			const predictor = [0, left, up[x], (left + up[x]) >> 1, paeth][filter];
			scanlines[y * (stride + 1) + 1 + x] = (row[x] - predictor) & 0xff;
		}
	});
	return encodePng(width, height, scanlines);
}

const noise: Pixels = (x, y) => [(x * 37 + y * 11) % 256, (x * x + y * 7) % 256, (x * y * 13) % 256];
/** The same picture written with filter 0 only: a different file with the same pixels. */
function plainPng(width: number, height: number, pixel: Pixels): Buffer {
	const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => pixel(x, y)).flat()]));
	return encodePng(width, height, Buffer.concat(rows));
}

describe('screenshot comparison', () => {
	it('decodes every PNG row filter: the same pixels compare equal however they were filtered', () => {
		const filtered = filteredPng(40, 25, noise);
		const plain = plainPng(40, 25, noise);
		expect(filtered.equals(plain)).toBe(false);
		expect(compareScreenshots(filtered, plain)).toEqual({ changedShare: 0, sameSize: true, size: '40x25 against 40x25' });
	});

	it('counts the pixels that changed beyond anti-aliasing noise', () => {
		const changed: Pixels = (x, y) => {
			const [r, g, b] = noise(x, y);
			if (x < 4 && y < 5) return [(r + 128) % 256, g, b]; // 20 of 1000 pixels: a changed digit
			if (x === 39) return [Math.min(255, r + 10), g, b]; // slight shading differences do not count
			return [r, g, b];
		};
		expect(compareScreenshots(filteredPng(40, 25, changed), plainPng(40, 25, noise)).changedShare).toBeCloseTo(20 / 1000, 6);
	});

	it('fails a different picture or size outright', () => {
		const inverted: Pixels = (x, y) => noise(x, y).map((channel) => 255 - channel) as [number, number, number];
		expect(compareScreenshots(plainPng(40, 25, inverted), plainPng(40, 25, noise)).changedShare).toBeGreaterThan(0.5);
		expect(compareScreenshots(plainPng(40, 24, noise), plainPng(40, 25, noise))).toEqual({ changedShare: 1, sameSize: false, size: '40x24 against 40x25' });
	});

	it("reads the README's Chromium screenshot, the file the e2e suite compares with", () => {
		const screenshot = readFileSync(join(__dirname, '..', '..', 'docs', 'editor-panel.png'));
		expect(compareScreenshots(screenshot, screenshot)).toEqual({ changedShare: 0, sameSize: true, size: '1400x900 against 1400x900' });
	});
});
