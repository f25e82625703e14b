import { describe, expect, it } from 'vitest';

import { adbSwipe, adbTaps, MIN_MOVE_GAP_MS, serialProblem } from '../../nodes/OmoCaptcha/motion/adbCommands';
import { hostWords, readAdbCommand, type DeviceStep } from '../helpers/adbScript';

const swipes: Array<[string, { x: number; y: number }, { x: number; y: number }]> = [
	['a TikTok slider on a 1080 px wide screen (540 px)', { x: 90, y: 1500 }, { x: 630, y: 1500 }],
	['a Zalo slider (200 px)', { x: 100, y: 250 }, { x: 300, y: 250 }],
	['right to left, slightly downhill', { x: 700, y: 1200 }, { x: 260, y: 1230 }],
];

const only = <C extends DeviceStep['command']>(steps: DeviceStep[], ...commands: C[]) =>
	steps.filter((step): step is DeviceStep & { command: C } => (commands as string[]).includes(step.command));
const slept = (steps: DeviceStep[]) => only(steps, 'sleep').reduce((total, step) => total + step.ms, 0);

describe('adbTaps', () => {
	const points = [
		{ x: 300, y: 600 },
		{ x: 90, y: 30 },
	];

	it('gives one `input tap X Y` per point, in the answer\'s order, on the serial\'s device', () => {
		const { adb } = adbTaps(points, { serial: 'emulator-5554' });
		expect(adb.serial).toBe('emulator-5554');
		expect(adb.tap).toEqual(['adb -s emulator-5554 shell input tap 300 600', 'adb -s emulator-5554 shell input tap 90 30']);
		expect(adbTaps(points).adb.tap).toEqual(['adb shell input tap 300 600', 'adb shell input tap 90 30']);
		expect(adbTaps(points).adb).not.toHaveProperty('serial');
	});

	it('scales screenshot px to device px and rounds to whole px', () => {
		const { adb } = adbTaps([{ x: 100.4, y: 201 }], { scale: 1.5 });
		expect(adb.tap).toEqual(['adb shell input tap 151 302']);
	});

	it('human taps: press, hold 60–140 ms, release, then a pause before the next press, all in one adb shell', () => {
		const { adb, adbCommand } = adbTaps(points, { serial: 'R58M12345AB' });
		expect(adbCommand).toBe(adb.humanTap);
		// One argument for the device: the host's shell must not read the `;`.
		expect(hostWords(adb.humanTap)).toEqual(['adb', '-s', 'R58M12345AB', 'shell', expect.stringContaining('; ')]);
		const { serial, steps } = readAdbCommand(adb.humanTap);
		expect(serial).toBe('R58M12345AB');
		expect(steps.map((step) => step.command)).toEqual(['DOWN', 'sleep', 'UP', 'sleep', 'DOWN', 'sleep', 'UP']);
		expect(only(steps, 'DOWN', 'UP').map(({ x, y }) => ({ x, y }))).toEqual([points[0], points[0], points[1], points[1]]);
		const [hold1, pause, hold2] = only(steps, 'sleep').map((step) => step.ms);
		for (const hold of [hold1, hold2]) {
			expect(hold).toBeGreaterThanOrEqual(60);
			expect(hold).toBeLessThanOrEqual(140);
		}
		expect(pause).toBeGreaterThan(200);
		expect(pause).toBeLessThan(1200);
	});

	it('plain style: the taps in one adb shell, for devices older than Android 11', () => {
		const { adbCommand } = adbTaps(points, { style: 'plain' });
		expect(adbCommand).toBe('adb shell "input tap 300 600; input tap 90 30"');
		expect(readAdbCommand(adbCommand).steps).toEqual([
			{ command: 'tap', x: 300, y: 600 },
			{ command: 'tap', x: 90, y: 30 },
		]);
	});

	it('gives the same commands for the same answer and other pauses for another', () => {
		expect(adbTaps(points)).toEqual(adbTaps(points));
		expect(adbTaps([points[0], { x: 91, y: 30 }]).adb.humanTap).not.toBe(adbTaps(points).adb.humanTap.replace('90 30', '91 30'));
	});
});

describe('adbSwipe', () => {
	for (const [name, from, to] of swipes) {
		describe(name, () => {
			const { adb, adbCommand } = adbSwipe(from, to, { serial: '192.168.1.20:5555' });
			const { serial, steps } = readAdbCommand(adb.humanSwipe);
			const moves = only(steps, 'MOVE');

			it('plain swipe: `input swipe X1 Y1 X2 Y2 MS` as long as the human one', () => {
				expect(adb.swipe).toBe(`adb -s 192.168.1.20:5555 shell input swipe ${from.x} ${from.y} ${to.x} ${to.y} ${adb.durationMs}`);
				expect(adb.durationMs).toBeGreaterThanOrEqual(800);
				expect(adb.durationMs).toBeLessThanOrEqual(3000);
			});

			it('human swipe: DOWN on the start, MOVEs, UP on the end, paced by sleeps that add up to the path', () => {
				expect(adbCommand).toBe(adb.humanSwipe);
				expect(serial).toBe('192.168.1.20:5555');
				expect(steps[0]).toEqual({ command: 'DOWN', ...from });
				expect(steps.at(-1)).toEqual({ command: 'UP', ...to });
				expect(moves.at(-1)).toEqual({ command: 'MOVE', ...to });
				expect(moves.length).toBeGreaterThanOrEqual(10);
				expect(slept(steps)).toBeGreaterThanOrEqual(adb.durationMs - steps.length);
				expect(slept(steps)).toBeLessThanOrEqual(adb.durationMs + steps.length);
				// A settle after the press and a hold before the release, as a finger does.
				expect(steps[1]).toMatchObject({ command: 'sleep', ms: expect.any(Number) });
				expect((steps.at(-2) as { ms: number }).ms).toBeGreaterThanOrEqual(150);
			});

			it('moves like a hand: uneven pauses, no jump over a fifth of the swipe, off the straight line, past the end and back', () => {
				const pauses = only(steps, 'sleep').map((step) => step.ms);
				expect(new Set(pauses).size).toBeGreaterThan(3);
				// Samples closer than the gap are dropped, except the overshoot and the end point.
				expect(pauses.slice(1, -1).filter((ms) => ms < MIN_MOVE_GAP_MS).length).toBeLessThanOrEqual(2);
				const distance = Math.hypot(to.x - from.x, to.y - from.y);
				const path = [from, ...moves];
				const jumps = path.slice(1).map((point, i) => Math.hypot(point.x - path[i].x, point.y - path[i].y));
				expect(Math.max(...jumps)).toBeLessThanOrEqual(distance / 5);
				// Distance from the straight line through from and to.
				const off = moves.map((point) => Math.abs((to.x - from.x) * (from.y - point.y) - (from.x - point.x) * (to.y - from.y)) / distance);
				expect(Math.max(...off)).toBeGreaterThanOrEqual(1);
				const along = moves.map((point) => ((point.x - from.x) * (to.x - from.x) + (point.y - from.y) * (to.y - from.y)) / distance);
				expect(Math.max(...along)).toBeGreaterThan(distance + 1);
			});
		});
	}

	it('plain style puts the straight swipe in adbCommand, and scales to device px', () => {
		const { adb, adbCommand } = adbSwipe({ x: 30, y: 500 }, { x: 210, y: 500 }, { style: 'plain', scale: 3 });
		expect(adbCommand).toBe(adb.swipe);
		expect(adbCommand).toBe(`adb shell input swipe 90 1500 630 1500 ${adb.durationMs}`);
		expect(readAdbCommand(adb.humanSwipe).steps.at(-1)).toEqual({ command: 'UP', x: 630, y: 1500 });
	});

	it('gives the same commands for the same answer and another path for another', () => {
		const [, from, to] = swipes[0];
		expect(adbSwipe(from, to)).toEqual(adbSwipe(from, to));
		expect(adbSwipe(from, { x: to.x + 1, y: to.y }).adb.durationMs).not.toBe(adbSwipe(from, to).adb.durationMs);
	});
});

describe('device serial', () => {
	it.each(['emulator-5554', 'R58M12345AB', '192.168.1.20:5555', 'adb-R58M123-abc._adb-tls-connect._tcp'])('takes %s', (serial) => {
		expect(serialProblem(serial)).toBeUndefined();
		expect(adbTaps([{ x: 1, y: 2 }], { serial }).adb.tap[0]).toBe(`adb -s ${serial} shell input tap 1 2`);
	});

	it.each(['phone; rm -rf ~', '$(reboot)', 'two words', 'a"b'])('refuses %s, which the host shell would read as syntax', (serial) => {
		expect(serialProblem(serial)).toMatch(/is not a device serial or address adb takes/);
		expect(() => adbSwipe({ x: 1, y: 2 }, { x: 3, y: 4 }, { serial })).toThrow(/is not a device serial/);
	});
});
