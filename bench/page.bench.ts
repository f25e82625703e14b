/**
 * `npm run bench:page` (also the second half of `npm run bench`): the on-page overhead of Page →
 * Solve Captcha on Page — connect + find + capture + verify, without the OmoCaptcha solve and
 * without the drag or clicks themselves (a person-like drag takes 1–3 s by design) — over
 * BENCH_PAGE_RUNS runs (default 20) on the emulator's demo pages in headless Chromium, the four
 * kinds in turn. Prints figures; asserts nothing about time; exits non-zero only when a run does
 * not solve. Wrap in `flock /tmp/omo-heavy.lock` on a shared machine.
 */
import { performance } from 'node:perf_hooks';

import { sleep } from 'n8n-workflow';

import { solveOnPage } from '../nodes/OmoCaptcha/browser/solveOnPage';
import { OmoCaptchaClient } from '../nodes/OmoCaptcha/transport/client';
import { JobPoller } from '../nodes/OmoCaptcha/transport/poller';
import { startEmulator } from '../test/emulator/server';
import type { DemoKind } from '../test/emulator/demo/captchas';
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

async function main() {
	const emulator = await startEmulator();
	const chromium = await launchChromium();
	const driver = await CdpConnection.connect(chromium.browserWsUrl);
	const page = await CdpPage.open(driver);
	const client = new OmoCaptchaClient(async (method, body, signal) => {
		const response = await fetch(`${emulator.url}/${method}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...body, api_token: 'test-token' }),
			signal,
		});
		return await response.json();
	});
	const rows: Array<{ kind: string; overhead: number; connect: number; find: number; capture: number; verify: number; solve: number; act: number }> = [];
	try {
		for (let run = 0; run < RUNS; run++) {
			const [demo, kind] = KINDS[run % KINDS.length];
			await page.goto(emulator.demoUrl(demo, { seed: `bench-${run}` }));
			const started = performance.now();
			const result = await solveOnPage(
				{ endpoint: { url: chromium.httpUrl }, page: { by: 'urlContains', text: `bench-${run}` }, captcha: kind, timeoutMs: 10_000, attempts: 1 },
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
			rows.push({
				kind: demo,
				overhead: t.connectMs + t.findMs + t.captureMs + t.verifyMs,
				connect: t.connectMs,
				find: t.findMs,
				capture: t.captureMs,
				verify: t.verifyMs,
				solve: t.solveMs,
				act: t.actMs,
			});
			console.log(
				`run ${String(run + 1).padStart(2)} ${demo.padEnd(14)} overhead ${String(rows.at(-1)!.overhead).padStart(4)} ms ` +
					`(connect ${t.connectMs}, find ${t.findMs}, capture ${t.captureMs}, verify ${t.verifyMs}); solve ${t.solveMs}, drag/clicks ${t.actMs}, wall ${Math.round(wall)}`,
			);
		}
	} finally {
		driver.close();
		await chromium.close();
		await emulator.close();
	}
	const overheads = rows.map((row) => row.overhead);
	console.log('');
	console.log(`On-page overhead (connect + find + capture + verify), ${rows.length} runs on ${KINDS.length} demo captchas:`);
	console.log(`  median ${median(overheads)} ms, p90 ${percentile(overheads, 0.9)} ms, min ${Math.min(...overheads)} ms, max ${Math.max(...overheads)} ms (goal: median under 300 ms)`);
	for (const phase of ['connect', 'find', 'capture', 'verify'] as const) {
		console.log(`  ${phase.padEnd(8)} median ${median(rows.map((row) => row[phase]))} ms`);
	}
	for (const [demo] of KINDS) {
		const own = rows.filter((row) => row.kind === demo).map((row) => row.overhead);
		if (own.length) console.log(`  ${demo.padEnd(14)} median ${median(own)} ms over ${own.length} runs`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
