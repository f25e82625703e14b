/**
 * `npm run bench:page` (also the second half of `npm run bench`): the on-page overhead of Page →
 * Solve Captcha on Page — connect + find + capture + verify, without the OmoCaptcha solve and
 * without the drag or clicks themselves (a person-like drag takes 1–3 s by design) — over
 * BENCH_PAGE_RUNS runs (default 20) on the emulator's demo pages, the four kinds in turn, in a
 * local headless Chromium and then through a self-hosted Browserless (skipped with
 * BENCH_PAGE_BROWSERLESS=0). Prints figures per phase and the machine's load beside them;
 * asserts nothing about time; exits non-zero only when a run does not solve. Wrap in
 * `flock /tmp/omo-heavy.lock` on a shared machine.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { sleep } from 'n8n-workflow';

import type { Endpoint } from '../nodes/OmoCaptcha/browser/connection/endpoint';
import { solveOnPage } from '../nodes/OmoCaptcha/browser/solveOnPage';
import { OmoCaptchaClient } from '../nodes/OmoCaptcha/transport/client';
import { JobPoller } from '../nodes/OmoCaptcha/transport/poller';
import { startEmulator, type Emulator } from '../test/emulator/server';
import type { DemoKind } from '../test/emulator/demo/captchas';
import { startBrowserless } from '../test/helpers/browserless';
import { launchChromium } from '../test/helpers/chromium';
import { CdpConnection, CdpPage } from '../test/helpers/cdp-driver';

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 20);
const KINDS: Array<[DemoKind, 'tiktokSlider' | 'tiktokRotate' | 'tiktokSelect' | 'shopeeSlider']> = [
	['tiktok-slider', 'tiktokSlider'],
	['tiktok-rotate', 'tiktokRotate'],
	['tiktok-select', 'tiktokSelect'],
	['shopee-slider', 'shopeeSlider'],
];

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

interface Row {
	kind: string;
	overhead: number;
	connect: number;
	find: number;
	capture: number;
	verify: number;
}

/** A browser to measure on: the Browser URL the node is given, and a driver connection that opens the demo pages in it. */
interface BenchBrowser {
	name: string;
	endpoint: Endpoint;
	driver: CdpConnection;
	close(): Promise<void>;
}

async function localChromium(): Promise<BenchBrowser> {
	const chromium = await launchChromium();
	const driver = await CdpConnection.connect(chromium.browserWsUrl);
	return {
		name: 'local Chromium (http://127.0.0.1:<port>)',
		endpoint: { url: chromium.httpUrl },
		driver,
		close: async () => {
			driver.close();
			await chromium.close();
		},
	};
}

/**
 * Self-hosted Browserless: each connection to ws://host?token=… launches a browser of its own,
 * so the driver's connection keeps one open and the node is given that browser's socket, as
 * test/browser/browserless.test.ts does.
 */
async function browserless(): Promise<BenchBrowser> {
	const server = await startBrowserless();
	const driver = await CdpConnection.connect(server.wsUrl);
	await CdpPage.openWindow(driver, 'about:blank');
	const sessions = (await (await fetch(`${server.origin}/sessions?token=${server.token}`)).json()) as Array<{ type: string; browserId: string }>;
	const browser = sessions.find((session) => session.type === 'browser')!;
	return {
		name: 'self-hosted Browserless (ws://…/devtools/browser/<id>, the token as a credential\'s query parameter)',
		endpoint: { url: `ws://127.0.0.1:${server.port}/devtools/browser/${browser.browserId}`, query: { token: server.token } },
		driver,
		close: async () => {
			driver.close();
			await server.close();
		},
	};
}

async function measure(browser: BenchBrowser, emulator: Emulator, client: OmoCaptchaClient): Promise<Row[]> {
	const page = await CdpPage.openWindow(browser.driver, 'about:blank');
	const rows: Row[] = [];
	console.log(`\n${browser.name}:`);
	for (let run = 0; run < RUNS; run++) {
		const [demo, kind] = KINDS[run % KINDS.length];
		await page.goto(emulator.demoUrl(demo, { seed: `bench-${run}` }));
		const started = performance.now();
		const result = await solveOnPage(
			{ endpoint: browser.endpoint, page: { by: 'urlContains', text: `bench-${run}` }, captcha: kind, timeoutMs: 10_000, attempts: 1 },
			{
				wait: sleep,
				getJson: async (url) => await (await fetch(url)).json(),
				api: client.api,
				solveJob: async (data, signal) => {
					const jobId = await client.createJob(data, signal);
					const typeJobId = String('type' in data ? data.type : data.type_job_id);
					const result = await new JobPoller(client, { intervalMs: 50, timeoutMs: 10_000, wait: sleep, signal }).waitForResult({ jobId, typeJobId });
					return { jobId, result };
				},
			},
		);
		const wall = performance.now() - started;
		if (!result.solved) throw new Error(`run ${run} (${demo}) was not solved: ${JSON.stringify(result.attempts)}`);
		const t = result.timings;
		const overhead = t.connectMs + t.findMs + t.captureMs + t.verifyMs;
		rows.push({ kind: demo, overhead, connect: t.connectMs, find: t.findMs, capture: t.captureMs, verify: t.verifyMs });
		console.log(
			`run ${String(run + 1).padStart(2)} ${demo.padEnd(14)} overhead ${String(overhead).padStart(4)} ms ` +
				`(connect ${t.connectMs}, find ${t.findMs}, capture ${t.captureMs}, verify ${t.verifyMs}); solve ${t.solveMs}, drag/clicks ${t.actMs}, wall ${Math.round(wall)}`,
		);
	}
	await page.close();
	return rows;
}

function summary(name: string, rows: Row[], load: string): void {
	const overheads = rows.map((row) => row.overhead);
	console.log(`\nOn-page overhead (connect + find + capture + verify) in ${name}, ${rows.length} runs on ${KINDS.length} demo captchas (load average ${load}):`);
	console.log(`  median ${median(overheads)} ms, p90 ${percentile(overheads, 0.9)} ms, min ${Math.min(...overheads)} ms, max ${Math.max(...overheads)} ms (goal: median under 150 ms, p90 under 300 ms)`);
	for (const phase of ['connect', 'find', 'capture', 'verify'] as const) {
		console.log(`  ${phase.padEnd(8)} median ${median(rows.map((row) => row[phase]))} ms, p90 ${percentile(rows.map((row) => row[phase]), 0.9)} ms`);
	}
	for (const [demo] of KINDS) {
		const own = rows.filter((row) => row.kind === demo).map((row) => row.overhead);
		if (own.length) console.log(`  ${demo.padEnd(14)} median ${median(own)} ms over ${own.length} runs`);
	}
}

/** The machine's load average (1, 5, 15 min) and cores: the figures mean little without it. */
const loadNow = () => `${loadavg().map((value) => value.toFixed(2)).join(', ')} on ${cpus().length} cores`;

async function main() {
	const emulator = await startEmulator();
	const client = new OmoCaptchaClient(async (method, body, signal) => {
		const response = await fetch(`${emulator.url}/${method}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...body, api_token: 'test-token' }),
			signal,
		});
		return await response.json();
	});
	const results: Array<{ name: string; rows: Row[]; load: string }> = [];
	try {
		for (const start of [localChromium, browserless]) {
			if (start === browserless && process.env.BENCH_PAGE_BROWSERLESS === '0') continue;
			const browser = await start();
			try {
				const rows = await measure(browser, emulator, client);
				results.push({ name: browser.name, rows, load: loadNow() });
			} finally {
				await browser.close();
			}
		}
	} finally {
		await emulator.close();
	}
	for (const { name, rows, load } of results) summary(name, rows, load);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
