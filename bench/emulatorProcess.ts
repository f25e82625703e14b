/**
 * The emulator in a child process of the benchmark, driven over IPC. It runs apart so that its
 * memory (it keeps every job's data, base64 images included, and every request body) does not
 * count as the node's memory, and its CPU work does not share the node's event loop.
 *
 * Messages in:  { type: 'reset', solveMs, link? } | { type: 'report' } | { type: 'close' }
 * Messages out: { type: 'ready', url } | { type: 'reset' } | { type: 'report', report: EmulatorReport }
 * Times in the report are the emulator's performance.now() (ms), one clock for all of them.
 */
import { performance } from 'node:perf_hooks';

import { startEmulator } from '../test/emulator/server';

/** Both APIs in one vocabulary: a create (createJob / createTask) or a poll (getJobResult / getTaskResult). */
interface ReportedRequest {
	method: string;
	kind: 'create' | 'poll' | 'other';
	receivedAt: number;
	/** When the body had arrived, and when the answer went out (absent for requests cut short). */
	bodyReadAt?: number;
	answeredAt?: number;
	httpStatus: number;
	/** The job this request is about: the job / task id polled, or the id the create answered (v2: a string). */
	jobId?: number | string;
	/** The answer refused the request (v1 `error: true`, v2 `errorId` other than 0). */
	error?: boolean;
	/** State in a poll answer, in v1 words: 'running' | 'success' | 'fail' (v2 processing / ready / fail). */
	status?: string;
}

interface ReportedJob {
	id: number | string;
	createdAt: number;
	doneAt: number;
}

export interface EmulatorReport {
	requests: ReportedRequest[];
	jobs: ReportedJob[];
	/** performance.timeOrigin of the emulator process: its times + this = epoch ms, comparable with the benchmark's. */
	timeOrigin: number;
	/** CPU the emulator process used since the reset (user + system, ms). */
	cpuMs: number;
}

/** `link`: a client upload link slower than loopback (see EmulatorOptions.link). */
export type ToEmulator = { type: 'reset'; solveMs: number; link?: { bytesPerSecond: number; rttMs: number } } | { type: 'report' } | { type: 'close' };
export type FromEmulator = { type: 'ready'; url: string; v2Url: string } | { type: 'reset' } | { type: 'report'; report: EmulatorReport };

const V2_STATUS: Record<string, string> = { processing: 'running', ready: 'success', fail: 'fail' };

async function main(): Promise<void> {
	const send = (message: FromEmulator) => process.send!(message);
	const emulator = await startEmulator({ solveMs: Number(process.env.BENCH_EMULATOR_SOLVE_MS ?? 0) });

	let cpuAtReset = process.cpuUsage();
	process.on('message', (message: ToEmulator) => {
		if (message.type === 'reset') {
			emulator.reset();
			emulator.options.solveMs = message.solveMs;
			if (message.link) emulator.options.link = message.link;
			cpuAtReset = process.cpuUsage();
			send({ type: 'reset' });
		} else if (message.type === 'report') {
			const cpu = process.cpuUsage(cpuAtReset);
			send({
				type: 'report',
				report: {
					timeOrigin: performance.timeOrigin,
					cpuMs: (cpu.user + cpu.system) / 1000,
					requests: emulator.requests.map((request): ReportedRequest => {
						const body = request.body ?? {};
						const response = request.response ?? {};
						const v2 = request.path.startsWith('/v2/');
						const kind = ['createJob', 'createTask'].includes(request.method) ? 'create' : ['getJobResult', 'getTaskResult'].includes(request.method) ? 'poll' : 'other';
						const jobId = kind === 'poll' ? (v2 ? body.taskId : Number(body.job_id)) : kind === 'create' ? (v2 ? response.taskId : Number(response.job_id)) : undefined;
						const status = v2 ? V2_STATUS[String(response.status)] : response.status;
						return {
							method: request.method,
							kind,
							receivedAt: request.receivedAt,
							...(request.bodyReadAt !== undefined ? { bodyReadAt: request.bodyReadAt } : {}),
							...(request.answeredAt !== undefined ? { answeredAt: request.answeredAt } : {}),
							httpStatus: request.status,
							...(jobId !== undefined && jobId !== null && !Number.isNaN(jobId) ? { jobId } : {}),
							error: v2 ? response.errorId !== 0 : response.error !== false,
							...(typeof status === 'string' ? { status } : {}),
						};
					}),
					jobs: [
						...[...emulator.jobs.values()].map(({ id, createdAt, doneAt }) => ({ id, createdAt, doneAt })),
						...[...emulator.tasks.values()].map(({ id, createdAt, doneAt }) => ({ id, createdAt, doneAt })),
					],
				},
			});
		} else if (message.type === 'close') {
			void emulator.close().finally(() => process.exit(0));
		}
	});
	// The benchmark went away without saying goodbye: do not linger.
	process.on('disconnect', () => process.exit(0));
	send({ type: 'ready', url: emulator.url, v2Url: emulator.v2Url });
}

main().catch((error: Error) => {
	console.error(`bench emulator: ${error.message}`);
	process.exit(1);
});
