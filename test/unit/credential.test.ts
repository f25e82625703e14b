/**
 * The credential: which API a stored credential speaks (n8n fills missing fields with defaults),
 * where its key goes in the body, and its test request judged by its own rules against the
 * emulator on both APIs.
 */
import { NodeHelpers, Workflow, type ICredentialDataDecryptedObject, type INode, type INodeParameters, type INodeTypes } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { apiOf, OmoCaptchaApi, V1_BASE_URL, V2_BASE_URL } from '../../credentials/OmoCaptchaApi.credentials';
import { useEmulator } from '../helpers/emulator';
import { rejectionOf } from '../helpers/rejection';

const credential = new OmoCaptchaApi();

/** The data a node gets for stored credential data: n8n's applyDefaultsAndOverwrites does exactly this. */
const loaded = (stored: INodeParameters) =>
	NodeHelpers.getNodeParameters(credential.properties, stored, true, false, null, null) as ICredentialDataDecryptedObject;

describe('API choice of stored credentials', () => {
	it('starts a credential without an API choice on v2, with the v2 base URL and the service list host', () => {
		const data = loaded({ apiToken: 'OMO_KEY' });
		expect(data).toEqual({ api: 'v2', apiToken: 'OMO_KEY', v2BaseUrl: V2_BASE_URL, serviceListUrl: 'https://omocaptcha.com/api' });
		expect(apiOf(data)).toBe('v2');
		expect(apiOf({ apiToken: 'OMO_KEY' })).toBe('v2');
	});

	it('keeps a v1 credential on v1, with its own base URL', () => {
		const data = loaded({ api: 'v1', apiToken: 'old-token', baseUrl: 'http://127.0.0.1:9/api' });
		expect(data).toMatchObject({ api: 'v1', apiToken: 'old-token', baseUrl: 'http://127.0.0.1:9/api' });
		expect(data).not.toHaveProperty('v2BaseUrl');
		expect(apiOf(data)).toBe('v1');
	});

	it('offers v2 first, and the v1 base URL by default on v1', () => {
		const api = credential.properties.find((property) => property.name === 'api')!;
		expect(api.options!.map((option) => (option as { value: string }).value)).toEqual(['v2', 'v1']);
		expect(loaded({ api: 'v1', apiToken: 't' }).baseUrl).toBe(V1_BASE_URL);
	});
});

describe('authenticate', () => {
	it('puts the key into the body as clientKey on v2 and api_token on v1, keeping the other fields', async () => {
		const request = { url: 'http://x/createTask', method: 'POST' as const, body: { task: { type: 'ImageToTextTask' } }, json: true };
		expect((await credential.authenticate({ api: 'v2', apiToken: 'K' }, request)).body).toEqual({ task: { type: 'ImageToTextTask' }, clientKey: 'K' });
		expect((await credential.authenticate({ api: 'v1', apiToken: 'K' }, request)).body).toEqual({ task: { type: 'ImageToTextTask' }, api_token: 'K' });
		expect((await credential.authenticate({ api: 'v1', apiToken: 'K' }, { url: 'http://x', body: undefined })).body).toEqual({ api_token: 'K' });
		expect(request.body).toEqual({ task: { type: 'ImageToTextTask' } });
	});

	it('puts the key first into a body already encoded as JSON (a create with its images spliced in), on both APIs', async () => {
		const encoded = Buffer.from('{"task":{"type":"ImageToTextTask","imageBase64":"iVBORw0KGgo="}}');
		const request = { url: 'http://x/createTask', method: 'POST' as const, body: encoded, json: false };
		const v2 = (await credential.authenticate({ api: 'v2', apiToken: 'K "2"' }, request)).body as Buffer;
		const v1 = (await credential.authenticate({ api: 'v1', apiToken: 'K1' }, request)).body as Buffer;
		expect(Buffer.isBuffer(v2) && Buffer.isBuffer(v1)).toBe(true);
		expect(v2.toString()).toBe('{"clientKey":"K \\"2\\"","task":{"type":"ImageToTextTask","imageBase64":"iVBORw0KGgo="}}');
		expect(JSON.parse(v1.toString())).toEqual({ api_token: 'K1', task: { type: 'ImageToTextTask', imageBase64: 'iVBORw0KGgo=' } });
		expect(encoded.toString()).toBe('{"task":{"type":"ImageToTextTask","imageBase64":"iVBORw0KGgo="}}');
	});

	it('puts the key into an encoded empty object without a trailing comma', async () => {
		const request = { url: 'http://x/getBalance', method: 'POST' as const, json: false };
		expect(((await credential.authenticate({ api: 'v1', apiToken: 'K' }, { ...request, body: Buffer.from('{}') })).body as Buffer).toString()).toBe('{"api_token":"K"}');
		expect(((await credential.authenticate({ api: 'v2', apiToken: 'K' }, { ...request, body: Buffer.from(' { \n} ') })).body as Buffer).toString()).toBe(' {"clientKey":"K" \n} ');
	});

	it('refuses an encoded body that is not a JSON object, without naming the key', async () => {
		const error = await rejectionOf(credential.authenticate({ api: 'v1', apiToken: 'SECRET' }, { url: 'http://x', body: Buffer.from('[1,2]') }));
		expect(error).toBeInstanceOf(TypeError);
		expect(error.message).toBe('The request body is not a JSON object');
	});
});

describe('credential test request', () => {
	const emulator = useEmulator();

	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const node: INode = { id: 'n', name: 'n', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [], connections: {}, nodeTypes, active: false });

	/** Sends the credential's test request as n8n does and judges the answer by its rules: the message of the first broken rule, or 'OK'. */
	async function runCredentialTest(stored: INodeParameters): Promise<string> {
		const data = loaded(stored);
		const { request, rules } = credential.test;
		const baseUrl = workflow.expression.getSimpleParameterValue(node, request.baseURL!, 'internal', { $credentials: data } as never, undefined, '') as string;
		const options = await credential.authenticate(data, { url: `${baseUrl}${request.url}`, method: request.method, body: request.body, json: true });
		const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) });
		const body = (await response.json()) as Record<string, unknown>;
		for (const rule of rules ?? []) {
			if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) return rule.properties.message;
		}
		return 'OK';
	}

	it('passes with the right key and fails with a wrong one on v1', async () => {
		expect(await runCredentialTest({ api: 'v1', apiToken: 'test-token', baseUrl: emulator.url })).toBe('OK');
		expect(await runCredentialTest({ api: 'v1', apiToken: 'wrong', baseUrl: emulator.url })).toBe('Invalid api token.');
	});

	it('passes with the right key and fails with a wrong one on v2', async () => {
		expect(await runCredentialTest({ api: 'v2', apiToken: 'test-token', v2BaseUrl: emulator.v2Url })).toBe('OK');
		expect(await runCredentialTest({ api: 'v2', apiToken: 'wrong', v2BaseUrl: emulator.v2Url })).toBe('The service refused the key (errorId 1).');
		const v2Requests = emulator.requests.filter((entry) => entry.path === '/v2/getBalance');
		expect(v2Requests.map((entry) => entry.body)).toEqual([{ clientKey: 'test-token' }, { clientKey: 'wrong' }]);
	});
});
