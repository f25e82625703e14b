/**
 * The phone kinds' ADB commands through real workflow executions against the emulator: the
 * answer's points become the commands, per item, with the item's serial, device width and style;
 * a bad ADB option fails its own item, named, before a job is paid for.
 */
import { describe, expect, it } from 'vitest';

import { expectedResult } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { readAdbCommand } from '../helpers/adbScript';
import { useEmulator } from '../helpers/emulator';
import { png, requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';

const fast = { options: { pollInterval: 1 } };
const screenshot = (width: number, height: number, seed = 0) => ({ json: {}, binary: { data: png(makePng(width, height, [seed, 90, 120])) } });

describe('ADB commands of the phone kinds', () => {
	const emulator = useEmulator();

	it('TikTok slider (phone): the swipe from `from` to `to`, on the item\'s device, human-like by default', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'tiktok', operation: 'sliderPhone', adb: { serial: 'emulator-5554' }, ...fast }, [screenshot(720, 1280)]);
		const [fromX, fromY, toX, toY] = expectedResult(requestsTo(emulator, 'createJob')[0].body.data).split('|').map(Number);
		const [item] = run.output;
		expect(item).toMatchObject({ from: { x: fromX, y: fromY }, to: { x: toX, y: toY } });
		expect(item.adb).toMatchObject({
			serial: 'emulator-5554',
			swipe: `adb -s emulator-5554 shell input swipe ${fromX} ${fromY} ${toX} ${toY} ${(item.adb as { durationMs: number }).durationMs}`,
		});
		expect(item.adbCommand).toBe((item.adb as { humanSwipe: string }).humanSwipe);
		const { serial, steps } = readAdbCommand(item.adbCommand as string);
		expect(serial).toBe('emulator-5554');
		expect(steps[0]).toEqual({ command: 'DOWN', x: fromX, y: fromY });
		expect(steps.at(-1)).toEqual({ command: 'UP', x: toX, y: toY });
	});

	it('a resized screenshot: Device Width scales the commands to the phone, the answer stays in screenshot px', async () => {
		// A 1080 px wide phone, its screenshot sent at 360 px: three device px per screenshot px.
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'selectTwoPhone', adb: { deviceWidth: 1080, style: 'plain' }, ...fast },
			[screenshot(360, 780)],
		);
		const [x1, y1, x2, y2] = expectedResult(requestsTo(emulator, 'createJob')[0].body.data).split('_').map(Number);
		const [item] = run.output;
		expect(item.points).toEqual([
			{ x: x1, y: y1 },
			{ x: x2, y: y2 },
		]);
		expect(item.adb).toMatchObject({ tap: [`adb shell input tap ${x1 * 3} ${y1 * 3}`, `adb shell input tap ${x2 * 3} ${y2 * 3}`] });
		expect(item.adb).not.toHaveProperty('serial');
		expect(item.adbCommand).toBe(`adb shell "input tap ${x1 * 3} ${y1 * 3}; input tap ${x2 * 3} ${y2 * 3}"`);
	});

	it('Zalo slider (phone) on the v2 API: the same commands from solution.start and solution.end', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'zalo', operation: 'sliderPhone', adb: { serial: '192.168.1.20:5555' }, ...fast }, [screenshot(720, 1280)], { api: 'v2' });
		const [task] = [...emulator.tasks.values()];
		const { start, end } = task.solution as { start: { x: number; y: number }; end: { x: number; y: number } };
		const { serial, steps } = readAdbCommand(run.output[0].adbCommand as string);
		expect(serial).toBe('192.168.1.20:5555');
		expect(steps[0]).toEqual({ command: 'DOWN', ...start });
		expect(steps.at(-1)).toEqual({ command: 'UP', ...end });
	});

	it('a serial the shell would read as syntax fails its own item, named, before its job is created; the other item is solved', async () => {
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'sliderPhone', adb: { serial: '={{ $json.serial }}' }, ...fast },
			[
				{ ...screenshot(720, 1280, 1), json: { serial: 'emulator-5554' } },
				{ ...screenshot(720, 1280, 2), json: { serial: 'phone; reboot' } },
			],
			{ continueOnFail: true },
		);
		expect(requestsTo(emulator, 'createJob')).toHaveLength(1);
		expect(run.output[0]).toMatchObject({ adb: { serial: 'emulator-5554' } });
		expect(run.output[1]).toEqual({
			error: 'Item 1, field "ADB Commands → Device Serial": "phone; reboot" is not a device serial or address adb takes (letters, digits and . _ : - only)',
			typeJobId: 24,
		});
	});

	it('without Continue On Fail a bad Device Width stops the node before any job is paid for', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'zalo', operation: 'sliderPhone', adb: { deviceWidth: -5 }, ...fast }, [screenshot(720, 1280)], { api: 'v2' });
		expect(run.status).toBe('error');
		expect(String(run.errorOf('OmoCaptcha')?.message)).toBe('Item 0, field "ADB Commands → Device Width": must be a number of 0 or more, got -5');
		expect(emulator.tasks.size).toBe(0);
	});
});
