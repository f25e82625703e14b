/**
 * `npm run test:soak`: 1,000 items, about one request in ten faulty, through the real node over
 * real HTTP (see soak.ts for what is checked). Its figures, beside the same batch without faults,
 * print with `npm run bench`.
 */
import { describe, expect, it } from 'vitest';

import { OmoCaptcha } from '../../nodes/OmoCaptcha/OmoCaptcha.node';
import { DEFAULT_SOAK, runSoak } from './soak';

describe('soak: 1,000 items under faults of every kind', () => {
	it('ends every item as its own answer or a clear error, never creates twice, never shows the token, names every paid job, and never polls a job closer than the interval', async () => {
		const { violations, figures } = await runSoak(OmoCaptcha, DEFAULT_SOAK);
		expect(violations).toEqual([]);
		// The faults really happened, of every kind, and so did the outcomes they cause.
		expect(figures.requestsWithFault / figures.requestsTotal).toBeGreaterThan(0.05);
		expect(Object.keys(figures.faultsInjected).length).toBeGreaterThanOrEqual(18);
		// Which request gets which fault depends on arrival order, so counts vary a little from run to run.
		expect(Object.keys(figures.outcomes)).toEqual(
			expect.arrayContaining(['answered', 'bad input', 'createJob may have created a job', 'createJob refused', 'job failed']),
		);
		expect(figures.outcomes.answered).toBeGreaterThan(800);
	});
});
