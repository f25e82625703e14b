/** Acting on the answer: the kind's drag or clicks, played by the mouse like a person. */

import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../../catalog/captchaTypes';
import { summarizePath, type PathSummary, type Point } from '../../motion/humanPath';
import type { Clock } from '../clock';
import type { Mouse } from '../input';
import type { CaptchaKindDefinition, Selectors } from '../kinds';
import { round2, type AnswerAction } from '../kinds/kind';
import type { ElementInfo, PageSnapshot } from '../pageScripts';
import type { Tab } from '../tab/tab';

export interface DragAction {
	type: 'drag';
	/** How far the handle was moved, page px. */
	distance: number;
	/** Where the moving part had to go: px of travel for the piece, degrees for rotate. */
	target: number;
	/** Where it ended, read from the page before release. */
	reached?: number;
	unit: 'px' | 'deg';
	corrections: number;
}

export interface ClickAction {
	type: 'click';
	points: Point[];
}

export interface ActOn {
	tab: Tab;
	mouse: Mouse;
	clock: Clock;
	api: ApiName;
}

export function centerOf(element: ElementInfo): Point {
	return { x: element.x + element.width / 2, y: element.y + element.height / 2 };
}

/** One answer to play: where, on what, and the seed of its movements. */
interface Play extends ActOn {
	selectors: Selectors;
	snapshot: PageSnapshot;
	answer: IDataObject;
	seed: number;
}

/** Plays the answer on the page; what was done, and the path the pointer took. */
export async function act(
	on: ActOn,
	definition: CaptchaKindDefinition,
	selectors: Selectors,
	snapshot: PageSnapshot,
	answer: IDataObject,
	seed: number,
): Promise<{ action: DragAction | ClickAction; path: PathSummary }> {
	const how = definition.answer;
	const play: Play = { ...on, selectors, snapshot, answer, seed };
	return how.type === 'click' ? await clickPoints(play, how) : await dragToAnswer(play, how);
}

/** Sliders and rotate: drag the handle by the answer, correcting by what the page shows. */
async function dragToAnswer(
	{ tab, mouse, api, selectors, snapshot, answer, seed }: Play,
	how: Extract<AnswerAction, { type: 'drag' }>,
): Promise<{ action: DragAction; path: PathSummary }> {
	const handle = snapshot.elements.handle!;
	const track = snapshot.elements.track;
	const plan = how.plan(snapshot, answer, api);
	const start = centerOf(handle);
	const moving = how.moving;
	const { handleAt, reached, corrections, path } = await mouse.drag(
		start,
		{
			target: plan.target,
			handleTravel: plan.handleTravel,
			maxTravel: track ? Math.max(0, track.width - handle.width) : Number.POSITIVE_INFINITY,
			closeEnough: plan.closeEnough,
			read: async () => {
				const element = (await tab.snapshot({ [moving]: selectors[moving]! })).elements[moving];
				return element ? plan.measure(element) : undefined;
			},
		},
		seed,
	);
	return {
		action: { type: 'drag', distance: round2(handleAt), target: round2(plan.target), reached: reached === undefined ? undefined : round2(reached), unit: plan.unit, corrections },
		path: { ...summarizePath(path, start), distance: round2(handleAt) },
	};
}

/** Select-two: click each answered point on the image, then Confirm. */
async function clickPoints(
	{ tab, mouse, clock, selectors, snapshot, answer, seed }: Play,
	how: Extract<AnswerAction, { type: 'click' }>,
): Promise<{ action: ClickAction; path: PathSummary }> {
	const points = how.points(snapshot, answer);
	const started = clock.now();
	let moves = 0;
	for (const [index, point] of points.entries()) {
		moves += await mouse.click(point, seed + index);
		await clock.pause(300 + (seed % 400));
	}
	const role = how.confirm;
	const confirm = (await tab.snapshot({ [role]: selectors[role]! })).elements[role] ?? snapshot.elements[role]!;
	const center = centerOf(confirm);
	moves += await mouse.click({ x: round2(center.x), y: round2(center.y) }, seed + 7);
	return { action: { type: 'click', points }, path: { points: moves, durationMs: clock.now() - started, distance: 0 } };
}
