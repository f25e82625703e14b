/**
 * PNGs that do not compress: random pixels stored with deflate level 0, so the file is about
 * width × height × 3 bytes and a benchmark's uploads carry realistic weight. (test/fixtures'
 * makePng draws one solid colour, which deflates to a few hundred bytes.)
 */
import { randomBytes } from 'node:crypto';

import { encodePng } from '../test/fixtures/images';

/** A valid 8-bit RGB PNG of random pixels (every row uses filter type 0). */
export function makeNoisyPng(width: number, height: number): Buffer {
	const rowBytes = 1 + width * 3;
	const pixels = randomBytes(rowBytes * height);
	for (let y = 0; y < height; y++) pixels[y * rowBytes] = 0; // filter byte "None"
	return encodePng(width, height, pixels, { level: 0 });
}
