/**
 * Faults of the service, its proxies and the network, injected by the emulator over real HTTP,
 * through the real node in an in-process n8n execution: rate limits, unreadable answers, lost
 * createJob answers, stops with createJob requests in flight.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorFault } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { png, requestsTo, rotate, rotateItem, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

const MAY_EXIST = 'the job may have been created';

describe('faults through the node', () => {
	const emulator = useEmulator({ solveMs: 0, createLatencyMs: 0 });

	it('retries a getJobResult answered HTTP 429 after its Retry-After, and delivers the paid answer', async () => {
		emulator.options.solveMs = 500;
		emulator.injectFault('getJobResult', { kind: 'status', status: 429, retryAfter: '2' });
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1)]);

		expect(run.status).toBe('success');
		expect(run.output[0].angle).toEqual(expect.any(Number));
		const polls = requestsTo(emulator, 'getJobResult');
		expect(polls[0].status).toBe(429);
		expect(polls[1].receivedAt - polls[0].receivedAt).toBeGreaterThanOrEqual(2000);
	});

	it('reads the credential once for the whole batch, not from n8n\'s database for every request', async () => {
		emulator.options.solveMs = 2500;
		let reads = 0;
		// A slow database: each read of the credential takes 300 ms.
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1), rotateItem(2), rotateItem(3)], { credentialReadMs: () => (reads++, 300) });
		expect(run.output.map((item) => item.angle)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
		const polls = requestsTo(emulator, 'getJobResult');
		expect(requestsTo(emulator, 'createJob')).toHaveLength(3);
		expect(polls.length).toBeGreaterThanOrEqual(9);
		expect(reads).toBe(1);
		// And the service still sees each job's polls at least one interval apart.
		for (const jobId of emulator.jobs.keys()) {
			const times = polls.filter((request) => request.body?.job_id === jobId).map((request) => request.receivedAt);
			for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
		}
	});

	const lostAnswers: Array<[string, EmulatorFault]> = [
		['an HTML page with HTTP 200', { kind: 'html' as const, afterHandling: true }],
		['malformed JSON', { kind: 'malformed' as const }],
		['HTTP 502 after the job was created', { kind: 'status' as const, status: 502, afterHandling: true }],
		['a reset after the job was created', { kind: 'reset' as const, afterHandling: true }],
	];
	for (const [label, fault] of lostAnswers) {
		it(`says a job may have been created when createJob answers ${label}, and never sends it again`, async () => {
			emulator.injectFault('createJob', fault);
			const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1), rotateItem(2)], { continueOnFail: true });

			expect(run.output[0].error).toContain(MAY_EXIST);
			expect(run.output[0].error).toMatch(/^TikTok: Rotate \(Web\): createJob /);
			expect(run.output[1].angle).toEqual(expect.any(Number));
			expect(requestsTo(emulator, 'createJob')).toHaveLength(2);
			// The job the lost answer created exists on the server, and the user was told.
			expect(emulator.jobs.size).toBe(2);
		});
	}

	it('does not claim a job may exist when createJob is refused with HTTP 400', async () => {
		emulator.injectFault('createJob', { kind: 'status', status: 400 });
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1)], { continueOnFail: true });
		expect(run.output[0].error).toMatch(/createJob failed with HTTP 400 \(application\/json, \d+ bytes\)/);
		expect(run.output[0].error).not.toContain(MAY_EXIST);
	});

	it('says what getJobResult answered when the timeout ends a job whose polls all failed', async () => {
		emulator.injectFault('getJobResult', { kind: 'html' }, 100);
		const run = await runOmoCaptcha(emulator, { ...rotate, options: { pollInterval: 1, timeout: 2 } }, [rotateItem(1)], { continueOnFail: true });

		const jobId = requestsTo(emulator, 'createJob')[0].response.job_id;
		expect(run.output[0].jobId).toBe(jobId);
		expect(run.output[0].error).not.toContain('still running');
		expect(run.output[0].error).toMatch(
			new RegExp(`Job ${jobId} \\(type 23\\) got no usable answer in 2 s: all \\d+ getJobResult requests failed, the last one: getJobResult answered HTTP 200 with an HTML page \\(text/html, \\d+ bytes\\)`),
		);
	});

	it('a stop names the jobs created and the items whose createJob was in flight; the full list is in the description', async () => {
		emulator.options.solveMs = 60_000;
		const items = Array.from({ length: 6 }, (_, index) => rotateItem(index));
		// Items 0-2 are created at once; the server takes the other three createJob requests and hangs.
		emulator.options.faults = (method, _body, count) => (method === 'createJob' && count >= 3 ? { kind: 'hang', afterHandling: true } : undefined);
		const stop = new AbortController();
		const running = runOmoCaptcha(emulator, rotate, items, { signal: stop.signal });
		while (emulator.jobs.size < 6) await new Promise((resolve) => setTimeout(resolve, 20));
		stop.abort();
		const run = await running;
		emulator.options.faults = undefined;

		expect(run.status).toBe('canceled');
		const error = run.errorOf('OmoCaptcha');
		const answered = requestsTo(emulator, 'createJob').filter((request) => request.status === 200).map((request) => request.response.job_id);
		expect(answered).toHaveLength(3);
		expect(error.message).toBe(
			`The execution was stopped; 3 jobs already created (${answered.join(', ')}); 3 createJob requests were in flight and may have created jobs (item 3, item 4, item 5)`,
		);
		for (const jobId of answered) expect(error.description).toContain(`${jobId} (type 23)`);
		for (const item of [3, 4, 5]) expect(error.description).toContain(`item ${item} (type 23)`);
	});

	it('refuses truncated images before any createJob, saying what is missing, and solves the others', async () => {
		const whole = makePng(30, 30);
		const items = [
			{ json: {}, binary: { inner: png(whole.subarray(0, 8)), outer: png(makePng(40, 40)) } },
			{ json: {}, binary: { inner: png(whole.subarray(0, 33)), outer: png(makePng(40, 40)) } },
			{ json: {}, binary: { inner: png(whole.subarray(0, whole.length - 12)), outer: png(makePng(40, 40)) } },
			rotateItem(4),
		];
		const run = await runOmoCaptcha(emulator, rotate, items, { continueOnFail: true });

		expect(run.output[0].error).toBe('Item 0, field "Inner Image": binary property "inner" is not a complete PNG image: the file ends after 8 bytes, inside its IHDR header');
		expect(run.output[1].error).toBe('Item 1, field "Inner Image": binary property "inner" is not a complete PNG image: it has no image data (no IDAT chunk) and ends after 33 bytes');
		expect(run.output[2].error).toMatch(/^Item 2, field "Inner Image": binary property "inner" is not a complete PNG image: the file ends without an IEND chunk/);
		expect(run.output[3].angle).toEqual(expect.any(Number));
		expect(requestsTo(emulator, 'createJob')).toHaveLength(1);
	});
});
