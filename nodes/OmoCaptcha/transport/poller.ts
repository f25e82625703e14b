import type { JobState, OmoCaptchaClient } from './client';
import { OmoCaptchaError } from './errors';

/** Waits `ms` (n8n-workflow's `sleep` in the node); may end early when `signal` aborts. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PollOptions {
	intervalMs: number;
	timeoutMs: number;
	/**
	 * How long one getJobResult may take before it is given up and the job asked again (default
	 * POLL_REQUEST_TIMEOUT_MS): one hung poll must not hold a ready result for long.
	 */
	pollTimeoutMs?: number;
	wait: Wait;
	/** The execution's cancel signal: aborting it stops every poll and rejects every job. */
	signal?: AbortSignal;
	now?: () => number;
}

export interface CreatedJob {
	jobId: number;
	typeJobId: string;
}

/** A getJobResult normally answers in well under a second; one that takes this long is given up. */
export const POLL_REQUEST_TIMEOUT_MS = 10_000;

/** One caller waiting for one job (two callers may wait for the same job id). */
interface PendingWait extends CreatedJob {
	deadline: number;
	nextPollAt: number;
	/** The poll in flight, if any: its number and when it was sent. */
	inFlight?: { attempt: number; sentAt: number };
	attempts: number;
	/** Polls answered with a readable status, and polls that failed (retried). */
	answered: number;
	failed: number;
	lastFailure?: OmoCaptchaError;
	resolve: (result: unknown) => void;
	reject: (error: OmoCaptchaError) => void;
}

/**
 * One loop polls every pending job: each job is asked one interval after the answer to its own
 * previous request (the first time one interval after it was created, or at once with
 * `pollNow`), so the service never sees two requests for one job closer than the interval, and
 * a batch of jobs created together is answered together, one interval after they are done.
 * A poll that has not answered within the poll timeout is given up (its job asked again one
 * interval later), so no job waits on a hung request; none waits past its deadline plus that.
 */
export class JobPoller {
	private readonly pending = new Set<PendingWait>();
	private readonly now: () => number;
	private readonly pollTimeoutMs: number;
	private loopRunning = false;
	private wakeUp = newWakeUp();

	constructor(
		private readonly client: OmoCaptchaClient,
		private readonly options: PollOptions,
	) {
		this.now = options.now ?? Date.now;
		this.pollTimeoutMs = options.pollTimeoutMs ?? POLL_REQUEST_TIMEOUT_MS;
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
				attempts: 0,
				answered: 0,
				failed: 0,
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
					if (job.inFlight) {
						const giveUpAt = job.inFlight.sentAt + this.pollTimeoutMs;
						if (now < giveUpAt) {
							nextWake = Math.min(nextWake, giveUpAt);
							continue;
						}
						this.giveUpPoll(job, now);
						if (!this.pending.has(job)) continue;
					}
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
		const attempt = ++job.attempts;
		const sentAt = this.now();
		job.inFlight = { attempt, sentAt };
		let state: JobState | undefined;
		let failure: OmoCaptchaError | undefined;
		try {
			state = await this.client.getJobResult(job.jobId, this.options.signal);
		} catch (error) {
			failure = error instanceof OmoCaptchaError ? error : new OmoCaptchaError('transport', String(error));
		}
		if (!this.pending.has(job) || this.options.signal?.aborted) return; // settled, or the loop cancels everything
		// A given-up poll that answers late still counts when it carries the outcome.
		if (state?.status === 'success') {
			const result = state.result;
			this.settle(job, () => job.resolve(result));
		} else if (state?.status === 'fail') {
			const code = state.errorCode ? ` (${state.errorCode})` : '';
			const message = `The service could not solve job ${job.jobId} (type ${job.typeJobId})${code}`;
			this.settle(job, () => job.reject(new OmoCaptchaError('jobFailed', message, job)));
		}
		if (job.inFlight?.attempt !== attempt || !this.pending.has(job)) {
			this.wake();
			return;
		}
		job.inFlight = undefined;
		let waitMs = this.options.intervalMs;
		if (failure) {
			// A lost poll costs nothing: ask again (after Retry-After when the service gave one), within the timeout.
			if (!failure.isRetryable) {
				const message = `${failure.message} (job ${job.jobId}, type ${job.typeJobId})`;
				const details = { jobId: job.jobId, typeJobId: job.typeJobId, httpStatus: failure.httpStatus };
				this.settle(job, () => job.reject(new OmoCaptchaError(failure.kind, message, details)));
			}
			job.failed += 1;
			job.lastFailure = failure;
			waitMs = Math.max(waitMs, failure.retryAfterMs ?? 0);
		} else {
			job.answered += 1;
		}
		// From the answer, not from the request: a request slow to leave must not reach the
		// service less than one interval after the previous one.
		job.nextPollAt = this.now() + waitMs;
		if (sentAt >= job.deadline) this.settle(job, () => job.reject(this.timeoutError(job)));
		this.wake();
	}

	/** The poll has hung for the poll timeout: count it as failed and let the job be asked again. */
	private giveUpPoll(job: PendingWait, now: number): void {
		const sentAt = job.inFlight!.sentAt;
		job.inFlight = undefined;
		job.failed += 1;
		const seconds = Number((this.pollTimeoutMs / 1000).toFixed(3));
		job.lastFailure = new OmoCaptchaError('transport', `getJobResult did not answer within ${seconds} s`, { jobId: job.jobId });
		job.nextPollAt = now + this.options.intervalMs;
		// Past the deadline there is no further look: the job ends one poll timeout late at most.
		if (now >= job.deadline || sentAt >= job.deadline) this.settle(job, () => job.reject(this.timeoutError(job)));
	}

	private timeoutError(job: PendingWait): OmoCaptchaError {
		const seconds = Number((this.options.timeoutMs / 1000).toFixed(3));
		const name = `Job ${job.jobId} (type ${job.typeJobId})`;
		const details = { jobId: job.jobId, typeJobId: job.typeJobId };
		if (job.answered === 0 && job.lastFailure) {
			// Nothing readable ever came back: "still running" would be a guess, say what did come.
			const message = `${name} got no usable answer in ${seconds} s: all ${job.failed} getJobResult requests failed, the last one: ${job.lastFailure.message}`;
			return new OmoCaptchaError('timeout', message, details);
		}
		return new OmoCaptchaError('timeout', `${name} was still running after ${seconds} s`, details);
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
