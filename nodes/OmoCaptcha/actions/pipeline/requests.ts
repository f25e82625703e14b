import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { apiOf, SERVICE_LIST_URL, V1_BASE_URL, V2_BASE_URL } from '../../../../credentials/OmoCaptchaApi.credentials';
import { OmoCaptchaClient, type SendRequest } from '../../transport/client';
import { OmoCaptchaError } from '../../transport/errors';
import type { JsonImages } from '../../transport/jsonWithImages';
import { POLL_REQUEST_TIMEOUT_MS } from '../../transport/poller';

const CREDENTIAL = 'omoCaptchaApi';
const CREATES = new Set(['createJob', 'createTask']);
const POLLS = new Set(['getJobResult', 'getTaskResult']);
const CREATE_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The client, sending through n8n's authenticated request helper: it adds the token to the body,
 * honours n8n's proxy settings and the execution's cancel signal. The credential is read once per
 * client and handed to the helper with each request: otherwise n8n reads (and decrypts) it from
 * its database for every one, which in a batch of hundreds of polls is most of a poll's cost and
 * delays every answer. The answer is read as text
 * with any status, so a failure can say what came back (status, content type, Retry-After).
 * Failures are rebuilt as OmoCaptchaErrors, never from n8n's error object, which carries the
 * request (and so the token).
 */
export async function createClient(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<OmoCaptchaClient> {
	const credentials = await context.getCredentials(CREDENTIAL);
	const api = apiOf(credentials);
	const trimmed = (value: unknown, fallback: string) => String(value || fallback).replace(/\/+$/, '');
	const baseUrl = api === 'v2' ? trimmed(credentials.v2BaseUrl, V2_BASE_URL) : trimmed(credentials.baseUrl, V1_BASE_URL);
	// v2 keeps its service and package lists on the old host; on v1 they sit beside the other methods.
	const listUrl = api === 'v2' ? trimmed(credentials.serviceListUrl, SERVICE_LIST_URL) : baseUrl;
	const stored = context.getNode().credentials?.[CREDENTIAL];
	const credentialsDecrypted = { id: stored?.id ?? '', name: stored?.name ?? '', type: CREDENTIAL, data: credentials };
	const send: SendRequest = async (method, body, signal, images) => {
		let response: FullResponse | undefined;
		let failure: OmoCaptchaError | undefined;
		const listing = method === 'getServicePrice';
		const asText = { encoding: 'text', returnFullResponse: true, ignoreHttpStatusErrors: true, abortSignal: signal } as const;
		try {
			if (listing) {
				// A public list on the old host: GET, and no key goes with it.
				const url = `${listUrl}/getServicePrice`;
				response = (await context.helpers.httpRequest({ ...asText, method: 'GET', url, qs: { type: String(body.type) }, timeout: REQUEST_TIMEOUT_MS })) as FullResponse;
			} else {
				response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL, {
					...asText,
					method: 'POST',
					url: `${baseUrl}/${method}`,
					...jsonBody(body, images),
					// An upload of large images may take a while; a poll is forgotten by the poller at
					// this bound, so its socket does not outlive it (a hung one is raced long before).
					timeout: CREATES.has(method) ? CREATE_TIMEOUT_MS : POLLS.has(method) ? POLL_REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
				}, { credentialsDecrypted })) as FullResponse;
			}
		} catch (error) {
			failure = transportFailure(method, listing ? listUrl : baseUrl, (error as { httpCode?: unknown }).httpCode);
		}
		// Thrown outside the catch so n8n's error (it holds the request, and so the token) is not its cause.
		// The item pipeline reports it as a NodeOperationError with this message (see items.ts).
		if (failure !== undefined || response === undefined) throw failure;
		return readAnswer(method, response);
	};
	return new OmoCaptchaClient(send, api);
}

/**
 * The request's JSON body: an object for n8n to serialise or, with images, the JSON already
 * encoded with their base64 spliced in (the credential adds the key to either).
 */
function jsonBody(body: Record<string, unknown>, images: JsonImages | undefined): Pick<IHttpRequestOptions, 'body' | 'json' | 'headers'> {
	if (!images) return { body, json: true };
	return { body: images.encode(body), json: false, headers: { 'content-type': 'application/json', accept: 'application/json' } };
}

interface FullResponse {
	statusCode?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

/** The parsed JSON of a 2xx answer; anything else fails saying what came back. */
function readAnswer(method: string, response: FullResponse): unknown {
	const status = Number(response.statusCode);
	const header = (name: string) => {
		const value = response.headers?.[name];
		return Array.isArray(value) ? String(value[0] ?? '') : value === undefined || value === null ? '' : String(value);
	};
	const text = typeof response.body === 'string' ? response.body : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : '';
	const contentType = header('content-type').split(';')[0].trim();
	const what = `${contentType || 'no content type'}, ${Buffer.byteLength(text)} bytes`;
	if (!(status >= 200 && status < 300)) {
		const retryAfterMs = parseRetryAfter(header('retry-after'));
		const wait = retryAfterMs === undefined ? '' : `, Retry-After ${Math.ceil(retryAfterMs / 1000)} s`;
		return failWith(new OmoCaptchaError('transport', `${method} failed with HTTP ${status} (${what}${wait})`, { httpStatus: status, retryAfterMs }));
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		const kind = /html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML page' : text.trim() === '' ? 'an empty body' : 'a body that is not valid JSON';
		return failWith(new OmoCaptchaError('unexpectedAnswer', `${method} answered HTTP ${status} with ${kind} (${what})`, { httpStatus: status }));
	}
}

function failWith(error: OmoCaptchaError): never {
	throw error;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
function parseRetryAfter(value: string): number | undefined {
	if (!value.trim()) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function transportFailure(method: string, baseUrl: string, httpCode: unknown): OmoCaptchaError {
	const status = Number(httpCode);
	if (Number.isInteger(status) && status >= 100 && status < 600) {
		return new OmoCaptchaError('transport', `${method} failed with HTTP ${status}`, { httpStatus: status });
	}
	const reason = NETWORK_FAILURES[String(httpCode)] ?? 'no response';
	// Only these two are certain not to have reached the server (createJob says so otherwise).
	const neverSent = reason === 'connection refused' || reason === 'host not found';
	return new OmoCaptchaError('transport', `${method} could not reach ${hostOf(baseUrl)} (${reason})`, { neverSent });
}

// In words: n8n's errors replace any message holding a raw code such as ECONNREFUSED with a
// generic one that would lose the method and host.
export const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
};

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the OmoCaptcha API';
	}
}
