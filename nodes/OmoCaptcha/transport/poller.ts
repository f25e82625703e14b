import type { JobId, JobState, OmoCaptchaClient } from './client';
import { OmoCaptchaError } from './errors';
import { TimeQueue } from './timeQueue';

/** Waits `ms` (n8n-workflow's `sleep` in the node); may end early when `signal` aborts. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PollOptions {
	intervalMs: number;
	timeoutMs: number;
	/**
	 * How long one getJobResult may stay unanswered before it is forgotten (default
	 * POLL_REQUEST_TIMEOUT_MS; the HTTP request times out at the same bound). Long before that, a
	 * poll unanswered when the next one is due is raced (see JobPoller).
	 */
	pollTimeoutMs?: number;
	wait: Wait;
	/** The execution's cancel signal: aborting it stops every poll and rejects every job. */
	signal?: AbortSignal;
	/** Milliseconds on a monotonic clock; default `monotonicNow`. */
	now?: () => number;
}

/**
 * The poller's default clock: sub-millisecond and monotonic. Date.now() cuts to the millisecond
 * (and timers may fire up to a millisecond early by it), so a poll spaced an interval from an
 * answer could reach a nearby service a fraction of a millisecond inside the interval.
 */
export const monotonicNow = (): number => performance.now();

export interface CreatedJob {
	jobId: JobId;
	typeJobId: string;
}

/** A getJobResult normally answers in well under a second; one that takes this long is forgotten. */
export const POLL_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A hung poll is raced one interval and this share of one more after a later poll came back: the
 * margin is room for requests that leave in a slightly different order than they were sent.
 */
export const RACE_MARGIN = 0.25;

/**
 * At most this many polls of one job are waited for at once: a hung one and the one racing it.
 * When the racer hangs too and is raced in turn, the oldest is given up, so a second hang costs
 * its race time too, not the wait for the first to time out. Its request is cancelled where the
 * transport lets it; n8n's request helper cancels only on the execution's stop, so there the
 * request ends at its own timeout (POLL_REQUEST_TIMEOUT_MS), its answer ignored.
 */
export const MAX_POLLS_IN_FLIGHT = 2;

interface PollInFlight {
	sentAt: number;
	/**
	 * When a poll sent after this one came back (any job, answered or failed): the service and
	 * the way to it are working, so this one has reached the service by then, and it is hung there.
	 */
	passedAt?: number;
	/** Counted as failed already: raced by a later poll, or forgotten (it may still answer). */
	unanswered: boolean;
	/** Given up for a newer racer: cancels the request where the transport lets it. */
	cancel: AbortController;
	job: PendingWait;
}

/** One caller waiting for one job (two callers may wait for the same job id). */
interface PendingWait extends CreatedJob {
	deadline: number;
	/** No poll before this: one interval after the latest answer to any of its polls (at first, after creation). */
	notBefore: number;
	/** When the next poll is wanted: `notBefore`, or later when the service asked for it (Retry-After). */
	wantedAt: number;
	/** Polls out and neither answered nor forgotten, by number. */
	inFlight: Map<number, PollInFlight>;
	attempts: number;
	/** Polls answered with a readable status, and polls that failed or went unanswered. */
	answered: number;
	failed: number;
	lastFailure?: OmoCaptchaError;
	/** The poll sent at or after the deadline: its answer, or its silence, ends the job. */
	lastLook?: number;
	/** When the loop looks at the job next (its live entry in the loop's queue). */
	lookAt: number;
	resolve: (result: unknown) => void;
	reject: (error: OmoCaptchaError) => void;
}

/**
 * One loop polls every pending job: each job is asked one interval after the answer to its own
 * previous request (the first time one interval after it was created, or at once with
 * `pollNow`), so the service never sees two requests for one job closer than the interval, and
 * a batch of jobs created together is answered together, one interval after they are done.
 *
 * A poll that hangs is raced: once a poll sent after it (of any job) has come back, it has reached
 * the service (requests leave in the order they are sent), so one interval and a quarter
 * (RACE_MARGIN) later the next poll of its job goes out, and whichever answers first counts. A
 * hung or slow request costs its job about one interval, not a request timeout, and the service
 * still sees the two an interval apart; a client too busy to send anything (a batch still
 * uploading) races nothing, and a poll with nothing sent after it (a lone job) is raced after
 * twice that time. At most two polls of a job are waited for at once; one unanswered for the poll
 * timeout is forgotten. The timeout ends with one last look at the deadline (or one interval
 * after the previous answer, if that is later): its answer, or its silence, ends the job, and no
 * job outlives its deadline by more than one poll timeout.
 */
export class JobPoller {
	private readonly pending = new Set<PendingWait>();
	/** Pending jobs by when they need a look: a poll due, a race, a timeout. */
	private readonly queue = new TimeQueue<PendingWait>();
	/** When the sleeping loop wakes up by itself. */
	private sleepingUntil = Number.NEGATIVE_INFINITY;
	/** Polls out that nothing has yet shown to have reached the service. */
	private readonly unproven = new Set<PollInFlight>();
	/** When the latest poll (of any job) went out. */
	private lastSentAt = Number.NEGATIVE_INFINITY;
	private readonly now: () => number;
	private readonly pollTimeoutMs: number;
	private readonly raceAfterMs: number;
	private loopRunning = false;
	private wakeUp = newWakeUp();

	constructor(
		private readonly client: OmoCaptchaClient,
		private readonly options: PollOptions,
	) {
		this.now = options.now ?? monotonicNow;
		this.pollTimeoutMs = options.pollTimeoutMs ?? POLL_REQUEST_TIMEOUT_MS;
		this.raceAfterMs = options.intervalMs * (1 + RACE_MARGIN);
		options.signal?.addEventListener('abort', () => this.wake(), { once: true });
	}

	/** Resolves with the job's `result` on success; rejects on fail, timeout or cancel. */
	async waitForResult(job: CreatedJob, { pollNow = false } = {}): Promise<unknown> {
		return await new Promise<unknown>((resolve, reject) => {
			const createdAt = this.now();
			const firstPollAt = pollNow ? createdAt : createdAt + this.options.intervalMs;
			const pending: PendingWait = {
				jobId: job.jobId,
				typeJobId: job.typeJobId,
				deadline: createdAt + this.options.timeoutMs,
				notBefore: firstPollAt,
				wantedAt: firstPollAt,
				inFlight: new Map(),
				attempts: 0,
				answered: 0,
				failed: 0,
				lookAt: Number.POSITIVE_INFINITY,
				resolve,
				reject,
			};
			this.pending.add(pending);
			this.lookAt(pending, firstPollAt);
			if (!this.loopRunning) void this.runLoop();
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
				while (this.queue.nextAt() <= now) {
					const { at, item: job } = this.queue.pop()!;
					// An entry the job has since moved, or a job already settled.
					if (at !== job.lookAt || !this.pending.has(job)) continue;
					job.lookAt = Number.POSITIVE_INFINITY;
					const next = this.visit(job, now);
					if (next !== undefined) this.lookAt(job, next);
				}
				await this.sleepUntil(Math.min(this.queue.nextAt(), now + this.options.intervalMs));
			}
		} finally {
			this.loopRunning = false;
		}
	}

	/** Forgets hung polls, ends a job whose last look went unanswered, sends a due poll; returns when to look again. */
	private visit(job: PendingWait, now: number): number | undefined {
		let wakeAt = job.deadline + this.pollTimeoutMs;
		for (const [attempt, poll] of job.inFlight) {
			if (now >= poll.sentAt + this.pollTimeoutMs) this.forget(job, attempt, now);
			else wakeAt = Math.min(wakeAt, poll.sentAt + this.pollTimeoutMs);
		}
		if (now >= job.deadline + this.pollTimeoutMs) {
			// However its polls went, no job outlives its timeout by more than one poll timeout.
			for (const attempt of [...job.inFlight.keys()]) this.forget(job, attempt, now);
			this.settle(job, () => job.reject(this.timeoutError(job)));
			return undefined;
		}
		const newest = job.inFlight.get(job.attempts);
		const raceAt = newest === undefined ? Number.NEGATIVE_INFINITY : this.raceTime(newest);
		if (job.lastLook !== undefined) {
			// Past the deadline there is no further look: the last one answers in time, or the job ends.
			if (newest !== undefined && now < raceAt) return Math.min(wakeAt, raceAt);
			if (newest !== undefined) this.forget(job, job.attempts, now);
			this.settle(job, () => job.reject(this.timeoutError(job)));
			return undefined;
		}
		// Never closer than the interval to an answer, nor than the race time to a poll still out;
		// the last look goes at the deadline when the service's Retry-After reaches past it.
		const earliest = Math.max(job.notBefore, raceAt);
		const due = Math.max(earliest, Math.min(job.wantedAt, job.deadline));
		if (now < due) return Math.min(wakeAt, due);
		for (const poll of job.inFlight.values()) this.markUnanswered(job, poll, now);
		// Two out already (a hung poll and its racer, hung too): the oldest makes room. It was
		// raced once already; its answer, if it ever came, would come after the racer's.
		while (job.inFlight.size >= MAX_POLLS_IN_FLIGHT) this.giveUp(job, job.inFlight.keys().next().value!, now);
		void this.poll(job, now);
		// Looked at again when the new poll may be raced (a lone job's), or when it times out.
		return Math.min(wakeAt, now + this.pollTimeoutMs, this.raceTime(job.inFlight.get(job.attempts)!));
	}

	/** The loop looks at the job at `time`, or sooner when it was to already. */
	private lookAt(job: PendingWait, time: number): void {
		if (time >= job.lookAt) return;
		job.lookAt = time;
		this.queue.push(time, job);
		if (time < this.sleepingUntil) this.wake();
	}

	private async poll(job: PendingWait, sentAt: number): Promise<void> {
		const attempt = ++job.attempts;
		const sent: PollInFlight = { sentAt, unanswered: false, cancel: new AbortController(), job };
		job.inFlight.set(attempt, sent);
		this.unproven.add(sent);
		this.lastSentAt = Math.max(this.lastSentAt, sentAt);
		if (sentAt >= job.deadline) job.lastLook = attempt;
		const signal = this.options.signal ? AbortSignal.any([this.options.signal, sent.cancel.signal]) : sent.cancel.signal;
		let state: JobState | undefined;
		let failure: OmoCaptchaError | undefined;
		try {
			state = await this.client.getJobResult(job.jobId, signal);
		} catch (error) {
			failure = error instanceof OmoCaptchaError ? error : new OmoCaptchaError('transport', String(error));
		}
		if (this.options.signal?.aborted) return; // the loop cancels everything
		if (sent.cancel.signal.aborted) return; // given up: its end proves nothing
		const answeredAt = this.now();
		this.cameBack(sent, answeredAt);
		if (!this.pending.has(job)) return;
		// A raced or forgotten poll that answers late still counts, for its outcome and for spacing.
		const countedAlready = job.inFlight.get(attempt)?.unanswered ?? true;
		job.inFlight.delete(attempt);
		if (state?.status === 'success') {
			const result = state.result;
			return this.settle(job, () => job.resolve(result));
		}
		if (state?.status === 'fail') {
			const code = state.errorCode ? ` (${state.errorCode})` : '';
			const message = `The service could not solve job ${job.jobId} (type ${job.typeJobId})${code}`;
			return this.settle(job, () => job.reject(new OmoCaptchaError('jobFailed', message, job)));
		}
		let retryAfterMs = 0;
		if (failure) {
			// A lost poll costs nothing: ask again (after Retry-After when the service gave one), within the timeout.
			if (!failure.isRetryable) {
				const message = `${failure.message} (job ${job.jobId}, type ${job.typeJobId})`;
				const details = { jobId: job.jobId, typeJobId: job.typeJobId, httpStatus: failure.httpStatus };
				return this.settle(job, () => job.reject(new OmoCaptchaError(failure.kind, message, details)));
			}
			// Counted once: a raced or forgotten poll was counted when it stopped holding its job.
			if (!countedAlready) {
				job.failed += 1;
				job.lastFailure = failure;
			}
			retryAfterMs = failure.retryAfterMs ?? 0;
		} else {
			job.answered += 1;
		}
		job.notBefore = Math.max(job.notBefore, this.nextPollAfter(sent, answeredAt));
		job.wantedAt = Math.max(job.notBefore, answeredAt + retryAfterMs);
		if (attempt === job.lastLook) return this.settle(job, () => job.reject(this.timeoutError(job)));
		this.lookAt(job, Math.min(job.wantedAt, job.deadline));
	}

	/**
	 * When a poll still out may be raced: a race time after a later poll came back; when no poll
	 * went out after it (a lone job, the end of a batch), twice the race time after it was sent, as
	 * it would have to be held up on its way more than an interval and a half longer than its racer
	 * for the service to see the two closer than the interval; never while later polls are out and
	 * none came back (a client too busy to send).
	 */
	private raceTime(poll: PollInFlight): number {
		if (poll.passedAt !== undefined) return poll.passedAt + this.raceAfterMs;
		if (this.lastSentAt <= poll.sentAt) return poll.sentAt + 2 * this.raceAfterMs;
		return Number.POSITIVE_INFINITY;
	}

	/**
	 * The earliest the job's next poll may go after this answer. From the answer, not from the
	 * request: a request slow to leave must not reach the service less than one interval after the
	 * previous one. But an answer slow to come back (a slow body, a slow server, a raced poll
	 * answering late) is spaced from when a later poll showed this one had reached the service,
	 * by the race time, as its racer would have been: its slowness costs the job no more than a hang.
	 */
	private nextPollAfter(poll: PollInFlight, answeredAt: number): number {
		const fromAnswer = answeredAt + this.options.intervalMs;
		return poll.passedAt === undefined ? fromAnswer : Math.min(fromAnswer, poll.passedAt + this.raceAfterMs);
	}

	/** Every poll sent before this one, still out, has reached the service (or is lost on the way). */
	private cameBack(poll: PollInFlight, at: number): void {
		this.unproven.delete(poll);
		for (const earlier of this.unproven) {
			if (earlier.sentAt >= poll.sentAt) continue;
			earlier.passedAt = at;
			this.unproven.delete(earlier);
			this.lookAt(earlier.job, this.raceTime(earlier));
		}
	}

	/** A poll still out when its job is asked again, or forgotten: it counts as failed, once, saying how long it was silent. */
	private markUnanswered(job: PendingWait, poll: PollInFlight, now: number): void {
		if (poll.unanswered) return;
		poll.unanswered = true;
		job.failed += 1;
		const seconds = Number(((now - poll.sentAt) / 1000).toFixed(3));
		job.lastFailure = new OmoCaptchaError('transport', `${this.client.pollMethod} did not answer within ${seconds} s`, { jobId: job.jobId });
	}

	/** The poll no longer holds a place among its job's polls in flight (an answer may still come, and count). */
	private forget(job: PendingWait, attempt: number, now: number): void {
		const poll = job.inFlight.get(attempt);
		if (!poll) return;
		this.markUnanswered(job, poll, now);
		job.inFlight.delete(attempt);
		this.unproven.delete(poll);
	}

	/** Forgets the poll and cancels its request: a newer racer takes its place. */
	private giveUp(job: PendingWait, attempt: number, now: number): void {
		const poll = job.inFlight.get(attempt);
		this.forget(job, attempt, now);
		poll?.cancel.abort();
	}

	private timeoutError(job: PendingWait): OmoCaptchaError {
		const seconds = Number((this.options.timeoutMs / 1000).toFixed(3));
		const name = `Job ${job.jobId} (type ${job.typeJobId})`;
		const details = { jobId: job.jobId, typeJobId: job.typeJobId };
		if (job.answered === 0 && job.lastFailure) {
			// Nothing readable ever came back: "still running" would be a guess, say what did come.
			const message = `${name} got no usable answer in ${seconds} s: all ${job.failed} ${this.client.pollMethod} requests failed, the last one: ${job.lastFailure.message}`;
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
	 * Sleeps until `time` or until woken (a job due sooner, a cancel). The wake-up races the wait
	 * rather than relying on the wait honouring its abort signal.
	 */
	private async sleepUntil(time: number): Promise<void> {
		const stopTimer = new AbortController();
		const ms = Math.max(0, time - this.now());
		this.sleepingUntil = time;
		try {
			await Promise.race([this.options.wait(ms, stopTimer.signal).catch(() => undefined), this.wakeUp.promise]);
		} finally {
			this.sleepingUntil = Number.NEGATIVE_INFINITY;
			stopTimer.abort(TIMER_NOT_NEEDED);
			this.wakeUp = newWakeUp();
		}
	}
}

/** The reason a sleep's timer is stopped: one shared error, not a new DOMException (and its stack) per sleep. */
const TIMER_NOT_NEEDED = new Error('the poll loop woke up before its timer');

/** A promise and the function that resolves it (Promise.withResolvers needs Node 22). */
function newWakeUp(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}
