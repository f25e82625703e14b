/**
 * `npm run bench`: one batch of N TikTok rotate captchas, each taking S seconds to solve, through
 * the real OmoCaptcha node and credential in an in-process n8n workflow execution (n8n-core's
 * WorkflowExecute, test/helpers/n8n.ts) against the emulator over real HTTP. It prints figures
 * and asserts nothing about time; it exits non-zero only when the run itself fails (status not
 * 'success', or not N items with an answer).
 *
 *   BENCH_ITEMS=200 BENCH_SOLVE_SECONDS=10 BENCH_INTERVAL_SECONDS=2 BENCH_APIS=v1,v2 npm run bench
 *   The batch runs once per API (BENCH_APIS, both by default): v1 createJob/getJobResult with
 *   numeric job ids, v2 createTask/getTaskResult with string task ids, through the same node.
 *   Then the same batch in a real n8n (bench/n8nBatch.ts; BENCH_N8N=0 skips it, about a minute),
 *   printed beside the in-process figures; then the soak beside the same batch without faults
 *   (bench/soak.bench.ts, in a process of its own; BENCH_SOAK=0 skips it, about a minute).
 *   BENCH_COMPARE=1 adds the batch with maxParallelUploads 1, 4, 10 and 50, on loopback and over
 *   a slower upload link the emulator plays (BENCH_LINK_MBITS=20, BENCH_LINK_RTT_MS=40, with
 *   BENCH_LINK_ITEMS=40 items): seven more batches per API, several minutes.
 *   BENCH_DUMP=<path prefix> writes each batch's raw stamps (emulator report, creates and polls).
 *
 * Where a createJob's time goes is printed per batch: each create followed from the node's call
 * into n8n's request helper through the emulator's stamps (arrival, body read, answer) back to the
 * node, both processes' CPU over the batch, and the node's own CPU per item step by step. The
 * emulator runs in a child process (bench/emulatorProcess.ts) so that the memory it keeps (every
 * job's base64 images) is not counted as the node's and its CPU is counted apart. All batch
 * times come from the emulator's clock: create and poll arrivals, and each job's doneAt
 * (createdAt + S).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { NodeApiError, type IExecuteFunctions, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import { OmoCaptchaApi } from '../credentials/OmoCaptchaApi.credentials';
import { chain, fixtureItemsNode, runWorkflow } from '../test/helpers/n8n';
import { omoCaptchaNode } from '../test/helpers/omocaptcha';
import type { FixtureItem } from '../test/helpers/fixtureNode';
import type { EmulatorReport, FromEmulator, ToEmulator } from './emulatorProcess';
import { makeNoisyPng } from './noisyPng';
import { CreateTimeline, measureItemSteps, printCreateFigures, type CreateFigures } from './createJobTimes';
import { startRealN8n } from './n8nBatch';

// Under plain `node --import tsx`, '../nodes/OmoCaptcha/OmoCaptcha.node' resolves to the
// codex file OmoCaptcha.node.json (Node's CommonJS resolver tries .json before tsx's .ts), so the
// node is required by its full file name. vitest resolves the same specifier to the .ts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OmoCaptcha } = require('../nodes/OmoCaptcha/OmoCaptcha.node.ts') as typeof import('../nodes/OmoCaptcha/OmoCaptcha.node');

// ---------------------------------------------------------------------------------------------
// Settings

const N = envNumber('BENCH_ITEMS', 200, { integer: true, min: 1 });
const S = envNumber('BENCH_SOLVE_SECONDS', 10, { min: 0 });
const INTERVAL = envNumber('BENCH_INTERVAL_SECONDS', 2, { min: 1 }); // the node's own minimum is 1 s
const COMPARE = process.env.BENCH_COMPARE === '1';
type Api = 'v1' | 'v2';
const APIS: Api[] = (process.env.BENCH_APIS ?? 'v1,v2').split(',').map((api) => api.trim()).filter((api): api is Api => api === 'v1' || api === 'v2');
const MAIN_UPLOADS = 10; // the node's default
const COMPARED_UPLOADS = [1, 4, 10, 50];
/** The slower link of the comparison: a home uplink, and a batch small enough to cross it in seconds. */
const LINK_MBITS = envNumber('BENCH_LINK_MBITS', 20, { min: 0.1 });
const LINK_RTT_MS = envNumber('BENCH_LINK_RTT_MS', 40, { min: 0 });
const LINK_ITEMS = Math.min(N, envNumber('BENCH_LINK_ITEMS', 40, { integer: true, min: 1 }));
/** Noise PNGs of this size are ~252 KB each, the weight of real captcha screenshots. */
const IMAGE_SIDE = 290;
const SAMPLE_EVERY_MS = 50;
const NODE_TIMEOUT_S = Math.max(120, Math.ceil(3 * (S + INTERVAL)));

function envNumber(name: string, fallback: number, rule: { integer?: boolean; min: number }): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < rule.min || (rule.integer && !Number.isInteger(value))) {
		console.error(`bench: ${name} must be ${rule.integer ? 'a whole number' : 'a number'} of at least ${rule.min}, got "${raw}"`);
		process.exit(2);
	}
	return value;
}

// ---------------------------------------------------------------------------------------------
// The emulator, in a child process

class EmulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
		readonly v2Url: string,
	) {}

	static async start(): Promise<EmulatorProcess> {
		const child = fork(path.join(__dirname, 'emulatorProcess.ts'), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const ready = (await nextMessage(child, 'ready')) as { url: string; v2Url: string };
		return new EmulatorProcess(child, ready.url, ready.v2Url);
	}

	async reset(solveMs: number, link?: Link): Promise<void> {
		this.send({ type: 'reset', solveMs, ...(link ? { link } : {}) });
		await nextMessage(this.child, 'reset');
	}

	async report(): Promise<EmulatorReport> {
		this.send({ type: 'report' });
		return ((await nextMessage(this.child, 'report')) as { report: EmulatorReport }).report;
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null || !this.child.connected) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.send({ type: 'close' });
		await exited;
	}

	private send(message: ToEmulator): void {
		this.child.send(message);
	}
}

function nextMessage(child: ChildProcess, type: FromEmulator['type']): Promise<FromEmulator> {
	return new Promise((resolve, reject) => {
		const onMessage = (message: FromEmulator) => {
			if (message.type !== type) return;
			cleanup();
			resolve(message);
		};
		const onExit = (code: number | null) => {
			cleanup();
			reject(new Error(`the emulator process exited (code ${code}) before answering "${type}"`));
		};
		const cleanup = () => {
			child.off('message', onMessage);
			child.off('exit', onExit);
		};
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

// ---------------------------------------------------------------------------------------------
// Memory: sampled from the moment the OmoCaptcha node starts (after a gc) until it returns

interface Memory {
	rss: number;
	/** heapUsed + external (external includes arrayBuffers: Buffers live there). */
	heap: number;
}

function readMemory(): Memory {
	const usage = process.memoryUsage();
	return { rss: usage.rss, heap: usage.heapUsed + usage.external };
}

function collectGarbage(): void {
	global.gc!();
	global.gc!(); // a second pass catches what the first one only unlinked
}

/**
 * The same, alongside the running batch: V8's concurrent major collection, so the polls due
 * meanwhile go out on time (a blocking one held them for 100-500 ms and showed as detection lag).
 */
async function collectGarbageAlongside(): Promise<void> {
	const gc = global.gc as unknown as (options: { type: 'major'; execution: 'async' }) => Promise<void>;
	await gc({ type: 'major', execution: 'async' });
	await gc({ type: 'major', execution: 'async' });
}

interface MemoryFigures {
	baseline: Memory;
	peak: Memory;
	/** After a gc once every createJob has been answered: what the polling phase keeps alive. */
	liveWhilePolling?: Memory;
	/** How long that (concurrent) gc took. */
	gcMs: number;
	/** Most createJob requests open at once, as seen from this process's HTTP client. */
	maxOpenCreates: number;
	samples: number;
}

/** Wraps the real node: the same description and execute, with the memory probe and the create timeline around it. */
let probe: MemoryProbe | undefined;
let timeline: CreateTimeline | undefined;

class MeasuredOmoCaptcha extends OmoCaptcha {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		probe?.start();
		timeline?.start();
		const unwrap = timeline?.wrap(this);
		try {
			return await OmoCaptcha.prototype.execute.call(this);
		} finally {
			unwrap?.();
			timeline?.stop();
			probe?.stop();
		}
	}
}

class MemoryProbe {
	private baseline?: Memory;
	private peak: Memory = { rss: 0, heap: 0 };
	private liveWhilePolling?: Memory;
	private gcMs = 0;
	private timer?: NodeJS.Timeout;
	private samples = 0;
	private openCreates = 0;
	private maxOpenCreates = 0;
	private answeredCreates = 0;
	private readonly requestStarted = ({ request }: { request: ClientRequest }) => {
		if (!isCreateJob(request)) return;
		this.openCreates += 1;
		this.maxOpenCreates = Math.max(this.maxOpenCreates, this.openCreates);
	};
	private readonly responseFinished = ({ request }: { request: ClientRequest }) => {
		if (!isCreateJob(request)) return;
		this.openCreates -= 1;
		this.answeredCreates += 1;
		if (this.answeredCreates === this.expectedCreates) {
			// Every job is created and polling alone remains: what is still alive now is kept per job.
			setImmediate(() => {
				this.sample();
				const startedAt = performance.now();
				void collectGarbageAlongside().then(() => {
					this.gcMs = performance.now() - startedAt;
					this.liveWhilePolling = readMemory();
				});
			});
		}
	};

	constructor(private readonly expectedCreates: number) {}

	start(): void {
		collectGarbage();
		this.baseline = readMemory();
		this.peak = { ...this.baseline };
		diagnostics.subscribe('http.client.request.start', this.requestStarted as (message: unknown) => void);
		diagnostics.subscribe('http.client.response.finish', this.responseFinished as (message: unknown) => void);
		this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
	}

	stop(): void {
		clearInterval(this.timer);
		this.sample();
		diagnostics.unsubscribe('http.client.request.start', this.requestStarted as (message: unknown) => void);
		diagnostics.unsubscribe('http.client.response.finish', this.responseFinished as (message: unknown) => void);
	}

	figures(): MemoryFigures {
		if (!this.baseline) throw new Error('the OmoCaptcha node never started');
		return {
			baseline: this.baseline,
			peak: this.peak,
			liveWhilePolling: this.liveWhilePolling,
			gcMs: this.gcMs,
			maxOpenCreates: this.maxOpenCreates,
			samples: this.samples,
		};
	}

	private sample(): void {
		const now = readMemory();
		this.samples += 1;
		this.peak = { rss: Math.max(this.peak.rss, now.rss), heap: Math.max(this.peak.heap, now.heap) };
	}
}

function isCreateJob(request: ClientRequest): boolean {
	return typeof request.path === 'string' && (request.path.endsWith('/createJob') || request.path.endsWith('/createTask'));
}

// ---------------------------------------------------------------------------------------------
// One batch

/** A client upload link slower than loopback, played by the emulator (EmulatorOptions.link). */
interface Link {
	bytesPerSecond: number;
	rttMs: number;
}

interface BatchFigures {
	uploads: number;
	wallMs: number;
	floorMs: number;
	uploadSpreadMs: number;
	pollsMean: number;
	pollsMax: number;
	pollsExpected: number;
	getJobResultTotal: number;
	lagsMs: number[];
	jobsWithoutSuccess: number;
	/** Gaps between two polls of one job on the emulator's clock: how many were under the interval, and the smallest. */
	pollGapsUnderInterval: number;
	smallestPollGapMs: number;
	memory: MemoryFigures;
	creates: CreateFigures;
}

async function runBatch(emulator: EmulatorProcess, items: FixtureItem[], maxParallelUploads: number, api: Api, link?: Link): Promise<BatchFigures> {
	await emulator.reset(Math.round(S * 1000), link);

	const parameters: INodeParameters = {
		resource: 'tiktok',
		operation: 'rotateWeb',
		options: { pollInterval: INTERVAL, timeout: NODE_TIMEOUT_S, maxParallelUploads, maxJobsInFlight: 0 },
	};
	const node = omoCaptchaNode(parameters);
	const images = fixtureItemsNode('Images', items);

	probe = new MemoryProbe(items.length);
	const createTimeline = (timeline = new CreateTimeline());
	const run = await runWorkflow({
		nodeTypes: [MeasuredOmoCaptcha],
		credentialTypes: [OmoCaptchaApi],
		credentials: {
			omoCaptchaApi: {
				id: 'cred-1',
				name: 'Emulator',
				data: api === 'v2' ? { api, apiToken: 'test-token', v2BaseUrl: emulator.v2Url, serviceListUrl: emulator.url } : { api, apiToken: 'test-token', baseUrl: emulator.url },
			},
		},
		nodes: [images, node],
		connections: chain([images, node]),
		timeoutMs: (NODE_TIMEOUT_S + 60) * 1000,
	});
	const memory = probe.figures();
	probe = undefined;
	timeline = undefined;

	// The run itself must have worked, or there is nothing to measure.
	const outputItems = run.itemsOf(node.name);
	const output = outputItems.map((item) => item.json);
	const idType = api === 'v2' ? 'string' : 'number';
	const answered = output.filter((json) => typeof json.angle === 'number' && typeof json.jobId === idType).length;
	const inOrder = outputItems.every((item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index);
	if (run.status !== 'success' || output.length !== items.length || answered !== items.length || !inOrder) {
		const error = run.errorOf(node.name) ?? run.error;
		throw new Error(
			`${api} run failed with maxParallelUploads ${maxParallelUploads}: status ${run.status}, ${output.length} output items ` +
				`(${answered} with an angle and job id${inOrder ? '' : ', not paired in input order'}), expected ${items.length}${error ? `; error: ${error.message}` : ''}`,
		);
	}

	const report = await emulator.report();
	if (process.env.BENCH_DUMP) writeFileSync(`${process.env.BENCH_DUMP}-${api}-${maxParallelUploads}${link ? '-link' : ''}.json`, JSON.stringify({ report, creates: createTimeline.dump() }));
	return { ...timing(report, items.length), memory, uploads: maxParallelUploads, creates: createTimeline.figures(report) };
}

function timing(report: EmulatorReport, n: number): Omit<BatchFigures, 'memory' | 'uploads' | 'creates'> {
	const creates = report.requests.filter((request) => request.kind === 'create');
	const polls = report.requests.filter((request) => request.kind === 'poll');
	const failed = report.requests.filter((request) => request.error !== false);
	if (creates.length !== n || failed.length > 0) {
		throw new Error(`the emulator saw ${creates.length} creates (expected ${n}) and ${failed.length} requests answered with an error`);
	}

	const firstSuccessAt = new Map<number | string, number>();
	const pollsPerJob = new Map<number | string, number>(report.jobs.map((job) => [job.id, 0]));
	const lastPollAt = new Map<number | string, number>();
	let pollGapsUnderInterval = 0;
	let smallestPollGapMs = Number.POSITIVE_INFINITY;
	for (const poll of [...polls].sort((a, b) => a.receivedAt - b.receivedAt)) {
		if (poll.jobId === undefined) continue;
		pollsPerJob.set(poll.jobId, (pollsPerJob.get(poll.jobId) ?? 0) + 1);
		if (poll.status === 'success' && !firstSuccessAt.has(poll.jobId)) firstSuccessAt.set(poll.jobId, poll.receivedAt);
		const previous = lastPollAt.get(poll.jobId);
		if (previous !== undefined) {
			smallestPollGapMs = Math.min(smallestPollGapMs, poll.receivedAt - previous);
			if (poll.receivedAt - previous < INTERVAL * 1000) pollGapsUnderInterval += 1;
		}
		lastPollAt.set(poll.jobId, poll.receivedAt);
	}

	const firstCreate = Math.min(...creates.map((request) => request.receivedAt));
	// The last job exists once its body has arrived whole (on a slow link, long after its headers).
	const lastCreate = Math.max(...report.jobs.map((job) => job.createdAt));
	const lastAnswer = Math.max(...firstSuccessAt.values());
	const counts = [...pollsPerJob.values()];
	const lagsMs = report.jobs.filter((job) => firstSuccessAt.has(job.id)).map((job) => firstSuccessAt.get(job.id)! - job.doneAt);

	return {
		wallMs: lastAnswer - firstCreate,
		floorMs: (S + INTERVAL) * 1000,
		uploadSpreadMs: lastCreate - firstCreate,
		pollsMean: counts.reduce((sum, count) => sum + count, 0) / counts.length,
		pollsMax: Math.max(...counts),
		pollsExpected: Math.ceil(S / INTERVAL) + 1,
		getJobResultTotal: polls.length,
		lagsMs,
		jobsWithoutSuccess: report.jobs.length - firstSuccessAt.size,
		pollGapsUnderInterval,
		smallestPollGapMs,
	};
}

// ---------------------------------------------------------------------------------------------
// Printing

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;

/** The 1, 5 and 15 minute load averages. */
function loadAverage(): string {
	return loadavg().map((load) => load.toFixed(2)).join(' / ');
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function printBatch(figures: BatchFigures, imageBytes: number): void {
	const line = (label: string, text: string) => console.log(`  ${label.padEnd(24)}${text}`);
	const { memory } = figures;
	const peak = { rss: memory.peak.rss - memory.baseline.rss, heap: memory.peak.heap - memory.baseline.heap };
	const floorS = String(Number((figures.floorMs / 1000).toFixed(2)));

	line(
		'batch wall time',
		`${seconds(figures.wallMs)} = ${(figures.wallMs / figures.floorMs).toFixed(2)} × floor (S + interval = ${floorS} s)   [first create → last success answer]`,
	);
	line('upload spread', `${seconds(figures.uploadSpreadMs)} from the first create's arrival to the last job created; at most ${memory.maxOpenCreates} create requests open at once`);
	line(
		'polls per job',
		`mean ${figures.pollsMean.toFixed(2)}, max ${figures.pollsMax}   vs ceil(S / interval) + 1 = ${figures.pollsExpected}   (${figures.getJobResultTotal} polls in all)`,
	);
	line(
		'poll spacing',
		`${figures.pollGapsUnderInterval} polls of a job closer than the interval to its previous one, the closest ${Number.isFinite(figures.smallestPollGapMs) ? Math.round(figures.smallestPollGapMs) : '-'} ms apart   [emulator's clock]`,
	);
	line(
		'detection lag',
		`median ${figures.lagsMs.length ? Math.round(quantile(figures.lagsMs, 0.5)) : '-'} ms, p90 ${figures.lagsMs.length ? Math.round(quantile(figures.lagsMs, 0.9)) : '-'} ms, max ${figures.lagsMs.length ? Math.round(Math.max(...figures.lagsMs)) : '-'} ms   [success answer − job done]` +
			(figures.jobsWithoutSuccess ? `; ${figures.jobsWithoutSuccess} jobs never answered success` : ''),
	);
	line('peak memory over base', `rss ${signedMb(peak.rss)}, heapUsed+external ${signedMb(peak.heap)}   (${memory.samples} samples every ${SAMPLE_EVERY_MS} ms; baseline after gc at node start)`);
	line(
		'per in-flight upload',
		`rss ${mb(peak.rss / figures.uploads)}, heapUsed+external ${mb(peak.heap / figures.uploads)}   = peak over base / maxParallelUploads ${figures.uploads}; one image ${kb(imageBytes)}, one job ${kb(2 * imageBytes)}`,
	);
	if (memory.liveWhilePolling) {
		const live = memory.liveWhilePolling.heap - memory.baseline.heap;
		line(
			'live while polling',
			`heapUsed+external ${signedMb(live)} after gc once all ${N} jobs were created = ${kb(live / N)} per job   [what the waiting batch keeps; that gc ran ${Math.round(memory.gcMs)} ms alongside the polls]`,
		);
	}
	printCreateFigures(figures.creates, N, line);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
	if (APIS.length === 0) throw new Error(`BENCH_APIS must name v1, v2 or both, got "${process.env.BENCH_APIS}"`);
	// Loopback requests must not go through a proxy from the environment.
	process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
	process.env.no_proxy = process.env.NO_PROXY;
	// n8n's log lines (the node logs every job it creates, at n8n's default level info) go to a
	// file: they cost what they cost in n8n without flooding this output.
	process.env.N8N_LOG_OUTPUT = 'file';
	process.env.N8N_LOG_FILE_LOCATION = path.join(mkdtempSync(path.join(tmpdir(), 'omocaptcha-bench-')), 'n8n.log');

	// One copy of n8n-workflow: the node's and n8n-core's must be the same module, or
	// `instanceof NodeApiError` would silently fail (vitest needs an alias for this; tsx loads
	// the CommonJS build for both).
	const coreWorkflow = createRequire(require.resolve('n8n-core'))('n8n-workflow') as { NodeApiError: unknown };
	if (coreWorkflow.NodeApiError !== NodeApiError) throw new Error('two copies of n8n-workflow are loaded (the node\'s and n8n-core\'s differ)');

	const items: FixtureItem[] = Array.from({ length: N }, () => ({
		json: {},
		binary: {
			inner: { data: makeNoisyPng(IMAGE_SIDE, IMAGE_SIDE), mimeType: 'image/png', fileName: 'inner.png' },
			outer: { data: makeNoisyPng(IMAGE_SIDE, IMAGE_SIDE), mimeType: 'image/png', fileName: 'outer.png' },
		},
	}));
	const imageBytes = items[0].binary!.inner.data.length;

	console.log('OmoCaptcha batch benchmark');
	console.log(`  ${N} TikTok Rotate (Web) items, each job solved ${S} s after createJob, poll interval ${INTERVAL} s, maxJobsInFlight 0 (no cap)`);
	console.log('  real node + credential in an in-process n8n execution (n8n-core WorkflowExecute) → emulator in a child process over HTTP');
	console.log(`  images: inner + outer random-noise PNGs of ${IMAGE_SIDE}×${IMAGE_SIDE}, ${kb(imageBytes)} each (${kb(Math.ceil((2 * imageBytes) / 3) * 4)} of base64 per createJob)`);
	console.log('  times on the emulator\'s clock; memory of this process (the emulator\'s is not counted)');
	console.log(`  machine: ${cpus().length} cores, load average ${loadAverage()} at the start (other work on the machine stretches every figure)`);
	const steps = measureItemSteps([items[0].binary!.inner.data, items[0].binary!.outer.data]);
	console.log(`\nThe node's own CPU for one item's two images, step by step (median of 41 runs each, alone): ${steps.reduce((sum, [, ms]) => sum + ms, 0).toFixed(1)} ms in all`);
	for (const [label, ms] of steps) console.log(`    ${`${ms.toFixed(2)} ms`.padEnd(12)}${label}`);

	const emulator = await EmulatorProcess.start();
	try {
		const inProcess = new Map<Api, BatchFigures>();
		for (const api of APIS) inProcess.set(api, await benchApi(emulator, items, imageBytes, api));
		if (process.env.BENCH_N8N === '0') console.log('\n(the same batch in a real n8n skipped: BENCH_N8N=0)');
		else await benchRealN8n(emulator, items[0], inProcess);
	} finally {
		await emulator.close();
	}

	console.log(`\n(load average ${loadAverage()} after the batches)`);
	if (process.env.BENCH_SOAK === '0') {
		console.log('\n(soak skipped: BENCH_SOAK=0)');
		return;
	}
	// In a process of its own: this one's heap still holds the batches' images, and its collector
	// and the soak's in-process emulator would share a core with that.
	const soak = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'soak.bench.ts')], { stdio: 'inherit' });
	if (soak.status !== 0) process.exitCode = 1;
}

/**
 * The same batch in a real n8n (bench/n8nBatch.ts), on each API, printed beside the in-process
 * figures: what a user's n8n does, not inferred from the in-process run.
 */
async function benchRealN8n(emulator: EmulatorProcess, item: FixtureItem, inProcess: Map<Api, BatchFigures>): Promise<void> {
	console.log(`\nThe same batch in a real n8n: the packed package installed as a community package, ${N} copies of one item (the two images above) by a Code node, started by webhook`);
	const startedAt = performance.now();
	const n8n = await startRealN8n(emulator.url, { items: N, intervalS: INTERVAL, timeoutS: NODE_TIMEOUT_S, maxParallelUploads: MAIN_UPLOADS });
	console.log(`  n8n ${n8n.version} ready in ${seconds(performance.now() - startedAt)} (pack, install, import, start, owner account)`);
	const rows: Array<{ api: Api; real: Omit<BatchFigures, 'memory' | 'uploads' | 'creates'>; webhookMs: number }> = [];
	try {
		for (const api of APIS) {
			await emulator.reset(Math.round(S * 1000));
			const { webhookMs } = await n8n.run(api, { inner: item.binary!.inner.data, outer: item.binary!.outer.data });
			rows.push({ api, real: timing(await emulator.report(), N), webhookMs });
		}
	} finally {
		await n8n.stop();
	}
	const lag = (lags: number[]) => `${Math.round(quantile(lags, 0.5))} / ${Math.round(quantile(lags, 0.9))} ms`;
	const wall = (figures: { wallMs: number; floorMs: number }) => `${seconds(figures.wallMs)} = ${(figures.wallMs / figures.floorMs).toFixed(2)} × floor`;
	console.log('  API   where        batch wall (first create → last answer)   upload spread   lag median / p90    polls per job   polls under the interval');
	for (const { api, real, webhookMs } of rows) {
		const own = inProcess.get(api);
		const row = (where: string, figures: Omit<BatchFigures, 'memory' | 'uploads' | 'creates'>, extra = '') =>
			console.log(
				'  ' +
					[
						api.padEnd(5),
						where.padEnd(12),
						`${wall(figures)}${extra}`.padEnd(41),
						seconds(figures.uploadSpreadMs).padEnd(15),
						lag(figures.lagsMs).padEnd(19),
						`${figures.pollsMean.toFixed(2)} / ${figures.pollsMax}`.padEnd(15),
						String(figures.pollGapsUnderInterval),
					].join(' '),
			);
		if (own) row('in-process', own);
		row(`n8n ${n8n.version}`, real, ` (webhook ${seconds(webhookMs)})`);
	}
}

/** The batch on one API: v1 createJob/getJobResult, v2 createTask/getTaskResult. Returns the default run's figures. */
async function benchApi(emulator: EmulatorProcess, items: FixtureItem[], imageBytes: number, api: Api): Promise<BatchFigures> {
	const calls = api === 'v2' ? 'createTask / getTaskResult, string task ids' : 'createJob / getJobResult, numeric job ids';
	console.log(`
${api} API (${calls}), maxParallelUploads ${MAIN_UPLOADS} (the default):`);
	const defaultRun = await runBatch(emulator, items, MAIN_UPLOADS, api);
	console.log(`  run                     status success, ${N} output items with an angle, paired in input order`);
	printBatch(defaultRun, imageBytes);

	if (!COMPARE) {
		console.log(`
(${api}: maxParallelUploads 1 / 4 / 10 / 50, on loopback and on a slower link, skipped: BENCH_COMPARE=1 adds them)`);
		return defaultRun;
	}
	const rows: BatchFigures[] = [];
	for (const uploads of COMPARED_UPLOADS) {
		rows.push(uploads === MAIN_UPLOADS ? defaultRun : await runBatch(emulator, items, uploads, api));
	}
	console.log(`
${api}: the same batch by maxParallelUploads, on loopback:`);
	printComparison(rows);

	const link: Link = { bytesPerSecond: (LINK_MBITS * 1e6) / 8, rttMs: LINK_RTT_MS };
	const linkItems = items.slice(0, LINK_ITEMS);
	const linkRows: BatchFigures[] = [];
	for (const uploads of COMPARED_UPLOADS) linkRows.push(await runBatch(emulator, linkItems, uploads, api, link));
	const bytes = linkRows[0].creates.bodyBytes;
	console.log(`
${api}: ${LINK_ITEMS} items by maxParallelUploads, over an upload link of ${LINK_MBITS} Mbit/s and ${LINK_RTT_MS} ms round trip (played by the emulator: one shared link):`);
	console.log(`  the link alone needs ${seconds((bytes / link.bytesPerSecond) * 1000)} for the ${mb(bytes)} of bodies; × floor below is still against S + interval, the longest create is one upload sharing the link with the others`);
	printComparison(linkRows);
	return defaultRun;
}

function printComparison(rows: BatchFigures[]): void {
	console.log('  uploads   wall (× floor)   upload spread   longest create   lag median   peak rss / heap+ext over base   per upload rss / heap+ext   live while polling');
	for (const row of rows) {
		const peakRss = row.memory.peak.rss - row.memory.baseline.rss;
		const peakHeap = row.memory.peak.heap - row.memory.baseline.heap;
		const live = row.memory.liveWhilePolling ? signedMb(row.memory.liveWhilePolling.heap - row.memory.baseline.heap) : '-';
		console.log(
			'  ' +
				[
					String(row.uploads).padEnd(8),
					`${seconds(row.wallMs)} (${(row.wallMs / row.floorMs).toFixed(2)})`.padEnd(17),
					seconds(row.uploadSpreadMs).padEnd(15),
					seconds(Math.max(...row.creates.phases.total)).padEnd(16),
					`${Math.round(quantile(row.lagsMs, 0.5))} ms`.padEnd(12),
					`${mb(peakRss)} / ${mb(peakHeap)}`.padEnd(31),
					`${mb(peakRss / row.uploads)} / ${mb(peakHeap / row.uploads)}`.padEnd(27),
					live,
				].join(' '),
		);
	}
}

main().catch((error: Error) => {
	console.error(`\nbench: ${error.message}`);
	process.exitCode = 1;
});
