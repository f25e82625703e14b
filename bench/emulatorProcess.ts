/**
 * The emulator in a child process of the benchmark, driven over IPC. It runs apart so that its
 * memory (it keeps every job's data, base64 images included, and every request body) does not
 * count as the node's memory, and its CPU work does not share the node's event loop.
 *
 * Messages in:  { type: 'reset', solveMs } | { type: 'report' } | { type: 'close' }
 * Messages out: { type: 'ready', url } | { type: 'reset' } | { type: 'report', report: EmulatorReport }
 * Times in the report are the emulator's performance.now() (ms), one clock for all of them.
 */
import { startEmulator } from '../test/emulator/server';

interface ReportedRequest {
	method: string;
	receivedAt: number;
	httpStatus: number;
	/** The job this request is about: job_id of getJobResult, or the id createJob answered. */
	jobId?: number;
	/** `error` flag of the answer. */
	error?: boolean;
	/** `status` of a getJobResult answer ('running' | 'success' | 'fail'). */
	status?: string;
	/** Characters in the request body's image_base64 (createJob). */
	imageChars?: number;
}

interface ReportedJob {
	id: number;
	createdAt: number;
	doneAt: number;
}

export interface EmulatorReport {
	requests: ReportedRequest[];
	jobs: ReportedJob[];
}

export type ToEmulator = { type: 'reset'; solveMs: number } | { type: 'report' } | { type: 'close' };
export type FromEmulator = { type: 'ready'; url: string } | { type: 'reset' } | { type: 'report'; report: EmulatorReport };

async function main(): Promise<void> {
	const send = (message: FromEmulator) => process.send!(message);
	const emulator = await startEmulator({ solveMs: Number(process.env.BENCH_EMULATOR_SOLVE_MS ?? 0) });

	process.on('message', (message: ToEmulator) => {
		if (message.type === 'reset') {
			emulator.reset();
			emulator.options.solveMs = message.solveMs;
			send({ type: 'reset' });
		} else if (message.type === 'report') {
			send({
				type: 'report',
				report: {
					requests: emulator.requests.map((request) => {
						const body = request.body ?? {};
						const response = request.response ?? {};
						const jobId = request.method === 'getJobResult' ? Number(body.job_id) : request.method === 'createJob' ? Number(response.job_id) : undefined;
						const images = request.method === 'createJob' ? body.data?.image_base64 : undefined;
						return {
							method: request.method,
							receivedAt: request.receivedAt,
							httpStatus: request.status,
							...(jobId !== undefined && Number.isFinite(jobId) ? { jobId } : {}),
							error: response.error,
							...(typeof response.status === 'string' ? { status: response.status } : {}),
							...(typeof images === 'string' ? { imageChars: images.length } : {}),
						};
					}),
					jobs: [...emulator.jobs.values()].map(({ id, createdAt, doneAt }) => ({ id, createdAt, doneAt })),
				},
			});
		} else if (message.type === 'close') {
			void emulator.close().finally(() => process.exit(0));
		}
	});
	// The benchmark went away without saying goodbye: do not linger.
	process.on('disconnect', () => process.exit(0));
	send({ type: 'ready', url: emulator.url });
}

main().catch((error: Error) => {
	console.error(`bench emulator: ${error.message}`);
	process.exit(1);
});
