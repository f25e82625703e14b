/**
 * Every created job id goes to n8n's logger the moment the service hands it out: when the process
 * running a batch dies (a crashed queue-mode worker), the log is what still names the paid jobs.
 * Real executions against the emulator, with n8n's own Logger wrapped to record what it is given.
 */
import { Container, type Constructable } from '@n8n/di';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makePng } from '../fixtures/images';
import { png, requestsTo, rotate, rotateItem, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

// n8n's Logger as n8n-core itself resolves it (one copy while the dev dependency is pinned to
// n8n-core's version, its own nested one otherwise), so the container key is the very class the
// node's context asks for.
const fromN8nCore = createRequire(require.resolve('n8n-core'));
const { Logger } = fromN8nCore('@n8n/backend-common') as { Logger: Constructable<object> };

interface LoggedLine {
	level: string;
	message: string;
	metadata: Record<string, unknown>;
	at: number;
}


describe("created job ids in n8n's log", () => {
	const emulator = useEmulator({ solveMs: 0 });
	let lines: LoggedLine[];
	let realLogger: object;

	beforeEach(() => {
		lines = [];
		realLogger = Container.get(Logger);
		// n8n's logger with its info calls recorded (the rest of it untouched).
		// (defineProperty: below the configured level n8n makes `info` a read-only no-op.)
		const recording = Object.create(realLogger) as object;
		Object.defineProperty(recording, 'info', {
			value: (message: string, metadata: Record<string, unknown> = {}) => lines.push({ level: 'info', message, metadata, at: performance.now() }),
		});
		Container.set(Logger, recording);
	});
	afterEach(() => Container.set(Logger, realLogger));

	const jobLines = () => lines.filter((line) => line.message.startsWith('OmoCaptcha job '));

	it('logs each job id with its item, type, node and execution as soon as it exists, before its first poll', async () => {
		emulator.options.solveMs = 1500;
		const run = await runOmoCaptcha(emulator, rotate, [rotateItem(0), rotateItem(1), rotateItem(2)]);
		expect(run.status).toBe('success');

		const created = requestsTo(emulator, 'createJob').map((request) => ({ jobId: request.response.job_id as number, images: String(request.body.data.image_base64) }));
		expect(jobLines()).toHaveLength(3);
		for (const line of jobLines()) {
			const { omoCaptchaJobId, itemIndex } = line.metadata as { omoCaptchaJobId: number; itemIndex: number };
			// The id is the one created for that very item's images.
			const own = created.find((job) => job.jobId === omoCaptchaJobId);
			expect(own?.images.startsWith(rotateItem(itemIndex).binary.inner.data.toString('base64'))).toBe(true);
			expect(run.output[itemIndex].jobId).toBe(omoCaptchaJobId);
			expect(line.message).toBe(
				`OmoCaptcha job ${omoCaptchaJobId} created (type 23, item ${itemIndex}, node "OmoCaptcha", execution ${String(line.metadata.executionId)}, workflow ${String(line.metadata.workflowId)})`,
			);
			expect(line.metadata).toMatchObject({ typeJobId: '23', node: 'OmoCaptcha', executionId: expect.any(String), workflowId: expect.any(String) });
			const firstPoll = requestsTo(emulator, 'getJobResult').find((request) => request.body.job_id === omoCaptchaJobId);
			expect(line.at).toBeLessThan(firstPoll!.receivedAt);
		}
		expect(JSON.stringify(lines)).not.toContain('test-token');
	});

	it('has logged every created job when the execution is stopped mid-poll, and logs nothing for an item that created no job', async () => {
		emulator.options.solveMs = 60_000;
		const stop = new AbortController();
		const items = [rotateItem(0), { json: {}, binary: { outer: png(makePng(40, 40)) } }, rotateItem(2)];
		const running = runOmoCaptcha(emulator, rotate, items, { signal: stop.signal, continueOnFail: true });
		await expect.poll(() => requestsTo(emulator, 'getJobResult').length, { timeout: 10_000 }).toBeGreaterThan(0);
		stop.abort();
		const run = await running;

		expect(run.status).toBe('canceled');
		const createdIds = requestsTo(emulator, 'createJob').map((request) => request.response.job_id);
		expect(createdIds).toHaveLength(2);
		expect(jobLines().map((line) => [line.metadata.omoCaptchaJobId, line.metadata.itemIndex])).toEqual([
			[createdIds[0], 0],
			[createdIds[1], 2],
		]);
	});

	it('logs the jobs of Job → Create too', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'job', operation: 'create', captchaType: '23', innerImage: 'inner', outerImage: 'outer' }, [rotateItem(0)]);
		expect(run.output).toEqual([{ jobId: expect.any(Number), typeJobId: 23, status: 'created' }]);
		expect(jobLines().map((line) => line.metadata.omoCaptchaJobId)).toEqual([run.output[0].jobId]);
	});
});
