import type { OmoCaptchaClient } from './client';
import { OmoCaptchaError } from './errors';

/** Waits `ms`, rejecting early when `signal` aborts (n8n-workflow's `sleep` in the node). */
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
	jobId: number;
	typeJobId: string;
}

interface PendingJob extends CreatedJob {
	deadline: number;
	nextPollAt: number;
	polling: boolean;
	resolve: (result: unknown) => void;
	reject: (error: OmoCaptchaError) => void;
}

/**
 * One loop polls every pending job: each job is asked one interval after its own previous
 * request (the first time one interval after it was created), so a batch of jobs created
 * together is answered together, one interval after they are done.
 */
export class JobPoller {
	private readonly pending = new Map<number, PendingJob>();
	private readonly now: () => number;
	private loopRunning = false;
	/** Aborted to wake the loop before its sleep ends (a job added, a poll answered, a cancel). */
	private wakeUp = new AbortController();

	constructor(
		private readonly client: OmoCaptchaClient,
		private readonly options: PollOptions,
	) {
		this.now = options.now ?? Date.now;
		options.signal?.addEventListener('abort', () => this.wake(), { once: true });
	}

	/** Resolves with the job's `result` on success; rejects on fail, timeout or cancel. */
	async waitForResult(job: CreatedJob): Promise<unknown> {
		return await new Promise<unknown>((resolve, reject) => {
			const createdAt = this.now();
			this.pending.set(job.jobId, {
				...job,
				deadline: createdAt + this.options.timeoutMs,
				nextPollAt: createdAt + this.options.intervalMs,
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
					this.rejectAll('canceled', (job) => `Stopped while waiting for job ${job.jobId} (type ${job.typeJobId})`);
					return;
				}
				const now = this.now();
				let nextWake = Number.POSITIVE_INFINITY;
				for (const job of this.pending.values()) {
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

	private async poll(job: PendingJob): Promise<void> {
		job.polling = true;
		const sentAt = this.now();
		try {
			const state = await this.client.getJobResult(job.jobId, this.options.signal);
			if (state.status === 'success') {
				this.settle(job, () => job.resolve(state.result));
			} else if (state.status === 'fail') {
				const code = state.errorCode ? ` (${state.errorCode})` : '';
				this.settle(job, () =>
					job.reject(
						new OmoCaptchaError('jobFailed', `The service could not solve job ${job.jobId} (type ${job.typeJobId})${code}`, job),
					),
				);
			}
		} catch (error) {
			if (this.options.signal?.aborted) return; // the loop rejects everything as canceled
			const failure = error instanceof OmoCaptchaError ? error : new OmoCaptchaError('transport', String(error));
			// A lost poll costs nothing: ask again at the next interval, within the timeout.
			if (!failure.isRetryable) {
				this.settle(job, () =>
					job.reject(
						new OmoCaptchaError(failure.kind, `${failure.message} (job ${job.jobId}, type ${job.typeJobId})`, { ...job, httpStatus: failure.httpStatus }),
					),
				);
			}
		} finally {
			job.polling = false;
			job.nextPollAt = sentAt + this.options.intervalMs;
			if (sentAt >= job.deadline) this.settle(job, () => job.reject(this.timeoutError(job)));
			this.wake();
		}
	}

	private timeoutError(job: PendingJob): OmoCaptchaError {
		const seconds = Number((this.options.timeoutMs / 1000).toFixed(3));
		return new OmoCaptchaError('timeout', `Job ${job.jobId} (type ${job.typeJobId}) was still running after ${seconds} s`, job);
	}

	private settle(job: PendingJob, finish: () => void): void {
		if (this.pending.delete(job.jobId)) finish();
	}

	private rejectAll(kind: 'canceled', message: (job: PendingJob) => string): void {
		for (const job of [...this.pending.values()]) {
			this.settle(job, () => job.reject(new OmoCaptchaError(kind, message(job), job)));
		}
	}

	private wake(): void {
		this.wakeUp.abort();
	}

	private async sleepUntil(time: number): Promise<void> {
		const wakeUp = this.wakeUp;
		if (wakeUp.signal.aborted) {
			this.wakeUp = new AbortController();
			return;
		}
		// With every job's poll in flight there is nothing due: sleep until an answer wakes us.
		const ms = Number.isFinite(time) ? Math.max(0, time - this.now()) : this.options.timeoutMs;
		try {
			await this.options.wait(ms, wakeUp.signal);
		} catch {
			// Woken early on purpose.
		}
		if (wakeUp.signal.aborted) this.wakeUp = new AbortController();
	}
}
