/**
 * Reads adb command lines back the way a host shell, adb and the device's shell would: the
 * arguments adb gets, the device serial, and the `input` events and sleeps of the script that
 * runs on the device. The unit tests read the builder's commands with it; the e2e test reads what
 * the adb stand-in recorded.
 */

export type DeviceStep =
	| { command: 'tap'; x: number; y: number }
	| { command: 'swipe'; x1: number; y1: number; x2: number; y2: number; ms: number }
	| { command: 'DOWN' | 'MOVE' | 'UP'; x: number; y: number }
	| { command: 'sleep'; ms: number };

/** The words of a command line as sh splits them: spaces separate, double quotes group. */
export function hostWords(commandLine: string): string[] {
	const words: string[] = [];
	for (const match of commandLine.trim().matchAll(/"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2]);
	return words;
}

/** `adb [-s SERIAL] shell WORDS…` → the serial and the script the device's shell runs (adb joins the words by spaces). */
export function adbShellCall(args: string[]): { serial?: string; script: string } {
	const rest = [...args];
	let serial: string | undefined;
	if (rest[0] === '-s') {
		serial = rest[1];
		rest.splice(0, 2);
	}
	if (rest[0] !== 'shell') throw new Error(`not an adb shell call: ${JSON.stringify(args)}`);
	return { ...(serial === undefined ? {} : { serial }), script: rest.slice(1).join(' ') };
}

/**
 * The device-side steps of a script: `input tap|swipe|motionevent …` and `sleep S`, separated by
 * `;`, each with the arguments Android's `input` takes (numbers, the right count); throws on
 * anything else, naming the step.
 */
export function deviceSteps(script: string): DeviceStep[] {
	return script
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const words = part.split(/\s+/);
			const numbers = (from: number, counts: number[]) => {
				const values = words.slice(from).map(Number);
				if (!counts.includes(values.length) || !values.every(Number.isFinite)) throw new Error(`invalid arguments: ${part}`);
				return values;
			};
			if (words[0] === 'sleep') return { command: 'sleep', ms: Math.round(numbers(1, [1])[0] * 1000) };
			if (words[0] === 'input' && words[1] === 'tap') {
				const [x, y] = numbers(2, [2]);
				return { command: 'tap', x, y };
			}
			if (words[0] === 'input' && words[1] === 'swipe') {
				const [x1, y1, x2, y2, ms = 300] = numbers(2, [4, 5]);
				return { command: 'swipe', x1, y1, x2, y2, ms };
			}
			if (words[0] === 'input' && words[1] === 'motionevent' && ['DOWN', 'MOVE', 'UP'].includes(words[2])) {
				const [x, y] = numbers(3, [2]);
				return { command: words[2] as 'DOWN' | 'MOVE' | 'UP', x, y };
			}
			throw new Error(`unknown command: ${part}`);
		});
}

/** A whole command line: its serial and device steps. */
export function readAdbCommand(commandLine: string): { serial?: string; steps: DeviceStep[] } {
	const [program, ...args] = hostWords(commandLine);
	if (program !== 'adb') throw new Error(`not an adb command: ${commandLine}`);
	const { script, ...serial } = adbShellCall(args);
	return { ...serial, steps: deviceSteps(script) };
}

