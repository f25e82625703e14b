/**
 * The soak: a large batch through the real OmoCaptcha node in an in-process n8n execution, over
 * real HTTP, against the emulator injecting about one fault in ten requests of every kind it
 * knows (500, 502, 503, 429 with and without Retry-After, HTML and malformed bodies, resets,
 * hangs, slow answers and slow bodies, answers lost after the job was created), plus jobs the
 * service fails and items with bad or truncated images. `runSoak` runs it and checks every
 * promise the node makes:
 *
 * - every item ends as an answer or a clear error (naming its job when one exists);
 * - no createJob is sent twice for an item;
 * - no answer lands on the wrong item (each answer is its own job's, from its own images);
 * - the API token appears in no output and no error;
 * - every job the server created is either answered or named to the user (its id, or "the job
 *   may have been created" on its item when the answer carrying the id was lost);
 * - the server never sees two polls of one job closer than the poll interval.
 *
 * The same batch without faults (`faults: false`) is the soak's no-fault ideal: how long the
 * faults cost is the one wall time against the other.
 *
 * It returns the violations (empty when all holds) and figures; test/soak/soak.test.ts asserts,
 * bench/soak.bench.ts prints.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { OmoCaptchaApi } from '../../credentials/OmoCaptchaApi.credentials';

import { expectedResult, startEmulator, randomFaults, type Emulator, type EmulatorFault, type RandomFaultPlan } from '../emulator/server';
import { makePng } from '../fixtures/images';
import type { FixtureItem } from '../helpers/fixtureNode';
import { chain, fixtureItemsNode, runWorkflow } from '../helpers/n8n';
import { omoCaptchaNode } from '../helpers/omocaptcha';

const png = (data: Buffer) => ({ data, mimeType: 'image/png', fileName: 'image.png' });
const requestsTo = (emulator: Pick<Emulator, 'requests'>, method: string) => emulator.requests.filter((request) => request.method === method);

export interface SoakSettings {
	items: number;
	seed: number;
	/** How long each job runs on the emulator. */
	solveMs: number;
	pollIntervalS: number;
	timeoutS: number;
}

/**
 * A job takes five intervals, as a typical solve at the service's 2 s interval (10 s) does, at
 * half the time. The bench also runs it at two intervals, where any two faults on one job's last
 * polls double the batch (see bench/soak.bench.ts).
 */
export const DEFAULT_SOAK: SoakSettings = { items: 1000, seed: 20261123, solveMs: 5000, pollIntervalS: 1, timeoutS: 40 };

const SOAK_TOKEN = 'soak-secret-token-7f3a9c2e51';

/** About one request in ten gets a fault, spread over every kind; `afterHandling` = the server acted first. */
function soakFaultPlan(seed: number): RandomFaultPlan {
	const each = (faults: EmulatorFault[], total: number) => faults.map((fault) => ({ fault, probability: total / faults.length }));
	return {
		seed,
		methods: {
			createJob: each(
				[
					{ kind: 'status', status: 500 },
					{ kind: 'status', status: 503 },
					{ kind: 'status', status: 429, retryAfter: '1' },
					{ kind: 'status', status: 502, afterHandling: true },
					{ kind: 'html', afterHandling: true },
					{ kind: 'malformed' },
					{ kind: 'reset' },
					{ kind: 'reset', afterHandling: true },
					{ kind: 'hang', ms: 1500, afterHandling: true },
					{ kind: 'slow', ms: 1500 },
					{ kind: 'slowBody', msPerByte: 10 },
				],
				0.1,
			),
			getJobResult: each(
				[
					{ kind: 'status', status: 429, retryAfter: '2' },
					{ kind: 'status', status: 429 },
					{ kind: 'status', status: 500 },
					{ kind: 'status', status: 503 },
					{ kind: 'html', status: 502 },
					{ kind: 'html' },
					{ kind: 'malformed' },
					{ kind: 'reset' },
					{ kind: 'hang' },
					{ kind: 'slow', ms: 2500 },
					{ kind: 'slowBody', msPerByte: 20 },
				],
				0.1,
			),
		},
	};
}

export interface SoakFigures {
	items: number;
	wallMs: number;
	/** One solve plus one poll interval: what a batch with no faults and instant uploads would take. */
	idealMs: number;
	uploadSpreadMs: number;
	createRequests: number;
	jobsCreated: number;
	pollRequests: number;
	/** Polls of one job the server saw closer than the interval to the previous one, and the closest gap. */
	pollGapsUnderInterval: number;
	smallestPollGapMs: number;
	faultsInjected: Record<string, number>;
	requestsWithFault: number;
	requestsTotal: number;
	outcomes: Record<string, number>;
	peakRssMb: number;
	peakHeapMb: number;
	baselineRssMb: number;
	/** The item answered last, and what its requests met on the way, as the service saw them. */
	lastItem: string;
	/** How long the polls waited beyond what the rules demand (see measureWaitsBeyondRules). */
	beyondRules: WaitsBeyondRules;
}

export interface SoakResult {
	violations: string[];
	figures: SoakFigures;
}

/** Item i's images: colours from i, so each item's createJob data is its own. */
function itemImages(index: number) {
	return {
		inner: makePng(24, 24, [index & 255, (index >> 8) & 255, 77]),
		outer: makePng(48, 48, [(index * 7) & 255, 11, (index >> 8) & 255]),
	};
}

/** One item in fifty has a bad input: a missing binary property or a truncated image. */
function soakItem(index: number): { item: FixtureItem; badInput: boolean } {
	const { inner, outer } = itemImages(index);
	if (index % 100 === 37) return { item: { json: {}, binary: { inner: png(inner) } }, badInput: true };
	if (index % 100 === 73) return { item: { json: {}, binary: { inner: png(inner.subarray(0, inner.length - 12)), outer: png(outer) } }, badInput: true };
	return { item: { json: {}, binary: { inner: png(inner), outer: png(outer) } }, badInput: false };
}

/** Error texts a user can act on; anything else is a violation. */
const CLEAR_ERRORS: Array<[string, RegExp]> = [
	['bad input', /^Item \d+, field "(Inner|Outer) Image": /],
	['job failed', /^TikTok: Rotate \(Web\): The service could not solve job \d+ \(type 23\)/],
	['timed out', /^TikTok: Rotate \(Web\): Job \d+ \(type 23\) (was still running after|got no usable answer in) /],
	['createJob may have created a job', /^TikTok: Rotate \(Web\): createJob .*; the job may have been created: check the OmoCaptcha dashboard/],
	['createJob refused', /^TikTok: Rotate \(Web\): createJob failed with HTTP 4\d\d /],
];

/**
 * `nodeType` is the OmoCaptcha node class: passed in because the benchmark, under plain tsx, must
 * require it by its full file name (see bench/batch.bench.ts).
 */
export async function runSoak(nodeType: new () => INodeType, settings: SoakSettings = DEFAULT_SOAK, { faults = true } = {}): Promise<SoakResult> {
	const emulator = await startEmulator({
		solveMs: settings.solveMs,
		apiToken: SOAK_TOKEN,
		// One job in fifty is one the service gives up on.
		failJob: (data) => createHash('sha1').update(String(data.image_base64)).digest()[0] % 50 === 0,
		...(faults ? { faults: randomFaults(soakFaultPlan(settings.seed)) } : {}),
	});
	try {
		return await soakAgainst(emulator, nodeType, settings);
	} finally {
		await emulator.close();
	}
}

async function soakAgainst(emulator: Emulator, nodeType: new () => INodeType, settings: SoakSettings): Promise<SoakResult> {
	const built = Array.from({ length: settings.items }, (_, index) => soakItem(index));
	const itemOfImages = new Map<string, number>();
	built.forEach((_, index) => {
		const { inner, outer } = itemImages(index);
		itemOfImages.set(`${inner.toString('base64')}|${outer.toString('base64')}`, index);
	});

	global.gc?.();
	const baseline = process.memoryUsage();
	let peakRss = baseline.rss;
	let peakHeap = baseline.heapUsed + baseline.external;
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
	}, 50);

	const node = omoCaptchaNode(
		{ resource: 'tiktok', operation: 'rotateWeb', options: { pollInterval: settings.pollIntervalS, timeout: settings.timeoutS } },
		{ onError: 'continueRegularOutput' },
	);
	const images = fixtureItemsNode('Images', built.map(({ item }) => item));
	const started = performance.now();
	const run = await runWorkflow({
		nodeTypes: [nodeType],
		credentialTypes: [OmoCaptchaApi],
		credentials: { omoCaptchaApi: { id: 'cred-1', name: 'Emulator', data: { api: 'v1', apiToken: SOAK_TOKEN, baseUrl: emulator.url } } },
		nodes: [images, node],
		connections: chain([images, node]),
		timeoutMs: (settings.timeoutS + 120) * 1000,
	});
	const ended = performance.now();
	clearInterval(sampler);

	const violations: string[] = [];
	const violate = (message: string) => {
		if (violations.length < 50) violations.push(message);
	};

	// The run itself.
	if (run.status !== 'success') violate(`the run ended "${run.status}": ${run.error?.message ?? run.errorOf('OmoCaptcha')?.message}`);
	const items: INodeExecutionData[] = run.itemsOf('OmoCaptcha');
	if (items.length !== settings.items) violate(`${items.length} output items for ${settings.items} input items`);
	items.forEach((item, index) => {
		const paired = (item.pairedItem as { item?: number } | undefined)?.item;
		if (paired !== index) violate(`output ${index} is paired with item ${paired}`);
	});

	// The token, anywhere.
	const everything = JSON.stringify(run.runData) + JSON.stringify(run.error ?? null);
	if (everything.includes(SOAK_TOKEN)) violate('the API token appears in the run data');

	// No createJob twice for one item.
	const creates = requestsTo(emulator, 'createJob');
	const createsPerItem = new Map<number, number>();
	for (const request of creates) {
		const index = itemOfImages.get(String(request.body?.data?.image_base64));
		if (index === undefined) {
			violate(`a createJob carried images of no item`);
			continue;
		}
		createsPerItem.set(index, (createsPerItem.get(index) ?? 0) + 1);
	}
	for (const [index, count] of createsPerItem) if (count > 1) violate(`item ${index}: createJob sent ${count} times`);

	// Which item each server-side job belongs to.
	const itemOfJob = new Map<number, number>();
	for (const job of emulator.jobs.values()) {
		const index = itemOfImages.get(String(job.data.image_base64));
		if (index === undefined) violate(`job ${job.id} was created from images of no item`);
		else itemOfJob.set(job.id, index);
	}

	// Every item: its own answer, or a clear error.
	const outcomes: Record<string, number> = {};
	const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
	const answeredJobs = new Set<number>();
	items.forEach((item, index) => {
		const json = item.json as IDataObject;
		if (typeof json.error !== 'string') {
			const jobId = Number(json.jobId);
			const job = emulator.jobs.get(jobId);
			if (!job) return violate(`item ${index}: answered with job ${json.jobId}, which the server never created`);
			if (itemOfJob.get(jobId) !== index) return violate(`item ${index}: carries job ${jobId}, which item ${itemOfJob.get(jobId)} created`);
			if (json.angle !== Number(expectedResult(job.data))) return violate(`item ${index}: angle ${json.angle}, its job answered ${expectedResult(job.data)}`);
			if (built[index].badInput) return violate(`item ${index}: bad input was sent`);
			answeredJobs.add(jobId);
			return count('answered');
		}
		const kind = CLEAR_ERRORS.find(([, pattern]) => pattern.test(json.error as string))?.[0];
		if (!kind) return violate(`item ${index}: unclear error "${json.error}"`);
		count(kind);
		const jobsOfItem = [...itemOfJob].filter(([, owner]) => owner === index).map(([jobId]) => jobId);
		for (const jobId of jobsOfItem) {
			const named = json.jobId === jobId && (json.error as string).includes(String(jobId));
			if (!named && kind !== 'createJob may have created a job') {
				violate(`item ${index}: its job ${jobId} exists on the server but the error does not name it: "${json.error}"`);
			}
		}
		if (json.jobId !== undefined && !(json.error as string).includes(String(json.jobId))) {
			violate(`item ${index}: error item has job ${json.jobId} but the message does not name it`);
		}
	});

	// Every paid job: answered, or named on its item.
	for (const [jobId, index] of itemOfJob) {
		if (answeredJobs.has(jobId)) continue;
		const json = items[index]?.json as IDataObject | undefined;
		const error = typeof json?.error === 'string' ? json.error : '';
		if (!error.includes(String(jobId)) && !error.includes('the job may have been created')) {
			violate(`job ${jobId} (item ${index}) was created on the server but neither answered nor named`);
		}
	}

	// Polls as the server saw them: never two of one job closer than the interval.
	const intervalMs = settings.pollIntervalS * 1000;
	const lastPollAt = new Map<string, number>();
	let pollGapsUnderInterval = 0;
	let smallestPollGapMs = Number.POSITIVE_INFINITY;
	for (const poll of requestsTo(emulator, 'getJobResult').sort((a, b) => a.receivedAt - b.receivedAt)) {
		const jobId = String(poll.body?.job_id);
		const previous = lastPollAt.get(jobId);
		lastPollAt.set(jobId, poll.receivedAt);
		if (previous === undefined) continue;
		smallestPollGapMs = Math.min(smallestPollGapMs, poll.receivedAt - previous);
		if (poll.receivedAt - previous >= intervalMs) continue;
		pollGapsUnderInterval += 1;
		violate(`job ${jobId}: polled ${Math.round(poll.receivedAt - previous)} ms after its previous poll, closer than the ${settings.pollIntervalS} s interval`);
	}

	const faultsInjected: Record<string, number> = {};
	let requestsWithFault = 0;
	for (const request of emulator.requests) {
		if (!request.fault) continue;
		requestsWithFault += 1;
		const name = `${request.method} ${request.fault.kind}${'status' in request.fault && request.fault.status ? ` ${request.fault.status}` : ''}${request.fault.afterHandling ? ' (after handling)' : ''}`;
		faultsInjected[name] = (faultsInjected[name] ?? 0) + 1;
	}
	const createTimes = creates.map((request) => request.receivedAt);
	const lastItem = describeLastItem(emulator, itemOfImages, started);
	const beyondRules = measureWaitsBeyondRules(emulator, intervalMs, ended - started);
	const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
	return {
		violations,
		figures: {
			items: settings.items,
			wallMs: ended - started,
			idealMs: settings.solveMs + settings.pollIntervalS * 1000,
			uploadSpreadMs: createTimes.length ? Math.max(...createTimes) - Math.min(...createTimes) : 0,
			createRequests: creates.length,
			jobsCreated: emulator.jobs.size,
			pollRequests: requestsTo(emulator, 'getJobResult').length,
			pollGapsUnderInterval,
			smallestPollGapMs,
			faultsInjected,
			requestsWithFault,
			requestsTotal: emulator.requests.length,
			outcomes,
			peakRssMb: mb(peakRss - baseline.rss),
			peakHeapMb: mb(peakHeap - baseline.heapUsed - baseline.external),
			baselineRssMb: mb(baseline.rss),
			lastItem,
			beyondRules,
		},
	};
}

export interface WaitsBeyondRules {
	/** Per answered job: the time its polls waited beyond the rules, summed (ms). */
	perJobMs: number[];
	/** The run's wall time had no poll waited beyond the rules: its floor for the faults it met. */
	floorWallMs: number;
}

/**
 * How much of the run's time the poll schedule cost beyond the rules, from the service's log.
 * A job's first poll may come one interval after its create was answered, and each later one
 * one interval after its previous poll reached the service, or the Retry-After that poll's 429
 * asked for.
 * Whatever each of its polls waited beyond that, up to its answer, is time the node's schedule
 * added: the spacing margin over a hop, the race margin after a hang, the wait to learn that a
 * poll hung. Moving every job's answer earlier by its own sum gives the run's floor for the faults
 * it met (a floor no client reaches: it would have to know at once that a poll hung). Faults on
 * createJob (the first poll is counted from the create's answer), and answers that are slow to
 * arrive, stay in the floor as they happened.
 */
export function measureWaitsBeyondRules(emulator: Pick<Emulator, 'requests' | 'jobs'>, intervalMs: number, wallMs: number): WaitsBeyondRules {
	const pollsOfJob = new Map<number, Array<(typeof emulator.requests)[number]>>();
	for (const request of requestsTo(emulator, 'getJobResult')) {
		const jobId = Number(request.body?.job_id);
		if (!pollsOfJob.has(jobId)) pollsOfJob.set(jobId, []);
		pollsOfJob.get(jobId)!.push(request);
	}
	// A job's id is known to the client once its create's answer has arrived (a slow answer arrives late).
	const createAnsweredAt = new Map<number, number>();
	for (const create of requestsTo(emulator, 'createJob')) {
		const jobId = (create.response as { job_id?: number } | undefined)?.job_id;
		if (jobId !== undefined && create.answeredAt !== undefined) createAnsweredAt.set(jobId, create.answeredAt);
	}
	const perJobMs: number[] = [];
	let lastAnswer = Number.NEGATIVE_INFINITY;
	let lastFloor = Number.NEGATIVE_INFINITY;
	for (const [jobId, polls] of pollsOfJob) {
		const job = emulator.jobs.get(jobId);
		if (!job) continue;
		polls.sort((a, b) => a.receivedAt - b.receivedAt);
		const answer = polls.findIndex(answeredWithOutcome);
		if (answer < 0) continue;
		let beyond = polls[0].receivedAt - ((createAnsweredAt.get(jobId) ?? job.createdAt) + intervalMs);
		for (let index = 1; index <= answer; index += 1) {
			beyond += polls[index].receivedAt - polls[index - 1].receivedAt - Math.max(intervalMs, retryAfterMs(polls[index - 1].fault));
		}
		perJobMs.push(beyond);
		const answeredAt = polls[answer].answeredAt ?? polls[answer].receivedAt;
		lastAnswer = Math.max(lastAnswer, answeredAt);
		lastFloor = Math.max(lastFloor, answeredAt - beyond);
	}
	return { perJobMs, floorWallMs: perJobMs.length ? wallMs - (lastAnswer - lastFloor) : wallMs };
}

/** The service read the poll and its answer said success or fail (however slowly it came back). */
function answeredWithOutcome(poll: Emulator['requests'][number]): boolean {
	const status = (poll.response as { status?: string } | undefined)?.status;
	const outcome = status === 'success' || status === 'fail';
	return outcome && poll.handled && (poll.fault === undefined || poll.fault.kind === 'slow' || poll.fault.kind === 'slowBody');
}

function retryAfterMs(fault: EmulatorFault | undefined): number {
	return fault?.kind === 'status' && fault.retryAfter !== undefined ? Number(fault.retryAfter) * 1000 : 0;
}

/**
 * The item whose job was answered last (success or fail), and its requests in turn: when each
 * reached the service (seconds from the start) and what it met, a fault or the job's status.
 */
function describeLastItem(emulator: Emulator, itemOfImages: Map<string, number>, startedAt: number): string {
	const requestsOfItem = new Map<number, typeof emulator.requests>();
	const itemOfJob = new Map<number, number>();
	for (const request of emulator.requests) {
		if (request.method !== 'createJob') continue;
		const item = itemOfImages.get(String(request.body?.data?.image_base64));
		if (item === undefined) continue;
		requestsOfItem.set(item, [...(requestsOfItem.get(item) ?? []), request]);
		const jobId = (request.response as { job_id?: number } | undefined)?.job_id;
		if (jobId !== undefined) itemOfJob.set(jobId, item);
	}
	// An item ends with the first readable success or fail answer of its job (a raced poll may answer later).
	const endOfItem = new Map<number, number>();
	for (const request of emulator.requests) {
		if (request.method !== 'getJobResult') continue;
		const item = itemOfJob.get(Number(request.body?.job_id));
		if (item === undefined) continue;
		requestsOfItem.get(item)!.push(request);
		const status = (request.response as { status?: string } | undefined)?.status;
		const settled = (status === 'success' || status === 'fail') && request.fault?.kind !== 'malformed';
		if (settled && request.answeredAt !== undefined) endOfItem.set(item, Math.min(endOfItem.get(item) ?? Number.POSITIVE_INFINITY, request.answeredAt));
	}
	let last: { item: number; endedAt: number } | undefined;
	for (const [item, endedAt] of endOfItem) if (!last || endedAt > last.endedAt) last = { item, endedAt };
	if (!last) return 'no job was answered';
	const at = (time: number) => `${((time - startedAt) / 1000).toFixed(2)} s`;
	const steps = requestsOfItem
		.get(last.item)!
		.filter((request) => request.receivedAt <= last.endedAt)
		.sort((a, b) => a.receivedAt - b.receivedAt)
		.map((request) => {
			const fault = request.fault ? `${request.fault.kind}${'status' in request.fault && request.fault.status ? ` ${request.fault.status}` : ''}` : '';
			const status = (request.response as { status?: string } | undefined)?.status ?? (request.method === 'createJob' ? 'created' : '');
			return `${request.method === 'createJob' ? 'create' : 'poll'} ${at(request.receivedAt)} ${[fault, status].filter(Boolean).join(' → ')}`;
		});
	return `item ${last.item}: ${steps.join(', ')}`;
}
