/**
 * `npm run screenshots`: refreshes the README's pictures. Builds the package, links it into a
 * scratch n8n with the examples, runs the first example in headless Chromium and saves the node
 * panel (docs/editor-panel.png), then runs the on-page example against a Chromium on the seeded
 * demo page and saves the page before and after (docs/solve-on-page-*.png). The e2e suite compares
 * with these files and never writes them, so tests leave the working tree as it was; run this
 * after changing what the panel or the demo page shows.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { startEmulator } from '../test/emulator/server';
import { EXAMPLES, PAGE_EXAMPLE_KEY } from '../examples/workflows';
import { EDITOR_SCREENSHOT, openEditorPanel } from './editorPanel';
import { PAGE_SCREENSHOTS, runPageExample } from './pageExample';
import { buildPackage, freePort, freshUserFolder, installN8n, linkWorkingTree, readExampleWorkflows, REPO_ROOT, startExamplesInstance } from './n8n';

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

			const workflow = readExampleWorkflows()[EXAMPLES.findIndex((spec) => spec.key === PAGE_EXAMPLE_KEY)];
			const { run, before, after } = await runPageExample({ url: instance.server.url, api: instance.api }, workflow, emulator, 'screenshots-page');
			if (!after) throw new Error(`the on-page example did not solve the page: ${JSON.stringify(run.body).slice(0, 2000)}`);
			writeFileSync(PAGE_SCREENSHOTS.before, before);
			writeFileSync(PAGE_SCREENSHOTS.after, after);
			console.log(`wrote ${relative(REPO_ROOT, PAGE_SCREENSHOTS.before)} and ${relative(REPO_ROOT, PAGE_SCREENSHOTS.after)}`);
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
