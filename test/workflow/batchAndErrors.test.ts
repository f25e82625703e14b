/**
 * Batches, failures and stops, in real workflow executions against the emulator: a batch keeps
 * every job in flight at once; bad input and failed jobs cost only their own item under
 * Continue On Fail; a stopped execution stops; the API token never shows.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { JsonImages } from '../../nodes/OmoCaptcha/transport/jsonWithImages';
import { startEmulator, type Emulator } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { angleOfJob, png, requestsTo, rotate, rotateItem, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';


describe('batches, failures and stops', () => {
	const emulator = useEmulator();

	it('keeps all 25 jobs of a batch in flight before the first answer, and keeps item order', async () => {
		emulator.options.solveMs = 1500;
		const items = Array.from({ length: 25 }, (_, index) => rotateItem(index));
		const run = await runOmoCaptcha(emulator, rotate, items);

		const creates = requestsTo(emulator, 'createJob');
		const firstSuccess = emulator.requests.find((request) => request.response?.status === 'success');
		expect(creates).toHaveLength(25);
		expect(Math.max(...creates.map((request) => request.receivedAt))).toBeLessThan(firstSuccess!.receivedAt);
		// Output order is input order: item i carries the job created for item i's images.
		const jobOfItem = creates.map((request) => [request.body.data.image_base64, request.response.job_id]);
		run.output.forEach((json, index) => {
			const inner = items[index].binary.inner.data.toString('base64');
			expect(json.jobId).toBe(jobOfItem.find(([images]) => images.startsWith(inner))![1]);
		});
		expect(run.itemsOf('OmoCaptcha').map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it("lets each job's images go once its createJob is answered: a job waiting for its answer keeps none", async () => {
		// Every image the node puts into a create body, followed by a weak reference (a spy's
		// record of its calls would keep them alive itself).
		const sent: Array<WeakRef<Buffer>> = [];
		const add = JsonImages.prototype.add;
		JsonImages.prototype.add = function (this: JsonImages, image: Buffer) {
			sent.push(new WeakRef(image));
			return add.call(this, image);
		};
		try {
			emulator.options.solveMs = 4000;
			let ended = false;
			const run = runOmoCaptcha(emulator, rotate, [rotateItem(1), rotateItem(2), rotateItem(3), rotateItem(4)]).finally(() => (ended = true));
			while (requestsTo(emulator, 'createJob').filter((request) => request.answeredAt !== undefined).length < 4) await pause(20);
			// Once the node has read the answers (a busy machine may take a moment), nothing holds the images.
			let kept = Number.POSITIVE_INFINITY;
			for (const giveUpAt = performance.now() + 1500; kept > 0 && performance.now() < giveUpAt; await pause(50)) {
				await collectGarbage();
				kept = sent.filter((image) => image.deref() !== undefined).length;
			}
			expect(ended).toBe(false);
			expect(sent).toHaveLength(8);
			expect(kept).toBe(0);
			expect((await run).status).toBe('success');
		} finally {
			JsonImages.prototype.add = add;
		}
	});

	it('with Continue On Fail a failed job becomes an error item naming the job, and the others complete', async () => {
		const items = [rotateItem(1), rotateItem(2), rotateItem(3)];
		emulator.options.failJob = (data) => String(data.image_base64).startsWith(items[1].binary.inner.data.toString('base64'));
		const run = await runOmoCaptcha(emulator, rotate, items, { continueOnFail: true });

		expect(run.status).toBe('success');
		const failedJobId = requestsTo(emulator, 'createJob')
			.find((request) => String(request.body.data.image_base64).startsWith(items[1].binary.inner.data.toString('base64')))!
			.response.job_id;
		expect(run.output[0].angle).toBe(angleOfJob(emulator, run.output[0]));
		expect(run.output[1]).toEqual({ error: expect.stringContaining(`job ${failedJobId}`), jobId: failedJobId, typeJobId: 23 });
		expect(run.output[1].error).toContain('TikTok: Rotate (Web)');
		expect(run.output[2].angle).toBe(angleOfJob(emulator, run.output[2]));
	});

	it('without Continue On Fail a failed job fails the node with the job id and captcha type', async () => {
		emulator.options.failTypeIds = ['23'];
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1)]);

		const jobId = requestsTo(emulator, 'createJob')[0].response.job_id;
		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toMatch(new RegExp(`TikTok: Rotate \\(Web\\).*job ${jobId}.*type 23`));
	});

	it('gives up on a job after the timeout, naming the job', async () => {
		emulator.options.solveMs = 60_000;
		const run = await runOmoCaptcha(emulator, { ...rotate, options: { pollInterval: 1, timeout: 2 } }, [rotateItem(1)], { continueOnFail: true });

		const jobId = requestsTo(emulator, 'createJob')[0].response.job_id;
		expect(run.output).toEqual([{ error: expect.stringMatching(new RegExp(`Job ${jobId} .*still running after 2 s`)), jobId, typeJobId: 23 }]);
	});

	for (const continueOnFail of [false, true]) {
		it(`stops mid-poll when the execution is stopped, sending nothing more (Continue On Fail ${continueOnFail ? 'on' : 'off'})`, async () => {
			emulator.options.solveMs = 60_000;
			const stop = new AbortController();
			const running = runOmoCaptcha(emulator, rotate, [rotateItem(1), rotateItem(2)], { continueOnFail, signal: stop.signal });
			while (requestsTo(emulator, 'getJobResult').length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
			stop.abort();
			const stoppedAt = performance.now();
			const run = await running;
			await new Promise((resolve) => setTimeout(resolve, 1500)); // a further poll would be due by now

			expect(run.status).toBe('canceled');
			if (!continueOnFail) {
				// Both jobs are paid for: the stop names them.
				const jobIds = requestsTo(emulator, 'createJob').map((request) => request.response.job_id);
				const error = run.errorOf('OmoCaptcha');
				expect(error.message).toBe(`The execution was stopped; 2 jobs already created (${jobIds.join(', ')})`);
				expect(error.description).toContain(jobIds.map((id) => `${id} (type 23)`).join(', '));
			}
			// n8n passes a Continue On Fail node's input through when it throws; what matters is
			// that the node made no error items ("canceled") and the run ended as stopped.
			expect(run.output.filter((json) => 'error' in json)).toEqual([]);
			expect(emulator.requests.filter((request) => request.receivedAt > stoppedAt)).toEqual([]);
		});
	}

	it('surfaces the service message for an invalid token, and never shows the token', async () => {
		const secret = 'sk-live-0123456789-very-secret';
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'getBalance' }, undefined, { apiToken: secret });

		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toContain('Invalid api token.');
		expect(JSON.stringify(run.runData)).not.toContain(secret);
		expect(JSON.stringify(run.error)).not.toContain(secret);
	});

	it('never shows the token in outputs or errors of a solve, even when the transport fails', async () => {
		const secret = 'sk-live-abcdef-secret';
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(1)], { apiToken: secret, continueOnFail: true });
		expect(run.output[0].error).toContain('Invalid api token.');
		expect(JSON.stringify(run.runData)).not.toContain(secret);

		const closed = await startEmulator();
		await closed.close(); // a port nobody listens on
		const unreachable = await runOmoCaptcha({ ...closed, url: closed.url } as Emulator, rotate, [rotateItem(1)], { apiToken: secret, continueOnFail: true });
		expect(unreachable.output[0].error).toMatch(/createJob could not reach 127\.0\.0\.1/);
		expect(JSON.stringify(unreachable.runData)).not.toContain(secret);
	});

	it('an expression that fails on one item fails only that item', async () => {
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'job', operation: 'solve', typeJobId: '={{ $json.service.id }}', options: { pollInterval: 1 } },
			[{ json: { service: { id: 2 } } }, { json: {} }, { json: { service: { id: 2 } } }],
			{ continueOnFail: true },
		);
		expect(run.output.map((json) => json.raw === undefined)).toEqual([false, true, false]);
		expect(run.output[1].error).toEqual(expect.any(String));
		expect(requestsTo(emulator, 'createJob')).toHaveLength(2);
	});

	it('names the item and field of a missing binary property, and solves the other items', async () => {
		const items = [rotateItem(1), { json: {}, binary: { inner: png(makePng(10, 10)) } }, rotateItem(3)];
		const run = await runOmoCaptcha(emulator, rotate, items, { continueOnFail: true });

		expect(run.output[1]).toEqual({
			error: 'Item 1, field "Outer Image": binary property "outer" not found (the item has "inner")',
			typeJobId: 23,
		});
		expect(run.output[0].angle).toBe(angleOfJob(emulator, run.output[0]));
		expect(run.output[2].angle).toBe(angleOfJob(emulator, run.output[2]));
		expect(requestsTo(emulator, 'createJob')).toHaveLength(2);
	});

	it('trusts the bytes, not the name or MIME type: a PNG named .jpg is sent, a text file named .png is refused', async () => {
		const realPng = makePng(30, 30);
		const items = [
			{ json: {}, binary: { inner: { data: realPng, mimeType: 'image/jpeg', fileName: 'inner.jpg' }, outer: png(makePng(40, 40)) } },
			{ json: {}, binary: { inner: { data: Buffer.from('hello, not an image'), mimeType: 'image/png', fileName: 'inner.png' }, outer: png(makePng(40, 40)) } },
		];
		const run = await runOmoCaptcha(emulator, rotate, items, { continueOnFail: true });

		expect(run.output[0].angle).toBe(angleOfJob(emulator, run.output[0]));
		expect(run.output[1].error).toMatch(/^Item 1, field "Inner Image": binary property "inner" is not a PNG, JPEG, GIF, WebP or BMP image/);
	});

	it('refuses an empty image file with the item and field named', async () => {
		const items = [{ json: {}, binary: { inner: { data: Buffer.alloc(0), mimeType: 'image/png' }, outer: png(makePng(40, 40)) } }];
		const run = await runOmoCaptcha(emulator, rotate, items);
		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toMatch(/Item 0, field "Inner Image": the image is empty/);
	});
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A full collection, twice, each in a task of its own (a weak reference read in a task keeps its target to the task's end). */
async function collectGarbage(): Promise<void> {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	for (let pass = 0; pass < 2; pass++) {
		await pause(0);
		gc();
	}
	await pause(0);
}
