/**
 * `npm run dev`: a local n8n to try the node by hand. Builds the package, starts the OmoCaptcha
 * emulator on 127.0.0.1:8765, links the working tree into a fresh n8n (user folder
 * .omocaptcha/dev-n8n) with the emulator credential and the example workflows imported, creates
 * the owner account and prints where to log in. Ctrl-C stops n8n and the emulator and deletes the
 * user folder (it links back to the repo, a loop for tools that walk the tree).
 * After changing the node: stop, and start again (it rebuilds).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../test/emulator/server';
import { EXAMPLES } from '../examples/workflows';
import { buildPackage, freshUserFolder, installN8n, linkWorkingTree, REPO_ROOT, startExamplesInstance } from './n8n';

const N8N_PORT = 5678;
const BROKER_PORT = 5679;
const EMULATOR_PORT = 8765;
const DEV_OWNER = { email: 'demo@example.com', password: 'OmoCaptcha-demo-1', firstName: 'Demo', lastName: 'Owner' };

async function main(): Promise<void> {
	log('building the package');
	buildPackage();
	log('installing n8n (cached after the first run)');
	const home = { n8nDir: installN8n(), userFolder: freshUserFolder(join(REPO_ROOT, '.omocaptcha', 'dev-n8n')) };
	linkWorkingTree(home);

	// Each job stays "running" for a second, so the node's polling is visible in the emulator's log.
	const emulator = await startEmulator({ port: EMULATOR_PORT, solveMs: 1000 });
	log(`emulator on ${emulator.url} (token: test-token)`);
	log('starting n8n (about 15 s)');
	const instance = await startExamplesInstance({
		home,
		server: { port: N8N_PORT, brokerPort: BROKER_PORT, host: 'localhost' },
		emulatorUrl: emulator.url,
		owner: DEV_OWNER,
	}).catch(async (error: Error) => {
		await emulator.close();
		throw error;
	});

	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the emulator');
		await instance.server.stop();
		await emulator.close();
		rmSync(home.userFolder, { recursive: true, force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	void instance.server.exited.then((code) => {
		if (stopping) return;
		console.error(`n8n exited unexpectedly (${code}):\n${instance.server.output().slice(-4000)}`);
		void stop(1);
	});

	console.log(
		[
			'',
			`  n8n:       ${instance.server.url}`,
			`  login:     ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
			`  emulator:  ${emulator.url} (credential "OmoCaptcha (local emulator)")`,
			'  examples:',
			...EXAMPLES.map((spec) => `    ${instance.server.url}/workflow/${spec.workflowId}  ${spec.workflowName}`),
			'',
			'  Open an example and click "Execute workflow". Ctrl-C stops everything.',
			'',
		].join('\n'),
	);
}

function log(message: string): void {
	console.error(`dev: ${message}`);
}

main().catch((error: Error) => {
	console.error(`dev failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
