import { sleep } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { inTurn } from '../../nodes/OmoCaptcha/browser/tab/foreground';

describe('a window\'s foreground turns', () => {
	it('runs the work of one window one at a time in the order asked, other windows at once, and goes on after a failure', async () => {
		const log: string[] = [];
		const work = (name: string, ms: number, fail = false) => async () => {
			log.push(`${name} start`);
			await sleep(ms);
			log.push(`${name} end`);
			if (fail) throw new Error(`${name} failed`);
			return name;
		};
		const a = inTurn('browser window 1', work('a', 40, true));
		const b = inTurn('browser window 1', work('b', 10));
		const c = inTurn('browser window 2', work('c', 10));
		await expect(a).rejects.toThrow('a failed');
		await expect(b).resolves.toBe('b');
		await expect(c).resolves.toBe('c');
		expect(log.indexOf('b start')).toBeGreaterThan(log.indexOf('a end'));
		expect(log.indexOf('c start')).toBeLessThan(log.indexOf('a end'));
	});
});
