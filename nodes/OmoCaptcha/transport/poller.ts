import type { JobId, OmoCaptchaClient } from './client';
import { OmoCaptchaError } from './errors';

/** Waits `ms` (n8n-workflow's `sleep` in the node); may end early when `signal` aborts. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PollOptions {
	intervalMs: number;
	timeoutMs: number;
	wait: Wait;
	/** The execution's cancel signal: aborting it stops every poll and rejects every job. */
	signal?: AbortSignal;
	now?: () => number;
}

export interface CreatedJob {
	jobId: JobId;
	typeJobId: string;
}

/** One caller waiting for one job (two callers may wait for the same job id). */
interface PendingWait extends CreatedJob {
	deadline: number;
	nextPollAt: number;
	polling: boolean;
	resolve: (result: unknown) => void;
	reject: (error: OmoCaptchaError) => void;
}

/**
 * One loop polls every pending job: each job is asked one interval after its own previous
 * request (the first time one interval after it was created, or at once with `pollNow`), so a
 * batch of jobs created together is answered together, one interval after they are done.
 */
export class JobPoller {
	private readonly pending = new Set<PendingWait>();
	private readonly now: () => number;
	private loopRunning = false;
	private wakeUp = newWakeUp();

	constructor(
		private readonly client: OmoCaptchaClient,
		private readonly options: PollOptions,
	) {
		this.now = options.now ?? Date.now;
		options.signal?.addEventListener('abort', () => this.wake(), { once: true });
	}

	/** Resolves with the job's `result` on success; rejects on fail, timeout or cancel. */
	async waitForResult(job: CreatedJob, { pollNow = false } = {}): Promise<unknown> {
		return await new Promise<unknown>((resolve, reject) => {
			const createdAt = this.now();
			this.pending.add({
				jobId: job.jobId,
				typeJobId: job.typeJobId,
				deadline: createdAt + this.options.timeoutMs,
				nextPollAt: pollNow ? createdAt : createdAt + this.options.intervalMs,
				polling: false,
				resolve,
				reject,
			});
			if (this.loopRunning) this.wake();
			else void this.runLoop();
		});
	}

	private async runLoop(): Promise<void> {
		this.loopRunning = true;
		try {
			while (this.pending.size > 0) {
				if (this.options.signal?.aborted) {
					this.cancelAll();
					return;
				}
				const now = this.now();
				// With every job's poll in flight nothing is due: an answer will wake the loop.
				let nextWake = now + this.options.intervalMs;
				for (const job of this.pending) {
					if (job.polling) continue;
					// One last look at the deadline, so a job done just in time is not lost.
					const due = Math.min(job.nextPollAt, job.deadline);
					if (now >= due) void this.poll(job);
					else nextWake = Math.min(nextWake, due);
				}
				await this.sleepUntil(nextWake);
			}
		} finally {
			this.loopRunning = false;
		}
	}

	private async poll(job: PendingWait): Promise<void> {
		job.polling = true;
		const sentAt = this.now();
		try {
			const state = await this.client.getJobResult(job.jobId, this.options.signal);
			if (state.status === 'success') {
				this.settle(job, () => job.resolve(state.result));
			} else if (state.status === 'fail') {
				const code = state.errorCode ? ` (${state.errorCode})` : '';
				const message = `The service could not solve job ${job.jobId} (type ${job.typeJobId})${code}`;
				this.settle(job, () => job.reject(new OmoCaptchaError('jobFailed', message, job)));
			}
		} catch (error) {
			if (this.options.signal?.aborted) return; // the loop rejects everything as canceled
			const failure = error instanceof OmoCaptchaError ? error : new OmoCaptchaError('transport', String(error));
			// A lost poll costs nothing: ask again at the next interval, within the timeout.
			if (!failure.isRetryable) {
				const message = `${failure.message} (job ${job.jobId}, type ${job.typeJobId})`;
				const details = { jobId: job.jobId, typeJobId: job.typeJobId, httpStatus: failure.httpStatus };
				this.settle(job, () => job.reject(new OmoCaptchaError(failure.kind, message, details)));
			}
		} finally {
			job.polling = false;
			job.nextPollAt = sentAt + this.options.intervalMs;
			if (sentAt >= job.deadline) this.settle(job, () => job.reject(this.timeoutError(job)));
			this.wake();
		}
	}

	private timeoutError(job: PendingWait): OmoCaptchaError {
		const seconds = Number((this.options.timeoutMs / 1000).toFixed(3));
		return new OmoCaptchaError('timeout', `Job ${job.jobId} (type ${job.typeJobId}) was still running after ${seconds} s`, job);
	}

	private settle(job: PendingWait, finish: () => void): void {
		if (this.pending.delete(job)) finish();
	}

	private cancelAll(): void {
		for (const job of [...this.pending]) {
			const message = `Stopped while waiting for job ${job.jobId} (type ${job.typeJobId})`;
			this.settle(job, () => job.reject(new OmoCaptchaError('canceled', message, job)));
		}
	}

	private wake(): void {
		this.wakeUp.resolve();
	}

	/**
	 * Sleeps until `time` or until woken (a job added, a poll answered, a cancel). The wake-up
	 * races the wait rather than relying on the wait honouring its abort signal.
	 */
	private async sleepUntil(time: number): Promise<void> {
		const stopTimer = new AbortController();
		const ms = Math.max(0, time - this.now());
		try {
			await Promise.race([this.options.wait(ms, stopTimer.signal).catch(() => undefined), this.wakeUp.promise]);
		} finally {
			stopTimer.abort();
			this.wakeUp = newWakeUp();
		}
	}
}

/** A promise and the function that resolves it (Promise.withResolvers needs Node 22). */
function newWakeUp(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}
