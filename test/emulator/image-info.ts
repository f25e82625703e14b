/**
 * Recognises the images the emulator accepts inside `image_base64`: strict base64 (no `data:`
 * prefix, no whitespace) of a PNG, JPEG, GIF, WebP or BMP file, and reads their pixel size.
 */

type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

interface ImageInfo {
	format: ImageFormat;
	/** Pixel size from the file header, or undefined when the header does not carry it. */
	width?: number;
	height?: number;
}

/** The last four characters of strict base64: a full group, or one padded with = or ==. */
const LAST_GROUP = /^(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;

/** Decodes one base64 image; undefined when it is not strict base64 of a recognised image. */
export function decodeBase64Image(base64: string): ImageInfo | undefined {
	if (base64.length === 0 || !isStrictBase64(base64)) return undefined;
	return readImageInfo(Buffer.from(base64, 'base64'));
}

/**
 * Whether the text is strict base64: whole groups of four from A-Z a-z 0-9 + /, padding only at
 * the end. The same rule as a regular expression over the text, at a tenth of its cost on a 300 KB
 * image (the emulator checks every image of every createJob): all but the last group must come
 * back unchanged from a decode and re-encode, which leaves out any other character (Node's
 * decoder skips them or reads - and _ as + and /) and any =; the last group is checked as text.
 */
export function isStrictBase64(text: string): boolean {
	if (text.length % 4 !== 0) return false;
	if (text.length === 0) return true;
	const head = text.slice(0, -4);
	if (!LAST_GROUP.test(text.slice(-4)) || head.includes('=')) return false;
	return Buffer.from(head, 'base64').toString('base64') === head;
}

export function readImageInfo(bytes: Buffer): ImageInfo | undefined {
	const startsWith = (offset: number, signature: number[] | string) => {
		const expected = typeof signature === 'string' ? Buffer.from(signature, 'ascii') : Buffer.from(signature);
		return expected.equals(bytes.subarray(offset, offset + expected.length));
	};

	if (startsWith(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
		return withSize('png', bytes, 24, (b) => [b.readUInt32BE(16), b.readUInt32BE(20)]);
	}
	if (startsWith(0, [0xff, 0xd8, 0xff])) return { format: 'jpeg', ...jpegSize(bytes) };
	if (startsWith(0, 'GIF87a') || startsWith(0, 'GIF89a')) {
		return withSize('gif', bytes, 10, (b) => [b.readUInt16LE(6), b.readUInt16LE(8)]);
	}
	if (startsWith(0, 'RIFF') && startsWith(8, 'WEBP')) return { format: 'webp', ...webpSize(bytes) };
	if (startsWith(0, 'BM') && bytes.length >= 26) {
		return withSize('bmp', bytes, 26, (b) => [b.readInt32LE(18), Math.abs(b.readInt32LE(22))]);
	}
	return undefined;
}

function withSize(
	format: ImageFormat,
	bytes: Buffer,
	headerLength: number,
	read: (bytes: Buffer) => [number, number],
): ImageInfo {
	if (bytes.length < headerLength) return { format };
	const [width, height] = read(bytes);
	return { format, width, height };
}

/** Walks the JPEG segments to the first start-of-frame marker, which carries the size. */
function jpegSize(bytes: Buffer): { width?: number; height?: number } {
	let offset = 2;
	while (offset + 9 <= bytes.length && bytes[offset] === 0xff) {
		const marker = bytes[offset + 1];
		const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isStartOfFrame) {
			return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		}
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return {};
}

function webpSize(bytes: Buffer): { width?: number; height?: number } {
	const chunk = bytes.toString('ascii', 12, 16);
	if (chunk === 'VP8X' && bytes.length >= 30) {
		return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	}
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	}
	return {};
}
