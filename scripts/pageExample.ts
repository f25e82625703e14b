/**
 * The "Solve a captcha on a page" example against a real Chromium: the browser with a DevTools
 * port, the example pointed at it, and pictures of the demo page before and after. Shared by
 * `npm run demo`, the e2e suite and `npm run screenshots` (which writes the README's pictures; the
 * e2e suite only compares them). `npm run dev` starts Chromium on the example's own defaults.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PAGE_SETTINGS_NODE_NAME, type WorkflowJson } from '../examples/workflows';
import type { Emulator } from '../test/emulator/server';
import { CdpConnection, CdpPage } from '../test/helpers/cdp-driver';
import { launchChromium, type LaunchedChromium } from '../test/helpers/chromium';
import { deployAsWebhook, type PublicApi, REPO_ROOT, runWebhook, type WebhookRun } from './n8n';

/** The README's pictures of the demo page, before the run and once the page accepted the answer. */
export const PAGE_SCREENSHOTS = {
	before: join(REPO_ROOT, 'docs', 'solve-on-page-before.png'),
	after: join(REPO_ROOT, 'docs', 'solve-on-page-after.png'),
};
/** A seeded page shows the same captcha every time, so the pictures can be compared run to run. */
const SCREENSHOT_SEED = 'readme';
/** The demo page's captcha modal fits in this window; the pictures are of the whole window. */
const WINDOW = { width: 640, height: 560 };
const PICTURE = { width: 640, height: 430 };

export interface PageSettings {
	browserUrl: string;
	captchaPage: string;
}

/**
 * Chromium with a DevTools port, showing the example's captcha page in its first tab (the page the
 * example then opens again in a tab of its own). Seeded unless `fresh` is set.
 */
export async function startExampleBrowser(
	emulator: Pick<Emulator, 'demoUrl'>,
	options: { port?: number; fresh?: boolean } = {},
): Promise<{ chromium: LaunchedChromium; settings: PageSettings }> {
	const captchaPage = emulator.demoUrl('tiktok-slider', options.fresh ? { success: 'mark' } : { seed: SCREENSHOT_SEED, success: 'mark' });
	const chromium = await launchChromium({ url: captchaPage, port: options.port, ...WINDOW });
	return { chromium, settings: { browserUrl: chromium.httpUrl, captchaPage } };
}

/** The example with its "Browser and page" node pointed at another browser and page (its settings by name). */
export function withPageSettings(workflow: WorkflowJson, settings: PageSettings | Record<string, string>): WorkflowJson {
	const copy = structuredClone(workflow);
	const node = copy.nodes.find((candidate) => candidate.name === PAGE_SETTINGS_NODE_NAME);
	if (!node) throw new Error(`${workflow.name} has no "${PAGE_SETTINGS_NODE_NAME}" node`);
	const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
	const values: Record<string, string> = { ...settings };
	for (const assignment of assignments) {
		if (assignment.name in values) assignment.value = values[assignment.name];
	}
	return copy;
}

/**
 * A picture of a tab of `chromium` (the first page when no target id is given), taken once its
 * captcha is on screen with its images loaded (`before`) or once the page shows it solved (`after`).
 */
async function screenshotTab(chromium: LaunchedChromium, state: 'before' | 'after', targetId?: string): Promise<Buffer> {
	const connection = await CdpConnection.connect(chromium.browserWsUrl);
	try {
		const { targetInfos } = await connection.send<{ targetInfos: Array<{ targetId: string; type: string }> }>('Target.getTargets');
		const target = targetInfos.find((info) => info.type === 'page' && (targetId === undefined || info.targetId === targetId));
		if (!target) throw new Error(`no tab ${targetId ?? ''} in the browser`);
		const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
		const page = new CdpPage(connection, sessionId, target.targetId);
		await page.send('Runtime.enable');
		// The first tab and the tabs opened later get different viewports; the pictures get one size.
		await page.send('Emulation.setDeviceMetricsOverride', { ...PICTURE, deviceScaleFactor: 1, mobile: false });
		const ready =
			state === 'before'
				? `document.body?.dataset.captcha === 'shown' && [...document.images].every((image) => image.complete && image.naturalWidth > 0)`
				: `document.body?.dataset.captcha === 'solved'`;
		await page.waitFor(ready, 15_000);
		// The success mark fades in; the pictures show it settled.
		await sleep(state === 'after' ? 800 : 200);
		return await page.screenshot();
	} finally {
		connection.close();
	}
}

export interface PageExampleRun {
	run: WebhookRun;
	/** The demo page as the example found it, and the tab it solved once the page accepted the answer. */
	before: Buffer;
	after?: Buffer;
}

/**
 * Runs the example once in a running n8n (as a webhook copy) against a Chromium started here on
 * the seeded demo page, with pictures of the page before and after; closes the browser after.
 */
export async function runPageExample(n8n: { url: string; api: PublicApi }, workflow: WorkflowJson, emulator: Pick<Emulator, 'demoUrl'>, path: string): Promise<PageExampleRun> {
	const { chromium, settings } = await startExampleBrowser(emulator);
	try {
		const before = await screenshotTab(chromium, 'before');
		await deployAsWebhook(n8n.url, n8n.api, withPageSettings(workflow, settings), path);
		const run = await runWebhook(n8n.url, path);
		const solvedTab = (run.items[0]?.page as { targetId?: string } | undefined)?.targetId;
		const after = run.items[0]?.solved === true ? await screenshotTab(chromium, 'after', solvedTab) : undefined;
		return { run, before, after };
	} finally {
		await chromium.close();
	}
}
