/**
 * The page operation's browser endpoint in n8n terms: the Browser URL parameter combined with the
 * optional Browser Connection credential, the DevTools discovery calls through n8n's request
 * helpers (with the endpoint's headers), and the credential's test.
 */

import {
	sleep,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
} from 'n8n-workflow';

import { browserSecretOf } from '../../../../credentials/BrowserConnectionApi.credentials';
import { connectToBrowser } from '../../browser/connection/connect';
import { CdpError } from '../../browser/connection/cdpError';
import { endpointHost, HttpStatusError, type Endpoint, type GetJson } from '../../browser/connection/endpoint';
import { NETWORK_FAILURES } from '../pipeline/requests';

export const BROWSER_CREDENTIAL = 'browserConnectionApi';
const DISCOVERY_TIMEOUT_MS = 10_000;

/** A full answer of either request helper: the status, and the body (parsed JSON). */
type Answer = { statusCode?: number; status?: number; body?: unknown };

/**
 * A GetJson on one of n8n's request helpers: any status comes back as an answer (an error status
 * becomes an HttpStatusError), a request that got none as a CdpError naming the host only. Network
 * codes are put in words: n8n replaces a message holding a raw code with a generic one.
 */
function getJsonVia(request: (url: string, headers: Record<string, string>) => Promise<Answer>): GetJson {
	return async (url, headers) => {
		let answer: Answer | undefined;
		let code: string | undefined;
		try {
			answer = await request(url, { ...headers });
		} catch (error) {
			const details = error as { code?: unknown; httpCode?: unknown; cause?: { code?: unknown } };
			code = [details.code, details.httpCode, details.cause?.code].map(String).find((value) => value in NETWORK_FAILURES);
		}
		if (!answer) throw new CdpError('unreachable', `could not reach the browser at ${endpointHost(url)} (${code ? NETWORK_FAILURES[code] : 'no response'})`);
		const status = Number(answer.statusCode ?? answer.status);
		if (status >= 400) throw new HttpStatusError(status);
		return typeof answer.body === 'string' ? JSON.parse(answer.body) : answer.body;
	};
}

/** Discovery calls through the execution's request helper. */
export function executionGetJson(context: IExecuteFunctions): GetJson {
	return getJsonVia(
		async (url, headers) =>
			(await context.helpers.httpRequest({
				method: 'GET',
				url,
				headers,
				json: true,
				timeout: DISCOVERY_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as Answer,
	);
}

/**
 * The endpoint of one item: its Browser URL, or the credential's default one when empty, with the
 * credential's secret and extra headers. Undefined URL: neither gives one.
 */
export function itemEndpoint(browserUrl: string, credentials: ICredentialDataDecryptedObject | undefined): Endpoint {
	if (!credentials) return { url: browserUrl };
	const secret = browserSecretOf(credentials);
	return {
		url: browserUrl || secret.endpoint,
		...(Object.keys(secret.query).length ? { query: secret.query } : {}),
		...(Object.keys(secret.headers).length ? { headers: secret.headers } : {}),
	};
}

/**
 * The Browser Connection credential's test (n8n's "Retry" and save check): connects to the default
 * Browser URL with the secret and asks the browser its version. Without a default URL there is
 * nothing to reach; the secret is then first used by a run.
 */
export async function browserConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const endpoint = itemEndpoint('', credential.data ?? {});
	if (!endpoint.url) return { status: 'OK', message: 'No default Browser URL to test: the secret goes with the Browser URL of each run' };
	// A credential test gets no request helper but the deprecated `request`; the discovery call is
	// one plain GET, as the WebSocket beside it is.
	const getJson = getJsonVia(async (url, headers) => {
		const response = await fetch(url, { headers, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
		return { status: response.status, body: response.ok ? await response.json() : undefined };
	});
	try {
		const { connection } = await connectToBrowser(endpoint, { wait: sleep, getJson });
		try {
			const { product } = await connection.send<{ product: string }>('Browser.getVersion', {}, { timeoutMs: DISCOVERY_TIMEOUT_MS });
			return { status: 'OK', message: `Connected to ${product} at ${connection.host}` };
		} finally {
			connection.close();
		}
	} catch (error) {
		return { status: 'Error', message: error instanceof CdpError ? error.message : `could not connect to ${endpointHost(endpoint.url)}` };
	}
}
