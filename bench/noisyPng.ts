/**
 * PNGs that do not compress: random pixels stored with deflate level 0, so the file is about
 * width × height × 3 bytes and a benchmark's uploads carry realistic weight. (test/fixtures'
 * makePng draws one solid colour, which deflates to a few hundred bytes.)
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/** A valid 8-bit RGB PNG of random pixels (every row uses filter type 0). */
export function makeNoisyPng(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // truecolour RGB

	const rowBytes = 1 + width * 3;
	const pixels = randomBytes(rowBytes * height);
	for (let y = 0; y < height; y++) pixels[y * rowBytes] = 0; // filter byte "None"

	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(pixels, { level: 0 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
