/**
 * The browser suites' set-up: the emulator (with its demo captcha pages), a headless Chromium and
 * the tests' own DevTools connection to it, started once before a file's tests and closed after
 * them. The returned objects stand for those started in beforeAll, so tests use them as they are.
 */
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server';
import { CdpConnection } from './cdp-driver';
import { launchChromium, type LaunchedChromium } from './chromium';
import { lateBound } from './emulator';

interface DemoBrowser {
	emulator: Emulator;
	chromium: LaunchedChromium;
	driver: CdpConnection;
}

export function useDemoBrowser(): DemoBrowser {
	let started: Partial<DemoBrowser> = {};
	beforeAll(async () => {
		const emulator = await startEmulator();
		const chromium = await launchChromium();
		started = { emulator, chromium, driver: await CdpConnection.connect(chromium.browserWsUrl) };
	}, 60_000);
	afterAll(async () => {
		started.driver?.close();
		await started.chromium?.close();
		await started.emulator?.close();
	});

	const part = <K extends keyof DemoBrowser>(key: K): DemoBrowser[K] =>
		lateBound(() => {
			const value = started[key];
			if (!value) throw new Error(`the ${key} starts in beforeAll: use it inside tests and hooks`);
			return value as DemoBrowser[K];
		});
	return { emulator: part('emulator'), chromium: part('chromium'), driver: part('driver') };
}
