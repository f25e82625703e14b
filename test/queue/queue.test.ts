/**
 * The packed package on n8n's own scale-out engine: n8n in queue mode (Postgres, Redis,
 * one main process, two workers; binary data in Postgres), workflows started by webhook against
 * the in-process emulator in timed mode. Each case checks the answers and the emulator's request
 * log, and prints its wall time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CREDENTIAL, EXAMPLES, IMAGES_DIR, OMOCAPTCHA_NODE_TYPE } from '../../examples/workflows';
import {
	buildPackage,
	deployAsWebhook,
	freshUserFolder,
	installN8n,
	packPackage,
	runWebhook,
	type WebhookRun,
	type WorkflowLike,
} from '../../scripts/n8n';
import { type Emulator, type EmulatorJob, expectedResult, type LoggedRequest, startEmulator } from '../emulator/server';
import { type QueueCluster, STALLED_AFTER_MS, startQueueCluster, type Worker } from './cluster';

const OWNER = { email: 'queue@example.com', password: 'OmoCaptcha-queue-1', firstName: 'Queue', lastName: 'Owner' };
/** TikTok rotate (type 23): two images per job, the answer is an angle. */
const ROTATE_TYPE = 23;
/** Binary property name -> file under examples/images/: the rotate example's images. */
const ROTATE_IMAGES = (EXAMPLES.find((example) => example.typeJobId === ROTATE_TYPE) as (typeof EXAMPLES)[number]).images;
/** How long the 200 held jobs are polled while the database's transactions are counted. */
const POLL_WINDOW_MS = 8000;
/** The 200-item batch's jobs are solved this long after the last one was created. */
const RELEASE_MS = 3000;
/** Executions one worker runs at once: ten batches fill both workers. */
const WORKER_CONCURRENCY = 5;

type Item = Record<string, unknown>;

let scratch: string;
let emulator: Emulator;
let cluster: QueueCluster;
const timings: Record<string, number> = {};

beforeAll(async () => {
	scratch = mkdtempSync(join(tmpdir(), 'omocaptcha-queue-'));
	const started = performance.now();
	buildPackage();
	const tarball = packPackage(join(scratch, 'pack'));
	timings['build and pack'] = (performance.now() - started) / 1000;
	const n8nDir = installN8n();
	emulator = await startEmulator();
	cluster = await startQueueCluster({
		n8nDir,
		userFolder: freshUserFolder(join(scratch, 'n8n-user')),
		tarball,
		emulatorUrl: emulator.url,
		owner: OWNER,
		workers: 2,
		concurrency: WORKER_CONCURRENCY,
	});
	Object.assign(timings, cluster.timings);
	await deployAsWebhook(cluster.main.server.url, cluster.main.api, solveWorkflow(), SOLVE_PATH);
	await deployAsWebhook(cluster.main.server.url, cluster.main.api, getResultWorkflow(), GET_RESULT_PATH);
	await deployAsWebhook(cluster.main.server.url, cluster.main.api, createWaitGetResultWorkflow(), CREATE_WAIT_PATH);
	timings['setup total'] = (performance.now() - started) / 1000;
});

afterAll(async () => {
	await cluster?.stop();
	await emulator?.close();
	if (scratch) rmSync(scratch, { recursive: true, force: true });
	console.log(`queue-mode timings (s): ${Object.entries(timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)}`).join(', ')}`);
});

describe('n8n queue mode: main + two workers on Postgres and Redis', () => {
	it('solves a 200-item batch on a worker: every job in flight at once, one createJob per item, each answer from its own job', async () => {
		emulator.reset();
		// No job finishes before all 200 exist: a batch that waited for one job before creating the
		// next would stall here. Then all are solved RELEASE_MS later.
		emulator.options.solveMs = 600_000;
		const idle = await idleTransactionsPerSecond();
		const before = await committedTransactions();
		// The service takes 250 ms to answer each createJob: with 10 uploads at a time the 200 creates
		// span about 5 s, more than a poll interval, so polling can be seen running alongside them (on
		// loopback with an instant answer, all 200 exist before the first job is due for a poll).
		emulator.options.createLatencyMs = 250;
		const started = performance.now();
		const running = solve(200);
		await expect.poll(() => createdJobs(), { timeout: 120_000, interval: 100 }).toBe(200);
		const allCreatedMs = performance.now() - started;
		emulator.options.createLatencyMs = 0;
		const polledWhileCreating = requestsTo('getJobResult').length;
		// Polling only (every job held): what each getJobResult costs the database.
		const pollsBefore = emulator.requests.length;
		const windowStart = await committedTransactions();
		await sleep(POLL_WINDOW_MS);
		const windowEnd = await committedTransactions();
		const polls = emulator.requests.length - pollsBefore;
		const pollTransactions = windowEnd.count - windowStart.count - idle * ((windowEnd.at - windowStart.at) / 1000);
		const releasedAt = performance.now() + RELEASE_MS;
		for (const job of emulator.jobs.values()) job.doneAt = releasedAt;
		const run = await running;
		timings['200-item batch'] = run.elapsedMs / 1000;
		expect(run.status, JSON.stringify(run.body).slice(0, 2000)).toBe(200);
		const after = await committedTransactions();
		const transactions = after.count - before.count - idle * ((after.at - before.at) / 1000);

		expectAnswersFromOwnJobs(run.items, 200);
		expectOneCreatePerJob();
		// Polling ran alongside the uploads, not after them.
		expect(polledWhileCreating).toBeGreaterThan(0);
		// The uploaded images were kept in the database binary store (main wrote them, the worker read them).
		expect(Number(cluster.postgres.query(`select count(*) from binary_data`))).toBeGreaterThanOrEqual(2);

		const requests = emulator.requests.length;
		const creates = requestsTo('createJob').map((request) => request.receivedAt);
		console.log(
			`200-item batch: ${(run.elapsedMs / 1000).toFixed(1)} s in all; 200 jobs created in ${(allCreatedMs / 1000).toFixed(1)} s ` +
				`(createJob requests spread over ${((Math.max(...creates) - Math.min(...creates)) / 1000).toFixed(1)} s), answered ${RELEASE_MS / 1000} s after the last; ${requests} requests to the service, ` +
				`${transactions.toFixed(0)} Postgres transactions committed beyond the idle rate (${idle.toFixed(1)}/s) = ${(transactions / requests).toFixed(2)} per request; ` +
				`while only polling: ${polls} polls, ${pollTransactions.toFixed(0)} transactions = ${(pollTransactions / polls).toFixed(2)} per poll`,
		);
	});

	it('runs ten concurrent 50-item batches across both workers, each batch answered with its own jobs', async () => {
		emulator.reset();
		emulator.options.solveMs = 3000;
		const logMarks = cluster.workers.map((worker) => worker.server.output().length);
		const started = performance.now();
		const runs = await Promise.all(Array.from({ length: 10 }, async () => await solve(50)));
		const elapsedMs = performance.now() - started;
		timings['ten 50-item batches'] = elapsedMs / 1000;

		for (const run of runs) expectAnswersFromOwnJobs(run.items, 50);
		const allJobIds = runs.flatMap((run) => run.items.map((item) => item.jobId));
		expect(new Set(allJobIds).size).toBe(500);
		expectOneCreatePerJob();
		expect(emulator.jobs.size).toBe(500);

		// Each worker logged the jobs of the executions it ran: both ran some, together all 500.
		const logged = cluster.workers.map((worker, index) => createdJobLines(worker.server.output().slice(logMarks[index])));
		const executionsPerWorker = logged.map((lines) => new Set(lines.map((line) => line.executionId)).size);
		expect(executionsPerWorker.every((count) => count > 0)).toBe(true);
		expect(executionsPerWorker.reduce((sum, count) => sum + count, 0)).toBe(10);
		expect(new Set(logged.flat().map((line) => line.jobId))).toEqual(new Set(allJobIds));
		console.log(`ten 50-item batches: ${(elapsedMs / 1000).toFixed(1)} s for a 3 s solve; executions per worker: ${executionsPerWorker.join(' / ')}`);
	});

	it('stops a running batch through the public API: the run ends canceled and the worker sends nothing after the abort reaches it', async () => {
		emulator.reset();
		emulator.options.solveMs = 60_000;
		// Slow poll answers keep requests in flight, so the abort shows in the log as closed connections.
		emulator.options.resultLatencyMs = 400;
		try {
			const run = solve(100);
			await expect.poll(() => createdJobs(), { timeout: 60_000 }).toBe(100);
			await expect.poll(() => requestsTo('getJobResult').length, { timeout: 30_000 }).toBeGreaterThan(100);
			const execution = await runningExecution(SOLVE_WORKFLOW_NAME);

			const stopSentAt = performance.now();
			await cluster.main.api.request('POST', `/executions/${execution.id}/stop`);
			const answer = await run;
			const stoppedMs = performance.now() - stopSentAt;
			timings['stop: API call to webhook answer'] = stoppedMs / 1000;

			const stored = await cluster.main.api.request<{ status: string }>('GET', `/executions/${execution.id}`);
			expect(stored.status).toBe('canceled');

			// The webhook answers once main has marked the run canceled; the worker's abort comes after.
			const abortedRequests = () => emulator.requests.filter((request) => request.abortedAt !== undefined);
			await expect.poll(() => abortedRequests().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
			const aborted = abortedRequests();
			const abortArrived = Math.min(...aborted.map((request) => request.abortedAt as number));
			expect(abortArrived).toBeGreaterThan(stopSentAt);
			// Wait a few poll intervals: a batch that kept going would poll again within one.
			await sleep(3000);
			const late = emulator.requests.filter((request) => request.receivedAt > abortArrived);
			expect(late.map(describeRequest)).toEqual([]);
			expectOneCreatePerJob();
			console.log(
				`stop: ${((abortArrived - stopSentAt) / 1000).toFixed(2)} s from the API call to the abort on the worker; webhook answered HTTP ${answer.status} ${(stoppedMs / 1000).toFixed(1)} s after the stop call; ${aborted.length} polls aborted in flight, ` +
					`none sent after the abort (${emulator.requests.length} requests in all)`,
			);
		} finally {
			emulator.options.resultLatencyMs = 0;
		}
	});

	it('Job → Create, Wait, Job → Get Result: the job ids wait in Postgres while no worker holds the batch, then every answer comes back', async () => {
		emulator.reset();
		emulator.options.solveMs = 3000;
		const started = performance.now();
		// The webhook answers when the run ends; the run's own record is read through the public API.
		const answer = uploadImages(CREATE_WAIT_PATH, 50);
		answer.catch(() => undefined);
		const execution = await latestExecution(CREATE_WAIT_WORKFLOW_NAME);
		// Past n8n's 65 s threshold the Wait node parks the execution in the database and frees the worker.
		await expect.poll(async () => (await executionById(execution.id)).status, { timeout: 60_000, interval: 500 }).toBe('waiting');
		expect(emulator.jobs.size).toBe(50);
		const finished = await pollExecution(execution.id, (state) => state.status !== 'waiting' && state.status !== 'running' && state.status !== 'new', 180_000);
		const elapsedMs = performance.now() - started;
		timings['Create → Wait 66 s → Get Result (50 items)'] = elapsedMs / 1000;

		expect(finished.status).toBe('success');
		const created = nodeOutput(finished, 'Create jobs');
		const results = nodeOutput(finished, 'Get results');
		expect(created).toHaveLength(50);
		expect(results).toHaveLength(50);
		results.forEach((result, index) => {
			const job = emulator.jobs.get(created[index].jobId as number) as EmulatorJob;
			expect(result).toMatchObject({ jobId: job.id, status: 'success', raw: expectedResult(job.data), angle: Number(expectedResult(job.data)) });
		});
		expectOneCreatePerJob();
		console.log(`Create → Wait (${WAIT_SECONDS} s, parked in Postgres) → Get Result: 50 answers after ${(elapsedMs / 1000).toFixed(1)} s`);
	});

	it('a worker killed mid-batch leaves every created job id in its log; Job → Get Result recovers their answers, and n8n fails the execution without rerunning the batch', async () => {
		emulator.reset();
		// Every job stays unsolved until after the crash: the worker dies mid-poll.
		emulator.options.solveMs = 600_000;
		const marks = cluster.workers.map((worker) => worker.server.output().length);
		// The webhook never answers: the worker dies with the run.
		solve(200).catch(() => undefined);
		await expect.poll(() => createdJobs(), { timeout: 60_000 }).toBe(200);
		// The worker running the batch is the one whose log names its jobs.
		const logsOf = (worker: Worker) => createdJobLines(worker.server.output().slice(marks[cluster.workers.indexOf(worker)]));
		await expect.poll(() => Math.max(...cluster.workers.map((worker) => logsOf(worker).length)), { timeout: 10_000 }).toBe(200);
		const victim = cluster.workers.find((worker) => logsOf(worker).length === 200) as Worker;
		await victim.server.kill();
		const killedAt = performance.now();
		expect(emulator.requests.filter((request) => request.response?.status === 'success')).toEqual([]);
		for (const job of emulator.jobs.values()) job.doneAt = killedAt + 2000;

		const loggedIds = logsOf(victim).map((line) => line.jobId);
		expect(new Set(loggedIds)).toEqual(new Set(emulator.jobs.keys()));
		expect(loggedIds).toHaveLength(200);

		// An operator's recovery: the ids from the log into Job → Get Result, on the surviving worker.
		const recovered = await runWebhook<Item>(cluster.main.server.url, GET_RESULT_PATH, { jobIds: loggedIds });
		expect(recovered.status, JSON.stringify(recovered.body)).toBe(200);
		expect(recovered.items).toHaveLength(200);
		recovered.items.forEach((item, index) => {
			const job = emulator.jobs.get(loggedIds[index]) as EmulatorJob;
			expect(item).toMatchObject({ jobId: job.id, status: 'success', raw: expectedResult(job.data) });
		});
		// n8n finds the batch stalled, then (since 2.41) rechecks its status for up to 30 s before it
		// fails it. Until it has, and after, no job is created again: it did not rerun the batch elsewhere.
		await sleep(Math.max(0, killedAt + STALLED_AFTER_MS + 3000 - performance.now()));
		const crashed = await pollExecution(logsOf(victim)[0].executionId, (state) => state.status !== 'running' && state.status !== 'new', STALLED_AFTER_MS + 45_000);
		const concludedS = (performance.now() - killedAt) / 1000;
		expect(crashed.status).toBe('error');
		expect(requestsTo('createJob').filter((request) => request.receivedAt > killedAt)).toEqual([]);
		expect(emulator.jobs.size).toBe(200);
		console.log(
			`worker crash: 200 job ids read back from the dead worker's log, 200 answers recovered with Job → Get Result; ` +
				`n8n marked the execution "${crashed.status}" ${concludedS.toFixed(0)} s after the kill, no createJob in the meantime`,
		);
	});
});

// --- workflows -----------------------------------------------------------------------------------

const SOLVE_PATH = 'queue-solve';
const SOLVE_WORKFLOW_NAME = 'Queue: solve a batch';
const GET_RESULT_PATH = 'queue-get-result';
const CREATE_WAIT_PATH = 'queue-create-wait';
const CREATE_WAIT_WORKFLOW_NAME = 'Queue: create, wait, get result';
/** Over n8n's 65 s limit for waiting inside the worker: the execution is parked in the database. */
const WAIT_SECONDS = 66;

type NodeJson = WorkflowLike['nodes'][number] & { id: string; typeVersion: number; webhookId?: string; credentials?: Record<string, unknown> };
type Connections = Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
type Workflow = WorkflowLike & { nodes: NodeJson[]; connections: Connections };

/**
 * The trigger (a webhook once deployed: the images arrive as a multipart upload, which main stores
 * in the database binary store), then `count` (a form field) copies of that item.
 */
function imagesAndCopies(): { nodes: NodeJson[]; connections: Connections; last: string } {
	const trigger: NodeJson = { id: randomUUID(), name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const copies = codeNode('Copies', [400, 0], [
		"const count = Number($('Webhook').first().json.body.count);",
		'const item = $input.first();',
		'return Array.from({ length: count }, (_, copy) => ({ json: { copy }, binary: item.binary }));',
	]);
	return { nodes: [trigger, copies], connections: { [trigger.name]: main(copies.name) }, last: copies.name };
}

function solveWorkflow(): Workflow {
	const start = imagesAndCopies();
	const solver = omoCaptchaNode('Solve', [600, 0], {
		resource: 'tiktok',
		operation: 'rotateWeb',
		imageSource: 'binary',
		innerImage: 'inner',
		outerImage: 'outer',
		options: { pollInterval: 1, timeout: 120 },
	});
	return workflow(SOLVE_WORKFLOW_NAME, [...start.nodes, solver], { ...start.connections, [start.last]: main(solver.name) });
}

/** Job ids from the webhook body, one item each, looked up with Job → Get Result. */
function getResultWorkflow(): Workflow {
	const trigger: NodeJson = { id: randomUUID(), name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const ids = codeNode('Job ids', [200, 0], ["return $('Webhook').first().json.body.jobIds.map((jobId) => ({ json: { jobId } }));"]);
	const getResult = omoCaptchaNode('Get results', [400, 0], getResultParameters());
	return workflow('Queue: get results', [trigger, ids, getResult], { Trigger: main(ids.name), [ids.name]: main(getResult.name) });
}

function createWaitGetResultWorkflow(): Workflow {
	const start = imagesAndCopies();
	const create = omoCaptchaNode('Create jobs', [600, 0], {
		resource: 'job',
		operation: 'create',
		captchaType: String(ROTATE_TYPE),
		imageSource: 'binary',
		innerImage: 'inner',
		outerImage: 'outer',
	});
	const wait: NodeJson = {
		id: randomUUID(),
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [800, 0],
		webhookId: randomUUID(),
		parameters: { resume: 'timeInterval', amount: WAIT_SECONDS, unit: 'seconds' },
	};
	const getResult = omoCaptchaNode('Get results', [1000, 0], getResultParameters());
	const built = workflow(CREATE_WAIT_WORKFLOW_NAME, [...start.nodes, create, wait, getResult], {
		...start.connections,
		[start.last]: main(create.name),
		[create.name]: main(wait.name),
		[wait.name]: main(getResult.name),
	});
	return built;
}

function getResultParameters(): Record<string, unknown> {
	return { resource: 'job', operation: 'getResult', jobId: '={{ $json.jobId }}', captchaType: String(ROTATE_TYPE), waitUntilDone: true, options: { pollInterval: 1 } };
}

function codeNode(name: string, position: [number, number], lines: string[]): NodeJson {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode: lines.join('\n') } };
}

function omoCaptchaNode(name: string, position: [number, number], parameters: Record<string, unknown>): NodeJson {
	return {
		id: randomUUID(),
		name,
		type: OMOCAPTCHA_NODE_TYPE,
		typeVersion: 1,
		position,
		parameters,
		credentials: { omoCaptchaApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name } },
	};
}

function main(node: string) {
	return { main: [[{ node, type: 'main', index: 0 }]] };
}

function workflow(name: string, nodes: NodeJson[], connections: Connections): Workflow {
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

// --- running and checking ------------------------------------------------------------------------

async function solve(count: number): Promise<WebhookRun<Item>> {
	return await uploadImages(SOLVE_PATH, count);
}

/** The rotate example's two images as a multipart upload to a webhook (fields `inner` and `outer`), with the item count. */
async function uploadImages(path: string, count: number): Promise<WebhookRun<Item>> {
	const form = new FormData();
	form.set('count', String(count));
	for (const [field, file] of Object.entries(ROTATE_IMAGES)) {
		form.set(field, new Blob([readFileSync(join(IMAGES_DIR, file))], { type: 'image/png' }), file);
	}
	return await runWebhook<Item>(cluster.main.server.url, path, form);
}

/** Jobs created and answered with their id (a createJob still being answered does not count). */
function createdJobs(): number {
	return requestsTo('createJob').filter((request) => request.status === 200 && request.response?.job_id !== undefined).length;
}

/** `count` items, each with its own job (no id twice) and that job's answer. */
function expectAnswersFromOwnJobs(items: Item[], count: number): void {
	expect(items).toHaveLength(count);
	expect(new Set(items.map((item) => item.jobId)).size).toBe(count);
	for (const item of items) {
		const job = emulator.jobs.get(item.jobId as number) as EmulatorJob;
		expect(job, `job ${String(item.jobId)} exists`).toBeDefined();
		expect(item).toMatchObject({ typeJobId: ROTATE_TYPE, raw: expectedResult(job.data), angle: Number(expectedResult(job.data)) });
	}
}

/** No createJob was sent twice: as many creates as jobs, every job created by one request. */
function expectOneCreatePerJob(): void {
	const createdIds = requestsTo('createJob').map((request) => request.response?.job_id as number);
	expect(createdIds).toHaveLength(emulator.jobs.size);
	expect(new Set(createdIds)).toEqual(new Set(emulator.jobs.keys()));
}

function requestsTo(method: string): LoggedRequest[] {
	return emulator.requests.filter((request) => request.method === method);
}

function describeRequest(request: LoggedRequest): string {
	return `${request.method} ${JSON.stringify(request.body?.job_id ?? request.body?.data?.type_job_id)} at ${request.receivedAt.toFixed(0)}`;
}

interface CreatedJobLine {
	jobId: number;
	executionId: string;
}

/** The node's "OmoCaptcha job <id> created (…, execution <id>, …)" log lines. */
function createdJobLines(log: string): CreatedJobLine[] {
	return [...log.matchAll(/OmoCaptcha job (\d+) created \(type \d+, item \d+, node "[^"]*", execution (\w+), workflow \w+\)/g)].map((match) => ({
		jobId: Number(match[1]),
		executionId: match[2],
	}));
}

/**
 * Transactions committed in the n8n database so far, all connections (pg_stat_database). A busy
 * backend reports its counts at most once a second: wait that long first.
 */
async function committedTransactions(): Promise<{ count: number; at: number }> {
	await sleep(1500);
	const at = performance.now();
	return { count: Number(cluster.postgres.query('select xact_commit from pg_stat_database where datname = current_database()')), at };
}

/** What an idle n8n (main + workers) commits per second on its own: subtracted from a run's count. */
async function idleTransactionsPerSecond(seconds = 5): Promise<number> {
	const before = await committedTransactions();
	await sleep(seconds * 1000);
	const after = await committedTransactions();
	return (after.count - before.count) / ((after.at - before.at) / 1000);
}

interface ExecutionState {
	id: string;
	status: string;
	workflowId: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Item }>> } }>> } };
}

async function executionById(id: string): Promise<ExecutionState> {
	return await cluster.main.api.request<ExecutionState>('GET', `/executions/${id}?includeData=true&ignoreDataSizeLimit=true`);
}

async function pollExecution(id: string, done: (state: ExecutionState) => boolean, timeoutMs: number): Promise<ExecutionState> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = await executionById(id);
		if (done(state) || Date.now() > deadline) return state;
		await sleep(500);
	}
}

async function workflowId(name: string): Promise<string> {
	const { data } = await cluster.main.api.request<{ data: Array<{ id: string; name: string }> }>('GET', `/workflows?limit=250`);
	return (data.find((entry) => entry.name.startsWith(name)) as { id: string }).id;
}

async function latestExecution(workflowName: string): Promise<ExecutionState> {
	const id = await workflowId(workflowName);
	let found: ExecutionState | undefined;
	await expect
		.poll(
			async () => {
				const { data } = await cluster.main.api.request<{ data: ExecutionState[] }>('GET', `/executions?workflowId=${id}&limit=1`);
				found = data[0];
				return found !== undefined;
			},
			{ timeout: 30_000 },
		)
		.toBe(true);
	return found as ExecutionState;
}

async function runningExecution(workflowName: string): Promise<ExecutionState> {
	const id = await workflowId(workflowName);
	let found: ExecutionState | undefined;
	await expect
		.poll(
			async () => {
				const { data } = await cluster.main.api.request<{ data: ExecutionState[] }>('GET', `/executions?workflowId=${id}&status=running&limit=5`);
				found = data[0];
				return data.length;
			},
			{ timeout: 30_000 },
		)
		.toBe(1);
	return found as ExecutionState;
}

function nodeOutput(state: ExecutionState, nodeName: string): Item[] {
	return state.data?.resultData.runData[nodeName]?.at(-1)?.data?.main[0].map((item) => item.json) ?? [];
}
