/**
 * `npm run screenshots`: refreshes the README's picture, docs/editor-panel.png. Builds the package,
 * links it into a scratch n8n with the examples, runs the first example in headless Chromium and
 * saves the node panel. The e2e suite compares the editor with this file and never writes it, so
 * tests leave the working tree as it was; run this after changing what the panel shows.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { startEmulator } from '../test/emulator/server';
import { EDITOR_SCREENSHOT, openEditorPanel } from './editorPanel';
import { buildPackage, freePort, freshUserFolder, installN8n, linkWorkingTree, REPO_ROOT, startExamplesInstance } from './n8n';

const OWNER = { email: 'screenshots@example.com', password: 'OmoCaptcha-shots-1', firstName: 'Screen', lastName: 'Shots' };

async function main(): Promise<void> {
	console.error('screenshots: building the package and starting n8n');
	buildPackage();
	const home = { n8nDir: installN8n(), userFolder: freshUserFolder() };
	linkWorkingTree(home);
	// The same fast answers as the e2e suite, so both see the same panel.
	const emulator = await startEmulator({ solveMs: 100 });
	try {
		const instance = await startExamplesInstance({
			home,
			server: { port: await freePort(), brokerPort: await freePort() },
			emulatorUrl: emulator.url,
			owner: OWNER,
		});
		try {
			const panel = await openEditorPanel(instance.server.url, instance.authCookie, emulator);
			writeFileSync(EDITOR_SCREENSHOT, panel.screenshot);
			console.log(`wrote ${relative(REPO_ROOT, EDITOR_SCREENSHOT)} (${panel.resource} → ${panel.operation}, job ${panel.job.id})`);
		} finally {
			await instance.server.stop();
		}
	} finally {
		await emulator.close();
		rmSync(home.userFolder, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	console.error(`screenshots failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
