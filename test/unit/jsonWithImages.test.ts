/**
 * A create's body with its images spliced in as base64: the same JSON as stringifying the body
 * with the base64 in place of each stand-in, byte for byte, whatever else the body holds.
 */
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { JsonImages } from '../../nodes/OmoCaptcha/transport/jsonWithImages';

/** Lengths of 0, 1 and 2 modulo 3: base64 with no padding, `==` and `=`. */
const images = [randomBytes(3000), randomBytes(2501), randomBytes(17)];
const base64 = images.map((image) => image.toString('base64'));

describe('JsonImages', () => {
	it('encodes a body as its JSON with each stand-in replaced by the exact base64 of its image', () => {
		const body = new JsonImages();
		const [first, second, third] = images.map((image) => body.add(image));
		const task = { type: 'TiktokRotateWebTask', imageBase64s: [first, second], anchor: third, widthView: 340 };

		const encoded = body.encode({ task });

		const expected = JSON.stringify({ task: { type: 'TiktokRotateWebTask', imageBase64s: [base64[0], base64[1]], anchor: base64[2], widthView: 340 } });
		expect(encoded.toString('utf8')).toBe(expected);
		expect(encoded.length).toBe(Buffer.byteLength(expected));
	});

	it('splices stand-ins joined into one string (v1 joins an item\'s images with |)', () => {
		const body = new JsonImages();
		const standIns = images.map((image) => body.add(image));

		const encoded = body.encode({ data: { type_job_id: '23', image_base64: standIns.join('|') } });

		expect(JSON.parse(encoded.toString('utf8'))).toEqual({ data: { type_job_id: '23', image_base64: base64.join('|') } });
	});

	it('keeps quotes, backslashes, unicode and NUL characters of the other fields as JSON.stringify writes them', () => {
		const body = new JsonImages();
		const image = body.add(images[0]);
		const other = {
			question: 'Pick the "cat" \\ the one on the left\n\ttwice',
			other: 'Chọn hình giống nhau – 猫 🐱, ünïcödé',
			nul: 'before\u0000after',
			lone: '\ud83d',
			[`key "${'\\'}" 🐱`]: 'a key that needs escaping',
		};

		const encoded = body.encode({ data: { ...other, image_base64: image } });

		const expected = JSON.stringify({ data: { ...other, image_base64: base64[0] } });
		expect(encoded.toString('utf8')).toBe(expected);
		expect(encoded.length).toBe(Buffer.byteLength(expected));
		expect(JSON.parse(encoded.toString('utf8'))).toEqual({ data: { ...other, image_base64: base64[0] } });
	});

	it('splices a stand-in used twice twice, and an image whose stand-in is not used is left out', () => {
		const body = new JsonImages();
		const used = body.add(images[1]);
		body.add(images[0]);

		const encoded = body.encode({ task: { imageBase64: used, anchorImageBase64s: [used, used] } });

		expect(JSON.parse(encoded.toString('utf8'))).toEqual({ task: { imageBase64: base64[1], anchorImageBase64s: [base64[1], base64[1]] } });
		expect(encoded.includes(base64[0])).toBe(false);
	});

	it('leaves a stand-in of another body alone, and user text that spells a stand-in out', () => {
		const body = new JsonImages();
		const ours = body.add(images[0]);
		const theirs = new JsonImages().add(images[1]);
		// Text whose JSON ends like ours: a backslash and "u0000" typed out, then the rest of it.
		const spelledOut = `\\u0000${ours.slice(1)}`;
		expect(JSON.stringify(spelledOut)).toContain(JSON.stringify(ours).slice(1, -1));

		const encoded = body.encode({ data: { image_base64: ours, other: theirs, note: spelledOut, both: `${spelledOut}${ours}` } });

		expect(JSON.parse(encoded.toString('utf8'))).toEqual({ data: { image_base64: base64[0], other: theirs, note: spelledOut, both: `${spelledOut}${base64[0]}` } });
	});

	it('gives every body its own stand-ins, none of them holding the image', () => {
		const one = new JsonImages().add(images[0]);
		const other = new JsonImages().add(images[0]);
		expect(one).not.toBe(other);
		expect(one.length).toBeLessThan(40);
	});

	it('encodes a body without images as plain JSON', () => {
		expect(new JsonImages().encode({}).toString('utf8')).toBe('{}');
		expect(new JsonImages().encode({ data: { type_job_id: '26', é: 'ü' } }).toString('utf8')).toBe('{"data":{"type_job_id":"26","é":"ü"}}');
	});
});
