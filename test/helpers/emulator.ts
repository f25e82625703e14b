/**
 * The emulator for the tests of a file or a describe block: started before them, reset before
 * each test (request log, jobs, queued faults, demo attempts and the options it was started with),
 * closed after them. The returned object stands for the emulator started in beforeAll, so tests
 * use it as the emulator itself.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server';

export function useEmulator(options: EmulatorOptions = {}): Emulator {
	let started: Emulator | undefined;
	beforeAll(async () => {
		started = await startEmulator(options);
	});
	afterAll(async () => await started?.close());
	beforeEach(() => started?.reset());

	return lateBound(() => {
		if (!started) throw new Error('the emulator starts in beforeAll: use it inside tests and hooks');
		return started;
	});
}

/**
 * An object that stands for one started in a hook: every property read (methods bound) and write
 * goes to what `current()` returns at that moment.
 */
export function lateBound<T extends object>(current: () => T): T {
	return new Proxy({} as T, {
		get(_target, key) {
			const value: unknown = Reflect.get(current(), key);
			return typeof value === 'function' ? value.bind(current()) : value;
		},
		set: (_target, key, value) => Reflect.set(current(), key, value),
	});
}
