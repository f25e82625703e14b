/**
 * The OmoCaptcha node in n8n's editor, driven by headless Chromium: opens the first example
 * workflow, runs it as a user would (Execute workflow), opens the node's panel and takes the
 * screenshot the README shows. Used by the e2e suite (which checks what the panel shows and
 * compares the picture with docs/editor-panel.png) and by `npm run screenshots` (which writes it).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from 'playwright-core';
import { EXAMPLES } from '../examples/workflows';
import type { Emulator, EmulatorJob } from '../test/emulator/server';
import { AUTH_COOKIE, REPO_ROOT } from './n8n';

/** The README's picture of the node panel. */
export const EDITOR_SCREENSHOT = join(REPO_ROOT, 'docs', 'editor-panel.png');

export interface EditorPanel {
	/** The job the editor's run created. */
	job: EmulatorJob;
	/** What the panel's Resource, Operation and Credential fields show. */
	resource: string;
	operation: string;
	credential: string;
	/** The panel's text, output table included. */
	text: string;
	/** PNG of the whole window with the panel open. */
	screenshot: Buffer;
}

/** Runs the first example in the editor and returns what its OmoCaptcha panel shows. */
export async function openEditorPanel(n8nUrl: string, authCookie: string, emulator: Emulator): Promise<EditorPanel> {
	const executablePath = execFileSync('bash', [join(REPO_ROOT, 'scripts/ensure-chromium.sh')], { encoding: 'utf8' }).trim();
	const browser = await chromium.launch({
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		await context.addCookies([{ name: AUTH_COOKIE, value: authCookie, url: n8nUrl }]);
		const page = await context.newPage();
		const spec = EXAMPLES[0];
		await page.goto(`${n8nUrl}/workflow/${spec.workflowId}`);

		// The example as imported (manual trigger): run it the way a user would.
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${spec.solverName}"]`);
		await node.waitFor({ timeout: 60_000 });
		emulator.reset();
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const jobs = () => [...emulator.jobs.values()].filter((job) => Number(job.data.type_job_id) === spec.typeJobId);
		await until(() => jobs().length === 1, 30_000, 'the editor run created no job');
		const [job] = jobs();

		await node.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		// The output table shows this very job once the run has finished.
		await until(async () => (await panel.innerText()).includes(String(job.id)), 30_000, `the panel never showed job ${job.id}`);
		const resource = await inputValue(page, 'resource');
		const operation = await inputValue(page, 'operation');
		const credential = await panel.locator('[data-test-id="node-credentials-select"] input').inputValue();
		const text = await panel.innerText();

		// Close the "executed successfully" toast and let animations settle before the picture.
		for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click();
		await page.mouse.move(0, 0);
		await page.waitForTimeout(1000);
		const screenshot = await page.screenshot();
		return { job, resource, operation, credential, text, screenshot };
	} finally {
		await browser.close();
	}
}

/** The text an options parameter shows in the node panel (the first that has a value). */
async function inputValue(page: Page, parameter: string): Promise<string> {
	const input = page.locator(`[data-test-id="parameter-input-${parameter}"] input`).first();
	await until(async () => (await input.inputValue()) !== '', 10_000, `parameter ${parameter} stayed empty`);
	return await input.inputValue();
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(message);
		await sleep(200);
	}
}
