/**
 * Recognises captcha images by their bytes, never by file name or MIME type (the service's own
 * sample captchas include PNG files named `.jpg`), and reads their intrinsic pixel size from the
 * header, so answers can be scaled to the size the image is shown at on the page.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageSize {
	width: number;
	height: number;
}

/** "BM" alone starts plenty of text files: a bitmap also has one of the known DIB header sizes. */
const BMP_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function readUint32LE(bytes: Uint8Array, offset: number): number {
	return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
	const startsWith = (signature: number[], offset = 0) =>
		bytes.length >= offset + signature.length &&
		signature.every((byte, index) => bytes[offset + index] === byte);

	if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith([0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith([0x47, 0x49, 0x46, 0x38])) return 'gif'; // "GIF8"
	if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
	if (startsWith([0x42, 0x4d]) && bytes.length >= 26 && BMP_HEADER_SIZES.has(readUint32LE(bytes, 14))) return 'bmp';
	return undefined;
}

/** The image's pixel size from its header, or undefined when the header does not carry it. */
export function readImageSize(bytes: Uint8Array): ImageSize | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const has = (length: number) => bytes.length >= length;
	switch (detectImageFormat(bytes)) {
		case 'png':
			// IHDR is always the first chunk: width and height are big-endian at 16 and 20.
			return has(24) ? sized(view.getUint32(16), view.getUint32(20)) : undefined;
		case 'gif':
			return has(10) ? sized(view.getUint16(6, true), view.getUint16(8, true)) : undefined;
		case 'bmp':
			// Height is negative for top-down bitmaps.
			return sized(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
		case 'webp':
			return readWebpSize(bytes, view);
		case 'jpeg':
			return readJpegSize(bytes, view);
		default:
			return undefined;
	}
}

function sized(width: number, height: number): ImageSize | undefined {
	return width > 0 && height > 0 ? { width, height } : undefined;
}

function readWebpSize(bytes: Uint8Array, view: DataView): ImageSize | undefined {
	if (bytes.length < 30) return undefined;
	const chunk = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
	const uint24 = (offset: number) => bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
	if (chunk === 'VP8X') return sized(uint24(24) + 1, uint24(27) + 1);
	if (chunk === 'VP8L') {
		const bits = view.getUint32(21, true);
		return sized((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8 ') {
		return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
	}
	return undefined;
}

/** Walks the JPEG segments up to the first start-of-frame marker, which holds the size. */
function readJpegSize(bytes: Uint8Array, view: DataView): ImageSize | undefined {
	let offset = 2;
	while (offset + 9 <= bytes.length) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte
			continue;
		}
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) return sized(view.getUint16(offset + 7), view.getUint16(offset + 5));
		offset += 2 + view.getUint16(offset + 2);
	}
	return undefined;
}

/**
 * What makes the file too incomplete to be an image, in words, or undefined when it has every
 * structural part its format needs (PNG: IHDR, IDAT, IEND; JPEG: a frame, a scan and the end
 * marker; GIF: one whole image block; WebP and BMP: the sizes their headers give fit the file).
 * A truncated download or a cut-off screenshot is refused here rather than uploaded and paid for.
 * Walks the structure only (chunk and segment headers), never decodes pixels.
 */
export function findIncompleteness(bytes: Uint8Array): string | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	switch (detectImageFormat(bytes)) {
		case 'png':
			return pngIncompleteness(bytes, view);
		case 'jpeg':
			return jpegIncompleteness(bytes, view);
		case 'gif':
			return gifIncompleteness(bytes, view);
		case 'webp':
			return webpIncompleteness(bytes, view);
		case 'bmp':
			return bmpIncompleteness(bytes, view);
		default:
			return undefined;
	}
}

const ascii = (bytes: Uint8Array, offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));

function pngIncompleteness(bytes: Uint8Array, view: DataView): string | undefined {
	if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') return `the file ends after ${bytes.length} bytes, inside its IHDR header`;
	const width = view.getUint32(16);
	const height = view.getUint32(20);
	if (width === 0 || height === 0) return `its header says ${width}×${height} pixels`;
	let offset = 8;
	let hasImageData = false;
	while (offset + 8 <= bytes.length) {
		const length = view.getUint32(offset);
		const type = ascii(bytes, offset + 4, 4);
		const end = offset + 12 + length;
		if (end > bytes.length) return `the file ends inside its ${type} chunk (${bytes.length} bytes, the chunk needs ${end})`;
		if (type === 'IDAT') hasImageData = true;
		if (type === 'IEND') return hasImageData ? undefined : 'it has no image data (no IDAT chunk before IEND)';
		offset = end;
	}
	if (!hasImageData) return `it has no image data (no IDAT chunk) and ends after ${bytes.length} bytes`;
	return `the file ends without an IEND chunk (cut off after ${bytes.length} bytes)`;
}

/** Markers without a length: TEM, RST0-7, SOI, EOI. */
const isStandaloneMarker = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

function jpegIncompleteness(bytes: Uint8Array, view: DataView): string | undefined {
	const cutOff = 'the file ends without its end-of-image marker (FFD9)';
	let offset = 2;
	let hasFrame = false;
	while (offset < bytes.length) {
		if (bytes[offset] !== 0xff) return `its segments lose sync at byte ${offset}`;
		const marker = bytes[offset + 1];
		if (marker === undefined) return cutOff;
		if (marker === 0xff) {
			offset += 1; // fill byte
			continue;
		}
		if (marker === 0xd9) return 'it has no image data (no start-of-scan before the end-of-image marker)';
		if (isStandaloneMarker(marker)) {
			offset += 2;
			continue;
		}
		if (offset + 4 > bytes.length) return cutOff;
		const end = offset + 2 + view.getUint16(offset + 2);
		if (end > bytes.length) return cutOff;
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			hasFrame = true;
			if (readJpegSize(bytes, view) === undefined) return 'its frame header says 0 pixels';
		}
		offset = end;
		if (marker !== 0xda) continue;
		if (!hasFrame) return 'it has a scan but no frame header (start-of-frame)';
		// Scan data: 0xFF is followed by 0x00 (a stuffed byte) or a restart marker, until the next marker.
		for (;;) {
			offset = bytes.indexOf(0xff, offset);
			if (offset < 0 || offset + 1 >= bytes.length) return cutOff;
			const next = bytes[offset + 1];
			if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
				offset += next === 0xff ? 1 : 2;
				continue;
			}
			if (next === 0xd9) return undefined;
			break; // another segment (progressive JPEGs have several scans)
		}
	}
	return cutOff;
}

function gifIncompleteness(bytes: Uint8Array, view: DataView): string | undefined {
	if (bytes.length < 13) return `the file ends after ${bytes.length} bytes, inside its header`;
	const width = view.getUint16(6, true);
	const height = view.getUint16(8, true);
	if (width === 0 || height === 0) return `its header says ${width}×${height} pixels`;
	const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
	let offset = 13 + colourTable(bytes[10]);
	let images = 0;
	/** Skips data sub-blocks up to their terminator; -1 when the file ends first. */
	const skipSubBlocks = (start: number) => {
		let at = start;
		while (at < bytes.length) {
			const size = bytes[at];
			if (size === 0) return at + 1;
			at += 1 + size;
		}
		return -1;
	};
	while (offset < bytes.length) {
		const block = bytes[offset];
		if (block === 0x3b) break; // trailer
		if (block === 0x21) {
			offset = skipSubBlocks(offset + 2);
			if (offset < 0) return 'the file ends inside an extension block';
		} else if (block === 0x2c) {
			if (offset + 10 > bytes.length) return 'the file ends inside an image descriptor';
			offset = skipSubBlocks(offset + 10 + colourTable(bytes[offset + 9]) + 1);
			if (offset < 0) return 'the file ends inside its image data';
			images += 1;
		} else {
			return `it has an unknown block 0x${block.toString(16)} at byte ${offset}`;
		}
	}
	// A missing trailer after a whole image still makes an image (viewers accept it).
	return images > 0 ? undefined : 'it has no image block';
}

function webpIncompleteness(bytes: Uint8Array, view: DataView): string | undefined {
	if (bytes.length < 12) return `the file ends after ${bytes.length} bytes, inside its RIFF header`;
	const end = 8 + view.getUint32(4, true);
	if (end > bytes.length) return `its RIFF header says ${end} bytes, the file has ${bytes.length}`;
	let offset = 12;
	let hasImage = false;
	while (offset + 8 <= end) {
		const type = ascii(bytes, offset, 4);
		const next = offset + 8 + view.getUint32(offset + 4, true);
		if (next > end) return `its ${type.trim()} chunk runs past the end of the file`;
		if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') hasImage = true;
		offset = next + (next % 2);
	}
	return hasImage ? undefined : 'it has no image chunk (VP8, VP8L or ANMF)';
}

function bmpIncompleteness(bytes: Uint8Array, view: DataView): string | undefined {
	const declared = view.getUint32(2, true);
	if (declared > bytes.length) return `its header says ${declared} bytes, the file has ${bytes.length}`;
	const headerSize = view.getUint32(14, true);
	if (bytes.length < 14 + headerSize) return `the file ends after ${bytes.length} bytes, inside its header`;
	const pixelOffset = view.getUint32(10, true);
	const core = headerSize === 12;
	const width = core ? view.getUint16(18, true) : Math.abs(view.getInt32(18, true));
	const height = core ? view.getUint16(20, true) : Math.abs(view.getInt32(22, true));
	if (width === 0 || height === 0) return `its header says ${width}×${height} pixels`;
	const bitsPerPixel = view.getUint16(core ? 24 : 28, true);
	const compression = core ? 0 : view.getUint32(30, true);
	const uncompressed = compression === 0 || compression === 3 || compression === 6;
	const pixelBytes = uncompressed ? Math.ceil((width * bitsPerPixel) / 32) * 4 * height : core ? 0 : view.getUint32(34, true);
	if (pixelOffset + pixelBytes > bytes.length || pixelOffset >= bytes.length) {
		return `its pixels need ${pixelBytes} bytes from offset ${pixelOffset}, the file has ${bytes.length}`;
	}
	return undefined;
}
