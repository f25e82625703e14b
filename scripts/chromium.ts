/**
 * `npm run chromium -- [options]`: headless Chromium with a DevTools port on a demo captcha page,
 * for trying "Solve Captcha on Page" by hand (and for `npm run dev`). Starts the OmoCaptcha
 * emulator too unless --emulator points at a running one, prints the DevTools URLs, and stays up
 * until Ctrl-C (then kills Chromium and deletes its profile).
 *
 *   --page tiktok-slider|tiktok-rotate|tiktok-select|shopee-slider   (default tiktok-slider)
 *   --query "reject=first&delay=500"   page options (docs/demo-captcha-pages.md)
 *   --emulator http://127.0.0.1:8765   use a running emulator (its origin or its /api URL)
 *   --emulator-port 8765               port for the emulator started here (default: any free port)
 *   --headed                           show a window (needs a display)
 */
import { parseArgs } from 'node:util';
import { DEMO_KINDS, startEmulator, type DemoKind, type Emulator } from '../test/emulator/server';
import { launchChromium, type LaunchedChromium } from '../test/helpers/chromium';

/**
 * Chromium with a DevTools port on a demo captcha page of the emulator at `emulatorOrigin`
 * (`npm run dev` can export and reuse it with its own emulator). Close it with `.close()`.
 */
async function startDemoChromium(options: {
	emulatorOrigin: string;
	page?: DemoKind;
	query?: string;
	headless?: boolean;
}): Promise<LaunchedChromium & { pageUrl: string }> {
	const query = (options.query ?? '').replace(/^\?/, '');
	const pageUrl = `${options.emulatorOrigin}/demo/${options.page ?? 'tiktok-slider'}${query ? `?${query}` : ''}`;
	const chromium = await launchChromium({ url: pageUrl, headless: options.headless ?? true });
	return { ...chromium, pageUrl };
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			page: { type: 'string', default: 'tiktok-slider' },
			query: { type: 'string', default: '' },
			emulator: { type: 'string' },
			'emulator-port': { type: 'string' },
			headed: { type: 'boolean', default: false },
		},
		strict: true,
	});
	const kind = values.page as DemoKind;
	if (!DEMO_KINDS.includes(kind)) throw new Error(`--page must be one of ${DEMO_KINDS.join(', ')}, got '${values.page}'`);

	let emulator: Emulator | undefined;
	let origin: string;
	if (values.emulator) {
		origin = new URL(values.emulator).origin;
	} else {
		emulator = await startEmulator({ port: values['emulator-port'] ? Number(values['emulator-port']) : 0 });
		origin = emulator.origin;
		console.log(`OmoCaptcha emulator: ${emulator.url} (token: ${emulator.options.apiToken ?? 'test-token'})`);
	}
	const chromium = await startDemoChromium({ emulatorOrigin: origin, page: kind, query: values.query, headless: !values.headed });
	console.log(`Demo page:      ${chromium.pageUrl}`);
	console.log(`DevTools HTTP:  ${chromium.httpUrl}   (use this as the Browser URL; /json/version, /json/list)`);
	console.log(`DevTools WS:    ${chromium.browserWsUrl}`);
	console.log('Ctrl-C stops Chromium' + (emulator ? ' and the emulator.' : '.'));

	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		await chromium.close();
		await emulator?.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	chromium.process.once('exit', (code) => {
		if (stopping) return;
		console.error(`Chromium exited (code ${code})`);
		void stop(1);
	});
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`chromium: ${error.message}`);
		process.exit(1);
	});
}
