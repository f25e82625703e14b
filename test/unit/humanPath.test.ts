import { describe, expect, it } from 'vitest';

import {
	clickPath,
	dragPath,
	relativePath,
	summarizePath,
	type PathPoint,
	type Point,
} from '../../nodes/OmoCaptcha/motion/humanPath';
import { botCheck, summarizeTrace, type TraceEvent } from '../emulator/demo/registry';

const start: Point = { x: 52, y: 410 };
const drags: Array<[string, Point]> = [
	['a short drag (18 px)', { x: 70, y: 410 }],
	['a typical slider drag (143 px)', { x: 195, y: 410 }],
	['a long drag (296 px)', { x: 348, y: 410 }],
];
const seeds = [1, 7, 42, 1234, 987654321];

/** The speeds (px/ms) between consecutive samples, with the first move measured from the press point. */
function speeds(from: Point, points: PathPoint[], startTime = 0): number[] {
	const result: number[] = [];
	let previous: PathPoint = { ...from, t: startTime };
	for (const point of points) {
		const dt = point.t - previous.t;
		result.push(Math.hypot(point.x - previous.x, point.y - previous.y) / Math.max(dt, 1));
		previous = point;
	}
	return result;
}

function coefficientOfVariation(values: number[]): number {
	const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
	const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
	return Math.sqrt(variance) / mean;
}

describe('dragPath', () => {
	it('gives the same path for the same seed, and a different one for another seed', () => {
		const end = drags[1][1];
		expect(dragPath(start, end, 42)).toEqual(dragPath(start, end, 42));
		expect(dragPath(start, end, 43).points).not.toEqual(dragPath(start, end, 42).points);
	});

	for (const [name, end] of drags) {
		describe(name, () => {
			it('ends exactly on the end point', () => {
				for (const seed of seeds) {
					const last = dragPath(start, end, seed).points.at(-1)!;
					expect({ x: last.x, y: last.y }).toEqual(end);
				}
			});

			it('lasts as long as a human drag: between 0.8 and 3 s from press to release', () => {
				for (const seed of seeds) {
					const path = dragPath(start, end, seed);
					expect(path.releaseAt).toBeGreaterThanOrEqual(800);
					expect(path.releaseAt).toBeLessThanOrEqual(3000);
				}
			});

			it('holds the button at least 150 ms after the last move, and time only moves forward', () => {
				for (const seed of seeds) {
					const path = dragPath(start, end, seed);
					expect(path.releaseAt - path.points.at(-1)!.t).toBeGreaterThanOrEqual(150);
					for (let i = 1; i < path.points.length; i++) expect(path.points[i].t).toBeGreaterThan(path.points[i - 1].t);
				}
			});

			it('passes the bot checks: at least 10 moves, no teleport, uneven speed and steps, vertical variation', () => {
				for (const seed of seeds) {
					const { points } = dragPath(start, end, seed);
					expect(points.length).toBeGreaterThanOrEqual(10);
					const distance = Math.hypot(end.x - start.x, end.y - start.y);
					const steps = points.map((p, i) => Math.hypot(p.x - (i ? points[i - 1] : start).x, p.y - (i ? points[i - 1] : start).y));
					// No single move covers more than a fifth of the drag (or 12 px on short ones).
					expect(Math.max(...steps)).toBeLessThanOrEqual(Math.max(12, distance / 5));
					expect(coefficientOfVariation(speeds(start, points))).toBeGreaterThan(0.3);
					const intervals = points.slice(1).map((p, i) => p.t - points[i].t);
					expect(new Set(intervals).size).toBeGreaterThan(3);
					const ys = points.map((p) => p.y);
					expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThanOrEqual(0.5);
				}
			});

			it('passes the demo captcha pages\' bot check, as the page would record the drag', () => {
				for (const seed of seeds) {
					const path = dragPath(start, end, seed);
					const trace = [
						{ type: 'down', ...start, t: 0 },
						...path.points.map((point) => ({ type: 'move', ...point })),
						{ type: 'up', ...end, t: path.releaseAt },
					] as TraceEvent[];
					expect(botCheck(summarizeTrace(trace)), `seed ${seed}`).toEqual([]);
				}
			});

			it('accelerates then slows: the middle third is faster than the first and last tenths', () => {
				for (const seed of seeds) {
					const { points } = dragPath(start, end, seed);
					const mainEnd = points.reduce((best, p, i) => (p.x > points[best].x ? i : best), 0);
					const main = points.slice(0, mainEnd + 1);
					const v = speeds(start, main, main[0].t - 16);
					const n = v.length;
					const mean = (values: number[]) => values.reduce((s, x) => s + x, 0) / values.length;
					const middle = mean(v.slice(Math.floor(n / 3), Math.ceil((2 * n) / 3)));
					expect(middle).toBeGreaterThan(2 * mean(v.slice(0, Math.max(1, Math.floor(n / 10)))));
					expect(middle).toBeGreaterThan(2 * mean(v.slice(n - Math.max(1, Math.floor(n / 10)))));
				}
			});

			it('goes a few px past the end and comes back', () => {
				for (const seed of seeds) {
					const { points } = dragPath(start, end, seed);
					const furthest = Math.max(...points.map((p) => p.x));
					expect(furthest - end.x).toBeGreaterThanOrEqual(2);
					expect(furthest - end.x).toBeLessThanOrEqual(7.5);
				}
			});
		});
	}

	it('works right to left and along a diagonal, still ending exactly', () => {
		const leftward = dragPath({ x: 300, y: 100 }, { x: 120, y: 100 }, 5);
		expect(leftward.points.at(-1)).toMatchObject({ x: 120, y: 100 });
		expect(Math.min(...leftward.points.map((p) => p.x))).toBeLessThan(120);
		const diagonal = dragPath({ x: 10, y: 10 }, { x: 110, y: 60 }, 5);
		expect(diagonal.points.at(-1)).toMatchObject({ x: 110, y: 60 });
	});

	it('summarizes and re-bases a path on the handle start', () => {
		const end = drags[1][1];
		const path = dragPath(start, end, 9);
		const relative = relativePath(path, start);
		expect(relative.at(-1)).toEqual({ x: end.x - start.x, y: 0, t: path.points.at(-1)!.t });
		expect(summarizePath(path, start)).toEqual({ points: path.points.length, durationMs: path.releaseAt, distance: 143 });
	});
});

describe('clickPath', () => {
	it('approaches in several moves, ends on the target, then presses and releases 60–140 ms apart', () => {
		for (const seed of seeds) {
			const target = { x: 240, y: 180 };
			const path = clickPath({ x: 100, y: 300 }, target, seed);
			expect(path).toEqual(clickPath({ x: 100, y: 300 }, target, seed));
			expect(path.points.length).toBeGreaterThanOrEqual(8);
			expect(path.points.at(-1)).toMatchObject(target);
			expect(path.pressAt).toBeGreaterThan(path.points.at(-1)!.t);
			expect(path.releaseAt - path.pressAt).toBeGreaterThanOrEqual(60);
			expect(path.releaseAt - path.pressAt).toBeLessThanOrEqual(140);
			expect(path.releaseAt).toBeLessThan(1200);
		}
	});
});
