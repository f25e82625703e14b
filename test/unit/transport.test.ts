import { describe, expect, it } from 'vitest';

import { type BatchOptions, type BatchOutcome, type BatchTask, LATE_CREATE_FACTOR, LATE_CREATE_MIN_MS, LENT_PLACES_PER_UPLOAD, solveBatch } from '../../nodes/OmoCaptcha/transport/batch';
import {
	type ApiMethod,
	type JobData,
	type JobId,
	OmoCaptchaClient,
	type SendRequest,
} from '../../nodes/OmoCaptcha/transport/client';
import { OmoCaptchaError } from '../../nodes/OmoCaptcha/transport/errors';
import { JobPoller, type PollOptions, type Wait } from '../../nodes/OmoCaptcha/transport/poller';
import { rejectionOf } from '../helpers/rejection';

// ---------------------------------------------------------------------------------------------
// Test doubles
// ---------------------------------------------------------------------------------------------

/**
 * A fake clock: `now` reads it, `wait` registers a timer on it, and time only moves when the test
 * says so. After each timer fires, every promise chain that can run does (a few macrotask turns),
 * so the code under test reacts before time moves on.
 */
class FakeClock {
	time = 0;
	private timers: Array<{ at: number; fire: () => void }> = [];

	readonly now = (): number => this.time;

	readonly wait: Wait = (ms, signal) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) {
				reject(new Error('wait aborted'));
				return;
			}
			const onAbort = () => {
				this.timers = this.timers.filter((timer) => timer !== entry);
				reject(new Error('wait aborted'));
			};
			const entry = {
				at: this.time + Math.max(0, ms),
				fire: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			this.timers.push(entry);
			signal?.addEventListener('abort', onAbort, { once: true });
		});

	/** Lets everything that is not waiting for time run. */
	async settle(): Promise<void> {
		for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
	}

	private nextTimer(limit = Number.POSITIVE_INFINITY) {
		let next: { at: number; fire: () => void } | undefined;
		for (const timer of this.timers) if (timer.at <= limit && (!next || timer.at < next.at)) next = timer;
		return next;
	}

	/** Moves time to `target`, firing due timers in order and letting the code react after each. */
	async advanceTo(target: number): Promise<void> {
		await this.settle();
		for (let next = this.nextTimer(target); next; next = this.nextTimer(target)) {
			this.timers.splice(this.timers.indexOf(next), 1);
			this.time = Math.max(this.time, next.at);
			next.fire();
			await this.settle();
		}
		this.time = Math.max(this.time, target);
		await this.settle();
	}

	/** Runs time from timer to timer until `promise` settles; fails when nothing is left to wait for. */
	async run<T>(promise: Promise<T>, limitMs = 3_600_000): Promise<T> {
		let done = false;
		promise.then(
			() => (done = true),
			() => (done = true),
		);
		await this.settle();
		while (!done) {
			const next = this.nextTimer();
			if (!next || next.at > limitMs) throw new Error(`clock stuck at ${this.time} ms: nothing left to wait for`);
			await this.advanceTo(next.at);
		}
		return await promise;
	}
}

/** How the fake service answers getJobResult for one job, poll by poll (0-based). */
type JobScript = (poll: number, jobId: number) => unknown;

interface Call {
	method: ApiMethod;
	body: Record<string, unknown>;
	at: number;
	jobId?: number;
	signal?: AbortSignal;
}

interface FakeServiceOptions {
	/** The script for a newly created job, from its data; default: running once, then success. */
	script?: (data: JobData, jobId: number) => JobScript;
	/** The createJob answer (or throws); default `{ error: false, job_id: <next id> }`. */
	createAnswer?: (data: JobData, jobId: number) => unknown;
	/** Fake-clock latency of createJob (all of them, or by the job's data) and getJobResult answers. */
	createLatencyMs?: number | ((data: JobData) => number);
	pollLatencyMs?: number;
	/** How long a getJobResult sent at `sentAt` takes to reach the service (it is recorded when it arrives). */
	pollArrivalMs?: (sentAt: number) => number;
}

const running = { error: false, status: 'running', result: '' };
const success = (result: unknown) => ({ error: false, status: 'success', result });
const fail = (code = '') => ({ error: false, status: 'fail', error_code: code, result: null });

/** Running for `polls` polls, then success with `result`. */
const runningThen = (polls: number, result: unknown): JobScript => (poll) => (poll < polls ? running : success(result));

/**
 * An in-memory OmoCaptcha answering through the injected `send`, on the fake clock. It records
 * every request and every answer, and honours the abort signal like a real HTTP request.
 */
class FakeService {
	readonly calls: Call[] = [];
	/** Request and answer events in the order they happened. */
	readonly events: Array<{ type: 'request' | 'answer'; method: ApiMethod; jobId?: number; at: number }> = [];
	/** Jobs created and not yet answered with success or fail. */
	readonly unfinished = new Set<number>();
	maxUnfinished = 0;
	/** Job ids in the order the service answered them with success or fail. */
	readonly finishedOrder: number[] = [];
	private nextJobId = 1001;
	private readonly jobs = new Map<number, { script: JobScript; polls: number; data: JobData }>();

	constructor(
		private readonly clock: FakeClock,
		private readonly options: FakeServiceOptions = {},
	) {}

	readonly send: SendRequest = async (method, body, signal) => {
		const jobId = method === 'getJobResult' ? Number(body.job_id) : undefined;
		const arrival = method === 'getJobResult' ? (this.options.pollArrivalMs?.(this.clock.time) ?? 0) : 0;
		if (arrival > 0) await this.clock.wait(arrival);
		this.calls.push({ method, body, at: this.clock.time, jobId, signal });
		this.events.push({ type: 'request', method, jobId, at: this.clock.time });
		if (signal?.aborted) throw new OmoCaptchaError('transport', 'The operation was aborted');
		const createLatency = this.options.createLatencyMs;
		const latency =
			method === 'createJob'
				? typeof createLatency === 'function'
					? createLatency(body.data as JobData)
					: createLatency
				: method === 'getJobResult'
					? this.options.pollLatencyMs
					: 0;
		if (latency) {
			try {
				await this.clock.wait(latency, signal);
			} catch {
				throw new OmoCaptchaError('transport', 'The operation was aborted');
			}
		}
		// A script may answer with a promise: one that never settles is a hung request.
		const answer = await this.answer(method, body);
		this.events.push({ type: 'answer', method, jobId: jobId ?? (answer as { job_id?: number })?.job_id, at: this.clock.time });
		return answer;
	};

	get createCalls(): Call[] {
		return this.calls.filter((call) => call.method === 'createJob');
	}

	get pollCalls(): Call[] {
		return this.calls.filter((call) => call.method === 'getJobResult');
	}

	pollTimes(jobId: JobId): number[] {
		return this.pollCalls.filter((call) => call.jobId === jobId).map((call) => call.at);
	}

	private answer(method: ApiMethod, body: Record<string, unknown>): unknown {
		if (method === 'createJob') {
			const data = body.data as JobData;
			const jobId = this.nextJobId++;
			const answer = this.options.createAnswer ? this.options.createAnswer(data, jobId) : { error: false, job_id: jobId, message: 'Create job success.' };
			if ((answer as { job_id?: unknown }).job_id === jobId) {
				const script = this.options.script?.(data, jobId) ?? runningThen(1, `result-${jobId}`);
				this.jobs.set(jobId, { script, polls: 0, data });
				this.unfinished.add(jobId);
				this.maxUnfinished = Math.max(this.maxUnfinished, this.unfinished.size);
			}
			return answer;
		}
		if (method === 'getJobResult') {
			const jobId = Number(body.job_id);
			const job = this.jobs.get(jobId);
			if (!job) return { error: true, message: 'Job not found.' };
			const answer = job.script(job.polls++, jobId) as { status?: string };
			if (answer?.status === 'success' || answer?.status === 'fail') {
				this.unfinished.delete(jobId);
				this.finishedOrder.push(jobId);
			}
			return answer;
		}
		return { error: false, balance: '1.00000', message: 'Get balance success.' };
	}
}

const INTERVAL = 2000;

function setup(serviceOptions: FakeServiceOptions = {}, pollOptions: Partial<PollOptions> = {}) {
	const clock = new FakeClock();
	const service = new FakeService(clock, serviceOptions);
	const client = new OmoCaptchaClient(service.send);
	const options: PollOptions = { intervalMs: INTERVAL, timeoutMs: 60_000, wait: clock.wait, now: clock.now, ...pollOptions };
	return { clock, service, client, options };
}

function batchOptions(base: PollOptions, extra: Partial<BatchOptions> = {}): BatchOptions {
	return { ...base, maxParallelUploads: 4, maxJobsInFlight: 0, ...extra };
}

/** `count` tasks whose job data carries their index as `tag`. */
function makeTasks(count: number, typeJobId = '26', prepare?: (index: number) => Promise<void>): BatchTask[] {
	return Array.from({ length: count }, (_, index) => ({
		typeJobId,
		prepare: async () => {
			await prepare?.(index);
			return { data: { type_job_id: typeJobId, tag: index }, readResult: (result: unknown) => `read ${String(result)}` };
		},
	}));
}

function failureOf(outcome: BatchOutcome): OmoCaptchaError {
	if (outcome.ok) throw new Error(`expected a failed outcome, got job ${outcome.job.jobId}`);
	expect(outcome.error).toBeInstanceOf(OmoCaptchaError);
	return outcome.error as OmoCaptchaError;
}

// ---------------------------------------------------------------------------------------------
// OmoCaptchaClient
// ---------------------------------------------------------------------------------------------

/** A client whose `send` answers `answer` (or throws it when it is an Error) and records calls. */
function clientAnswering(answer: unknown) {
	const calls: Array<{ method: ApiMethod; body: Record<string, unknown>; signal?: AbortSignal }> = [];
	const client = new OmoCaptchaClient(async (method, body, signal) => {
		calls.push({ method, body, signal });
		if (answer instanceof Error) throw answer;
		return answer;
	});
	return { client, calls };
}

describe('OmoCaptchaClient', () => {
	describe('getBalance', () => {
		it('parses the decimal string "12.34500" to 12.345 and keeps the raw string', async () => {
			const { client, calls } = clientAnswering({ error: false, balance: '12.34500', message: 'Get balance success.' });
			const signal = new AbortController().signal;
			expect(await client.getBalance(signal)).toEqual({ balance: 12.345, balanceRaw: '12.34500' });
			expect(calls).toEqual([{ method: 'getBalance', body: {}, signal }]);
		});

		it('reads a zero balance "0.00000"', async () => {
			const { client } = clientAnswering({ error: false, balance: '0.00000' });
			expect(await client.getBalance()).toEqual({ balance: 0, balanceRaw: '0.00000' });
		});

		it('accepts a balance sent as a JSON number', async () => {
			const { client } = clientAnswering({ error: false, balance: 5.5 });
			expect(await client.getBalance()).toEqual({ balance: 5.5, balanceRaw: '5.5' });
		});

		it.each([undefined, '', 'abc', null])('rejects a missing or unusable balance (%j) as an unexpected answer', async (balance) => {
			const { client } = clientAnswering({ error: false, balance });
			await expect(client.getBalance()).rejects.toMatchObject({ name: 'OmoCaptchaError', kind: 'unexpectedAnswer' });
		});
	});

	describe('answers with error: true', () => {
		it("become an 'api' error carrying the service's message", async () => {
			const { client } = clientAnswering({ error: true, message: 'Invalid api token.' });
			const error = await rejectionOf(client.getBalance());
			expect(error).toBeInstanceOf(OmoCaptchaError);
			expect(error.kind).toBe('api');
			expect(error.message).toBe('Invalid api token.');
			expect(error.isRetryable).toBe(false);
		});

		it('get a generic message when the service gave none', async () => {
			const { client } = clientAnswering({ error: true });
			const error = await rejectionOf(client.getBalance());
			expect(error.kind).toBe('api');
			expect(error.message).toBe('the service reported an error without a message');
		});
	});

	it.each([
		['a string', 'OK'],
		['null', null],
		['undefined (empty body)', undefined],
		['an array', [{ error: false }]],
		['a number', 200],
	])("turns a body that is %s into an 'unexpectedAnswer' error", async (_label, body) => {
		const { client } = clientAnswering(body);
		const error = await rejectionOf(client.getBalance());
		expect(error).toBeInstanceOf(OmoCaptchaError);
		expect(error.kind).toBe('unexpectedAnswer');
		expect(error.message).toContain('getBalance');
	});

	it('passes transport errors from send through unchanged', async () => {
		const failure = new OmoCaptchaError('transport', 'HTTP 502', { httpStatus: 502 });
		const { client } = clientAnswering(failure);
		expect(await rejectionOf(client.getBalance())).toBe(failure);
	});

	describe('createJob', () => {
		const data: JobData = { type_job_id: '26', image_base64: 'bWFzaw==|Ymc=' };

		it('sends { data } and returns the numeric job_id', async () => {
			const { client, calls } = clientAnswering({ error: false, job_id: 123456, message: 'Create job success.' });
			expect(await client.createJob(data)).toBe(123456);
			expect(calls).toEqual([{ method: 'createJob', body: { data }, signal: undefined }]);
		});

		it('treats the other documented shape {errorId: 0, taskId} as a failed createJob', async () => {
			const { client } = clientAnswering({ errorId: 0, taskId: 123456 });
			const error = await rejectionOf(client.createJob(data));
			expect(error).toBeInstanceOf(OmoCaptchaError);
			expect(error.kind).toBe('api');
			expect(error.typeJobId).toBe('26');
			expect(error.jobId).toBeUndefined();
		});

		it.each([
			['no job_id', { error: false, message: 'Create job success.' }],
			['job_id null', { error: false, job_id: null }],
			['a non-numeric job_id', { error: false, job_id: 'abc' }],
			['a fractional job_id', { error: false, job_id: 1.5 }],
			['taskId instead of job_id', { error: false, taskId: 1 }],
		])('rejects an answer with %s as an unexpected answer, not as the service refusing', async (_label, answer) => {
			const { client } = clientAnswering(answer);
			const error = await rejectionOf(client.createJob(data));
			expect(error).toBeInstanceOf(OmoCaptchaError);
			expect(error.kind).toBe('unexpectedAnswer');
			expect(error.typeJobId).toBe('26');
		});

		// `Number("")` is 0 and `Number(true)` is 1: neither may become a job to poll.
		it('rejects an empty-string job_id instead of returning job 0', async () => {
			const { client } = clientAnswering({ error: false, job_id: '' });
			await expect(client.createJob(data)).rejects.toBeInstanceOf(OmoCaptchaError);
		});

		it('rejects a boolean job_id instead of returning job 1', async () => {
			const { client } = clientAnswering({ error: false, job_id: true });
			await expect(client.createJob(data)).rejects.toBeInstanceOf(OmoCaptchaError);
		});

		it("reports the service's message and the type on error: true", async () => {
			const { client } = clientAnswering({ error: true, message: 'Balance is not enough.' });
			const error = await rejectionOf(client.createJob(data));
			expect(error).toMatchObject({ kind: 'api', message: 'Balance is not enough.', typeJobId: '26' });
		});
	});

	describe('getJobResult', () => {
		it('sends the job id as a number', async () => {
			const { client, calls } = clientAnswering(running);
			await client.getJobResult(123456);
			expect(calls[0]).toMatchObject({ method: 'getJobResult', body: { job_id: 123456 } });
		});

		it.each([
			['an empty result', { error: false, status: 'running', result: '' }],
			['a null result', { error: false, status: 'running', result: null }],
		])('reads "running" with %s', async (_label, answer) => {
			const { client } = clientAnswering(answer);
			expect(await client.getJobResult(1)).toEqual({ status: 'running' });
		});

		it('reads "success" with the untouched result (string or object)', async () => {
			expect(await clientAnswering(success('12_34_56_78')).client.getJobResult(1)).toEqual({
				status: 'success',
				result: '12_34_56_78',
			});
			expect(await clientAnswering(success({ token: 't' })).client.getJobResult(1)).toEqual({
				status: 'success',
				result: { token: 't' },
			});
		});

		it('reads "fail" with its error_code, or without one when it is empty', async () => {
			expect(await clientAnswering(fail('ERROR_CAPTCHA_UNSOLVABLE')).client.getJobResult(1)).toEqual({
				status: 'fail',
				errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
			});
			expect(await clientAnswering(fail('')).client.getJobResult(1)).toEqual({ status: 'fail', errorCode: undefined });
		});

		it("turns an unknown status into an 'unexpectedAnswer' error with the job id, which a poll may retry", async () => {
			const error = await rejectionOf(clientAnswering({ error: false, status: 'queued' }).client.getJobResult(77));
			expect(error).toMatchObject({ kind: 'unexpectedAnswer', jobId: 77, isRetryable: true });
			expect(error.message).toContain('queued');
		});

		it("turns error: true into an 'api' error with the job id", async () => {
			const error = await rejectionOf(clientAnswering({ error: true, message: 'Job not found.' }).client.getJobResult(77));
			expect(error).toMatchObject({ kind: 'api', message: 'Job not found.', jobId: 77 });
		});
	});

	describe('getServices', () => {
		it('parses the service list: price, "98%", "15s" and is_active', async () => {
			const { client } = clientAnswering({
				error: false,
				service: [
					{ id: 1, name: 'reCaptcha v2', description: 'Google Inc', price: '0.00055', avg_success: '98%', avg_time: '15s', is_active: 1 },
					{ id: 26, name: 'Shopee', description: null, price: null, avg_success: null, avg_time: '', is_active: 0 },
				],
			});
			expect(await client.getServices()).toEqual([
				{ id: 1, name: 'reCaptcha v2', description: 'Google Inc', price: 0.00055, avgSuccessPercent: 98, avgTimeSeconds: 15, active: true },
				{ id: 26, name: 'Shopee', description: '', price: 0, avgSuccessPercent: null, avgTimeSeconds: null, active: false },
			]);
		});

		it("rejects an answer without a service list as an 'unexpectedAnswer' error", async () => {
			await expect(clientAnswering({ error: false }).client.getServices()).rejects.toMatchObject({ kind: 'unexpectedAnswer' });
		});
	});
});

describe('OmoCaptchaError.isRetryable', () => {
	it('is true for transport errors without a status, with a 5xx status, 408 or 429, or an unreadable 2xx body', () => {
		expect(new OmoCaptchaError('transport', 'x').isRetryable).toBe(true);
		expect(new OmoCaptchaError('transport', 'x', { httpStatus: 503 }).isRetryable).toBe(true);
		expect(new OmoCaptchaError('transport', 'x', { httpStatus: 429 }).isRetryable).toBe(true);
		expect(new OmoCaptchaError('transport', 'x', { httpStatus: 408 }).isRetryable).toBe(true);
		expect(new OmoCaptchaError('transport', 'HTML instead of JSON', { httpStatus: 200 }).isRetryable).toBe(true);
		expect(new OmoCaptchaError('transport', 'x', { httpStatus: 400 }).isRetryable).toBe(false);
		expect(new OmoCaptchaError('transport', 'x', { httpStatus: 404 }).isRetryable).toBe(false);
		expect(new OmoCaptchaError('api', 'x').isRetryable).toBe(false);
		expect(new OmoCaptchaError('jobFailed', 'x').isRetryable).toBe(false);
	});
});

// ---------------------------------------------------------------------------------------------
// JobPoller
// ---------------------------------------------------------------------------------------------

describe('createJob, then JobPoller', () => {
	it('polls the created job until done and answers its result', async () => {
		const { clock, service, client, options } = setup({ script: () => runningThen(2, '187') });
		const jobId = await client.createJob({ type_job_id: '26', image_base64: 'x' });
		const result = await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }));
		expect(result).toBe('187');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000]);
	});

	it('names the job and its type when the service gives up on it', async () => {
		const { clock, client, options } = setup({ script: () => () => ({ error: false, status: 'fail', result: null }) });
		const jobId = await client.createJob({ type_job_id: '23' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '23' })));
		expect(error).toMatchObject({ kind: 'jobFailed', typeJobId: '23', jobId });
		expect(error.message).toContain(`job ${jobId} (type 23)`);
	});
});

describe('JobPoller', () => {
	it('polls a job for the first time one interval after it was created, not before', async () => {
		const { clock, service, client, options } = setup({ script: () => runningThen(1, 'done') });
		const jobId = await client.createJob({ type_job_id: '26' });
		const result = new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' });
		await clock.advanceTo(INTERVAL - 1);
		expect(service.pollCalls).toHaveLength(0);
		await clock.advanceTo(INTERVAL);
		expect(service.pollTimes(jobId)).toEqual([INTERVAL]);
		expect(await clock.run(result)).toBe('done');
		expect(service.pollTimes(jobId)).toEqual([INTERVAL, 2 * INTERVAL]);
	});

	it('polls each job one interval after its own previous request', async () => {
		const { clock, service, client, options } = setup({ script: () => runningThen(3, 'ok') });
		const poller = new JobPoller(client, options);
		const a = await client.createJob({ type_job_id: '26' });
		const first = poller.waitForResult({ jobId: a, typeJobId: '26' });
		await clock.advanceTo(700);
		const b = await client.createJob({ type_job_id: '22' });
		const second = poller.waitForResult({ jobId: b, typeJobId: '22' });
		expect(await clock.run(Promise.all([first, second]))).toEqual(['ok', 'ok']);
		expect(service.pollTimes(a)).toEqual([2000, 4000, 6000, 8000]);
		expect(service.pollTimes(b)).toEqual([2700, 4700, 6700, 8700]);
	});

	// The service sees two requests for one job at least one interval apart, however slow the
	// previous answer (or the next request's departure) was.
	it('counts the interval from the previous answer, not from when the (slow) request was sent', async () => {
		const { clock, service, client, options } = setup({ script: () => runningThen(2, 'ok'), pollLatencyMs: 500 });
		const jobId = await client.createJob({ type_job_id: '26' });
		await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }));
		expect(service.pollTimes(jobId)).toEqual([2000, 4500, 7000]);
	});

	it('passes the execution signal to every getJobResult request', async () => {
		const { clock, service, client, options } = setup();
		const controller = new AbortController();
		const jobId = await client.createJob({ type_job_id: '26' });
		await clock.run(new JobPoller(client, { ...options, signal: controller.signal }).waitForResult({ jobId, typeJobId: '26' }));
		// The default script answers on the second poll: both carried a signal that follows the execution's.
		expect(service.pollTimes(jobId)).toEqual([2000, 4000]);
		expect(service.pollCalls.map((call) => call.signal?.aborted)).toEqual([false, false]);
		controller.abort();
		expect(service.pollCalls.map((call) => call.signal?.aborted)).toEqual([true, true]);
	});

	it('resolves with the raw result of a successful job', async () => {
		const { clock, client, options } = setup({ script: () => runningThen(0, { token: 'abc' }) });
		const jobId = await client.createJob({ type_job_id: '3' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '3' }))).toEqual({ token: 'abc' });
	});

	it("rejects a failed job with 'jobFailed', its jobId and typeJobId, named in the message", async () => {
		const { clock, service, client, options } = setup({ script: () => (poll) => (poll < 1 ? running : fail('UNSOLVABLE')) });
		const jobId = await client.createJob({ type_job_id: '22' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '22' })));
		expect(error).toBeInstanceOf(OmoCaptchaError);
		expect(error).toMatchObject({ kind: 'jobFailed', jobId, typeJobId: '22' });
		expect(error.message).toContain(String(jobId));
		expect(error.message).toContain('22');
		expect(error.message).toContain('UNSOLVABLE');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000]);
	});

	it("rejects a job still running at the timeout with 'timeout', its jobId and typeJobId, and stops polling it", async () => {
		const { clock, service, client, options } = setup({ script: () => () => running }, { timeoutMs: 5000 });
		const jobId = await client.createJob({ type_job_id: '23' });
		const promise = new JobPoller(client, options).waitForResult({ jobId, typeJobId: '23' });
		const error = await rejectionOf(clock.run(promise));
		expect(clock.time).toBe(6000);
		expect(error).toMatchObject({ kind: 'timeout', jobId, typeJobId: '23' });
		expect(error.message).toContain(String(jobId));
		expect(error.message).toContain('23');
		expect(error.message).toContain('5 s');
		await clock.advanceTo(20_000);
		// Every interval, plus one last look: at the deadline (5000), or one interval after the previous answer when that is later.
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000]);
	});

	it('catches a job that finishes between the last interval and the deadline with one last look, still an interval after the previous answer', async () => {
		const { clock, service, client, options } = setup({ script: () => (poll) => (poll < 2 ? running : success('7')) }, { timeoutMs: 5000 });
		const jobId = await client.createJob({ type_job_id: '23' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '23' }))).toBe('7');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000]);
	});

	it.each([
		['an HTTP 503', () => new OmoCaptchaError('transport', 'HTTP 503 Service Unavailable', { httpStatus: 503 })],
		['an HTTP 429', () => new OmoCaptchaError('transport', 'getJobResult failed with HTTP 429', { httpStatus: 429 })],
		['an HTML page with HTTP 200', () => new OmoCaptchaError('transport', 'getJobResult answered HTTP 200 with an HTML page', { httpStatus: 200 })],
		['a network failure (no status)', () => new OmoCaptchaError('transport', 'socket hang up')],
		['a non-OmoCaptcha error from send', () => new TypeError('fetch failed')],
		['an unknown status', () => ({ error: false, status: 'processing' })],
	])('retries getJobResult after %s, and the job still succeeds', async (_label, failure) => {
		const { clock, service, client, options } = setup({
			script: () => (poll) => {
				if (poll === 0 || poll === 1) {
					const value = failure();
					if (value instanceof Error) throw value;
					return value;
				}
				return success('42');
			},
		});
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('42');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000]);
	});

	it('fails the job on a non-retryable transport error (HTTP 400), keeping status, jobId and typeJobId', async () => {
		const { clock, service, client, options } = setup({
			script: () => () => {
				throw new OmoCaptchaError('transport', 'HTTP 400 Bad Request', { httpStatus: 400 });
			},
		});
		const jobId = await client.createJob({ type_job_id: '21' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '21' })));
		expect(error).toMatchObject({ kind: 'transport', httpStatus: 400, jobId, typeJobId: '21' });
		expect(error.message).toContain('HTTP 400 Bad Request');
		expect(error.message).toContain(String(jobId));
		expect(error.message).toContain('21');
		expect(service.pollTimes(jobId)).toEqual([2000]);
	});

	it("fails the job when getJobResult answers error: true ('api', e.g. job not found)", async () => {
		const { clock, service, client, options } = setup();
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId: 999, typeJobId: '30' })));
		expect(error).toMatchObject({ kind: 'api', jobId: 999, typeJobId: '30' });
		expect(error.message).toContain('Job not found.');
		expect(service.pollTimes(999)).toEqual([2000]);
	});

	it('rejects every pending job as canceled when the signal aborts, and sends nothing more', async () => {
		const { clock, service, client, options } = setup({ script: () => () => running });
		const controller = new AbortController();
		const poller = new JobPoller(client, { ...options, signal: controller.signal });
		const jobs = [await client.createJob({ type_job_id: '26' }), await client.createJob({ type_job_id: '26' })];
		const waits = jobs.map((jobId) => poller.waitForResult({ jobId, typeJobId: '26' }));
		const errors = waits.map(rejectionOf);
		await clock.advanceTo(3000);
		const requestsBefore = service.calls.length;
		controller.abort();
		await clock.settle();
		for (const [index, error] of (await Promise.all(errors)).entries()) {
			expect(error).toMatchObject({ kind: 'canceled', jobId: jobs[index], typeJobId: '26' });
		}
		expect(clock.time).toBe(3000);
		await clock.advanceTo(30_000);
		expect(service.calls.length).toBe(requestsBefore);
	});

	it('works with a real, abortable wait and small real intervals', async () => {
		const service = new FakeService(new FakeClock(), { script: () => runningThen(2, 'real') });
		const client = new OmoCaptchaClient(service.send);
		const wait: Wait = (ms, signal) =>
			new Promise<void>((resolve, reject) => {
				const timer = setTimeout(resolve, ms);
				signal?.addEventListener('abort', () => {
					clearTimeout(timer);
					reject(new Error('aborted'));
				}, { once: true });
			});
		const poller = new JobPoller(client, { intervalMs: 20, timeoutMs: 5000, wait });
		const ids = [await client.createJob({ type_job_id: '26' }), await client.createJob({ type_job_id: '30' })];
		const started = Date.now();
		const results = await Promise.all(ids.map((jobId) => poller.waitForResult({ jobId, typeJobId: '26' })));
		expect(results).toEqual(['real', 'real']);
		expect(Date.now() - started).toBeGreaterThanOrEqual(50);
		expect(service.pollCalls).toHaveLength(6);
	});

	it('keeps its own time on a sub-millisecond clock: on real timers, no two polls of a job are less than the interval apart', async () => {
		// Answers come at once, so a clock cut to the millisecond (with timers that may fire up to
		// one early by it) would send some polls a fraction of a millisecond inside the interval.
		const sentAt = new Map<number, number[]>();
		const client = new OmoCaptchaClient(async (_method, body) => {
			const jobId = Number(body.job_id);
			sentAt.set(jobId, [...(sentAt.get(jobId) ?? []), performance.now()]);
			return running;
		});
		const poller = new JobPoller(client, { intervalMs: 5, timeoutMs: 300, wait: async (ms) => await new Promise((resolve) => setTimeout(resolve, ms)) });
		await Promise.allSettled([1, 2, 3].map((jobId) => poller.waitForResult({ jobId, typeJobId: '26' })));
		const gaps = [...sentAt.values()].flatMap((times) => times.slice(1).map((time, index) => time - times[index]));
		expect(gaps.length).toBeGreaterThan(50);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
	});
});

// ---------------------------------------------------------------------------------------------
// solveBatch
// ---------------------------------------------------------------------------------------------

describe('solveBatch', () => {
	it('solves every task and reports job id, result and elapsed time from createJob to the answer', async () => {
		const { clock, client, options } = setup({ script: (data) => runningThen(1, `answer-${data.tag}`) });
		const outcomes = await clock.run(solveBatch(client, makeTasks(3), batchOptions(options)));
		expect(outcomes).toEqual([
			{ ok: true, job: { jobId: 1001, answer: 'read answer-0', result: 'answer-0', elapsedMs: 4000 } },
			{ ok: true, job: { jobId: 1002, answer: 'read answer-1', result: 'answer-1', elapsedMs: 4000 } },
			{ ok: true, job: { jobId: 1003, answer: 'read answer-2', result: 'answer-2', elapsedMs: 4000 } },
		]);
	});

	it("fails a task whose result its own reader cannot read, naming the paid job, without touching the others", async () => {
		const { clock, client, options } = setup({ script: (data) => runningThen(0, data.tag === 1 ? 'garbled' : 'fine') });
		const tasks = makeTasks(3).map((task) => ({
			...task,
			prepare: async () => ({
				...(await task.prepare()),
				readResult: (result: unknown) => {
					if (result === 'garbled') throw new Error('expected a number, got "garbled"');
					return result;
				},
			}),
		}));
		const outcomes = await clock.run(solveBatch(client, tasks, batchOptions(options)));
		expect(failureOf(outcomes[1])).toMatchObject({ kind: 'unexpectedAnswer', jobId: 1002, typeJobId: '26' });
		expect(failureOf(outcomes[1]).message).toBe('expected a number, got "garbled" (job 1002)');
		expect(outcomes[0]).toMatchObject({ ok: true, job: { answer: 'fine' } });
		expect(outcomes[2]).toMatchObject({ ok: true, job: { answer: 'fine' } });
	});

	it('keeps outcomes in task order even when later tasks finish first', async () => {
		// Task i stays running for 6 - i polls: the last task is answered first.
		const { clock, service, client, options } = setup({
			script: (data) => (Number(data.tag) === 3 ? () => fail('NOPE') : runningThen(6 - Number(data.tag), `answer-${data.tag}`)),
		});
		const outcomes = await clock.run(solveBatch(client, makeTasks(7), batchOptions(options)));
		// The service finished the jobs out of order: the failed one, then the last task first.
		expect(service.finishedOrder).toEqual([1004, 1007, 1006, 1005, 1003, 1002, 1001]);
		expect(outcomes.map((outcome) => (outcome.ok ? outcome.job.result : failureOf(outcome).kind))).toEqual([
			'answer-0',
			'answer-1',
			'answer-2',
			'jobFailed',
			'answer-4',
			'answer-5',
			'answer-6',
		]);
	});

	it("reports a failed job and a timed-out job per task, with jobId and typeJobId, without failing the others", async () => {
		const { clock, client, options } = setup(
			{ script: (data) => (data.tag === 0 ? () => fail() : data.tag === 1 ? () => running : runningThen(0, 'fine')) },
			{ timeoutMs: 7000 },
		);
		const outcomes = await clock.run(solveBatch(client, makeTasks(3, '22'), batchOptions(options)));
		expect(failureOf(outcomes[0])).toMatchObject({ kind: 'jobFailed', jobId: 1001, typeJobId: '22' });
		expect(failureOf(outcomes[0]).message).toMatch(/1001.*22/);
		expect(failureOf(outcomes[1])).toMatchObject({ kind: 'timeout', jobId: 1002, typeJobId: '22' });
		expect(failureOf(outcomes[1]).message).toMatch(/1002.*22/);
		expect(outcomes[2]).toMatchObject({ ok: true, job: { jobId: 1003, result: 'fine' } });
	});

	it('never retries createJob: a failing createJob is sent exactly once and fails only its task', async () => {
		const { clock, service, client, options } = setup({
			createAnswer: (data, jobId) => {
				if (data.tag === 1) throw new OmoCaptchaError('transport', 'HTTP 503', { httpStatus: 503 });
				return { error: false, job_id: jobId };
			},
		});
		const outcomes = await clock.run(solveBatch(client, makeTasks(3), batchOptions(options)));
		expect(service.createCalls.map((call) => (call.body.data as JobData).tag)).toEqual([0, 1, 2]);
		expect(failureOf(outcomes[1])).toMatchObject({ kind: 'transport', httpStatus: 503 });
		expect(outcomes[0].ok).toBe(true);
		expect(outcomes[2].ok).toBe(true);
		// Only the two created jobs are polled.
		expect(new Set(service.pollCalls.map((call) => call.jobId))).toEqual(new Set([1001, 1003]));
	});

	it("reports a createJob refused by the service (error: true) as an 'api' failure of that task", async () => {
		const { clock, service, client, options } = setup({
			createAnswer: () => ({ error: true, message: 'Balance is not enough.' }),
		});
		const outcomes = await clock.run(solveBatch(client, makeTasks(2, '30'), batchOptions(options)));
		for (const outcome of outcomes) {
			expect(failureOf(outcome)).toMatchObject({ kind: 'api', message: 'Balance is not enough.', typeJobId: '30' });
		}
		expect(service.createCalls).toHaveLength(2);
		expect(service.pollCalls).toHaveLength(0);
	});

	it('reports a task whose prepare throws as a failure of that task, without creating its job', async () => {
		const { clock, service, client, options } = setup();
		const tasks = makeTasks(3, '26', async (index) => {
			if (index === 1) throw new Error('binary property "mask" is missing');
		});
		const outcomes = await clock.run(solveBatch(client, tasks, batchOptions(options)));
		expect(outcomes[1]).toEqual({ ok: false, error: new Error('binary property "mask" is missing') });
		expect(outcomes[0].ok && outcomes[2].ok).toBe(true);
		expect(service.createCalls).toHaveLength(2);
	});

	it('reports each created job id with its task index at once, before its first poll; a task that created no job is not reported', async () => {
		const { clock, service, client, options } = setup();
		const reported: Array<{ jobId: JobId; taskIndex: number; pollsBefore: number }> = [];
		const onJobCreated = (jobId: JobId, taskIndex: number) =>
			void reported.push({ jobId, taskIndex, pollsBefore: service.pollCalls.filter((call) => call.jobId === jobId).length });
		const tasks = makeTasks(3, '26', async (index) => {
			if (index === 1) throw new Error('binary property "mask" is missing');
		});
		const outcomes = await clock.run(solveBatch(client, tasks, batchOptions(options, { onJobCreated })));
		expect(reported).toEqual([
			{ jobId: 1001, taskIndex: 0, pollsBefore: 0 },
			{ jobId: 1002, taskIndex: 2, pollsBefore: 0 },
		]);
		expect(outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.ok && outcome.job.jobId)).toEqual([1001, 1002]);
	});

	it('keeps at most maxParallelUploads tasks in prepare + createJob at once', async () => {
		let active = 0;
		let maxActive = 0;
		const { clock, service, options } = setup({ createLatencyMs: 30 });
		const original = service.send;
		const send: SendRequest = async (method, body, signal) => {
			try {
				return await original(method, body, signal);
			} finally {
				if (method === 'createJob') active -= 1;
			}
		};
		const tasks = makeTasks(10, '26', async () => {
			active += 1;
			maxActive = Math.max(maxActive, active);
			await clock.wait(50);
		});
		const outcomes = await clock.run(solveBatch(new OmoCaptchaClient(send), tasks, batchOptions(options, { maxParallelUploads: 3 })));
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		expect(maxActive).toBe(3);
		expect(active).toBe(0);
	});

	/** Counts createJob requests out at once, and when each task's createJob went out. */
	function watchCreates(service: FakeService, clock: FakeClock) {
		const watch = { out: 0, mostOut: 0, sentAt: new Map<number, number>() };
		const original = service.send;
		const send: SendRequest = async (method, body, signal) => {
			if (method !== 'createJob') return await original(method, body, signal);
			watch.out += 1;
			watch.mostOut = Math.max(watch.mostOut, watch.out);
			watch.sentAt.set(Number((body.data as JobData).tag), clock.time);
			try {
				return await original(method, body, signal);
			} finally {
				watch.out -= 1;
			}
		};
		return { watch, client: new OmoCaptchaClient(send) };
	}

	it('lets the next task upload while the service is slow to answer one createJob', async () => {
		// Creates answer in 30 ms, except task 2's, which the service holds for 5 s.
		const { clock, service, options } = setup({ createLatencyMs: (data) => (data.tag === 2 ? 5000 : 30) });
		const { watch, client } = watchCreates(service, clock);
		const outcomes = await clock.run(solveBatch(client, makeTasks(5), batchOptions(options, { maxParallelUploads: 1 })));
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		// Late after three typical creates (90 ms), floored at LATE_CREATE_MIN_MS: task 3 goes then, not after 5 s.
		expect(watch.sentAt.get(3)! - watch.sentAt.get(2)!).toBe(Math.max(LATE_CREATE_MIN_MS, LATE_CREATE_FACTOR * 30));
		expect(watch.sentAt.get(4)! - watch.sentAt.get(3)!).toBe(30);
		expect(watch.mostOut).toBe(2);
	});

	it('lends at most LENT_PLACES_PER_UPLOAD × maxParallelUploads places to late createJobs, so memory stays bounded', async () => {
		// After two quick creates, every create is held for 5 s: the first ones lend their places, then the next keeps its own.
		const { clock, service, options } = setup({ createLatencyMs: (data) => (Number(data.tag) < 2 ? 30 : 5000) });
		const { watch, client } = watchCreates(service, clock);
		const outcomes = await clock.run(solveBatch(client, makeTasks(12), batchOptions(options, { maxParallelUploads: 2 })));
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		expect(watch.mostOut).toBe(2 + LENT_PLACES_PER_UPLOAD * 2);
	});

	it('lends nothing when every createJob is slow (a slow link): uploads stay at maxParallelUploads', async () => {
		const { clock, service, options } = setup({ createLatencyMs: 3000 });
		const { watch, client } = watchCreates(service, clock);
		const outcomes = await clock.run(solveBatch(client, makeTasks(12), batchOptions(options, { maxParallelUploads: 3 })));
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		expect(watch.mostOut).toBe(3);
	});

	it('treats maxParallelUploads 0 as 1 (uploads one at a time, never stalls)', async () => {
		let active = 0;
		let maxActive = 0;
		const { clock, client, options } = setup();
		const tasks = makeTasks(4, '26', async () => {
			active += 1;
			maxActive = Math.max(maxActive, active);
			await clock.wait(10);
			active -= 1;
		});
		const outcomes = await clock.run(solveBatch(client, tasks, batchOptions(options, { maxParallelUploads: 0 })));
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		expect(maxActive).toBe(1);
	});

	it('keeps at most maxJobsInFlight jobs created and unfinished', async () => {
		const { clock, service, client, options } = setup({ script: (data) => runningThen(1 + (Number(data.tag) % 3), `r${data.tag}`) });
		const outcomes = await clock.run(
			solveBatch(client, makeTasks(10), batchOptions(options, { maxParallelUploads: 10, maxJobsInFlight: 4 })),
		);
		expect(outcomes.map((outcome) => outcome.ok && outcome.job.result)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
		expect(service.maxUnfinished).toBe(4);
		expect(service.createCalls).toHaveLength(10);
	});

	it('creates all 25 jobs of a batch before the first getJobResult answer', async () => {
		const { clock, service, client, options } = setup({ script: (data) => runningThen(3, `r${data.tag}`), createLatencyMs: 40 });
		const tasks = makeTasks(25, '26', () => clock.wait(15));
		const outcomes = await clock.run(solveBatch(client, tasks, batchOptions(options, { maxParallelUploads: 4 })));
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(25);
		const firstPollAnswer = service.events.findIndex((event) => event.type === 'answer' && event.method === 'getJobResult');
		const createAnswers = service.events
			.map((event, index) => ({ event, index }))
			.filter(({ event }) => event.type === 'answer' && event.method === 'createJob');
		expect(createAnswers).toHaveLength(25);
		expect(Math.max(...createAnswers.map(({ index }) => index))).toBeLessThan(firstPollAnswer);
		// Polled together: every job is answered 4 polls after its creation, within one upload round of each other.
		const lastAnswer = Math.max(...service.events.filter((event) => event.type === 'answer').map((event) => event.at));
		expect(lastAnswer).toBeLessThan(4 * INTERVAL + 25 * 55);
	});

	it("rejects with 'canceled' when the signal aborts mid-poll, and sends no request after the abort", async () => {
		const { clock, service, client, options } = setup({ script: () => () => running });
		const controller = new AbortController();
		const tasks = makeTasks(8, '26');
		// Only 3 jobs at a time: the others are still waiting for a slot when the abort comes.
		const batch = solveBatch(client, tasks, batchOptions({ ...options, signal: controller.signal }, { maxJobsInFlight: 3 }));
		const rejection = rejectionOf(batch);
		await clock.advanceTo(3000);
		expect(service.createCalls).toHaveLength(3);
		expect(service.pollCalls).toHaveLength(3);
		const requestsAtAbort = service.calls.length;
		controller.abort();
		await clock.settle();
		const error = await rejection;
		expect(error).toBeInstanceOf(OmoCaptchaError);
		expect(error.kind).toBe('canceled');
		await clock.advanceTo(120_000);
		expect(service.calls.length).toBe(requestsAtAbort);
	});

	it("rejects with 'canceled' when the signal aborts while a poll is in flight, and sends nothing more", async () => {
		const { clock, service, client, options } = setup({ script: () => () => running, pollLatencyMs: 800 });
		const controller = new AbortController();
		const batch = solveBatch(client, makeTasks(4), batchOptions({ ...options, signal: controller.signal }));
		const rejection = rejectionOf(batch);
		await clock.advanceTo(2400); // polls sent at 2000, answers due at 2800
		const requestsAtAbort = service.calls.length;
		expect(service.pollCalls).toHaveLength(4);
		controller.abort();
		await clock.settle();
		expect((await rejection).kind).toBe('canceled');
		await clock.advanceTo(60_000);
		expect(service.calls.length).toBe(requestsAtAbort);
	});

	it("rejects with 'canceled' when the signal aborts during uploads, creating no further jobs", async () => {
		const { clock, service, client, options } = setup({ createLatencyMs: 100 });
		const controller = new AbortController();
		const batch = solveBatch(client, makeTasks(6), batchOptions({ ...options, signal: controller.signal }, { maxParallelUploads: 2 }));
		const rejection = rejectionOf(batch);
		await clock.advanceTo(150); // two created, two more uploading
		expect(service.createCalls).toHaveLength(4);
		const requestsAtAbort = service.calls.length;
		controller.abort();
		await clock.settle();
		expect((await rejection).kind).toBe('canceled');
		await clock.advanceTo(60_000);
		expect(service.calls.length).toBe(requestsAtAbort);
	});

	it("rejects with 'canceled' at once when the signal was aborted before the batch started", async () => {
		const { clock, service, client, options } = setup();
		const controller = new AbortController();
		controller.abort();
		const error = await rejectionOf(clock.run(solveBatch(client, makeTasks(3), batchOptions({ ...options, signal: controller.signal }))));
		expect(error.kind).toBe('canceled');
		expect(service.calls).toHaveLength(0);
	});

	it('returns an empty list for an empty batch', async () => {
		const { client, options } = setup();
		expect(await solveBatch(client, [], batchOptions(options))).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// Faults: rate limits, unreadable answers, hung polls, stops with creates in flight
// ---------------------------------------------------------------------------------------------

/** A request that never answers (the server holds the connection open). */
const hang = () => new Promise<never>(() => undefined);
const rateLimited = (retryAfterMs?: number) =>
	new OmoCaptchaError('transport', 'getJobResult failed with HTTP 429', { httpStatus: 429, retryAfterMs });

describe('getJobResult answered HTTP 429', () => {
	it('polls again after the Retry-After the service asked for when it is longer than the interval', async () => {
		const { clock, service, client, options } = setup({
			script: () => (poll) => {
				if (poll === 0) throw rateLimited(5000);
				return success('ok');
			},
		});
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('ok');
		expect(service.pollTimes(jobId)).toEqual([2000, 7000]);
	});

	it('keeps the interval when Retry-After is shorter, and retries 429 until the job is done', async () => {
		const { clock, service, client, options } = setup({
			script: () => (poll) => {
				if (poll < 3) throw rateLimited(poll === 0 ? 100 : undefined);
				return success('paid answer');
			},
		});
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('paid answer');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000, 8000]);
	});

	it('still takes the last look at the deadline when Retry-After reaches past it', async () => {
		const { clock, service, client, options } = setup(
			{ script: () => (poll) => (poll === 0 ? Promise.reject(rateLimited(60_000)) : success('just in time')) },
			{ timeoutMs: 5000 },
		);
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('just in time');
		expect(service.pollTimes(jobId)).toEqual([2000, 5000]);
	});
});

describe('createJob that may have reached the server', () => {
	const data: JobData = { type_job_id: '23', image_base64: 'x|y' };
	const mayExist = /the job may have been created/;

	it.each([
		['HTTP 502 (a gateway after the upload)', new OmoCaptchaError('transport', 'createJob failed with HTTP 502', { httpStatus: 502 })],
		['an HTML page with HTTP 200', new OmoCaptchaError('transport', 'createJob answered HTTP 200 with an HTML page', { httpStatus: 200 })],
		['a connection reset', new OmoCaptchaError('transport', 'createJob could not reach host (connection reset)')],
		['a timeout', new OmoCaptchaError('transport', 'createJob could not reach host (timed out)')],
		['malformed JSON (the send answered a string)', 'Create job succ'],
		['a JSON array', [{ job_id: 5 }]],
		['success without a job id', { error: false, message: 'Create job success.' }],
	])('says the job may have been created after %s', async (_label, answer) => {
		const error = await rejectionOf(clientAnswering(answer).client.createJob(data));
		expect(error).toBeInstanceOf(OmoCaptchaError);
		expect(error.message).toMatch(mayExist);
		expect(error).toMatchObject({ mayHaveCreatedJob: true, typeJobId: '23' });
	});

	it.each([
		['a refused connection', new OmoCaptchaError('transport', 'createJob could not reach host (connection refused)', { neverSent: true })],
		['HTTP 400', new OmoCaptchaError('transport', 'createJob failed with HTTP 400', { httpStatus: 400 })],
		['HTTP 429', new OmoCaptchaError('transport', 'createJob failed with HTTP 429', { httpStatus: 429 })],
		["the service's refusal (error: true)", { error: true, message: 'Balance is not enough.' }],
	])('does not claim a job may exist after %s', async (_label, answer) => {
		const error = await rejectionOf(clientAnswering(answer).client.createJob(data));
		expect(error.message).not.toMatch(mayExist);
		expect(error.mayHaveCreatedJob).toBeFalsy();
	});
});

describe('a job whose polls all failed until the timeout', () => {
	it('says what the service answered instead of "still running"', async () => {
		const html = new OmoCaptchaError('transport', 'getJobResult answered HTTP 200 with text/html (1234 bytes), not JSON', { httpStatus: 200 });
		const { clock, service, client, options } = setup({ script: () => () => Promise.reject(html) }, { timeoutMs: 5000 });
		const jobId = await client.createJob({ type_job_id: '23' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '23' })));
		expect(error).toMatchObject({ kind: 'timeout', jobId, typeJobId: '23' });
		expect(error.message).not.toContain('still running');
		expect(error.message).toContain(`Job ${jobId} (type 23)`);
		expect(error.message).toContain('all 3 getJobResult requests failed');
		expect(error.message).toContain('HTTP 200 with text/html');
		expect(service.pollTimes(jobId)).toEqual([2000, 4000, 6000]);
	});

	it('still says "still running" when the service did answer "running"', async () => {
		const { clock, client, options } = setup(
			{ script: () => (poll) => (poll === 0 ? running : Promise.reject(new OmoCaptchaError('transport', 'HTTP 502', { httpStatus: 502 }))) },
			{ timeoutMs: 5000 },
		);
		const jobId = await client.createJob({ type_job_id: '23' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '23' })));
		expect(error.message).toContain('still running after 5 s');
	});
});

describe('a hung or slow getJobResult', () => {
	/** Job X, whose polls follow `script`, and job Y created 100 ms later, polled on (its polls coming back show the service answering). */
	async function withCompanion(script: JobScript, pollOptions: Partial<PollOptions> = {}) {
		const { clock, service, client, options } = setup({ script: (data) => (data.tag === 'x' ? script : runningThen(100, 'y')) }, pollOptions);
		const poller = new JobPoller(client, options);
		const x = await client.createJob({ type_job_id: '26', tag: 'x' });
		const result = poller.waitForResult({ jobId: x, typeJobId: '26' });
		await clock.advanceTo(100);
		const y = await client.createJob({ type_job_id: '26', tag: 'y' });
		void poller.waitForResult({ jobId: y, typeJobId: '26' }).catch(() => undefined);
		return { clock, service, x, result };
	}

	it('is raced one interval and a quarter after a later poll came back, so a ready result is not held for the request timeout', async () => {
		const { clock, service, x, result } = await withCompanion((poll) => (poll === 0 ? hang() : success('ready')));
		expect(await clock.run(result)).toBe('ready');
		// Y's poll sent at 2100 came back at once: X's poll of 2000 has reached the service by then.
		// A quarter interval more is room for requests leaving out of order; the service sees the two 2600 ms apart.
		expect(service.pollTimes(x)).toEqual([2000, 4600]);
		expect(clock.time).toBe(4600);
	});

	it('takes a late answer of a raced poll when it is the result', async () => {
		const { clock, service, x, result } = await withCompanion((poll) => (poll === 0 ? clock.wait(5000).then(() => success('late')) : hang()));
		expect(await clock.run(result)).toBe('late');
		expect(service.pollTimes(x)).toEqual([2000, 4600]);
		expect(clock.time).toBe(7000);
	});

	it('spaces the next poll from the proof that a slow answer\'s poll reached the service, not from that answer', async () => {
		// X's first answer takes 1000 ms to come back (a slow body); Y's poll of 2100 came back at once.
		const { clock, service, x, result } = await withCompanion((poll) => (poll === 0 ? clock.wait(1000).then(() => running) : success('ready')));
		expect(await clock.run(result)).toBe('ready');
		// The poll of 2000 reached the service by 2100: the next may go a race time later (4600), as
		// its racer would have, not an interval after its answer (5000).
		expect(service.pollTimes(x)).toEqual([2000, 4600]);
	});

	it('does not let a raced poll that answers late push its job\'s next poll past its racer\'s spacing', async () => {
		const { clock, service, x, result } = await withCompanion((poll) => (poll === 0 ? clock.wait(3000).then(() => running) : poll === 1 ? running : success('ready')));
		expect(await clock.run(result)).toBe('ready');
		// 2000 answers at 5000, after its racer of 4600 did: the third poll goes an interval after the racer's answer, not after 5000.
		expect(service.pollTimes(x)).toEqual([2000, 4600, 6600]);
	});

	it('is not raced while nothing sent after it has come back: a client too busy to send races nothing', async () => {
		// Every poll takes 3 s, X's and Y's alike: X's first answer comes before any proof it was hung.
		const { clock, service, client, options } = setup({ script: () => runningThen(2, 'slow but sure'), pollLatencyMs: 3000 });
		const poller = new JobPoller(client, options);
		const x = await client.createJob({ type_job_id: '26' });
		const result = poller.waitForResult({ jobId: x, typeJobId: '26' });
		await clock.advanceTo(100);
		void poller.waitForResult({ jobId: await client.createJob({ type_job_id: '26' }), typeJobId: '26' });
		expect(await clock.run(result)).toBe('slow but sure');
		expect(service.pollTimes(x)).toEqual([2000, 7000, 12_000]);
	});

	it('is not raced while the client is too busy to send: the service sees polls held up together an interval apart still', async () => {
		// Everything sent between 1900 and 4500 leaves at 4500, in order (a client busy uploading); X's first poll then hangs at the service.
		const { clock, service, client, options } = setup({
			script: (data) => (data.tag === 'x' ? (poll) => (poll === 0 ? hang() : success('ready')) : runningThen(100, 'y')),
			pollArrivalMs: (sentAt) => (sentAt >= 1900 && sentAt < 4500 ? 4500 - sentAt : 0),
		});
		const poller = new JobPoller(client, options);
		const x = await client.createJob({ type_job_id: '26', tag: 'x' });
		const result = poller.waitForResult({ jobId: x, typeJobId: '26' });
		await clock.advanceTo(100);
		void poller.waitForResult({ jobId: await client.createJob({ type_job_id: '26', tag: 'y' }), typeJobId: '26' });
		expect(await clock.run(result)).toBe('ready');
		// Raced one interval and a quarter after Y's poll came back at 4500, not 2500 after X's was sent (it would have arrived with it).
		expect(service.pollTimes(x)).toEqual([4500, 7000]);
	});

	it('races a poll with nothing sent after it (a lone job) twice the race time after it was sent', async () => {
		const { clock, service, client, options } = setup({ script: () => (poll) => (poll === 0 ? hang() : success('ready')) });
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('ready');
		// It would have to be held up on its way 3000 ms longer than its racer to be seen within the interval of it.
		expect(service.pollTimes(jobId)).toEqual([2000, 7000]);
	});

	it('forgets a hung poll at the poll timeout when that comes first, and asks again', async () => {
		const { clock, service, client, options } = setup({ script: () => (poll) => (poll === 0 ? hang() : success('ready')) }, { pollTimeoutMs: 4000 });
		const jobId = await client.createJob({ type_job_id: '26' });
		expect(await clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' }))).toBe('ready');
		expect(service.pollTimes(jobId)).toEqual([2000, 6000]);
	});

	it('has at most two polls of a job out: when the racer hangs too, it is raced in turn and the oldest is cancelled', async () => {
		const { clock, service, x, result } = await withCompanion((poll) => (poll < 2 ? hang() : success('third time')));
		expect(await clock.run(result)).toBe('third time');
		// 2000 hangs, 4600 races it and hangs too (Y's poll of 6100 proves it); the third goes one
		// interval and a quarter after that proof, not after 2000's poll timeout (12000).
		expect(service.pollTimes(x)).toEqual([2000, 4600, 8600]);
		const polls = service.pollCalls.filter((call) => call.jobId === x);
		expect(polls.map((call) => call.signal?.aborted)).toEqual([true, false, false]);
	});

	it('ends its job one interval and a quarter after a proven-hung last look, saying it was still running', async () => {
		const { clock, service, x, result } = await withCompanion((poll) => (poll < 2 ? running : hang()), { timeoutMs: 5000 });
		const error = await rejectionOf(clock.run(result));
		expect(error).toMatchObject({ kind: 'timeout', jobId: x });
		expect(error.message).toContain('was still running after 5 s');
		expect(service.pollTimes(x)).toEqual([2000, 4000, 6000]);
		expect(clock.time).toBe(6100 + 2500);
	});

	it('says the polls did not answer when none ever did, and ends no later than one poll timeout past the deadline', async () => {
		const { clock, service, client, options } = setup({ script: () => () => hang() }, { timeoutMs: 5000, pollTimeoutMs: 4000 });
		const jobId = await client.createJob({ type_job_id: '26' });
		const error = await rejectionOf(clock.run(new JobPoller(client, options).waitForResult({ jobId, typeJobId: '26' })));
		expect(error).toMatchObject({ kind: 'timeout', jobId });
		expect(error.message).toContain('all 2 getJobResult requests failed, the last one: getJobResult did not answer within 3 s');
		// 2000 is forgotten at 6000, when the last look goes; it is cut at 5000 + 4000.
		expect(service.pollTimes(jobId)).toEqual([2000, 6000]);
		expect(clock.time).toBe(9000);
	});

	it('never lets the service see two polls of a job closer than the interval, in a mix of slow, hung, late and refused polls', async () => {
		let seed = 20261206;
		const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
		const { clock, service, client, options } = setup(
			{
				script: () => (poll) => {
					const roll = random();
					if (poll >= 8 && roll < 0.5) return success('done');
					if (roll < 0.15) return hang();
					if (roll < 0.35) return clock.wait(random() * 5000).then(() => running);
					if (roll < 0.45) return Promise.reject(rateLimited(random() < 0.5 ? 3000 : undefined));
					return running;
				},
				// Up to a fifth of an interval on the way to the service, in any order: inside the race margin.
				pollArrivalMs: () => random() * 0.2 * INTERVAL,
			},
			{ timeoutMs: 40_000 },
		);
		const poller = new JobPoller(client, options);
		const jobs = await Promise.all(Array.from({ length: 30 }, async () => await client.createJob({ type_job_id: '26' })));
		const outcomes = await clock.run(Promise.allSettled(jobs.map((jobId) => poller.waitForResult({ jobId, typeJobId: '26' }))));
		expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThan(20);
		let polls = 0;
		for (const jobId of jobs) {
			const times = service.pollTimes(jobId).sort((a, b) => a - b);
			polls += times.length;
			for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `job ${jobId}: polls at ${times.join(', ')}`).toBeGreaterThanOrEqual(INTERVAL);
		}
		expect(polls).toBeGreaterThan(30 * 8);
	});

	it('holds a batch about one interval longer, not a request timeout', async () => {
		const { clock, client, options } = setup({ script: (data) => (poll) => (data.tag === 1 && poll === 0 ? hang() : success(`r${data.tag}`)), createLatencyMs: 100 });
		const outcomes = await clock.run(solveBatch(client, makeTasks(3), batchOptions(options, { maxParallelUploads: 1 })));
		expect(outcomes.map((outcome) => outcome.ok && outcome.job.result)).toEqual(['r0', 'r1', 'r2']);
		// Created at 100, 200, 300: task 1's poll of 2200 hangs, task 2's of 2300 comes back, the race goes at 4800.
		expect(clock.time).toBe(2300 + 2500);
	});
});

describe('a stop while createJob requests are in flight', () => {
	it('names the created jobs and the items whose createJob was in flight; the message stays short, the full list is in the description', async () => {
		const { clock, service, client, options } = setup({ script: () => () => running, createLatencyMs: 100 });
		const controller = new AbortController();
		const tasks = makeTasks(30).map((task, index) => ({ ...task, name: `item ${index}` }));
		const batch = solveBatch(client, tasks, batchOptions({ ...options, signal: controller.signal }, { maxParallelUploads: 20 }));
		const rejection = rejectionOf(batch);
		await clock.advanceTo(150); // 20 created at 100, the next 10 uploading
		expect(service.createCalls).toHaveLength(30);
		controller.abort();
		const error = await rejection;
		expect(error.kind).toBe('canceled');
		expect(error.message).toMatch(/^The execution was stopped; 20 jobs already created \(1001, 1002, 1003, 1004, 1005, …\); 10 createJob requests were in flight and may have created jobs \(item 20, item 21, item 22, item 23, item 24, …\)$/);
		expect(error.message.length).toBeLessThan(300);
		for (let jobId = 1001; jobId <= 1020; jobId++) expect(error.description).toContain(`${jobId} (type 26)`);
		for (let item = 20; item < 30; item++) expect(error.description).toContain(`item ${item} (type 26)`);
	});

	it('says when no job was created', async () => {
		const { clock, client, options } = setup({ createLatencyMs: 100 });
		const controller = new AbortController();
		controller.abort();
		const error = await rejectionOf(clock.run(solveBatch(client, makeTasks(2), batchOptions({ ...options, signal: controller.signal }))));
		expect(error.message).toBe('The execution was stopped; no job was created');
	});
});
