/**
 * The v2 task API through OmoCaptchaClient: createTask / getTaskResult envelopes, both failed-solve
 * shapes, transient codes retried by the poller, string task ids, balance and the lists on the old host.
 */
import { describe, expect, it } from 'vitest';

import { solveBatch } from '../../nodes/OmoCaptcha/transport/batch';
import { type ApiMethod, OmoCaptchaClient } from '../../nodes/OmoCaptcha/transport/client';
import { OmoCaptchaError } from '../../nodes/OmoCaptcha/transport/errors';
import { JobPoller, type PollOptions } from '../../nodes/OmoCaptcha/transport/poller';
import { rejectionOf } from '../helpers/rejection';

const TASK_ID = '49f9f60a-c809-4af0-93c0-0409b72e67e0';

/** A v2 client whose `send` gives the scripted answers in turn (the last one repeats), recording calls. */
function v2Client(...answers: unknown[]) {
	const calls: Array<{ method: ApiMethod; body: Record<string, unknown> }> = [];
	let next = 0;
	const client = new OmoCaptchaClient(async (method, body) => {
		calls.push({ method, body });
		const answer = answers[Math.min(next++, answers.length - 1)];
		if (answer instanceof Error) throw answer;
		return answer;
	}, 'v2');
	return { client, calls };
}

/** Poll options on a virtual clock: every wait moves time on by its length, at once. */
function virtualPolling(timeoutMs = 20_000): PollOptions & { clock: { time: number } } {
	const clock = { time: 0 };
	return {
		clock,
		intervalMs: 2000,
		timeoutMs,
		now: () => clock.time,
		wait: async (ms) => {
			clock.time += ms;
			await new Promise<void>((resolve) => setImmediate(resolve));
		},
	};
}

/** Creates one task and polls it until it is done, as a batch of one does. */
async function solve(client: OmoCaptchaClient, task: Record<string, unknown> & { type: string }, options: PollOptions) {
	const jobId = await client.createJob(task);
	const result = await new JobPoller(client, options).waitForResult({ jobId, typeJobId: task.type });
	return { jobId, result };
}

const processing = { status: 'processing', errorId: 0, errorCode: '', errorDescription: '' };
const ready = (solution: unknown) => ({ errorId: 0, status: 'ready', solution });
const currentFail = { errorId: 1, errorCode: 'ERROR_JOB_STATUS', errorDescription: 'Job failed', status: 'fail', solution: {} };
const olderFail = { errorId: 1, errorCode: '', errorDescription: '' };

describe('v2 createTask', () => {
	it('sends { task } and returns the string taskId exactly as received', async () => {
		const { client, calls } = v2Client({ errorId: 0, taskId: TASK_ID });
		const task = { type: 'TiktokSliderWebTask', imageBase64: 'QUJD', widthView: 340 };
		expect(await client.createJob(task)).toBe(TASK_ID);
		expect(calls).toEqual([{ method: 'createTask', body: { task } }]);
	});

	it('shows errorCode and errorDescription of a refusal, naming the task type', async () => {
		const { client } = v2Client({ errorId: 1, errorCode: 'ERROR_ZERO_BALANCE', errorDescription: 'Balance is not enough' });
		const error = await rejectionOf(client.createJob({ type: 'ImageToTextTask', imageBase64: 'QQ==' }));
		expect(error).toMatchObject({ kind: 'api', message: 'ERROR_ZERO_BALANCE: Balance is not enough', typeJobId: 'ImageToTextTask' });
	});

	it('gives a generic message when both strings are empty, as in every documented example', async () => {
		const error = await rejectionOf(v2Client(olderFail).client.createJob({ type: 'ImageToTextTask' }));
		expect(error.kind).toBe('api');
		expect(error.message).toContain('without saying why');
	});

	it.each([
		['no taskId', { errorId: 0 }],
		['an empty taskId', { errorId: 0, taskId: '' }],
		['a numeric taskId', { errorId: 0, taskId: 123 }],
		['no errorId at all', { taskId: TASK_ID }],
		['the v1 envelope', { error: false, job_id: 5 }],
	])('rejects an answer with %s', async (_label, answer) => {
		const error = await rejectionOf(v2Client(answer).client.createJob({ type: 'ImageToTextTask' }));
		expect(error).toBeInstanceOf(OmoCaptchaError);
		expect(error.typeJobId).toBe('ImageToTextTask');
	});

	it('decides on errorId, not on errorCode being present: errorId 0 with empty codes is success', async () => {
		const { client } = v2Client({ errorId: 0, errorCode: '', errorDescription: '', taskId: TASK_ID });
		expect(await client.createJob({ type: 'ImageToTextTask' })).toBe(TASK_ID);
	});
});

describe('v2 getTaskResult', () => {
	it('sends the taskId string as given', async () => {
		const { client, calls } = v2Client(processing);
		await client.getJobResult(TASK_ID);
		expect(calls).toEqual([{ method: 'getTaskResult', body: { taskId: TASK_ID } }]);
	});

	it('reads processing (with empty error strings) as running', async () => {
		expect(await v2Client(processing).client.getJobResult(TASK_ID)).toEqual({ status: 'running' });
	});

	it('reads ready with the untouched solution, with or without empty error strings', async () => {
		const solution = { end: { x: 150 } };
		expect(await v2Client(ready(solution)).client.getJobResult(TASK_ID)).toEqual({ status: 'success', result: solution });
		const withCodes = { ...ready({ objects: [1, 3] }), errorCode: '', errorDescription: '' };
		expect(await v2Client(withCodes).client.getJobResult(TASK_ID)).toEqual({ status: 'success', result: { objects: [1, 3] } });
	});

	it('reads the current failed-solve shape (status fail, ERROR_JOB_STATUS) as a failed job', async () => {
		expect(await v2Client(currentFail).client.getJobResult(TASK_ID)).toEqual({ status: 'fail', errorCode: 'ERROR_JOB_STATUS: Job failed' });
	});

	it('reads the older failed-solve shape (a bare errorId 1) as a failed job', async () => {
		expect(await v2Client(olderFail).client.getJobResult(TASK_ID)).toEqual({ status: 'fail' });
	});

	it('turns another error code into an api error naming the task', async () => {
		const error = await rejectionOf(v2Client({ errorId: 1, errorCode: 'ERROR_KEY_DOES_NOT_EXIST', errorDescription: 'Wrong key' }).client.getJobResult(TASK_ID));
		expect(error).toMatchObject({ kind: 'api', message: 'ERROR_KEY_DOES_NOT_EXIST: Wrong key', jobId: TASK_ID, isRetryable: false });
	});

	it.each(['ERROR_TASK_IS_MAINTENANCE', 'ERROR_SERVICE_UNAVAILABLE', 'ERROR_REDIS_UNAVAILABLE', 'ERROR_REDIS_JOB_DATA'])(
		'marks %s as retryable',
		async (code) => {
			const error = await rejectionOf(v2Client({ errorId: 1, errorCode: code, errorDescription: '' }).client.getJobResult(TASK_ID));
			expect(error).toMatchObject({ kind: 'api', transient: true, isRetryable: true, message: code });
		},
	);

	it('turns an unknown status into an unexpectedAnswer error', async () => {
		const error = await rejectionOf(v2Client({ errorId: 0, status: 'queued' }).client.getJobResult(TASK_ID));
		expect(error).toMatchObject({ kind: 'unexpectedAnswer', jobId: TASK_ID });
		expect(error.message).toContain('queued');
	});
});

describe('v2 solve through the poller', () => {
	it('polls processing until ready and answers the string task id and the solution', async () => {
		const { client, calls } = v2Client({ errorId: 0, taskId: TASK_ID }, processing, processing, ready({ rotate: 0.76 }));
		const options = virtualPolling();
		expect(await solve(client, { type: 'TiktokRotateWebTask', imageBase64s: ['a', 'b'] }, options)).toEqual({ jobId: TASK_ID, result: { rotate: 0.76 } });
		expect(calls.map((call) => call.method)).toEqual(['createTask', 'getTaskResult', 'getTaskResult', 'getTaskResult']);
	});

	it('asks again after a transient code, within the timeout', async () => {
		const maintenance = { errorId: 1, errorCode: 'ERROR_TASK_IS_MAINTENANCE', errorDescription: 'maintenance' };
		const { client, calls } = v2Client({ errorId: 0, taskId: TASK_ID }, maintenance, maintenance, ready({ text: 'ABC' }));
		expect((await solve(client, { type: 'ImageToTextTask' }, virtualPolling())).result).toEqual({ text: 'ABC' });
		expect(calls.filter((call) => call.method === 'getTaskResult')).toHaveLength(3);
	});

	it('times out when the transient code never clears', async () => {
		const maintenance = { errorId: 1, errorCode: 'ERROR_SERVICE_UNAVAILABLE', errorDescription: '' };
		const { client } = v2Client({ errorId: 0, taskId: TASK_ID }, maintenance);
		const error = await rejectionOf(solve(client, { type: 'ImageToTextTask' }, virtualPolling(6000)));
		expect(error).toMatchObject({ kind: 'timeout', jobId: TASK_ID, typeJobId: 'ImageToTextTask' });
	});

	it('names getTaskResult when every poll failed until the timeout', async () => {
		const { client } = v2Client({ errorId: 0, taskId: TASK_ID }, new OmoCaptchaError('transport', 'getTaskResult failed with HTTP 502', { httpStatus: 502 }));
		const error = await rejectionOf(solve(client, { type: 'ImageToTextTask' }, virtualPolling(6000)));
		expect(error.kind).toBe('timeout');
		expect(error.message).toMatch(new RegExp(`^Job ${TASK_ID} \\(type ImageToTextTask\\) got no usable answer in 6 s: all \\d+ getTaskResult requests failed, the last one: getTaskResult failed with HTTP 502$`));
	});

	it.each([
		['current', currentFail, '(ERROR_JOB_STATUS: Job failed)'],
		['older', olderFail, `job ${TASK_ID} (type ImageToTextTask)`],
	])('ends the job as failed on the %s failed-solve shape, without polling again', async (_label, failure, text) => {
		const { client, calls } = v2Client({ errorId: 0, taskId: TASK_ID }, processing, failure);
		const error = await rejectionOf(solve(client, { type: 'ImageToTextTask' }, virtualPolling()));
		expect(error).toMatchObject({ kind: 'jobFailed', jobId: TASK_ID });
		expect(error.message).toContain(text);
		expect(calls).toHaveLength(3);
	});

	it('runs a batch of v2 tasks and keeps each string task id with its outcome', async () => {
		let created = 0;
		const client = new OmoCaptchaClient(async (method, body) => {
			if (method === 'createTask') return { errorId: 0, taskId: `task-${++created}` };
			return ready({ text: String(body.taskId) });
		}, 'v2');
		const tasks = [1, 2, 3].map(() => ({ typeJobId: 'ImageToTextTask', prepare: async () => ({ data: { type: 'ImageToTextTask', imageBase64: 'QQ==' }, readResult: (result: unknown) => result }) }));
		const outcomes = await solveBatch(client, tasks, { ...virtualPolling(), maxParallelUploads: 2, maxJobsInFlight: 0 });
		expect(outcomes.map((outcome) => (outcome.ok ? [outcome.job.jobId, outcome.job.result] : 'failed'))).toEqual([
			['task-1', { text: 'task-1' }],
			['task-2', { text: 'task-2' }],
			['task-3', { text: 'task-3' }],
		]);
	});
});

describe('v2 account', () => {
	it('reads balance, quantity and voucher_balance as numbers', async () => {
		const { client, calls } = v2Client({ errorId: 0, balance: 345.678, quantity: 10000, voucher_balance: 123.211 });
		expect(await client.getBalance()).toEqual({ balance: 345.678, balanceRaw: '345.678', quantity: 10000, voucherBalance: 123.211 });
		expect(calls).toEqual([{ method: 'getBalance', body: {} }]);
	});

	it('accepts the oldest answer without voucher_balance, and numeric strings', async () => {
		expect(await v2Client({ errorId: 0, balance: '1.5', quantity: '7' }).client.getBalance()).toEqual({ balance: 1.5, balanceRaw: '1.5', quantity: 7 });
	});

	it('refuses a balance answer with errorId 1 with a generic message', async () => {
		const error = await rejectionOf(v2Client(olderFail).client.getBalance());
		expect(error.kind).toBe('api');
		expect(error.message).toContain('errorId 1');
	});

	it('lists services from getServicePrice?type=service with the old envelope, ids being task types', async () => {
		const { client, calls } = v2Client({
			error: false,
			typeJob: [{ name: 'reCAPTCHA v2', price: '0.00055', avg_success: '98%', avg_time: '60s', image: 'recaptcha.svg', type: 'RecaptchaV2TokenTask' }],
			message: 'Get service success.',
		});
		expect(await client.getServices()).toEqual([
			{ id: 'RecaptchaV2TokenTask', name: 'reCAPTCHA v2', description: '', price: 0.00055, avgSuccessPercent: 98, avgTimeSeconds: 60, active: true },
		]);
		expect(calls).toEqual([{ method: 'getServicePrice', body: { type: 'service' } }]);
	});

	it('lists packages with their price per 1000 solves, and refuses error: true', async () => {
		const { client, calls } = v2Client({ error: false, package: [{ name: 'Combo Funcaptcha', price: '0.15' }], message: 'Get service success.' });
		expect(await client.getPackages()).toEqual([{ name: 'Combo Funcaptcha', pricePer1000: 0.15 }]);
		expect(calls).toEqual([{ method: 'getServicePrice', body: { type: 'package' } }]);
		expect(await rejectionOf(v2Client({ error: true, message: 'nope' }).client.getPackages())).toMatchObject({ kind: 'api', message: 'nope' });
	});
});
