import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { OmoCaptchaClient, type SendRequest } from '../transport/client';
import { OmoCaptchaError } from '../transport/errors';

const CREDENTIAL = 'omoCaptchaApi';
const CREATE_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The client, sending through n8n's authenticated request helper: it adds the token to the body,
 * honours n8n's proxy settings and the execution's cancel signal. Failures are rebuilt as
 * OmoCaptchaErrors from the status alone, never from n8n's error object, which carries the
 * request (and so the token).
 */
export async function createClient(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<OmoCaptchaClient> {
	const credentials = await context.getCredentials(CREDENTIAL);
	const baseUrl = String(credentials.baseUrl || 'https://omocaptcha.com/api').replace(/\/+$/, '');
	const send: SendRequest = async (method, body, signal) => {
		let failure: OmoCaptchaError;
		try {
			return await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL, {
				method: 'POST',
				url: `${baseUrl}/${method}`,
				body,
				json: true,
				// An upload of large images may take a while; a poll that hangs is retried sooner.
				timeout: method === 'createJob' ? CREATE_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
				abortSignal: signal,
			});
		} catch (error) {
			failure = transportFailure(method, baseUrl, (error as { httpCode?: unknown }).httpCode);
		}
		// Thrown outside the catch so n8n's error (it holds the request, and so the token) is not its cause.
		// The item pipeline reports it as a NodeOperationError with this message (see items.ts).
		throw failure;
	};
	return new OmoCaptchaClient(send);
}

function transportFailure(method: string, baseUrl: string, httpCode: unknown): OmoCaptchaError {
	const status = Number(httpCode);
	if (Number.isInteger(status) && status >= 100 && status < 600) {
		return new OmoCaptchaError('transport', `${method} failed with HTTP ${status}`, { httpStatus: status });
	}
	const reason = NETWORK_FAILURES[String(httpCode)] ?? 'no response';
	// Without an answer nobody knows whether the job exists; it is not sent again (it costs).
	const maybeCreated = method === 'createJob' && reason !== 'connection refused' && reason !== 'host not found'
		? '; the job may have been created: check the OmoCaptcha dashboard before sending it again'
		: '';
	return new OmoCaptchaError('transport', `${method} could not reach ${hostOf(baseUrl)} (${reason})${maybeCreated}`);
}

// In words: n8n's errors replace any message holding a raw code such as ECONNREFUSED with a
// generic one that would lose the method and host.
const NETWORK_FAILURES: Record<string, string> = {
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
