import type { JobData, JobId, OmoCaptchaClient } from './client';
import { OmoCaptchaError } from './errors';
import type { JsonImages } from './jsonWithImages';
import { JobPoller, monotonicNow, type PollOptions } from './poller';

export interface BatchOptions extends PollOptions {
	/**
	 * How many jobs may be preparing and uploading at once: each holds its images in memory. A
	 * createJob whose answer is late (see LATE_CREATE_FACTOR) lends its place to the next one.
	 */
	maxParallelUploads: number;
	/** How many jobs may be created and unfinished at once; 0 = no cap. */
	maxJobsInFlight: number;
	/** false: only create the jobs (their result stays undefined), to fetch results later. */
	waitForResults?: boolean;
	/**
	 * Called the moment the service has given a job its id, before it is polled. A batch's memory
	 * dies with its process (e.g. a crashed n8n worker, whose execution n8n does not rerun); what
	 * this records, such as a log line, keeps the id of every paid job for Job → Get Result.
	 */
	onJobCreated?: (jobId: JobId, taskIndex: number) => void;
}

export interface SolvedJob<Answer = unknown> {
	jobId: JobId;
	/** What the task's `readResult` made of the job's result (undefined when only created). */
	answer: Answer | undefined;
	/** The job's result as the service sent it. */
	result: unknown;
	/** From sending createJob to the answer that carried the result. */
	elapsedMs: number;
}

/** What a task sends, and how it reads its job's result. */
export interface PreparedTask<Answer = unknown> {
	data: JobData;
	/** The images whose stand-ins `data` holds, spliced into the body as base64 when it is sent. */
	images?: JsonImages;
	/** Turns the job's result into the task's answer; a throw fails the task, naming its job. */
	readResult: (result: unknown) => Answer;
}

/**
 * One captcha to solve. `prepare` builds the createJob data (reads the images) and
 * runs only once an upload slot is free, so memory holds at most `maxParallelUploads` images.
 */
export interface BatchTask<Answer = unknown> {
	typeJobId: string;
	prepare: () => Promise<PreparedTask<Answer>>;
	/** How messages name the task ("item 3"); default "task <index>". */
	name?: string;
}

export type BatchOutcome<Answer = unknown> =
	| { ok: true; job: SolvedJob<Answer> }
	| { ok: false; error: OmoCaptchaError | Error };

/**
 * A createJob unanswered for this many times the batch's typical create (the median of the last
 * LATE_CREATE_SAMPLE answered ones), and at least LATE_CREATE_MIN_MS, is waiting on the service
 * rather than on its upload: it lends its upload place to the next task, so a service slow to
 * answer one create does not hold the batch's uploads back (a slow link makes every create slow,
 * and so lends nothing). Until a create has been answered there is nothing to compare with, and
 * nothing is lent. At most LENT_PLACES_PER_UPLOAD × maxParallelUploads creates wait lent at once,
 * each holding its request body: memory stays bounded by three times the uploads' images. (The
 * soak's one create in forty answered 1.5 s late filled one lot of lent places in half a second.)
 */
export const LATE_CREATE_FACTOR = 3;
export const LATE_CREATE_MIN_MS = 100;
export const LENT_PLACES_PER_UPLOAD = 2;
const LATE_CREATE_SAMPLE = 32;

/**
 * Solves every task with all their jobs in flight together: uploads are bounded, polling is one
 * loop for the whole batch. Outcomes come back in task order. When `signal` aborts, the whole
 * batch rejects with a 'canceled' error rather than returning per-task failures.
 */
export async function solveBatch<Answer>(
	client: OmoCaptchaClient,
	tasks: Array<BatchTask<Answer>>,
	options: BatchOptions,
): Promise<Array<BatchOutcome<Answer>>> {
	const now = options.now ?? monotonicNow;
	const poller = new JobPoller(client, options);
	const uploadSlots = new Slots(Math.max(1, options.maxParallelUploads));
	const lentSlots = new Slots(LENT_PLACES_PER_UPLOAD * Math.max(1, options.maxParallelUploads));
	const createTimes = new RecentTimes(LATE_CREATE_SAMPLE);
	/** Every job created, so a stop can still name them: each one is paid for. */
	const created: Array<{ jobId: JobId; typeJobId: string }> = [];
	/** Tasks whose createJob was cut short by a stop: the server may have created their jobs. */
	const cutShort: string[] = [];
	const jobSlots = new Slots(options.maxJobsInFlight > 0 ? options.maxJobsInFlight : Number.POSITIVE_INFINITY);

	/** Its own frame, so the job's images are garbage once sent, not held while the job is polled. */
	const upload = async (
		task: BatchTask<Answer>,
		taskIndex: number,
		name: string,
	): Promise<{ jobId: JobId; createdAt: number; readResult: PreparedTask<Answer>['readResult'] }> => {
		await uploadSlots.acquire();
		let holding: Slots = uploadSlots;
		try {
			throwIfCanceled(options.signal, task.typeJobId);
			const { data, images, readResult } = await task.prepare();
			throwIfCanceled(options.signal, task.typeJobId);
			const createdAt = now();
			const answered = new AbortController();
			const typical = createTimes.median();
			if (typical !== undefined) {
				const lateAfterMs = Math.max(LATE_CREATE_MIN_MS, LATE_CREATE_FACTOR * typical);
				void options.wait(lateAfterMs, answered.signal).then(
					() => {
						if (answered.signal.aborted || !lentSlots.tryAcquire()) return;
						holding = lentSlots;
						uploadSlots.release();
					},
					() => undefined,
				);
			}
			let jobId: JobId | undefined;
			try {
				jobId = await client.createJob(data, options.signal, images);
			} finally {
				answered.abort();
				if (jobId === undefined && options.signal?.aborted) cutShort.push(`${name} (type ${task.typeJobId})`);
			}
			createTimes.add(now() - createdAt);
			created.push({ jobId, typeJobId: task.typeJobId });
			options.onJobCreated?.(jobId, taskIndex);
			return { jobId, createdAt, readResult };
		} finally {
			holding.release();
		}
	};

	const solveOne = async (task: BatchTask<Answer>, index: number): Promise<SolvedJob<Answer>> => {
		await jobSlots.acquire();
		try {
			const { jobId, createdAt, readResult } = await upload(task, index, task.name ?? `task ${index}`);
			if (options.waitForResults === false) return { jobId, answer: undefined, result: undefined, elapsedMs: now() - createdAt };
			const result = await poller.waitForResult({ jobId, typeJobId: task.typeJobId });
			const elapsedMs = now() - createdAt;
			return { jobId, answer: readJobAnswer(readResult, result, { jobId, typeJobId: task.typeJobId }), result, elapsedMs };
		} finally {
			jobSlots.release();
		}
	};

	const settled = await Promise.allSettled(tasks.map(solveOne));
	if (options.signal?.aborted) throw stoppedError(created, cutShort, client.createMethod);
	return settled.map((outcome) =>
		outcome.status === 'fulfilled'
			? { ok: true, job: outcome.value }
			: { ok: false, error: outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)) },
	);
}

/** A result that does not read as the task's answer fails the task, naming the (paid) job. */
export function readJobAnswer<Answer>(readResult: (result: unknown) => Answer, result: unknown, job: { jobId: JobId; typeJobId: string }): Answer {
	let problem: string;
	try {
		return readResult(result);
	} catch (error) {
		problem = error instanceof Error ? error.message : String(error);
	}
	throw new OmoCaptchaError('unexpectedAnswer', `${problem} (job ${job.jobId})`, job);
}

/** How many ids a stop message shows; the full lists go to the error's description. */
const IDS_IN_MESSAGE = 5;

/**
 * The stop: every job created is paid for, and so may be those whose createJob was in flight.
 * The message stays one line (counts and the first ids); the description lists them all.
 */
function stoppedError(created: Array<{ jobId: JobId; typeJobId: string }>, cutShort: string[], createMethod: string): OmoCaptchaError {
	const first = (names: string[]) => `${names.slice(0, IDS_IN_MESSAGE).join(', ')}${names.length > IDS_IN_MESSAGE ? ', …' : ''}`;
	const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
	const parts: string[] = [];
	const lines: string[] = [];
	if (created.length > 0) {
		parts.push(`${plural(created.length, 'job', 'jobs')} already created (${first(created.map((job) => String(job.jobId)))})`);
		lines.push(`Jobs already created (paid; Job → Get Result fetches their answers): ${created.map((job) => `${job.jobId} (type ${job.typeJobId})`).join(', ')}`);
	}
	if (cutShort.length > 0) {
		const requests = plural(cutShort.length, `${createMethod} request was`, `${createMethod} requests were`);
		parts.push(`${requests} in flight and may have created jobs (${first(cutShort.map((name) => name.replace(/ \(type .*\)$/, '')))})`);
		lines.push(`${createMethod} in flight at the stop, a job may exist (check the OmoCaptcha dashboard): ${cutShort.join(', ')}`);
	}
	if (parts.length === 0) return new OmoCaptchaError('canceled', 'The execution was stopped; no job was created');
	const message = `The execution was stopped; ${parts.join('; ')}`;
	return new OmoCaptchaError('canceled', message, { description: lines.join('\n') });
}

function throwIfCanceled(signal: AbortSignal | undefined, typeJobId: string): void {
	if (signal?.aborted) {
		throw new OmoCaptchaError('canceled', 'The execution was stopped', { typeJobId });
	}
}

/** A counting semaphore, first come first served. */
class Slots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(capacity: number) {
		this.free = capacity;
	}

	async acquire(): Promise<void> {
		if (this.tryAcquire()) return;
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	/** Takes a free slot if there is one, without waiting. */
	tryAcquire(): boolean {
		if (this.free === 0) return false;
		this.free -= 1;
		return true;
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free += 1;
	}
}

/** The last few durations, for their median. */
class RecentTimes {
	private readonly times: number[] = [];
	private next = 0;

	constructor(private readonly size: number) {}

	add(ms: number): void {
		this.times[this.next] = ms;
		this.next = (this.next + 1) % this.size;
	}

	median(): number | undefined {
		if (this.times.length === 0) return undefined;
		const sorted = [...this.times].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)];
	}
}
