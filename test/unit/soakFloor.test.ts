/**
 * The soak's floor for the faults it met (test/soak/soak.ts): what the bench compares the node's
 * wall time with, so it must count only the waits the rules do not demand.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorFault, EmulatorJob, LoggedRequest } from '../emulator/server';
import { measureWaitsBeyondRules } from '../soak/soak';

const INTERVAL = 1000;

function logged(method: string, receivedAt: number, body: unknown, extra: Partial<LoggedRequest> = {}): LoggedRequest {
	return { method, httpMethod: 'POST', path: `/api/${method}`, body, receivedAt, answeredAt: receivedAt, status: 200, response: undefined, handled: true, ...extra };
}

const create = (jobId: number, receivedAt: number, answeredAt: number) => logged('createJob', receivedAt, {}, { answeredAt, response: { error: false, job_id: jobId } });
const poll = (jobId: number, receivedAt: number, status: string, fault?: EmulatorFault, answeredAt = receivedAt) =>
	logged('getJobResult', receivedAt, { job_id: jobId }, { answeredAt, response: { error: false, status }, ...(fault ? { fault, handled: fault.kind !== 'hang' && fault.kind !== 'reset' } : {}) });
const job = (id: number, createdAt: number): [number, EmulatorJob] => [id, { id, data: {}, createdAt, doneAt: createdAt + 2000, outcome: 'success', result: '1' } as EmulatorJob];

describe("the soak's floor for the faults met", () => {
	it('counts nothing beyond the rules for polls an interval apart, from the create\'s answer', () => {
		const requests = [create(1, 0, 50), poll(1, 1050, 'running'), poll(1, 2050, 'success')];
		const figures = measureWaitsBeyondRules({ requests, jobs: new Map([job(1, 10)]) }, INTERVAL, 3000);
		expect(figures.perJobMs).toEqual([0]);
		expect(figures.floorWallMs).toBe(3000);
	});

	it('counts the race margin after a hang, not the Retry-After a 429 asked for, and stops at the answer', () => {
		const requests = [
			create(1, 0, 0),
			poll(1, 1000, 'running', { kind: 'status', status: 429, retryAfter: '2' }),
			poll(1, 3000, 'running', { kind: 'hang' }),
			poll(1, 4300, 'success'),
			// A raced poll answering after the result changes nothing.
			poll(1, 5300, 'success'),
		];
		const figures = measureWaitsBeyondRules({ requests, jobs: new Map([job(1, 0)]) }, INTERVAL, 5000);
		expect(figures.perJobMs).toEqual([300]);
		expect(figures.floorWallMs).toBe(4700);
	});

	it('moves the run by what the job answered last could have saved, counting a slow answer as it came', () => {
		const requests = [
			create(1, 0, 0),
			create(2, 0, 0),
			poll(1, 1000, 'running'),
			poll(1, 2000, 'success', { kind: 'slowBody', msPerByte: 20 }, 3000),
			poll(2, 1000, 'running'),
			poll(2, 2500, 'success'),
		];
		// Job 1 ends at 3000 having waited nothing extra; job 2 ends at 2500 having waited 500 extra: the floor's last is 3000.
		const figures = measureWaitsBeyondRules({ requests, jobs: new Map([job(1, 0), job(2, 0)]) }, INTERVAL, 3200);
		expect(figures.perJobMs).toEqual([0, 500]);
		expect(figures.floorWallMs).toBe(3200);
	});
});
