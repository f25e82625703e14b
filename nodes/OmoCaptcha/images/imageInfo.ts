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
