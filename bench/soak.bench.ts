/**
 * The soak's figures (`npm run bench` prints them after the batch benchmark): 1,000 items with
 * about one request in ten faulty, through the real node in an in-process n8n execution against
 * the emulator (in this process: its memory counts, but it only keeps small images). Prints wall
 * time against the ideal, requests per job, peak memory, the faults injected and the outcomes;
 * exits non-zero when any of the soak's checks fails (see test/soak/soak.ts).
 *
 *   SOAK_ITEMS=1000 SOAK_SEED=20261123 npm run bench
 */
import type { INodeType } from 'n8n-workflow';

import { DEFAULT_SOAK, runSoak, type SoakFigures } from '../test/soak/soak';

export async function benchSoak(nodeType: new () => INodeType): Promise<boolean> {
	const items = Number(process.env.SOAK_ITEMS ?? DEFAULT_SOAK.items);
	const seed = Number(process.env.SOAK_SEED ?? DEFAULT_SOAK.seed);
	const settings = { ...DEFAULT_SOAK, items: Number.isInteger(items) && items > 0 ? items : DEFAULT_SOAK.items, seed };
	console.log('\nOmoCaptcha soak under faults');
	console.log(
		`  ${settings.items} TikTok Rotate (Web) items, jobs solved ${settings.solveMs / 1000} s after createJob, poll interval ${settings.pollIntervalS} s, timeout ${settings.timeoutS} s, seed ${settings.seed}`,
	);
	console.log('  real node + credential in an in-process n8n execution → emulator in this process over HTTP, ~10% of requests faulty');
	const { violations, figures } = await runSoak(nodeType, settings);
	printSoak(figures);
	if (violations.length > 0) {
		console.log(`  CHECKS FAILED (${violations.length}${violations.length >= 50 ? '+' : ''}):`);
		for (const violation of violations) console.log(`    ${violation}`);
		return false;
	}
	console.log('  checks                  every item answered with its own job or a clear error; no createJob twice; no token; every created job answered or named');
	return true;
}

function printSoak(figures: SoakFigures): void {
	const line = (label: string, text: string) => console.log(`  ${label.padEnd(24)}${text}`);
	const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
	line('wall time', `${seconds(figures.wallMs)} = ${(figures.wallMs / figures.idealMs).toFixed(2)} × ideal (one solve + one interval = ${seconds(figures.idealMs)})   [workflow execution start → end]`);
	line('upload spread', `${seconds(figures.uploadSpreadMs)} from first to last createJob`);
	line(
		'requests per job',
		`${(figures.pollRequests / Math.max(1, figures.jobsCreated)).toFixed(2)} getJobResult per created job (${figures.pollRequests} for ${figures.jobsCreated} jobs); ${figures.createRequests} createJob for ${figures.items} items`,
	);
	line('faults injected', `${figures.requestsWithFault} of ${figures.requestsTotal} requests (${((100 * figures.requestsWithFault) / figures.requestsTotal).toFixed(1)}%)`);
	for (const [name, count] of Object.entries(figures.faultsInjected).sort()) line('', `${String(count).padStart(4)}  ${name}`);
	line('outcomes', Object.entries(figures.outcomes).map(([name, count]) => `${count} ${name}`).join(', '));
	line('peak memory over base', `rss +${figures.peakRssMb} MB, heapUsed+external +${figures.peakHeapMb} MB (base rss ${figures.baselineRssMb} MB)`);
}
