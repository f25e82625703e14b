import { randomBytes } from 'node:crypto';

/**
 * A JSON request body whose images go in as base64 without passing through JSON.stringify.
 *
 * Each image added gets a short stand-in string to put where its base64 belongs (alone, or joined
 * into a longer string, as v1 joins an item's images with `|`). `encode` stringifies the body,
 * which is now small, and writes it into one buffer with the image's base64 in place of every
 * stand-in. Base64 never needs JSON escaping, so this is the same JSON text, without joining the
 * screenshots, scanning them for characters to escape and copying them once more to UTF-8: in a
 * batch of 250 KB screenshots that was a third of the node's CPU while it uploaded, and so a delay
 * on every answer it read meanwhile.
 *
 * A stand-in is NUL, "omo:", a random nonce of its instance, its index and NUL: no user text
 * holds it by chance, and a stand-in of another instance is left as it is.
 */
export class JsonImages {
	private readonly images: Buffer[] = [];
	private readonly nonce = randomBytes(8).toString('hex');
	/** A stand-in as JSON.stringify writes it (NUL becomes the six characters \u0000). */
	private readonly written = new RegExp(`\\\\u0000omo:${this.nonce}:(\\d+)\\\\u0000`, 'g');

	/** Takes an image; returns the string that stands for its base64 in the body. */
	add(image: Buffer): string {
		this.images.push(image);
		return `\u0000omo:${this.nonce}:${this.images.length - 1}\u0000`;
	}

	/** The body as JSON (UTF-8), each stand-in replaced by its image's base64. */
	encode(body: object): Buffer {
		const json = JSON.stringify(body);
		/** JSON text and the images between its pieces, in order. */
		const pieces: Array<string | Buffer> = [];
		let byteLength = 0;
		let start = 0;
		for (const match of json.matchAll(this.written)) {
			const image = this.images[Number(match[1])];
			// A backslash before it: user text that spells a stand-in out, which JSON wrote as `\\u0000…`.
			if (image === undefined || isEscaped(json, match.index)) continue;
			const text = json.slice(start, match.index);
			pieces.push(text, image);
			byteLength += Buffer.byteLength(text) + base64Length(image);
			start = match.index + match[0].length;
		}
		const tail = json.slice(start);
		pieces.push(tail);
		byteLength += Buffer.byteLength(tail);

		const encoded = Buffer.allocUnsafe(byteLength);
		let offset = 0;
		for (const piece of pieces) {
			// Base64 is ASCII: latin1 writes one byte per character, without a UTF-8 encoder's checks.
			offset += typeof piece === 'string' ? encoded.write(piece, offset, 'utf8') : encoded.write(piece.toString('base64'), offset, 'latin1');
		}
		return encoded;
	}
}

/** Whether the character at `index` follows an odd run of backslashes, i.e. is escaped. */
function isEscaped(json: string, index: number): boolean {
	let backslashes = 0;
	while (index - backslashes - 1 >= 0 && json[index - backslashes - 1] === '\\') backslashes += 1;
	return backslashes % 2 === 1;
}

function base64Length(image: Buffer): number {
	return 4 * Math.ceil(image.length / 3);
}
