/**
 * Faults the emulator injects on demand, per API method: what a real service, its proxies and
 * the network do on a bad day. A fault replaces the answer; with `afterHandling` the request is
 * handled first (a createJob creates its job), so the answer is lost after the fact. Malformed,
 * slow and slow-bodied answers are the real answer mangled or late, so their request is always handled.
 */
export type EmulatorFault = (
	/** This status, with a JSON error body (or `body` with `contentType`) and an optional Retry-After header. */
	| { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
	/** An HTML error page, as a proxy or a CDN sends it (status 200 by default). */
	| { kind: 'html'; status?: number }
	/** HTTP 200, application/json, and JSON cut off in the middle. */
	| { kind: 'malformed' }
	/** The connection is destroyed without an answer. */
	| { kind: 'reset' }
	/** No answer: for `ms` and then a reset, or (without `ms`) until the client gives up. */
	| { kind: 'hang'; ms?: number }
	/** The headers at once, then the real answer one byte every `msPerByte`. */
	| { kind: 'slowBody'; msPerByte: number }
	/** The real answer, whole, after `ms` (a slow server rather than a slow link). */
	| { kind: 'slow'; ms: number }
) & { afterHandling?: boolean };

export type FaultKind = EmulatorFault['kind'];

/** Picks the fault (or none) for one request; `count` is how many requests the method had before. */
export type FaultPicker = (method: string, body: unknown, count: number) => EmulatorFault | undefined;

/** A seeded random plan: per method, faults with their probability (summing to at most 1). */
export interface RandomFaultPlan {
	seed: number;
	methods: Record<string, Array<{ probability: number; fault: EmulatorFault }>>;
}

/** The same plan and seed give the same faults for the same sequence of requests. */
export function randomFaults(plan: RandomFaultPlan): FaultPicker {
	const random = mulberry32(plan.seed);
	return (method) => {
		const choices = plan.methods[method];
		if (!choices) return undefined;
		let roll = random();
		for (const choice of choices) {
			if (roll < choice.probability) return choice.fault;
			roll -= choice.probability;
		}
		return undefined;
	};
}

/** A small seeded generator (mulberry32): reproducible runs without a dependency. */
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const HTML_ERROR_PAGE =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>\n';
