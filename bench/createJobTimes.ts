/**
 * Where a createJob's time goes, for `npm run bench`: each create (v2: createTask) of the batch
 * followed from the node's call into n8n's request helper to the answer in the node's hands,
 * through the emulator's own stamps in between (arrival, body read, answer sent), and the CPU
 * each process spent on the batch. Plus the node's own CPU per item, step by step, measured
 * alone on the benchmark's images.
 *
 * Times from both processes are put on one clock (epoch ms: performance.timeOrigin + now); the
 * two origins agree to well under a millisecond on one machine.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { IExecuteFunctions } from 'n8n-workflow';

import { OmoCaptchaApi } from '../credentials/OmoCaptchaApi.credentials';
import { detectImageFormat, findIncompleteness, readImageSize } from '../nodes/OmoCaptcha/images/imageInfo';
import { JsonImages } from '../nodes/OmoCaptcha/transport/jsonWithImages';
import type { EmulatorReport } from './emulatorProcess';

const epochNow = () => performance.timeOrigin + performance.now();

/** One create as the node's process saw it (epoch ms). */
interface ClientCreate {
	calledAt: number;
	/** The ClientRequest was made (n8n's helper and axios are done preparing). */
	startedAt?: number;
	/** Size of the request body (JSON), from its content-length. */
	bodyBytes?: number;
	/** The whole answer had arrived. */
	finishedAt?: number;
	/** The helper's promise settled: the node holds the answer. */
	resolvedAt?: number;
	jobId?: number | string;
}

const CREATE_URL = /\/(createJob|createTask)$/;

/**
 * Follows every create the node sends through `context.helpers.httpRequestWithAuthentication`
 * (wrapped for the node's run) and Node's HTTP client diagnostics.
 */
export class CreateTimeline {
	private readonly current = new AsyncLocalStorage<ClientCreate>();
	private readonly byRequest = new WeakMap<ClientRequest, ClientCreate>();
	private readonly creates: ClientCreate[] = [];
	/** Every other request (the polls): when the node called the helper and when it had the answer. */
	readonly polls: Array<{ calledAt: number; resolvedAt: number; jobId?: number | string }> = [];
	private cpuAtStart = process.cpuUsage();
	private cpuMs = 0;
	private readonly requestCreated = ({ request }: { request: ClientRequest }) => {
		const create = this.current.getStore();
		if (!create || create.startedAt !== undefined) return;
		create.startedAt = epochNow();
		this.byRequest.set(request, create);
		create.bodyBytes = Number(request.getHeader('content-length')) || undefined;
	};
	private readonly responseFinished = ({ request }: { request: ClientRequest }) => {
		const create = this.byRequest.get(request);
		if (create) create.finishedAt = epochNow();
	};

	/** Wraps the context's request helper for the node's run; returns the function that unwraps it. */
	wrap(context: IExecuteFunctions): () => void {
		const helpers = context.helpers;
		const original = helpers.httpRequestWithAuthentication;
		const follow = this.follow;
		helpers.httpRequestWithAuthentication = async function (this: IExecuteFunctions, ...args: Parameters<typeof original>) {
			return await follow(args[1] as { url?: unknown; body?: { job_id?: unknown; taskId?: unknown } }, async () => (await original.apply(this, args)) as unknown);
		} as typeof original;
		return () => (helpers.httpRequestWithAuthentication = original);
	}

	/** Times one request the node sends: a create through its phases, any other (a poll) from call to answer. */
	private readonly follow = async (options: { url?: unknown; body?: { job_id?: unknown; taskId?: unknown } }, send: () => Promise<unknown>): Promise<unknown> => {
		if (!CREATE_URL.test(String(options.url ?? ''))) {
			const poll = { calledAt: epochNow(), resolvedAt: 0, jobId: (options.body?.taskId ?? options.body?.job_id) as number | string | undefined };
			this.polls.push(poll);
			try {
				return await send();
			} finally {
				poll.resolvedAt = epochNow();
			}
		}
		const create: ClientCreate = { calledAt: epochNow() };
		this.creates.push(create);
		try {
			const response = await this.current.run(create, send);
			create.jobId = jobIdIn(response);
			return response;
		} finally {
			create.resolvedAt = epochNow();
		}
	};

	start(): void {
		this.cpuAtStart = process.cpuUsage();
		diagnostics.subscribe('http.client.request.created', this.requestCreated as (message: unknown) => void);
		diagnostics.subscribe('http.client.response.finish', this.responseFinished as (message: unknown) => void);
	}

	stop(): void {
		const cpu = process.cpuUsage(this.cpuAtStart);
		this.cpuMs = (cpu.user + cpu.system) / 1000;
		diagnostics.unsubscribe('http.client.request.created', this.requestCreated as (message: unknown) => void);
		diagnostics.unsubscribe('http.client.response.finish', this.responseFinished as (message: unknown) => void);
	}

	/** Every create's stamps, for BENCH_DUMP. */
	dump(): { creates: ClientCreate[]; polls: CreateTimeline['polls'] } {
		return { creates: this.creates, polls: this.polls };
	}

	/** The creates lined up with the emulator's stamps of the same requests (matched by job id). */
	figures(report: EmulatorReport): CreateFigures {
		const serverCreates = new Map(report.requests.filter((request) => request.kind === 'create' && request.jobId !== undefined).map((request) => [request.jobId!, request]));
		const phases: Record<Phase, number[]> = { helperBefore: [], toServer: [], upload: [], serverWork: [], answerBack: [], helperAfter: [], total: [] };
		for (const create of this.creates) {
			const server = create.jobId === undefined ? undefined : serverCreates.get(create.jobId);
			const { startedAt, finishedAt, resolvedAt } = create;
			if (!server || startedAt === undefined || finishedAt === undefined || resolvedAt === undefined) continue;
			if (server.bodyReadAt === undefined || server.answeredAt === undefined) continue;
			const onOurClock = (time: number) => report.timeOrigin + time;
			phases.helperBefore.push(startedAt - create.calledAt);
			phases.toServer.push(onOurClock(server.receivedAt) - startedAt);
			phases.upload.push(server.bodyReadAt - server.receivedAt);
			phases.serverWork.push(server.answeredAt - server.bodyReadAt);
			phases.answerBack.push(finishedAt - onOurClock(server.answeredAt));
			phases.helperAfter.push(resolvedAt - finishedAt);
			phases.total.push(resolvedAt - create.calledAt);
		}
		const bodyBytes = this.creates.reduce((sum, create) => sum + (create.bodyBytes ?? 0), 0);
		return { phases, matched: phases.total.length, nodeCpuMs: this.cpuMs, emulatorCpuMs: report.cpuMs, bodyBytes };
	}
}

type Phase = 'helperBefore' | 'toServer' | 'upload' | 'serverWork' | 'answerBack' | 'helperAfter' | 'total';

export interface CreateFigures {
	phases: Record<Phase, number[]>;
	matched: number;
	/** CPU of the node's process (the in-process n8n) and of the emulator's, over the whole batch. */
	nodeCpuMs: number;
	emulatorCpuMs: number;
	/** All create bodies together. */
	bodyBytes: number;
}

function jobIdIn(response: unknown): number | string | undefined {
	const body = (response as { body?: unknown } | undefined)?.body;
	try {
		const answer = JSON.parse(typeof body === 'string' ? body : String(body)) as { job_id?: number | string; taskId?: string };
		return answer.taskId ?? (answer.job_id === undefined ? undefined : Number(answer.job_id));
	} catch {
		return undefined;
	}
}

const PHASE_LABELS: Array<[Phase, string]> = [
	['helperBefore', "in n8n's request helper before the request is made (credential, key, axios; the body comes encoded)"],
	['toServer', 'request made → the emulator has its headers'],
	['upload', "the body's upload (emulator: headers → last byte)"],
	['serverWork', 'the emulator parses, checks and answers'],
	['answerBack', 'the answer back to the node'],
	['helperAfter', "in n8n's request helper after the answer"],
	['total', 'in all, helper call → answer in the node'],
];

export function printCreateFigures(figures: CreateFigures, creates: number, line: (label: string, text: string) => void): void {
	const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
	const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.9 * values.length) - 1)] ?? 0;
	const ms = (value: number) => `${value.toFixed(1)} ms`;
	line('one createJob, in turn', `mean / p90 over ${figures.matched} of ${creates} creates (both processes' stamps on one clock)`);
	for (const [phase, label] of PHASE_LABELS) {
		const values = figures.phases[phase];
		console.log(`    ${`${ms(mean(values))} / ${ms(p90(values))}`.padEnd(22)}${label}`);
	}
	line(
		'CPU over the batch',
		`node's process ${(figures.nodeCpuMs / 1000).toFixed(2)} s (${ms(figures.nodeCpuMs / creates)} per create), emulator's process ${(figures.emulatorCpuMs / 1000).toFixed(2)} s (${ms(figures.emulatorCpuMs / creates)} per create)`,
	);
}

// ---------------------------------------------------------------------------------------------
// The node's own CPU per item, step by step

/**
 * What the node's process does to one item's two images before and while sending them, each
 * step timed alone (median of repeated runs) on the benchmark's images: n8n's getBinaryDataBuffer
 * of an in-memory binary (base64 → bytes), the image check (format, completeness, size), the
 * createJob data with the images' stand-ins (v1 joins them with |), the body encoded with the
 * images spliced in as base64 (JSON.stringify of the small body, each image's base64, one buffer),
 * and the credential putting the key first into it. The HTTP client sends that buffer as it is.
 */
export function measureItemSteps(images: Buffer[]): Array<[string, number]> {
	const stored = images.map((image) => image.toString('base64'));
	const credential = new OmoCaptchaApi();
	let bytes = images;
	let body = new JsonImages();
	let data: Record<string, unknown> = {};
	let encoded: Buffer = Buffer.alloc(0);
	const steps: Array<[string, () => unknown]> = [
		['read the binaries (getBinaryDataBuffer, in-memory mode)', () => (bytes = stored.map((text) => Buffer.from(text, 'base64')))],
		['check the images (format, completeness, size)', () => bytes.map((image) => [detectImageFormat(image), findIncompleteness(image), readImageSize(image)])],
		[
			'build the createJob data (a stand-in per image, joined with |)',
			() => {
				body = new JsonImages();
				data = { type_job_id: '23', image_base64: bytes.map((image) => body.add(image)).join('|') };
			},
		],
		['encode the body with the images spliced in as base64 (one buffer)', () => (encoded = body.encode({ data }))],
		// authenticate is async, but does its work before it returns.
		['put the key first into the encoded body (the credential)', () => credential.authenticate({ api: 'v1', apiToken: 'token' }, { url: '', body: encoded })],
	];
	return steps.map(([label, step]) => [label, medianMs(step)]);
}

function medianMs(step: () => unknown, runs = 41): number {
	for (let i = 0; i < 5; i++) step();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		step();
		times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
