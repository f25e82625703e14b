/**
 * The mouse on a tab, moved like a hand: trusted `Input.dispatchMouseEvent` events played at the
 * times of a human path (`motion/humanPath.ts`), clicks, and drags that read where the moving
 * part really is and correct before releasing.
 *
 * HTML5 draggables (TikTok's handle wrapper is `draggable=true`): Input.dispatchMouseEvent goes
 * through the same input pipeline as a real mouse, so on such a handle Chromium starts a native
 * drag just as it does for a person — the page gets `dragstart`, `pointercancel`, then `drag` /
 * `dragover` for every move (with the pointer's coordinates) and `dragend` on release. A page
 * that works for people works for these events; no interception is needed (and intercepting
 * drags without answering them would leave the renderer stuck).
 */

import { clickPath, dragPath, type DragPath, type PathPoint, type Point } from '../motion/humanPath';
import type { Clock } from './clock';
import type { Tab } from './tab/tab';

/** Where a drag must get the moving part, and how to read where it is. */
export interface DragGoal {
	/** How far the moving part must go (its own unit). */
	target: number;
	/** The handle's travel to drag first, page px. */
	handleTravel: number;
	/** The handle's longest travel, page px. */
	maxTravel: number;
	closeEnough: number;
	/** How far the moving part has gone, read from the page; undefined when it is not shown. */
	read(): Promise<number | undefined>;
}

export interface DragOutcome {
	/** The handle's final travel, page px. */
	handleAt: number;
	/** The moving part's last reading. */
	reached?: number;
	corrections: number;
	path: DragPath;
}

export class Mouse {
	private pressed = false;
	private pointer: Point = { x: 0, y: 0 };

	constructor(
		private readonly tab: Tab,
		private readonly clock: Clock,
		/** Called right after the button goes down or up (tests use it to stop mid-drag). */
		private readonly onAction?: (phase: 'pressed' | 'released') => void,
	) {}

	private async dispatch(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', point: Point, pressed: boolean): Promise<void> {
		const event: Record<string, unknown> = { type, x: point.x, y: point.y };
		if (type !== 'mouseMoved') event.clickCount = 1;
		if (type !== 'mouseMoved' || pressed) event.button = 'left';
		event.buttons = pressed ? 1 : 0;
		this.pointer = point;
		await this.tab.send('Input.dispatchMouseEvent', event);
	}

	private async press(point: Point): Promise<void> {
		await this.dispatch('mousePressed', point, true);
		this.pressed = true;
		this.onAction?.('pressed');
	}

	private async release(point: Point): Promise<void> {
		await this.dispatch('mouseReleased', point, false);
		this.pressed = false;
		this.onAction?.('released');
	}

	/** Plays moves at their times (relative to `origin`), with the button held or not. */
	private async playMoves(points: PathPoint[], origin: number, pressed: boolean): Promise<void> {
		for (const point of points) {
			await this.clock.pause(origin + point.t - this.clock.now());
			await this.dispatch('mouseMoved', point, pressed);
		}
	}

	private async approach(target: Point, seed: number): Promise<void> {
		// The pointer comes from somewhere below-left of the control, as a hand does.
		const from = { x: target.x - 60 - (seed % 60), y: target.y + 35 + (seed % 40) };
		const path = clickPath(from, target, seed);
		await this.playMoves(path.points, this.clock.now(), false);
		await this.clock.pause(path.pressAt - path.points[path.points.length - 1].t);
	}

	/** Approach, press, release; returns the number of moves. */
	async click(target: Point, seed: number): Promise<number> {
		const path = clickPath(this.pointer.x || this.pointer.y ? this.pointer : { x: target.x - 80, y: target.y + 60 }, target, seed);
		const origin = this.clock.now();
		await this.playMoves(path.points, origin, false);
		await this.clock.pause(origin + path.pressAt - this.clock.now());
		await this.press(target);
		await this.clock.pause(origin + path.releaseAt - this.clock.now());
		await this.release(target);
		return path.points.length;
	}

	/**
	 * Press the handle at `start`, drag it by the goal's handle travel with a human path, then read
	 * where the moving part really is and correct before releasing, so a page whose moving part
	 * does not follow the handle 1:1 still gets the right position.
	 */
	async drag(start: Point, goal: DragGoal, seed: number): Promise<DragOutcome> {
		const handleTarget = Math.min(goal.maxTravel, Math.max(0, goal.handleTravel));
		await this.approach(start, seed);
		await this.press(start);
		const path = dragPath(start, { x: start.x + handleTarget, y: start.y }, seed);
		await this.playMoves(path.points, this.clock.now(), true);

		// Read the moving part and correct up to twice: a hand also nudges until it fits.
		let reached: number | undefined;
		let corrections = 0;
		let handleAt = handleTarget;
		for (let round = 0; round < 2; round++) {
			const now = await goal.read();
			if (now === undefined) break;
			reached = now;
			const missing = goal.target - reached;
			if (Math.abs(missing) <= goal.closeEnough || reached === 0 || handleAt === 0) break;
			// The page's real ratio of the moving part's change to the handle's travel.
			const ratio = reached / handleAt;
			const next = Math.min(goal.maxTravel, Math.max(0, handleAt + missing / ratio));
			if (Math.abs(next - handleAt) < 0.5) break;
			const correction = dragPath(this.pointer, { x: start.x + next, y: start.y }, seed + round + 1);
			await this.playMoves(correction.points, this.clock.now(), true);
			handleAt = next;
			corrections++;
		}
		// Rest at the target with a tremor of a fraction of a px, ending exactly on it: Chromium may
		// drop a drag update that arrives while it is busy, the last one included.
		const end = { x: start.x + handleAt, y: start.y };
		const holdMs = path.releaseAt - path.points[path.points.length - 1].t;
		await this.clock.pause(holdMs / 3);
		await this.dispatch('mouseMoved', { x: end.x + 0.3, y: end.y + 0.4 }, true);
		await this.clock.pause(holdMs / 3);
		await this.dispatch('mouseMoved', end, true);
		await this.clock.pause(holdMs / 3);
		await this.release(end);
		return { handleAt, reached, corrections, path };
	}

	/** Lets go of the button if a drag or click was under way (never throws). */
	async releaseIfPressed(): Promise<void> {
		if (!this.pressed || this.tab.isClosed) return;
		await this.tab
			.sendWhileClosing('Input.dispatchMouseEvent', { type: 'mouseReleased', ...this.pointer, button: 'left', buttons: 0, clickCount: 1 })
			.then(() => {
				this.pressed = false;
				this.onAction?.('released');
			})
			.catch(() => undefined);
	}
}
