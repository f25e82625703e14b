/**
 * Ready `adb` commands for a phone captcha's answer: taps on points, or a swipe from one point to
 * another, in the device's input pixels. Pure text: nothing here runs adb; the step after the node
 * (n8n's Execute Command or SSH node) does.
 *
 * Two forms of each gesture, because Android's `input` command grew over the years:
 * - plain: `input tap X Y` (every Android) and `input swipe X1 Y1 X2 Y2 MS` (the duration argument
 *   since Android 4.4): one straight, evenly paced line, a zero-length tap.
 * - human: `input motionevent DOWN|MOVE|UP X Y` (Android 11+) replaying the same path generator the
 *   page solver drags with (humanPath.ts), a hold before each release and a pause between taps.
 *   `motionevent` takes no time argument, so the pacing is `sleep` between the events, all in one
 *   `adb shell "…"` so that the device's own shell runs them back to back.
 *
 * Seeded by the points, like the answer's `dragPath`: the same answer gives the same commands.
 */
import { clickPath, dragPath, seedFrom, type PathPoint, type Point } from './humanPath';

/** Which form `adbCommand` takes: the human one needs Android 11+, the plain one runs anywhere. */
export type AdbStyle = 'human' | 'plain';

export interface AdbOptions {
	/** `adb -s SERIAL`: which device, when adb sees several. Empty for adb's only device. */
	serial?: string;
	/** Device px per screenshot px: 1 when the screenshot is the device's own `screencap`. */
	scale?: number;
	/** Default 'human'. */
	style?: AdbStyle;
}

/** What a phone answer carries: every form under `adb`, and the chosen one ready to run. */
export interface AdbAnswer<Commands> {
	adb: Commands;
	adbCommand: string;
}

/** Commands for the taps of a select-objects answer. */
export interface AdbTapCommands {
	serial?: string;
	/** One `adb … shell input tap X Y` per point, in the answer's order. */
	tap: string[];
	/** All taps in one `adb … shell "…"`: press, hold, release, pause, next point (Android 11+). */
	humanTap: string;
}

/** Commands for a swipe answer. */
export interface AdbSwipeCommands {
	serial?: string;
	/** `adb … shell input swipe X1 Y1 X2 Y2 MS`, as long as the human swipe's path. */
	swipe: string;
	/** `adb … shell "input motionevent DOWN …; sleep …; input motionevent MOVE …; … UP …"` (Android 11+). */
	humanSwipe: string;
	/** Press to release of the human path (ms), also the plain swipe's duration. */
	durationMs: number;
}

/**
 * What adb takes after `-s`: device serials (`R58M12345AB`, `emulator-5554`), network addresses
 * (`192.168.1.20:5555`) and mDNS names. Nothing the host's shell would read as syntax.
 */
const SERIAL = /^[A-Za-z0-9._:-]+$/;

/**
 * Pacing of the human MOVEs: each `input` call costs the device a few ms to tens of ms itself,
 * so samples closer than this are dropped (the path's shape and its overshoot stay).
 */
export const MIN_MOVE_GAP_MS = 40;

/** Why a serial cannot go into a command, or undefined when it can (empty means no `-s`). */
export function serialProblem(serial: string): string | undefined {
	if (serial === '' || SERIAL.test(serial)) return undefined;
	return `"${serial}" is not a device serial or address adb takes (letters, digits and . _ : - only)`;
}

export function adbTaps(points: Point[], target: AdbOptions = {}): AdbAnswer<AdbTapCommands> {
	const device = points.map((point) => toDevice(point, target.scale));
	const seed = seedFrom(JSON.stringify(device));
	const human: string[] = [];
	device.forEach((point, index) => {
		// The finger's trip from the previous tap sets the pause; its press and release the hold.
		const path = clickPath(device[index - 1] ?? point, point, seed + index);
		if (index > 0) human.push(sleep(path.pressAt));
		human.push(motion('DOWN', point), sleep(path.releaseAt - path.pressAt), motion('UP', point));
	});
	const taps = device.map((point) => `input tap ${point.x} ${point.y}`);
	const humanTap = adbShell(target, human.filter(Boolean).join('; '));
	return {
		adb: { ...serialField(target), tap: taps.map((tap) => adbShell(target, tap)), humanTap },
		adbCommand: target.style === 'plain' ? adbShell(target, taps.join('; ')) : humanTap,
	};
}

export function adbSwipe(from: Point, to: Point, target: AdbOptions = {}): AdbAnswer<AdbSwipeCommands> {
	const start = toDevice(from, target.scale);
	const end = toDevice(to, target.scale);
	const path = dragPath(start, end, seedFrom(JSON.stringify([start, end])));
	const moves = thinMoves(path.points, start, end);
	const events = [motion('DOWN', start)];
	let previous = 0;
	for (const point of moves) {
		events.push(sleep(point.t - previous), motion('MOVE', point));
		previous = point.t;
	}
	events.push(sleep(path.releaseAt - previous), motion('UP', end));
	const swipe = adbShell(target, `input swipe ${start.x} ${start.y} ${end.x} ${end.y} ${path.releaseAt}`);
	const humanSwipe = adbShell(target, events.filter(Boolean).join('; '));
	return {
		adb: { ...serialField(target), swipe, humanSwipe, durationMs: path.releaseAt },
		adbCommand: target.style === 'plain' ? swipe : humanSwipe,
	};
}

/**
 * The path's samples in whole device px, at least MIN_MOVE_GAP_MS apart and each on a new pixel,
 * always keeping the farthest point along the swipe (the overshoot) and the last one (the end).
 */
export function thinMoves(points: PathPoint[], start: Point, end: Point): PathPoint[] {
	const dx = end.x - start.x;
	const dy = end.y - start.y;
	const along = (point: Point) => (point.x - start.x) * dx + (point.y - start.y) * dy;
	const farthest = points.reduce((best, point) => (along(point) > along(best) ? point : best), points[0]);
	const kept: PathPoint[] = [];
	let previous: PathPoint = { ...start, t: 0 };
	points.forEach((point, index) => {
		const pixel = { ...toDevice(point, 1), t: point.t };
		const last = index === points.length - 1;
		// A sample in the same whole pixel as the previous one tells the device nothing new.
		const moved = pixel.x !== previous.x || pixel.y !== previous.y;
		const wanted = last || point === farthest;
		if (wanted && !moved && kept.length > 0) kept[kept.length - 1] = pixel; // already there: arrive later instead
		else if (wanted || (moved && point.t - previous.t >= MIN_MOVE_GAP_MS)) kept.push(pixel);
		previous = kept[kept.length - 1] ?? previous;
	});
	return kept;
}

function toDevice(point: Point, scale = 1): Point {
	return { x: Math.round(point.x * scale), y: Math.round(point.y * scale) };
}

function serialField(target: AdbOptions): { serial?: string } {
	return target.serial ? { serial: target.serial } : {};
}

/**
 * `adb [-s SERIAL] shell SCRIPT`. A script of several commands is in double quotes, so that the
 * device's shell, not the host's, reads its `;` (double quotes work in sh and in cmd.exe alike).
 */
function adbShell(target: AdbOptions, script: string): string {
	const problem = target.serial ? serialProblem(target.serial) : undefined;
	if (problem) throw new Error(problem);
	const device = target.serial ? `adb -s ${target.serial}` : 'adb';
	return `${device} shell ${/[;&]/.test(script) ? `"${script}"` : script}`;
}

function motion(action: 'DOWN' | 'MOVE' | 'UP', point: Point): string {
	return `input motionevent ${action} ${point.x} ${point.y}`;
}

/** `sleep 0.094` (toybox's sleep takes fractions); nothing for a gap under a millisecond. */
function sleep(ms: number): string {
	const whole = Math.round(ms);
	return whole >= 1 ? `sleep ${(whole / 1000).toFixed(3)}` : '';
}
