import type { Wait } from '../transport/poller';
import { CdpError } from './connection/cdpError';

/** Time on the page: the injected wait and clock, and the execution's stop signal. */
export class Clock {
	constructor(
		private readonly wait: Wait,
		readonly now: () => number,
		readonly signal?: AbortSignal,
	) {}

	throwIfStopped(): void {
		if (this.signal?.aborted) throw new CdpError('canceled', 'the execution was stopped');
	}

	async pause(ms: number): Promise<void> {
		this.throwIfStopped();
		if (ms > 0) await this.wait(ms, this.signal).catch(() => undefined);
		this.throwIfStopped();
	}
}
