import { sleep, type IExecuteFunctions, type NodeOperationError } from 'n8n-workflow';

import { detectImageFormat, findIncompleteness, type ImageFormat } from '../../images/imageInfo';
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
	const format = detectImageFormat(bytes);
	if (!format) {
		// Names and MIME types lie (PNG files named .jpg are common): only the bytes are trusted.
		throw fail(`${describe(source, value)} is not a PNG, JPEG, GIF, WebP or BMP image (it starts with bytes ${bytes.subarray(0, 8).toString('hex')})`);
	}
	// A cut-off file would be uploaded and paid for, and the service could not solve it.
	const incomplete = findIncompleteness(bytes);
	if (incomplete) throw fail(`${describe(source, value)} is not a complete ${FORMAT_NAMES[format]} image: ${incomplete}`);
	return bytes;
}

type Fail = (problem: string) => NodeOperationError;

const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

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

const DEFAULT_DOWNLOAD_TIMEOUT_S = 30;
const EXPIRED = Symbol('download timeout');

/**
 * Streams the download so the size cap holds while bytes arrive, not after a huge body is in
 * memory. The content type must be an image or a generic binary type (some CDNs send those).
 * The time limit (option Download Timeout) covers the whole transfer, headers and body: a host
 * that trickles its body cannot hold the item, nor the batch's answers, past it.
 */
async function downloadImage(context: IExecuteFunctions, url: string, maxBytes: number, fail: Fail): Promise<Buffer> {
	const address = String(url ?? '').trim();
	if (!/^https?:\/\//i.test(address)) throw fail(`"${shortUrl(address)}" is not an http(s) URL`);
	const shown = shortUrl(address);
	const limitS = downloadTimeoutSeconds(context);

	// One signal for the request and its body: the execution's stop, or the time limit.
	const cancel = context.getExecutionCancelSignal();
	const transfer = new AbortController();
	const stopTransfer = () => transfer.abort();
	cancel?.addEventListener('abort', stopTransfer, { once: true });
	const stopTimer = new AbortController();
	const expired = sleep(limitS * 1000, stopTimer.signal).then(
		(): typeof EXPIRED => EXPIRED,
		() => new Promise<never>(() => undefined),
	);
	const tooSlow = () => {
		transfer.abort();
		return fail(`downloading ${shown} took longer than ${limitS} s (option Download Timeout covers the whole transfer)`);
	};

	try {
		type Response = { statusCode?: number; headers?: Record<string, unknown>; body?: unknown };
		let first: Response | typeof EXPIRED;
		try {
			const request = context.helpers.httpRequest({
				method: 'GET',
				url: address,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: limitS * 1000,
				abortSignal: transfer.signal,
			}) as Promise<Response>;
			request.catch(() => undefined); // it may lose the race below and fail later
			first = await Promise.race([request, expired]);
		} catch (error) {
			throw fail(`could not download ${shown}: ${(error as Error).message}`);
		}
		if (first === EXPIRED) throw tooSlow();
		const response = first;
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
		const reader = body[Symbol.asyncIterator]();
		for (;;) {
			const next = await Promise.race([reader.next(), expired]);
			if (next === EXPIRED) {
				body.destroy?.();
				throw tooSlow();
			}
			if (next.done) break;
			received += next.value.length;
			if (received > maxBytes) throw tooLarge(`over ${megabytes(maxBytes)}`);
			chunks.push(next.value);
		}
		return Buffer.concat(chunks);
	} finally {
		stopTimer.abort();
		cancel?.removeEventListener('abort', stopTransfer);
	}
}

/** Option Download Timeout (from the first item, like every option), in seconds. */
function downloadTimeoutSeconds(context: IExecuteFunctions): number {
	const options = context.getNodeParameter('options', 0, {}) as { downloadTimeout?: unknown };
	const value = Number(options.downloadTimeout ?? DEFAULT_DOWNLOAD_TIMEOUT_S);
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_DOWNLOAD_TIMEOUT_S;
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
