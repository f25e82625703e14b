import { describe, expect, it } from 'vitest';

import { detectImageFormat, findIncompleteness, readImageSize } from '../../nodes/OmoCaptcha/images/imageInfo';
import { makeBmp, makeGif, makeJpeg, makeJpegHeader, makePng, makeWebp } from '../fixtures/images';

const fixtures = {
	png: makePng(37, 21),
	jpeg: makeJpegHeader(640, 480),
	gif: makeGif(300, 150),
	webp: makeWebp(1280, 720),
	bmp: makeBmp(33, 17),
} as const;

describe('detectImageFormat', () => {
	it.each(Object.entries(fixtures))('recognises a %s file by its bytes', (format, bytes) => {
		expect(detectImageFormat(bytes)).toBe(format);
	});

	it('does not take a text file that starts with "BM" for a bitmap', () => {
		expect(detectImageFormat(Buffer.from('BM: the minutes of the board meeting, item one.'))).toBeUndefined();
	});

	it('recognises the GIF87a signature too', () => {
		const gif87 = Buffer.from(makeGif(10, 10));
		gif87.write('GIF87a', 0, 'ascii');
		expect(detectImageFormat(gif87)).toBe('gif');
	});

	it('recognises "PNG bytes named .jpg" as PNG: only bytes count, there is no name to be fooled by', () => {
		// The service's sample captchas include PNG files named `.jpg`; what a binary property claims
		// never reaches the detector, only the bytes do.
		const binary = { fileName: 'captcha.jpg', mimeType: 'image/jpeg', data: makePng(340, 212) };
		expect(detectImageFormat(binary.data)).toBe('png');
		expect(readImageSize(binary.data)).toEqual({ width: 340, height: 212 });
	});

	it('works on a plain Uint8Array and on a Buffer view that starts inside a larger buffer', () => {
		expect(detectImageFormat(new Uint8Array(fixtures.png))).toBe('png');
		const padded = Buffer.concat([Buffer.from('garbage-before'), fixtures.png]);
		const view = padded.subarray('garbage-before'.length);
		expect(view.byteOffset).toBeGreaterThan(0);
		expect(detectImageFormat(view)).toBe('png');
		expect(readImageSize(view)).toEqual({ width: 37, height: 21 });
	});

	it.each([
		['text', Buffer.from('hello, this is not an image at all')],
		['empty bytes', new Uint8Array(0)],
		['base64 text of a PNG (not decoded)', Buffer.from(makePng(4, 4).toString('base64'))],
		['a truncated PNG signature', fixtures.png.subarray(0, 5)],
		['a lone JPEG start-of-image (2 bytes)', Buffer.from([0xff, 0xd8])],
		['a truncated GIF signature', Buffer.from('GIF', 'ascii')],
		['RIFF that is not WebP (a WAV header)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
		['a truncated WebP (RIFF only)', fixtures.webp.subarray(0, 6)],
		['"BM" without a full bitmap header', fixtures.bmp.subarray(0, 20)],
		['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1')],
	])('returns undefined for %s', (_label, bytes) => {
		expect(detectImageFormat(bytes)).toBeUndefined();
		expect(readImageSize(bytes)).toBeUndefined();
	});
});

describe('readImageSize', () => {
	it.each([
		['png', fixtures.png, { width: 37, height: 21 }],
		['jpeg', fixtures.jpeg, { width: 640, height: 480 }],
		['gif', fixtures.gif, { width: 300, height: 150 }],
		['webp (VP8X)', fixtures.webp, { width: 1280, height: 720 }],
		['bmp', fixtures.bmp, { width: 33, height: 17 }],
	])('reads the pixel size of a %s file', (_label, bytes, size) => {
		expect(readImageSize(bytes)).toEqual(size);
	});

	it('reads sizes that do not fit in one byte and are not square', () => {
		expect(readImageSize(makePng(680, 1))).toEqual({ width: 680, height: 1 });
		expect(readImageSize(makeJpegHeader(1, 65535))).toEqual({ width: 1, height: 65535 });
		expect(readImageSize(makeGif(65535, 2))).toEqual({ width: 65535, height: 2 });
		expect(readImageSize(makeWebp(16383, 1))).toEqual({ width: 16383, height: 1 });
	});

	it('reads the height of a top-down BMP (negative height) as positive', () => {
		const topDown = Buffer.from(makeBmp(8, 6));
		topDown.writeInt32LE(-6, 22);
		expect(readImageSize(topDown)).toEqual({ width: 8, height: 6 });
	});

	it('skips JPEG fill bytes and non-frame segments before the start-of-frame', () => {
		const jpeg = makeJpegHeader(120, 45);
		// SOI, then two fill bytes, then a comment (COM) segment, then the rest (APP0, SOF0, EOI).
		const comment = Buffer.from([0xff, 0xfe, 0x00, 0x06, 0x68, 0x69, 0x21, 0x21]);
		const withExtras = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xff]), comment, jpeg.subarray(2)]);
		expect(detectImageFormat(withExtras)).toBe('jpeg');
		expect(readImageSize(withExtras)).toEqual({ width: 120, height: 45 });
	});

	it('does not mistake the DHT marker (0xC4) for a start-of-frame', () => {
		const jpeg = makeJpegHeader(120, 45);
		const dht = Buffer.from([0xff, 0xc4, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0]); // length 9 incl. itself
		const withDht = Buffer.concat([jpeg.subarray(0, 2), dht, jpeg.subarray(2)]);
		expect(readImageSize(withDht)).toEqual({ width: 120, height: 45 });
	});

	it('reads lossless (VP8L) and lossy (VP8) WebP headers', () => {
		const riff = (chunk: string, payload: Buffer) => {
			const header = Buffer.alloc(20);
			header.write('RIFF', 0, 'ascii');
			header.writeUInt32LE(12 + payload.length, 4);
			header.write('WEBP', 8, 'ascii');
			header.write(chunk, 12, 'ascii');
			header.writeUInt32LE(payload.length, 16);
			return Buffer.concat([header, payload]);
		};
		// VP8L: signature 0x2f, then 14 bits width-1 and 14 bits height-1, little-endian.
		const lossless = Buffer.alloc(10);
		lossless[0] = 0x2f;
		lossless.writeUInt32LE(((200 - 1) | ((100 - 1) << 14)) >>> 0, 1);
		expect(readImageSize(riff('VP8L', lossless))).toEqual({ width: 200, height: 100 });

		// VP8: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height (2 scale bits above).
		const lossy = Buffer.alloc(10);
		lossy.set([0x9d, 0x01, 0x2a], 3);
		lossy.writeUInt16LE(320 | (1 << 14), 6);
		lossy.writeUInt16LE(240, 8);
		expect(readImageSize(riff('VP8 ', lossy))).toEqual({ width: 320, height: 240 });
	});

	it.each([
		['a PNG cut right after its signature', fixtures.png.subarray(0, 8)],
		['a PNG cut inside IHDR', fixtures.png.subarray(0, 20)],
		['a JPEG with only SOI and the first marker byte', Buffer.from([0xff, 0xd8, 0xff])],
		['a JPEG cut before its start-of-frame', fixtures.jpeg.subarray(0, 20)],
		['a GIF cut inside its screen descriptor', fixtures.gif.subarray(0, 8)],
		['a WebP cut inside its VP8X chunk', fixtures.webp.subarray(0, 24)],
	])('returns undefined for %s (format known, size not)', (_label, bytes) => {
		expect(detectImageFormat(bytes)).toBeDefined();
		expect(readImageSize(bytes)).toBeUndefined();
	});

	it('returns undefined for a header that says 0 pixels', () => {
		expect(readImageSize(makePng(0, 10))).toBeUndefined();
		expect(readImageSize(makeGif(0, 0))).toBeUndefined();
		expect(readImageSize(makeJpegHeader(10, 0))).toBeUndefined();
	});

	it('returns undefined for a JPEG whose segments lose sync (no 0xFF where a marker should be)', () => {
		const broken = Buffer.from(makeJpegHeader(10, 10));
		broken[2] = 0x00;
		expect(readImageSize(broken)).toBeUndefined();
	});
});

describe('findIncompleteness', () => {
	const complete = {
		png: makePng(37, 21),
		jpeg: makeJpeg(640, 480),
		gif: makeGif(300, 150),
		webp: makeWebp(1280, 720),
		bmp: makeBmp(33, 17),
	} as const;

	it.each(Object.entries(complete))('finds nothing missing in a complete %s file', (format, bytes) => {
		expect(detectImageFormat(bytes)).toBe(format);
		expect(findIncompleteness(bytes)).toBeUndefined();
	});

	it('accepts bytes after the end marker (some writers pad files)', () => {
		expect(findIncompleteness(Buffer.concat([complete.jpeg, Buffer.alloc(16)]))).toBeUndefined();
		expect(findIncompleteness(Buffer.concat([complete.png, Buffer.alloc(16)]))).toBeUndefined();
	});

	it('accepts a GIF whose image is complete but whose trailer byte is missing', () => {
		expect(findIncompleteness(complete.gif.subarray(0, -1))).toBeUndefined();
	});

	// Every cut of a complete file is caught: a truncated upload is refused, not paid for.
	it.each(Object.entries(complete))('finds every truncation of a %s file', (format, bytes) => {
		const lastCut = format === 'gif' ? bytes.length - 2 : bytes.length - 1;
		for (let length = 1; length <= lastCut; length++) {
			const cut = bytes.subarray(0, length);
			if (detectImageFormat(cut) === undefined) continue; // not even a signature: refused as "not an image"
			expect(findIncompleteness(cut), `${format} cut to ${length} of ${bytes.length} bytes`).toEqual(expect.any(String));
		}
	});

	it.each([
		['a bare 8-byte PNG signature', makePng(10, 10).subarray(0, 8), 'the file ends after 8 bytes, inside its IHDR header'],
		['a 33-byte PNG header without image data', makePng(10, 10).subarray(0, 33), 'it has no image data (no IDAT chunk) and ends after 33 bytes'],
		['a PNG cut inside its image data', makePng(10, 10).subarray(0, 50), 'the file ends inside its IDAT chunk'],
		['a PNG without its IEND chunk', makePng(10, 10).subarray(0, -12), 'the file ends without an IEND chunk (cut off after'],
		['a JPEG without any scan', makeJpegHeader(10, 10), 'it has no image data (no start-of-scan before the end-of-image marker)'],
		['a JPEG cut inside its scan', makeJpeg(10, 10).subarray(0, -2), 'the file ends without its end-of-image marker (FFD9)'],
		['a GIF with no image block', Buffer.concat([makeGif(10, 10).subarray(0, 19), Buffer.from([0x3b])]), 'it has no image block'],
		['a GIF cut inside its image data', makeGif(10, 10).subarray(0, 31), 'the file ends inside its image data'],
		['a WebP shorter than its RIFF header says', makeWebp(10, 10).subarray(0, 40), 'its RIFF header says'],
		['a WebP with no image chunk', (() => {
			const webp = makeWebp(10, 10).subarray(0, 30);
			const fixed = Buffer.from(webp);
			fixed.writeUInt32LE(fixed.length - 8, 4);
			return fixed;
		})(), 'it has no image chunk (VP8, VP8L or ANMF)'],
		['a BMP cut inside its pixels', makeBmp(10, 10).subarray(0, 100), 'its header says 374 bytes, the file has 100'],
		['a BMP cut inside its pixels whose header gives no file size', (() => {
			const bmp = Buffer.from(makeBmp(10, 10).subarray(0, 100));
			bmp.writeUInt32LE(0, 2); // many writers leave the size 0
			return bmp;
		})(), 'its pixels need 320 bytes from offset 54, the file has 100'],
	])('says what is wrong with %s', (_label, bytes, problem) => {
		expect(findIncompleteness(bytes)).toContain(problem);
	});

	it('refuses a PNG whose header says 0 pixels wide', () => {
		const png = Buffer.from(makePng(10, 10));
		png.writeUInt32BE(0, 16);
		expect(findIncompleteness(png)).toContain('0×10 pixels');
	});

	it('is fast on a large file: one pass over the chunks, not over every byte of a PNG', () => {
		const large = Buffer.concat([makePng(8, 8).subarray(0, 33), Buffer.from([0, 0x80, 0, 0]), Buffer.from('IDAT'), Buffer.alloc(0x800000 + 4), makePng(8, 8).subarray(-12)]);
		expect(findIncompleteness(large)).toBeUndefined();
	});
});
