/**
 * Mouse paths that move like a hand, not a script: pure functions of the start, the end and a
 * seed (same seed, same path), so a path can be tested, logged and offered to other nodes.
 *
 * What a captcha's bot check looks at (and what a hand does): the pointer accelerates then slows
 * (minimum-jerk profile), follows a slight curve (a cubic Bézier with both control points on one
 * side), wobbles a little vertically, lands a few px past the target and comes back, samples
 * arrive at uneven intervals, and the button is held a moment before release. The duration grows
 * with distance as Fitts's law says (T = a + b·log2(D/W + 1)), the idea ghost-cursor uses for its
 * step counts; here it sets real time.
 *
 * Below both the catalog (an answer's `dragPath` for other nodes to replay) and the browser layer
 * (moves on the page), so neither reaches into the other for it.
 */

export interface Point {
	x: number;
	y: number;
}

/** A pointer position `t` ms after the path starts. */
export interface PathPoint extends Point {
	t: number;
}

export interface DragPath {
	/** Moves while the button is down, from the first move after the press to the end point. */
	points: PathPoint[];
	/** Time after the press at which the button is released (after the last point plus a hold). */
	releaseAt: number;
}

export interface ClickPath {
	/** Approach moves with the button up, ending on the target. */
	points: PathPoint[];
	/** Time of the press (after the last approach point) and of the release. */
	pressAt: number;
	releaseAt: number;
}

export interface PathSummary {
	points: number;
	durationMs: number;
	distance: number;
}

/** Fitts's law constants (ms) and the target width (px) the slot of a slider puzzle roughly has. */
const FITTS_A = 420;
const FITTS_B = 170;
const TARGET_WIDTH = 8;

/** A seeded uniform generator (mulberry32): small, fast and good enough for jitter. */
export function seededRandom(seed: number): () => number {
	let state = Math.floor(seed) >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A seed from any text (FNV-1a), for callers that have a job id or an answer rather than a number. */
export function seedFrom(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

const between = (random: () => number, min: number, max: number) => min + random() * (max - min);
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Minimum-jerk position profile: 0→1 with zero speed and acceleration at both ends. */
function minimumJerk(s: number): number {
	return s * s * s * (10 - 15 * s + 6 * s * s);
}

function bezier(p0: Point, p1: Point, p2: Point, p3: Point, s: number): Point {
	const u = 1 - s;
	const a = u * u * u;
	const b = 3 * u * u * s;
	const c = 3 * u * s * s;
	const d = s * s * s;
	return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

/** Time for the main movement: Fitts's law with a personal factor, so two drags never match. */
function movementTime(distance: number, random: () => number): number {
	return (FITTS_A + FITTS_B * Math.log2(distance / TARGET_WIDTH + 1)) * between(random, 0.85, 1.2);
}

/**
 * Samples a movement from `from` to `to` along a gently curved Bézier, on a minimum-jerk
 * timeline, with uneven sample intervals, starting at time `t0`. The last sample is exactly `to`.
 */
function sampleMove(
	from: Point,
	to: Point,
	t0: number,
	durationMs: number,
	random: () => number,
	options: { curve: number; wobble: number; meanStepMs: number },
): PathPoint[] {
	const dx = to.x - from.x;
	const dy = to.y - from.y;
	const length = Math.hypot(dx, dy) || 1;
	// Unit normal: both control points bend the same way, as a wrist's arc does.
	const nx = -dy / length;
	const ny = dx / length;
	const side = random() < 0.5 ? -1 : 1;
	const bend = side * options.curve;
	const c1 = { x: from.x + dx * between(random, 0.2, 0.35) + nx * bend, y: from.y + dy * 0.3 + ny * bend };
	const c2 = { x: from.x + dx * between(random, 0.65, 0.8) + nx * bend * between(random, 0.4, 0.9), y: from.y + dy * 0.7 + ny * bend * 0.6 };
	// Wobble: a slow sine of random phase and a tremor, both vanishing at the ends.
	const phase = between(random, 0, Math.PI * 2);
	const cycles = between(random, 0.8, 2);

	const points: PathPoint[] = [];
	let elapsed = 0;
	for (;;) {
		elapsed += options.meanStepMs * between(random, 0.55, 1.5);
		if (elapsed >= durationMs) break;
		const s = minimumJerk(elapsed / durationMs);
		const onCurve = bezier(from, c1, c2, to, s);
		const envelope = Math.sin(Math.PI * s);
		const wobble = options.wobble * envelope * (Math.sin(phase + cycles * 2 * Math.PI * s) + between(random, -0.35, 0.35));
		points.push({ x: round2(onCurve.x), y: round2(onCurve.y + wobble), t: Math.round(t0 + elapsed) });
	}
	points.push({ x: round2(to.x), y: round2(to.y), t: Math.round(t0 + durationMs) });
	return points;
}

/**
 * A press-drag-release path from `start` (where the button goes down) to exactly `end`:
 * an accelerating then slowing move a few px past the end, a short stop, a small correction
 * back, and a hold before release. Zero-length drags still get a few jitter-free moves so the
 * page sees a drag at all.
 */
export function dragPath(start: Point, end: Point, seed: number): DragPath {
	const random = seededRandom(seed);
	const dx = end.x - start.x;
	const dy = end.y - start.y;
	const distance = Math.hypot(dx, dy);
	const ux = distance > 0 ? dx / distance : 1;
	const uy = distance > 0 ? dy / distance : 0;

	// Overshoot: proportionally more on long drags, 2–7 px, with a little vertical slip.
	const overshoot = Math.min(7, 2 + distance * between(random, 0.01, 0.025));
	const past = { x: end.x + ux * overshoot, y: end.y + uy * overshoot + between(random, -1.2, 1.2) };

	// A short settle after the press before the hand starts moving (a press then an instant drag is a script's tell).
	const startDelay = between(random, 60, 140);
	const mainMs = movementTime(distance + overshoot, random);
	const main = sampleMove(start, past, startDelay, mainMs, random, {
		curve: Math.min(10, Math.max(1.5, distance * 0.04)) * between(random, 0.5, 1),
		wobble: between(random, 0.8, 2),
		meanStepMs: 16,
	});

	const pauseMs = between(random, 70, 180);
	const correctionStart = main[main.length - 1].t + pauseMs;
	const correction = sampleMove(past, end, correctionStart, between(random, 140, 260), random, {
		curve: 0.6,
		wobble: 0.4,
		meanStepMs: 22,
	});

	const points = [...main, ...correction];
	const holdMs = between(random, 150, 350);
	return { points, releaseAt: Math.round(points[points.length - 1].t + holdMs) };
}

/**
 * The approach to a click target from where the pointer is, then a press and a release a human
 * finger's gap later. Shorter and quicker than a drag; ends exactly on `target`.
 */
export function clickPath(from: Point, target: Point, seed: number): ClickPath {
	const random = seededRandom(seed);
	const distance = Math.hypot(target.x - from.x, target.y - from.y);
	const moveMs = Math.min(700, movementTime(distance, random) * 0.6);
	const points = sampleMove(from, target, 0, moveMs, random, {
		curve: Math.min(25, Math.max(2, distance * 0.1)) * between(random, 0.4, 1),
		wobble: between(random, 0.3, 1),
		meanStepMs: 18,
	});
	const pressAt = Math.round(points[points.length - 1].t + between(random, 80, 220));
	return { points, pressAt, releaseAt: Math.round(pressAt + between(random, 60, 140)) };
}

/** A path relative to its start (the handle's resting point), as other nodes replay it. */
export function relativePath(path: DragPath, start: Point): PathPoint[] {
	return path.points.map((point) => ({ x: round2(point.x - start.x), y: round2(point.y - start.y), t: point.t }));
}

export function summarizePath(path: DragPath | ClickPath, start: Point): PathSummary {
	const last = path.points[path.points.length - 1];
	return {
		points: path.points.length,
		durationMs: path.releaseAt,
		distance: round2(Math.hypot(last.x - start.x, last.y - start.y)),
	};
}
