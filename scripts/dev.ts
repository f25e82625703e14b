/**
 * `npm run dev`: a local n8n to try the node by hand. Builds the package, starts the OmoCaptcha
 * emulator on 127.0.0.1:8765, headless Chromium with DevTools on 127.0.0.1:9222 showing a demo
 * captcha page (what the "Solve a captcha on a page" example points at), and n8n on localhost:5678
 * (task broker 5679) with the working tree linked in as the community package. n8n keeps its data
 * in .omocaptcha/dev-n8n: the first run imports the emulator credential and the example workflows
 * and creates the owner account; later runs start from what the user built there (examples added
 * since are not imported then). `npm run dev -- --fresh` starts from scratch.
 * n8n's output and the emulator's requests go to .omocaptcha/dev.log (named on the console).
 * After changing the node: stop with Ctrl-C and start again (it rebuilds).
 */
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type LoggedRequest } from '../test/emulator/server';
import { DEFAULT_DEVTOOLS_URL, EXAMPLES } from '../examples/workflows';
import type { LaunchedChromium } from '../test/helpers/chromium';
import { buildPackage, freshUserFolder, installedN8nVersion, installN8n, linkWorkingTree, REPO_ROOT, startExamplesInstance, startServer } from './n8n';
import { startExampleBrowser } from './pageExample';

const N8N_PORT = 5678;
const BROKER_PORT = 5679;
const EMULATOR_PORT = 8765;
const DEV_OWNER = { email: 'demo@example.com', password: 'OmoCaptcha-demo-1', firstName: 'Demo', lastName: 'Owner' };
const DEV_FOLDER = join(REPO_ROOT, '.omocaptcha');
const USER_FOLDER = join(DEV_FOLDER, 'dev-n8n');
const LOG_FILE = join(DEV_FOLDER, 'dev.log');

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } }, strict: true });
	log('building the package');
	buildPackage();
	log('installing n8n (cached after the first run)');
	const n8nDir = installN8n();
	// n8n's database: present once a first run has set the instance up.
	const reuse = !values.fresh && existsSync(join(USER_FOLDER, '.n8n', 'database.sqlite'));
	const home = { n8nDir, userFolder: reuse ? USER_FOLDER : freshUserFolder(USER_FOLDER) };
	const link = linkWorkingTree(home);
	mkdirSync(DEV_FOLDER, { recursive: true });
	writeFileSync(LOG_FILE, `npm run dev, ${new Date().toISOString()}\n`);
	log(`n8n's and the emulator's logs: ${LOG_FILE}  (tail -f it in another terminal)`);

	// Each job stays "running" for a second, so the node's polling shows in the log.
	const emulator = await startEmulator({ port: EMULATOR_PORT, solveMs: 1000, onAnswered: (request) => appendFileSync(LOG_FILE, emulatorLine(request)) });
	log(`emulator on ${emulator.url} (token: test-token)`);
	const server = { port: N8N_PORT, brokerPort: BROKER_PORT, host: 'localhost', logFile: LOG_FILE };
	let n8n;
	let browser: LaunchedChromium | undefined;
	try {
		log('starting headless Chromium on a demo captcha page (installs Debian\'s chromium the first time)');
		browser = (await startExampleBrowser(emulator, { port: Number(new URL(DEFAULT_DEVTOOLS_URL).port), fresh: true })).chromium;
		if (reuse) {
			log(`starting n8n ${installedN8nVersion(n8nDir)} with the data of the last run (${USER_FOLDER}; --fresh starts over)`);
			n8n = await startServer(home, server);
		} else {
			log(`starting n8n ${installedN8nVersion(n8nDir)} on a fresh instance: credential, examples and owner account (about 30 s)`);
			n8n = (await startExamplesInstance({ home, server, emulatorUrl: emulator.url, owner: DEV_OWNER })).server;
		}
	} catch (error) {
		await browser?.close();
		await emulator.close();
		throw error;
	}

	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n, Chromium and the emulator');
		await n8n.stop();
		await browser?.close();
		await emulator.close();
		// The data stays for the next run; the link back into the repository does not (tools that
		// walk the tree would loop through it).
		rmSync(link, { force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	void n8n.exited.then((code) => {
		if (stopping) return;
		console.error(`n8n exited unexpectedly (${code}):\n${n8n.output().slice(-4000)}`);
		void stop(1);
	});

	console.log(
		[
			'',
			`  n8n:       ${n8n.url}`,
			`  login:     ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
			`  emulator:  ${emulator.url} (credential "OmoCaptcha (local emulator)")`,
			`  Chromium:  ${browser.httpUrl} (DevTools; the on-page example opens demo captchas in it)`,
			`  logs:      ${LOG_FILE}`,
			'  examples:',
			...EXAMPLES.map((spec) => `    ${n8n.url}/workflow/${spec.workflowId}  ${spec.workflowName}`),
			'',
			'  Open an example and click "Execute workflow". Ctrl-C stops everything; your workflows',
			'  stay for the next `npm run dev` (`npm run dev -- --fresh` starts over).',
			'',
		].join('\n'),
	);
}

/** One log line per emulator answer: the method, the job and the outcome, never the request body (it holds the token). */
function emulatorLine(request: LoggedRequest): string {
	const response = (request.response ?? {}) as Record<string, unknown>;
	const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
	const details = [
		body.job_id !== undefined && `job ${String(body.job_id)}`,
		response.job_id !== undefined && `job ${String(response.job_id)} created`,
		typeof response.status === 'string' && response.status,
		response.error === true && `error: ${String(response.message)}`,
	].filter(Boolean);
	return `${new Date().toISOString()} emulator: ${request.method} -> ${request.status}${details.length ? ` ${details.join(', ')}` : ''}\n`;
}

function log(message: string): void {
	console.error(`dev: ${message}`);
}

main().catch((error: Error) => {
	console.error(`dev failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
