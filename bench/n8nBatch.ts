/**
 * The batch benchmark's batch in a real n8n, for `npm run bench`: the e2e suite's n8n (installed
 * and cached by scripts/install-n8n.sh) with this package packed and installed as a community
 * package, a webhook workflow that receives the two images as a multipart upload, copies the item
 * N times (a Code node) and solves them with the OmoCaptcha node, against the benchmark's
 * emulator process. Times come from the emulator's clock, as for the in-process batch.
 *
 * Starting it costs about a minute (pack, install the tarball, import, start n8n, owner account);
 * BENCH_N8N=0 skips it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { EXAMPLE_CREDENTIAL, EXAMPLE_V2_CREDENTIAL, OMOCAPTCHA_NODE_TYPE } from '../examples/workflows';
import {
	deployAsWebhook,
	type ExamplesInstance,
	freePort,
	freshUserFolder,
	installN8n,
	installTarball,
	packPackage,
	runWebhook,
	startExamplesInstance,
	type WorkflowLike,
} from '../scripts/n8n';

type Api = 'v1' | 'v2';

export interface N8nBatchSettings {
	items: number;
	intervalS: number;
	timeoutS: number;
	maxParallelUploads: number;
}

export interface RealN8n {
	version: string;
	/** Runs the batch once on the API's credential; resolves with the webhook call's own wall time. */
	run(api: Api, images: { inner: Buffer; outer: Buffer }): Promise<{ webhookMs: number; items: number }>;
	stop(): Promise<void>;
}

const OWNER = { email: 'bench@example.com', password: 'OmoCaptcha-bench-1', firstName: 'Bench', lastName: 'Owner' };

export async function startRealN8n(emulatorUrl: string, settings: N8nBatchSettings): Promise<RealN8n> {
	const scratch = mkdtempSync(join(tmpdir(), 'omocaptcha-bench-n8n-'));
	try {
		const tarball = packPackage(join(scratch, 'pack'));
		const n8nDir = installN8n();
		const version = (JSON.parse(readFileSync(join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
		const home = { n8nDir, userFolder: freshUserFolder(join(scratch, 'n8n-user')) };
		installTarball(home, tarball);
		const instance = await startExamplesInstance({
			home,
			server: { port: await freePort(), brokerPort: await freePort() },
			emulatorUrl,
			owner: OWNER,
		});
		const paths: Record<Api, string> = { v1: `bench-batch-v1-${randomUUID()}`, v2: `bench-batch-v2-${randomUUID()}` };
		try {
			for (const api of ['v1', 'v2'] as const) await deployAsWebhook(instance.server.url, instance.api, batchWorkflow(api, settings), paths[api]);
		} catch (error) {
			await instance.server.stop();
			throw error;
		}
		return {
			version,
			run: async (api, images) => await runBatch(instance, paths[api], images, settings.items),
			stop: async () => {
				await instance.server.stop();
				rmSync(scratch, { recursive: true, force: true });
			},
		};
	} catch (error) {
		rmSync(scratch, { recursive: true, force: true });
		throw error;
	}
}

async function runBatch(instance: ExamplesInstance, path: string, images: { inner: Buffer; outer: Buffer }, count: number): Promise<{ webhookMs: number; items: number }> {
	const form = new FormData();
	form.set('count', String(count));
	form.set('inner', new Blob([images.inner], { type: 'image/png' }), 'inner.png');
	form.set('outer', new Blob([images.outer], { type: 'image/png' }), 'outer.png');
	const started = performance.now();
	const run = await runWebhook<Record<string, unknown>>(instance.server.url, path, form);
	const webhookMs = performance.now() - started;
	const answered = run.items.filter((item) => typeof item.angle === 'number' && item.jobId !== undefined).length;
	if (run.status !== 200 || answered !== count) {
		throw new Error(`the real n8n's batch answered HTTP ${run.status} with ${answered} of ${count} items answered: ${JSON.stringify(run.body).slice(0, 500)}`);
	}
	return { webhookMs, items: answered };
}

/** Trigger (a webhook once deployed) → `count` copies of the uploaded item → OmoCaptcha TikTok Rotate (Web). */
function batchWorkflow(api: Api, settings: N8nBatchSettings): WorkflowLike {
	const credential = api === 'v2' ? EXAMPLE_V2_CREDENTIAL : EXAMPLE_CREDENTIAL;
	const nodes = [
		{ id: randomUUID(), name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
		{
			id: randomUUID(),
			name: 'Copies',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0] as [number, number],
			parameters: {
				jsCode: [
					"const count = Number($('Webhook').first().json.body.count);",
					'const item = $input.first();',
					'return Array.from({ length: count }, (_, copy) => ({ json: { copy }, binary: item.binary }));',
				].join('\n'),
			},
		},
		{
			id: randomUUID(),
			name: 'Solve',
			type: OMOCAPTCHA_NODE_TYPE,
			typeVersion: 1,
			position: [400, 0] as [number, number],
			parameters: {
				resource: 'tiktok',
				operation: 'rotateWeb',
				imageSource: 'binary',
				innerImage: 'inner',
				outerImage: 'outer',
				options: { pollInterval: settings.intervalS, timeout: settings.timeoutS, maxParallelUploads: settings.maxParallelUploads, maxJobsInFlight: 0 },
			},
			credentials: { omoCaptchaApi: { id: credential.id, name: credential.name } },
		},
	];
	const main = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return { name: `Bench: ${settings.items} rotate captchas (${api})`, nodes, connections: { Trigger: main('Copies'), Copies: main('Solve') }, settings: { executionOrder: 'v1' } };
}
