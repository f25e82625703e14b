import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { detectImageFormat } from '../images/imageInfo';
import type { ImageSource } from './captchaInputs';
import { itemFieldError } from './items';

/**
 * Reads one image from wherever the user keeps it: a binary property of the item (the default),
 * base64 text, or a URL. Every captcha type goes through here, so every image is checked the
 * same way: present, not empty, within the size cap, and really an image by its bytes.
 */
export async function readImage(
	context: IExecuteFunctions,
	itemIndex: number,
	source: ImageSource,
	value: string,
	fieldName: string,
	maxBytes: number,
): Promise<Buffer> {
	const fail = (problem: string) => itemFieldError(context.getNode(), itemIndex, fieldName, problem);

	const bytes =
		source === 'base64'
			? decodeBase64Image(value, fail)
			: source === 'url'
				? await downloadImage(context, value, maxBytes, fail)
				: await readBinaryProperty(context, itemIndex, value, fail);

	if (bytes.length === 0) throw fail(`the image is empty (${describe(source, value)})`);
	if (bytes.length > maxBytes) {
		throw fail(`the image is ${megabytes(bytes.length)} MB, above the ${megabytes(maxBytes)} MB limit (option Max Image Size)`);
	}
	if (!detectImageFormat(bytes)) {
		// Names and MIME types lie (PNG files named .jpg are common): only the bytes are trusted.
		throw fail(`${describe(source, value)} is not a PNG, JPEG, GIF, WebP or BMP image (it starts with bytes ${bytes.subarray(0, 8).toString('hex')})`);
	}
	return bytes;
}

type Fail = (problem: string) => NodeOperationError;

async function readBinaryProperty(context: IExecuteFunctions, itemIndex: number, property: string, fail: Fail): Promise<Buffer> {
	const name = property.trim();
	if (!name) throw fail('no binary property name given');
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[name]) {
		const available = Object.keys(binary);
		const hint = available.length ? `the item has ${available.map((key) => `"${key}"`).join(', ')}` : 'the item has no binary data';
		throw fail(`binary property "${name}" not found (${hint})`);
	}
	return await context.helpers.getBinaryDataBuffer(itemIndex, name);
}

const DATA_URL_PREFIX = /^data:[\w.+-]+\/[\w.+-]+(;[\w=.+-]+)*;base64,/i;

function decodeBase64Image(text: string, fail: Fail): Buffer {
	const base64 = String(text ?? '').trim().replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
	if (!base64) throw fail('no base64 text given');
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64)) {
		throw fail('the text is not base64 (it has characters outside A-Z, a-z, 0-9, +, /, -, _ and =)');
	}
	return Buffer.from(base64, 'base64');
}

const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * Streams the download so the size cap holds while bytes arrive, not after a huge body is in
 * memory. The content type must be an image or a generic binary type (some CDNs send those).
 */
async function downloadImage(context: IExecuteFunctions, url: string, maxBytes: number, fail: Fail): Promise<Buffer> {
	const address = String(url ?? '').trim();
	if (!/^https?:\/\//i.test(address)) throw fail(`"${shortUrl(address)}" is not an http(s) URL`);
	const shown = shortUrl(address);
	let response: { statusCode?: number; headers?: Record<string, unknown>; body?: unknown };
	try {
		response = await context.helpers.httpRequest({
			method: 'GET',
			url: address,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
			abortSignal: context.getExecutionCancelSignal(),
		});
	} catch (error) {
		throw fail(`could not download ${shown}: ${(error as Error).message}`);
	}
	const body = response.body as AsyncIterable<Buffer> & { destroy?: () => void };
	const refuse = (problem: string) => {
		body.destroy?.();
		return fail(problem);
	};
	const status = Number(response.statusCode);
	if (status < 200 || status >= 300) throw refuse(`downloading ${shown} answered HTTP ${status}`);
	const contentType = String(response.headers?.['content-type'] ?? '');
	if (contentType && !/^(image\/|application\/octet-stream|binary\/)/i.test(contentType)) {
		throw refuse(`${shown} answered content type "${contentType}", not an image`);
	}
	const tooLarge = (size: string) =>
		refuse(`the image at ${shown} is ${size} MB, above the ${megabytes(maxBytes)} MB limit (option Max Image Size)`);
	const declaredLength = Number(response.headers?.['content-length']);
	if (declaredLength > maxBytes) throw tooLarge(megabytes(declaredLength));
	const chunks: Buffer[] = [];
	let received = 0;
	for await (const chunk of body) {
		received += chunk.length;
		if (received > maxBytes) throw tooLarge(`over ${megabytes(maxBytes)}`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** A URL without its query string, for messages: signed URLs carry secrets there. */
function shortUrl(address: string): string {
	return address.replace(/[?#].*$/, '');
}

function describe(source: ImageSource, value: string): string {
	if (source === 'binary') return `binary property "${value}"`;
	if (source === 'url') return `the download from ${shortUrl(value)}`;
	return 'the base64 text';
}

function megabytes(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(2).replace(/\.?0+$/, '');
}
