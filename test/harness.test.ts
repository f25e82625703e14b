/**
 * Self-test of the in-process n8n harness (test/helpers/n8n.ts) with a tiny probe node and a
 * local HTTP server: real binary storage, real authenticated HTTP, Continue On Fail, and Stop.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeConnectionTypes,
	type IAuthenticateGeneric,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { chain, fixtureItemsNode, runWorkflow } from './helpers/n8n';

// ---------------------------------------------------------------------------------------------
// A credential shaped like the project's (api_token in the JSON body), plus header/qs entries
// to check that all three targets are resolved.

class ProbeApi implements ICredentialType {
	name = 'probeApi';
	displayName = 'Probe API';
	properties: INodeProperties[] = [
		{ displayName: 'API Token', name: 'apiToken', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu-default' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: { api_token: '={{$credentials.apiToken}}' },
			headers: { 'X-Probe': '=probe {{$credentials.apiToken}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

/** What the probe node saw when a request failed (to check the abort reached it). */
const observed: Array<{ aborted: boolean; error: string }> = [];

class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Harness self-test node',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'probeApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Binary Length', value: 'binaryLength' },
					{ name: 'Request', value: 'request' },
				],
				default: 'binaryLength',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (operation === 'binaryLength') {
					const json: IDataObject = {};
					for (const key of Object.keys(items[i].binary ?? {})) {
						const buffer = await this.helpers.getBinaryDataBuffer(i, key);
						json[key] = { length: buffer.length, text: buffer.toString('utf8') };
					}
					out.push({ json, pairedItem: { item: i } });
				} else {
					const credentials = await this.getCredentials<{ baseUrl: string }>('probeApi');
					const response = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						'probeApi',
						{
							method: 'POST',
							url: `${credentials.baseUrl}${items[i].json.path as string}`,
							body: { item: i },
							json: true,
						},
					)) as IDataObject;
					out.push({ json: response, pairedItem: { item: i } });
				}
			} catch (error) {
				observed.push({
					aborted: this.getExecutionCancelSignal()?.aborted ?? false,
					error: (error as Error).message,
				});
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

// ---------------------------------------------------------------------------------------------
// Local server

interface Received {
	method?: string;
	url?: string;
	headers: IncomingMessage['headers'];
	body: any;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
const slowClosed: Array<() => void> = [];
let slowRequestArrived: (() => void) | undefined;

beforeAll(async () => {
	server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const body = raw ? JSON.parse(raw) : undefined;
			received.push({ method: req.method, url: req.url, headers: req.headers, body });
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (path === '/slow') {
				// Never answers; the client must give up (abort) on its own.
				res.on('close', () => slowClosed.forEach((fn) => fn()));
				slowRequestArrived?.();
				return;
			}
			if (path === '/fail') {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'server exploded' }));
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ok: true, echo: body }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
	observed.length = 0;
	slowClosed.length = 0;
	slowRequestArrived = undefined;
});

function probeNode(operation: string, extra: Partial<INode> = {}): INode {
	return {
		id: 'probe-id',
		name: 'Probe',
		type: 'probe',
		typeVersion: 1,
		position: [200, 0],
		parameters: { operation },
		...extra,
	};
}

function run(nodes: INode[], signal?: AbortSignal) {
	return runWorkflow({
		nodeTypes: [Probe],
		credentialTypes: [ProbeApi],
		credentials: { probeApi: { data: { apiToken: 'secret-token', baseUrl } } },
		nodes,
		connections: chain(nodes),
		signal,
	});
}

// ---------------------------------------------------------------------------------------------

describe('n8n in-process harness', () => {
	it('stores fixture binaries like n8n and serves them through getBinaryDataBuffer', async () => {
		const source = fixtureItemsNode('Source', [
			{
				json: { n: 1 },
				binary: { data: { data: Buffer.from('abc'), mimeType: 'image/png', fileName: 'a.png' } },
			},
			{ json: { n: 2 }, binary: { data: { data: Buffer.from('hello'), mimeType: 'image/jpeg' } } },
		]);
		const result = await run([source, probeNode('binaryLength')]);

		expect(result.status).toBe('success');
		const sourceItems = result.itemsOf('Source');
		expect(sourceItems.map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }]);
		expect(sourceItems[0].binary?.data).toMatchObject({
			mimeType: 'image/png',
			fileName: 'a.png',
			fileExtension: 'png',
		});
		expect(result.itemsOf('Probe').map((item) => item.json)).toEqual([
			{ data: { length: 3, text: 'abc' } },
			{ data: { length: 5, text: 'hello' } },
		]);
		expect(result.itemsOf('Nope')).toEqual([]);
	});

	it('authenticates requests from the credential (body, headers, qs, defaults)', async () => {
		const source = fixtureItemsNode('Source', [{ json: { path: '/echo' } }]);
		const result = await run([source, probeNode('request')]);

		expect(result.status).toBe('success');
		expect(received).toHaveLength(1);
		expect(received[0].method).toBe('POST');
		expect(received[0].body).toEqual({ item: 0, api_token: 'secret-token' });
		expect(received[0].headers['x-probe']).toBe('probe secret-token');
		expect(received[0].headers['content-type']).toMatch(/application\/json/);
		// `region` is not in the stored data: the credential type's default is applied.
		expect(new URL(received[0].url!, baseUrl).searchParams.get('region')).toBe('eu-default');
		expect(result.itemsOf('Probe')[0].json).toEqual({
			ok: true,
			echo: { item: 0, api_token: 'secret-token' },
		});
	});

	it('reports a node error as a serialized NodeApiError and fails the run', async () => {
		const source = fixtureItemsNode('Source', [{ json: { path: '/fail' } }]);
		const result = await run([source, probeNode('request')]);

		expect(result.status).toBe('error');
		const error = result.errorOf('Probe');
		expect(error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '500',
			message: 'The service was not able to process your request',
			description: 'server exploded',
		});
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.itemsOf('Probe')).toEqual([]);
	});

	it.each([
		['onError: continueRegularOutput', { onError: 'continueRegularOutput' } as Partial<INode>],
		['continueOnFail: true', { continueOnFail: true } as Partial<INode>],
	])('turns failures into error items with %s', async (_label, extra) => {
		const source = fixtureItemsNode('Source', [
			{ json: { path: '/fail' } },
			{ json: { path: '/echo' } },
		]);
		const result = await run([source, probeNode('request', extra)]);

		expect(result.status).toBe('success');
		expect(result.errorOf('Probe')).toBeUndefined();
		const items = result.itemsOf('Probe');
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(items[1].json).toMatchObject({ ok: true });
	});

	it('cancels the run when the signal aborts, and the pending request sees the abort', async () => {
		const controller = new AbortController();
		const arrived = new Promise<void>((resolve) => (slowRequestArrived = resolve));
		const closed = new Promise<void>((resolve) => slowClosed.push(resolve));
		void arrived.then(() => controller.abort());

		const source = fixtureItemsNode('Source', [{ json: { path: '/slow' } }]);
		const started = Date.now();
		const result = await run([source, probeNode('request')], controller.signal);

		expect(result.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(10_000);
		await closed; // the server saw the client hang up
		expect(observed).toHaveLength(1);
		expect(observed[0].aborted).toBe(true);
		expect(result.errorOf('Probe')).toMatchObject({ name: 'NodeApiError', message: 'canceled' });
	});

	it('does not start when the signal is already aborted', async () => {
		const source = fixtureItemsNode('Source', [{ json: { path: '/echo' } }]);
		const result = await run([source, probeNode('request')], AbortSignal.abort());

		expect(result.status).toBe('canceled');
		expect(received).toHaveLength(0);
	});
});
