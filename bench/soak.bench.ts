/**
 * The soak's figures (`npm run bench` prints them after the batch benchmark): 1,000 items with
 * about one request in ten faulty, through the real node in an in-process n8n execution against
 * the emulator (in this process: its memory counts, but it only keeps small images), and the same
 * batch without faults, its no-fault ideal. Prints both wall times side by side, the floor the
 * interval rule and Retry-After set for the faults the run met (and how far the node is from it),
 * requests per job, poll spacing, peak memory, the faults injected and the outcomes; exits non-zero when any of
 * the soak's checks fails on either run (see test/soak/soak.ts).
 *
 * Then the same at two intervals to a solve, where the one interval each fault costs weighs more.
 *
 *   SOAK_ITEMS=1000 SOAK_SEED=20261123 npm run bench
 *
 * `npm run bench` runs this file in a process of its own (node --expose-gc --import tsx bench/soak.bench.ts).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { DEFAULT_SOAK, runSoak, type SoakFigures, type SoakResult, type SoakSettings } from '../test/soak/soak';

async function benchSoak(nodeType: new () => INodeType): Promise<boolean> {
	const items = Number(process.env.SOAK_ITEMS ?? DEFAULT_SOAK.items);
	const seed = Number(process.env.SOAK_SEED ?? DEFAULT_SOAK.seed);
	const settings = { ...DEFAULT_SOAK, items: Number.isInteger(items) && items > 0 ? items : DEFAULT_SOAK.items, seed };
	const atTheSoaksPace = await benchSoakAt(nodeType, settings);
	// Two intervals to a solve: a job has one poll before its answer, so any fault on the polls at
	// its end costs a whole interval against a batch three intervals long.
	console.log('\nThe same soak with jobs solved in two intervals (a harsher ratio: the batch it is measured against is shorter)');
	const atTwoIntervals = await benchSoakAt(nodeType, { ...settings, solveMs: 2 * settings.pollIntervalS * 1000 });
	return atTheSoaksPace && atTwoIntervals;
}

async function benchSoakAt(nodeType: new () => INodeType, settings: SoakSettings): Promise<boolean> {
	console.log('\nOmoCaptcha soak under faults');
	console.log(
		`  ${settings.items} TikTok Rotate (Web) items, jobs solved ${settings.solveMs / 1000} s after createJob, poll interval ${settings.pollIntervalS} s, timeout ${settings.timeoutS} s, seed ${settings.seed}`,
	);
	console.log('  real node + credential in an in-process n8n execution → emulator in this process over HTTP; the same batch without faults, then with ~10% of requests faulty');
	// A smaller batch first, not measured: neither measured run pays for warming the process up.
	await runSoak(nodeType, { ...settings, items: Math.min(settings.items, 200) }, { faults: false });
	const clean = await runSoak(nodeType, settings, { faults: false });
	const faulty = await runSoak(nodeType, settings);
	printSoak(clean.figures, faulty.figures);
	let passed = true;
	for (const [name, run] of [['without faults', clean], ['with faults', faulty]] as Array<[string, SoakResult]>) {
		if (run.violations.length === 0) continue;
		passed = false;
		console.log(`  CHECKS FAILED ${name} (${run.violations.length}${run.violations.length >= 50 ? '+' : ''}):`);
		for (const violation of run.violations) console.log(`    ${violation}`);
	}
	if (passed) {
		console.log(
			'  checks                  both runs: every item answered with its own job or a clear error; no createJob twice; no token; every created job answered or named; no poll closer than the interval',
		);
	}
	return passed;
}

function printSoak(clean: SoakFigures, faulty: SoakFigures): void {
	const line = (label: string, text: string) => console.log(`  ${label.padEnd(24)}${text}`);
	const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
	line(
		'wall time',
		`${seconds(faulty.wallMs)} with faults, ${seconds(clean.wallMs)} without = ${(faulty.wallMs / clean.wallMs).toFixed(2)} × the no-fault run   [workflow execution start → end]`,
	);
	line('', `(one solve + one interval, the floor of either: ${seconds(faulty.idealMs)}; without faults ${(clean.wallMs / clean.idealMs).toFixed(2)} × that, with ${(faulty.wallMs / faulty.idealMs).toFixed(2)} ×)`);
	const floor = faulty.beyondRules;
	const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
	line(
		'the rules\' floor',
		`${seconds(floor.floorWallMs)} with these faults = ${(floor.floorWallMs / clean.wallMs).toFixed(2)} × the no-fault run; the node took ${(faulty.wallMs / floor.floorWallMs).toFixed(2)} × it   [every poll the moment the rules allow: an interval after its job's previous poll reached the service, or its Retry-After]`,
	);
	line(
		'',
		`per answered job, its polls waited beyond that: median ${Math.round(quantile(floor.perJobMs, 0.5))} ms, p90 ${Math.round(quantile(floor.perJobMs, 0.9))} ms, max ${Math.round(Math.max(0, ...floor.perJobMs))} ms with faults; median ${Math.round(quantile(clean.beyondRules.perJobMs, 0.5))} ms without`,
	);
	line('upload spread', `${seconds(faulty.uploadSpreadMs)} with faults, ${seconds(clean.uploadSpreadMs)} without, from first to last createJob`);
	const perJob = (figures: SoakFigures) => (figures.pollRequests / Math.max(1, figures.jobsCreated)).toFixed(2);
	line(
		'requests per job',
		`${perJob(faulty)} getJobResult per created job with faults (${faulty.pollRequests} for ${faulty.jobsCreated} jobs), ${perJob(clean)} without; ${faulty.createRequests} createJob for ${faulty.items} items`,
	);
	line(
		'poll spacing',
		`${faulty.pollGapsUnderInterval + clean.pollGapsUnderInterval} polls of a job closer than the interval to its previous one (server's clock); the closest ${Math.round(Math.min(faulty.smallestPollGapMs, clean.smallestPollGapMs))} ms apart`,
	);
	line('faults injected', `${faulty.requestsWithFault} of ${faulty.requestsTotal} requests (${((100 * faulty.requestsWithFault) / faulty.requestsTotal).toFixed(1)}%)`);
	for (const [name, count] of Object.entries(faulty.faultsInjected).sort()) line('', `${String(count).padStart(4)}  ${name}`);
	line('outcomes', `with faults: ${Object.entries(faulty.outcomes).map(([name, count]) => `${count} ${name}`).join(', ')}`);
	line('', `without: ${Object.entries(clean.outcomes).map(([name, count]) => `${count} ${name}`).join(', ')}`);
	line('answered last', `${faulty.lastItem}   [with faults; a failed poll that reached the service costs its job one interval, a 429 its Retry-After]`);
	line('peak memory over base', `rss +${faulty.peakRssMb} MB, heapUsed+external +${faulty.peakHeapMb} MB with faults (base rss ${faulty.baselineRssMb} MB)`);
}

if (require.main === module) {
	// As in bench/batch.bench.ts: under plain tsx the node is required by its full file name.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { OmoCaptcha } = require('../nodes/OmoCaptcha/OmoCaptcha.node.ts') as typeof import('../nodes/OmoCaptcha/OmoCaptcha.node');
	// As there too: loopback requests bypass any proxy from the environment, n8n's log lines go to a file.
	process.env.NO_PROXY = ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(',');
	process.env.no_proxy = process.env.NO_PROXY;
	process.env.N8N_LOG_OUTPUT = 'file';
	process.env.N8N_LOG_FILE_LOCATION ??= path.join(tmpdir(), `omocaptcha-soak-${process.pid}.log`);
	benchSoak(OmoCaptcha).then(
		(passed) => process.exit(passed ? 0 : 1),
		(error: Error) => {
			console.error(`\nsoak: ${error.message}`);
			process.exit(1);
		},
	);
}
