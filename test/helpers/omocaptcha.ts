/**
 * Runs the real OmoCaptcha node and credential in an in-process n8n execution against the
 * emulator over real HTTP: the shared setup of the workflow-level tests.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { BrowserConnectionApi } from '../../credentials/BrowserConnectionApi.credentials';
import { OmoCaptchaApi } from '../../credentials/OmoCaptchaApi.credentials';
import { OmoCaptcha } from '../../nodes/OmoCaptcha/OmoCaptcha.node';
import { type Emulator, expectedResult } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { chain, fixtureItemsNode, runWorkflow, type WorkflowRunResult } from './n8n';
import type { FixtureItem } from './fixtureNode';

const NODE_NAME = 'OmoCaptcha';

interface SolveRun extends WorkflowRunResult {
	/** Output items' json of the OmoCaptcha node. */
	output: IDataObject[];
}

/** The OmoCaptcha node as a workflow holds it, with these parameters (and settings such as onError). */
export function omoCaptchaNode(parameters: INodeParameters, settings: Partial<INode> = {}): INode {
	return { id: 'omocaptcha-node', name: NODE_NAME, type: 'omoCaptcha', typeVersion: 1, position: [200, 0], parameters, ...settings };
}

export async function runOmoCaptcha(
	emulator: Emulator,
	parameters: INodeParameters,
	items: FixtureItem[] = [{ json: {} }],
	extra: {
		continueOnFail?: boolean;
		signal?: AbortSignal;
		apiToken?: string;
		timeoutMs?: number;
		credentialReadMs?: (call: number) => number;
		api?: 'v1' | 'v2';
		/** Stored data of a Browser Connection credential (the page operation uses it with browserAuthentication: 'browserConnectionApi'). */
		browserConnection?: Record<string, unknown>;
	} = {},
): Promise<SolveRun> {
	const node = omoCaptchaNode(parameters, extra.continueOnFail ? { onError: 'continueRegularOutput' } : {});
	const images = fixtureItemsNode('Images', items);
	const result = await runWorkflow({
		nodeTypes: [OmoCaptcha],
		credentialTypes: [OmoCaptchaApi, BrowserConnectionApi],
		credentials: {
			omoCaptchaApi: { id: 'cred-1', name: 'Emulator', data: credentialData(emulator, extra.api, extra.apiToken) },
			...(extra.browserConnection ? { browserConnectionApi: { id: 'cred-2', name: 'Browser', data: extra.browserConnection as ICredentialDataDecryptedObject } } : {}),
		},
		nodes: [images, node],
		connections: chain([images, node]),
		signal: extra.signal,
		timeoutMs: extra.timeoutMs,
		credentialReadMs: extra.credentialReadMs,
	});
	return { ...result, output: result.itemsOf(NODE_NAME).map((item) => item.json) };
}

/** Stored credential data pointing at the emulator, on v1 unless the test asks for v2. */
function credentialData(emulator: Emulator, api?: 'v1' | 'v2', apiToken = 'test-token'): Record<string, string> {
	if (api === 'v2') return { api, apiToken, v2BaseUrl: emulator.v2Url, serviceListUrl: emulator.url };
	return { api: 'v1', apiToken, baseUrl: emulator.url };
}

/** The emulator's log of one API method, in arrival order. */
export function requestsTo(emulator: Emulator, method: string) {
	return emulator.requests.filter((request) => request.method === method);
}

export const png = (data: Buffer, fileName = 'image.png') => ({ data, mimeType: 'image/png', fileName });

/** The angle the emulator answered for the job an output item names (a rotate result is the angle). */
export function angleOfJob(emulator: Emulator, item: IDataObject): number {
	const job = emulator.jobs.get(item.jobId as number);
	if (!job) throw new Error(`the emulator has no job ${String(item.jobId)}`);
	return Number(expectedResult(job.data));
}

/** TikTok → Rotate (Web), polled every second: the captcha most workflow tests run. */
export const rotate = { resource: 'tiktok', operation: 'rotateWeb', options: { pollInterval: 1 } };

/** An item for `rotate` whose inner image differs by `seed`, so each item's job can be told apart. */
export const rotateItem = (seed: number) => ({
	json: {},
	binary: { inner: png(makePng(20 + seed, 20, [seed, 0, 0])), outer: png(makePng(40, 40)) },
});
