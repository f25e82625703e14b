/**
 * An adb stand-in, because no Android device or emulator exists on the machines the tests run on.
 * Installed as an executable named `adb` in a folder that goes first on the PATH of the n8n
 * process, it plays one phone: `adb [-s SERIAL] exec-out screencap -p` writes a fixture PNG to
 * stdout, `adb [-s SERIAL] shell SCRIPT` checks each step of the script the way Android's `input`
 * and `sleep` would take it (and does nothing else), any other serial is "not found". Every call,
 * its serial and its arguments, is appended as one JSON line to a log file the test reads back.
 *
 * It runs this file with tsx: installAdbStandIn writes the `adb` launcher; main() is the stand-in.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { adbShellCall, deviceSteps } from './adbScript';

export interface AdbStandInCall {
	serial?: string;
	/** What followed the global options (`-s SERIAL`), e.g. ['exec-out', 'screencap', '-p']. */
	args: string[];
}

export interface AdbStandIn {
	/** The folder holding `adb`: put it first on PATH. */
	binDir: string;
	/** The serial of the one phone it plays. */
	serial: string;
	/** Every call so far, in order. */
	calls(): AdbStandInCall[];
}

/** Writes the `adb` launcher into `folder`/bin; the phone answers to `serial` and shows `screenshot` (a PNG file). */
export function installAdbStandIn(folder: string, serial: string, screenshot: string): AdbStandIn {
	const binDir = join(folder, 'bin');
	const log = join(folder, 'adb-calls.jsonl');
	mkdirSync(binDir, { recursive: true });
	writeFileSync(log, '');
	const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
	const quoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
	const launcher = [
		'#!/bin/sh',
		'# adb stand-in for the tests (test/helpers/adbStandIn.ts): no Android device exists here.',
		`ADB_STAND_IN_LOG=${quoted(log)} ADB_STAND_IN_SERIAL=${quoted(serial)} ADB_STAND_IN_SCREENSHOT=${quoted(screenshot)} \\`,
		`  exec ${quoted(process.execPath)} --import ${quoted(tsx)} ${quoted(__filename)} "$@"`,
		'',
	].join('\n');
	writeFileSync(join(binDir, 'adb'), launcher);
	chmodSync(join(binDir, 'adb'), 0o755);
	return {
		binDir,
		serial,
		calls: () =>
			readFileSync(log, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as AdbStandInCall),
	};
}

/** The stand-in itself: what `adb` does with these arguments. Returns the exit code. */
function main(argv: string[]): number {
	const env = process.env as Record<string, string>;
	const [serialFlag, serialValue, ...rest] = argv;
	const call: AdbStandInCall = serialFlag === '-s' ? { serial: serialValue, args: rest } : { args: argv };
	appendFileSync(env.ADB_STAND_IN_LOG, `${JSON.stringify(call)}\n`);
	if (call.serial !== undefined && call.serial !== env.ADB_STAND_IN_SERIAL) {
		process.stderr.write(`adb: device '${call.serial}' not found\n`);
		return 1;
	}
	const [command, ...words] = call.args;
	if (command === 'exec-out' && words.join(' ') === 'screencap -p') {
		process.stdout.write(readFileSync(env.ADB_STAND_IN_SCREENSHOT));
		return 0;
	}
	if (command === 'shell' && words.length > 0) {
		try {
			deviceSteps(adbShellCall(call.args).script);
			return 0;
		} catch (error) {
			process.stderr.write(`Error: ${(error as Error).message}\n`);
			return 1;
		}
	}
	process.stderr.write(`adb stand-in: does not play "adb ${argv.join(' ')}"\n`);
	return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
