/**
 * Reads the pixels of a PNG file (8-bit grey, RGB, palette, grey+alpha or RGBA, not interlaced):
 * what Chromium's screenshots and canvas exports produce. The emulator needs pixels to find the
 * code cells on a screenshot of a demo captcha.
 */
import { inflateSync } from 'node:zlib';

export interface DecodedImage {
	width: number;
	height: number;
	/** RGBA, 4 bytes per pixel, row after row. */
	rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The decoded pixels, or undefined when the bytes are not a PNG this reader supports. */
export function decodePng(bytes: Buffer): DecodedImage | undefined {
	if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) return undefined;
	let width = 0;
	let height = 0;
	let colourType = -1;
	let palette: Buffer | undefined;
	let transparency: Buffer | undefined;
	const data: Buffer[] = [];
	for (let offset = 8; offset + 8 <= bytes.length; ) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('ascii', offset + 4, offset + 8);
		const body = bytes.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			const bitDepth = body[8];
			colourType = body[9];
			if (bitDepth !== 8 || body[12] !== 0 || CHANNELS[colourType] === undefined) return undefined;
		} else if (type === 'PLTE') palette = body;
		else if (type === 'tRNS') transparency = body;
		else if (type === 'IDAT') data.push(body);
		else if (type === 'IEND') break;
		offset += 12 + length;
	}
	if (width === 0 || height === 0 || data.length === 0 || width * height > 40_000_000) return undefined;

	const channels = CHANNELS[colourType];
	const stride = width * channels;
	let raw: Buffer;
	try {
		raw = inflateSync(Buffer.concat(data));
	} catch {
		return undefined;
	}
	if (raw.length < (stride + 1) * height) return undefined;

	const pixels = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const out = pixels.subarray(y * stride, (y + 1) * stride);
		const above = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : undefined;
		for (let i = 0; i < stride; i++) {
			const left = i >= channels ? out[i - channels] : 0;
			const up = above ? above[i] : 0;
			const upLeft = above && i >= channels ? above[i - channels] : 0;
			let value = line[i];
			if (filter === 1) value += left;
			else if (filter === 2) value += up;
			else if (filter === 3) value += (left + up) >> 1;
			else if (filter === 4) value += paeth(left, up, upLeft);
			else if (filter !== 0) return undefined;
			out[i] = value & 0xff;
		}
	}

	const rgba = new Uint8Array(width * height * 4);
	for (let p = 0; p < width * height; p++) {
		const s = p * channels;
		let r: number, g: number, b: number, a: number;
		switch (colourType) {
			case 0:
				[r, g, b, a] = [pixels[s], pixels[s], pixels[s], 255];
				break;
			case 2:
				[r, g, b, a] = [pixels[s], pixels[s + 1], pixels[s + 2], 255];
				break;
			case 3: {
				const index = pixels[s];
				if (!palette) return undefined;
				[r, g, b] = [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2]];
				a = transparency && index < transparency.length ? transparency[index] : 255;
				break;
			}
			case 4:
				[r, g, b, a] = [pixels[s], pixels[s], pixels[s], pixels[s + 1]];
				break;
			default:
				[r, g, b, a] = [pixels[s], pixels[s + 1], pixels[s + 2], pixels[s + 3]];
		}
		rgba.set([r, g, b, a], p * 4);
	}
	return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
