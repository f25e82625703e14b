/**
 * `npm run demo`: the examples, run headless in a real n8n against the local emulator. Builds the
 * package, links it into a scratch n8n, runs every example workflow once and prints each parsed
 * answer on one line; the on-page example solves a demo captcha in a headless Chromium started
 * here, and the phone-farm example swipes on an adb stand-in (no phone here). Exits non-zero when
 * any example fails. Takes ~40 s once n8n and Chromium are installed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../test/emulator/server';
import { EXAMPLES, PAGE_EXAMPLE_KEY, PHONE_FARM_EXAMPLE_KEY, type WorkflowJson } from '../examples/workflows';
import type { LaunchedChromium } from '../test/helpers/chromium';
import { startExampleBrowser, withPageSettings } from './pageExample';
import { startPhoneStandIn, summarizePhoneCalls, withStandInPhone } from './phoneFarmExample';
import {
	buildPackage,
	deployAsWebhook,
	freePort,
	freshUserFolder,
	installedN8nVersion,
	installN8n,
	linkWorkingTree,
	readExampleWorkflows,
	runWebhook,
	startExamplesInstance,
	summarizeItem,
} from './n8n';

const DEMO_OWNER = { email: 'demo@example.com', password: 'OmoCaptcha-demo-1', firstName: 'Demo', lastName: 'Owner' };

async function main(): Promise<number> {
	log('building the package');
	buildPackage();
	log('installing n8n (cached after the first run)');
	const home = { n8nDir: installN8n(), userFolder: freshUserFolder() };
	linkWorkingTree(home);
	const emulator = await startEmulator({ solveMs: 500 });
	const phoneFolder = mkdtempSync(join(tmpdir(), 'omocaptcha-demo-phone-'));
	const phone = startPhoneStandIn(phoneFolder);
	let instance: Awaited<ReturnType<typeof startExamplesInstance>> | undefined;
	let browser: LaunchedChromium | undefined;
	try {
		log(`starting n8n ${installedN8nVersion(home.n8nDir)}`);
		instance = await startExamplesInstance({
			home,
			server: { port: await freePort(), brokerPort: await freePort(), env: phone.n8nEnv },
			emulatorUrl: emulator.url,
			owner: DEMO_OWNER,
		});
		const { url } = instance.server;
		let failures = 0;
		for (const [index, workflow] of readExampleWorkflows().entries()) {
			const spec = EXAMPLES[index];
			const path = `demo-${spec.key}`;
			const title = spec.workflowName.replace('OmoCaptcha example: ', '').padEnd(28);
			let runnable: WorkflowJson = workflow;
			if (spec.needs) {
				console.log(`– ${title} skipped: needs ${spec.needs}`);
				continue;
			}
			if (spec.key === PAGE_EXAMPLE_KEY) {
				log('starting headless Chromium on a demo captcha page');
				try {
					const started = await startExampleBrowser(emulator, { fresh: true });
					browser = started.chromium;
					runnable = withPageSettings(workflow, started.settings);
				} catch (error) {
					// Without a browser the other answers still stand.
					failures++;
					console.log(`✘ ${title} no Chromium to solve on: ${(error as Error).message.split('\n')[0]}`);
					continue;
				}
			}
			const phoneCalls = phone.adb.calls().length;
			if (spec.key === PHONE_FARM_EXAMPLE_KEY) runnable = withStandInPhone(workflow, phone);
			await deployAsWebhook(url, instance.api, runnable, path);
			const run = await runWebhook(url, path);
			const ok = run.status === 200 && run.items.length > 0 && run.items.every((item) => !('error' in item) && item.solved !== false);
			if (!ok) failures++;
			const summary =
				spec.key === PHONE_FARM_EXAMPLE_KEY
					? () => `adb stand-in ${phone.adb.serial} got: ${summarizePhoneCalls(phone.adb.calls().slice(phoneCalls))}`
					: () => run.items.map(summarizeItem).join('; ');
			const answer = ok ? summary() : `FAILED (HTTP ${run.status}): ${JSON.stringify(run.body)}`;
			console.log(`${ok ? '✔' : '✘'} ${title} ${answer}`);
		}
		return failures === 0 ? 0 : 1;
	} finally {
		await browser?.close();
		await instance?.server.stop();
		await emulator.close();
		rmSync(home.userFolder, { recursive: true, force: true });
		rmSync(phoneFolder, { recursive: true, force: true });
	}
}

function log(message: string): void {
	console.error(`demo: ${message}`);
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`demo failed: ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
