import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { adbSwipe, adbTaps, serialProblem, type AdbOptions, type AdbStyle } from '../motion/adbCommands';
import { pageScale } from './pageScale';
import { InvalidInputError, type Point } from './parsers';
import type { CaptchaInput } from './types';

/**
 * What the phone kinds add to their answer: ready `adb` commands for the step after the node
 * (Execute Command, SSH), built by motion/adbCommands.ts from the answer's points. The phone's
 * screenshot pixels are its input pixels when the screenshot is `adb exec-out screencap -p`; a
 * resized screenshot is scaled back by Device Width ÷ screenshot width, as Display Width scales
 * to the page.
 */

const FIELD = 'ADB Commands';

/** The phone kinds' ADB Commands collection: which device, its width, which command form. */
export const adbCommandsField: INodeProperties = {
	displayName: FIELD,
	name: 'adb',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description:
		'The answer also comes as adb commands (adb, and adbCommand ready for an Execute Command or SSH node); these options say for which device',
	options: [
		{
			displayName: 'Command Style',
			name: 'style',
			type: 'options',
			options: [
				{
					name: 'Human-Like (Android 11+)',
					value: 'human',
					description: 'Input motionevent DOWN, MOVE and UP with pauses, moved like a finger',
				},
				{
					name: 'Plain (Any Android)',
					value: 'plain',
					description: 'Input tap, and input swipe X1 Y1 X2 Y2 MS (Android 4.4+): straight and evenly paced',
				},
			],
			default: 'human',
			description: 'Which form adbCommand holds; adb has both',
		},
		{
			displayName: 'Device Serial',
			name: 'serial',
			type: 'string',
			default: '',
			placeholder: 'emulator-5554',
			description: "The device as adb devices lists it, for adb -s; empty for adb's only device",
		},
		{
			displayName: 'Device Width',
			name: 'deviceWidth',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				"The phone's screen width in pixels, when the screenshot was resized before it came here (0 = the screenshot is the phone's own size, as adb exec-out screencap -p takes it)",
		},
	],
};

export const ADB_OUTPUTS = {
	swipe: {
		adb: 'The swipe as adb commands, in device pixels: {serial, swipe: adb … shell input swipe X1 Y1 X2 Y2 MS, humanSwipe: adb … shell "input motionevent DOWN …; sleep …; MOVE …; … UP …", durationMs}; serial only when set',
		adbCommand: 'The command to run: humanSwipe (Android 11+), or swipe with Command Style Plain',
	},
	taps: {
		adb: 'The taps as adb commands, in device pixels: {serial, tap: [adb … shell input tap X Y, …], humanTap: adb … shell "input motionevent DOWN …; sleep …; UP …; sleep …; DOWN …"}; serial only when set',
		adbCommand: 'The command to run: humanTap (Android 11+), or every input tap in one adb shell with Command Style Plain',
	},
};

/** The item's ADB Commands, checked; a bad value names its field. */
export function adbOptionsOf(input: CaptchaInput): AdbOptions {
	const given = (input.params.adb ?? {}) as IDataObject;
	const fail = (name: string, problem: string) => new InvalidInputError(`${FIELD} → ${name}`, problem);
	const serial = String(given.serial ?? '').trim();
	const problem = serialProblem(serial);
	if (problem) throw fail('Device Serial', problem);
	const style = (given.style ?? 'human') as AdbStyle;
	if (style !== 'human' && style !== 'plain') throw fail('Command Style', `must be human or plain, got ${JSON.stringify(given.style)}`);
	const width = Number(given.deviceWidth ?? 0);
	if (given.deviceWidth === '' || !Number.isFinite(width) || width < 0) {
		throw fail('Device Width', `must be a number of 0 or more, got ${JSON.stringify(given.deviceWidth)}`);
	}
	const screenshot = input.imageSizes[0]?.[0];
	if (width > 0 && !screenshot) throw fail('Device Width', "needs the screenshot's own width, which its file header does not give");
	return { ...(serial ? { serial } : {}), scale: width > 0 ? pageScale(width, screenshot) : 1, style };
}

/** A builder that first checks the ADB options, so a bad one fails before a job is paid for. */
export function checkingAdb<T>(build: (input: CaptchaInput) => T): (input: CaptchaInput) => T {
	return (input) => {
		adbOptionsOf(input);
		return build(input);
	};
}

/** A swipe answer (`from`, `to`) with its adb commands. */
export function withAdbSwipe(answer: IDataObject, input: CaptchaInput): IDataObject {
	const { adb, adbCommand } = adbSwipe(answer.from as Point, answer.to as Point, adbOptionsOf(input));
	return { ...answer, adb: { ...adb } as IDataObject, adbCommand };
}

/** A taps answer (`points`) with its adb commands. */
export function withAdbTaps(answer: IDataObject, input: CaptchaInput): IDataObject {
	const { adb, adbCommand } = adbTaps(answer.points as Point[], adbOptionsOf(input));
	return { ...answer, adb: { ...adb } as IDataObject, adbCommand };
}
