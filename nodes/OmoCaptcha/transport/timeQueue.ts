/**
 * Items by the time they are next due, earliest first, and first in first out at the same time
 * (a binary min-heap): the poller takes the jobs due now without looking at the hundreds that are
 * not. An item may sit in it more than once; the poller skips the entries it has since moved.
 */
export class TimeQueue<Item> {
	private readonly heap: Array<{ at: number; order: number; item: Item }> = [];
	private pushed = 0;

	get size(): number {
		return this.heap.length;
	}

	push(at: number, item: Item): void {
		const heap = this.heap;
		heap.push({ at, order: this.pushed++, item });
		let index = heap.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!before(heap[index], heap[parent])) break;
			[heap[parent], heap[index]] = [heap[index], heap[parent]];
			index = parent;
		}
	}

	/** When the earliest entry is due; +Infinity when empty. */
	nextAt(): number {
		return this.heap.length > 0 ? this.heap[0].at : Number.POSITIVE_INFINITY;
	}

	/** Takes the earliest entry. */
	pop(): { at: number; order: number; item: Item } | undefined {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop();
		if (top === undefined || last === undefined || heap.length === 0) return top;
		heap[0] = last;
		let index = 0;
		for (;;) {
			const left = 2 * index + 1;
			const right = left + 1;
			let smallest = index;
			if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
			if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
			if (smallest === index) return top;
			[heap[smallest], heap[index]] = [heap[index], heap[smallest]];
			index = smallest;
		}
	}
}

function before(a: { at: number; order: number }, b: { at: number; order: number }): boolean {
	return a.at < b.at || (a.at === b.at && a.order < b.order);
}
