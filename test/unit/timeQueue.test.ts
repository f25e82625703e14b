import { describe, expect, it } from 'vitest';

import { TimeQueue } from '../../nodes/OmoCaptcha/transport/timeQueue';

function drain<Item>(queue: TimeQueue<Item>): Item[] {
	const items: Item[] = [];
	for (let entry = queue.pop(); entry; entry = queue.pop()) items.push(entry.item);
	return items;
}

describe('TimeQueue', () => {
	it('gives items back earliest first, and in the order they came at the same time', () => {
		const queue = new TimeQueue<string>();
		for (const [at, item] of [[30, 'c'], [10, 'a1'], [20, 'b'], [10, 'a2'], [10, 'a3'], [5, 'first']] as const) queue.push(at, item);
		expect(queue.nextAt()).toBe(5);
		expect(drain(queue)).toEqual(['first', 'a1', 'a2', 'a3', 'b', 'c']);
		expect(queue.nextAt()).toBe(Number.POSITIVE_INFINITY);
	});

	it('keeps its order through pushes and pops interleaved, as a sorted list would', () => {
		let seed = 7;
		const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
		const queue = new TimeQueue<number>();
		const reference: Array<{ at: number; item: number }> = [];
		for (let step = 0; step < 2000; step++) {
			if (random() < 0.6 || reference.length === 0) {
				const at = Math.floor(random() * 50);
				queue.push(at, step);
				reference.push({ at, item: step });
				reference.sort((a, b) => a.at - b.at || a.item - b.item);
			} else {
				expect(queue.pop()?.item).toBe(reference.shift()!.item);
			}
			expect(queue.size).toBe(reference.length);
		}
		expect(drain(queue)).toEqual(reference.map((entry) => entry.item));
	});
});
