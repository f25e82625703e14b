/**
 * n8n's package checks, by running scripts/check-package.ts: the community-node lint rules, the
 * @n8n/scan-community-package analysis of the sources and of the packed tarball, and the
 * tarball's contents. Each check is its own test so a failure names the check and shows why.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../scripts/check-package';
import { REPO_ROOT } from '../../scripts/n8n';

let results: CheckResult[];

beforeAll(() => {
	// A separate process without vitest's NODE_ENV=test, which changes n8n's lint rules.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-package.ts', '--json'], {
		cwd: REPO_ROOT,
		env,
		encoding: 'utf8',
	});
	const json = run.stdout.split('\n').find((line) => line.startsWith('['));
	if (!json) throw new Error(`check-package printed no results (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
	results = JSON.parse(json) as CheckResult[];
});

describe('n8n package checks', () => {
	it.each(['eslint', 'scan source tree', 'scan packed tarball', 'tarball contents'])('%s passes', (prefix) => {
		const result = results.find((candidate) => candidate.name.startsWith(prefix));
		expect(result, `no check named ${prefix}…`).toBeDefined();
		expect(result?.passed, `${result?.name}:\n${result?.details}`).toBe(true);
	});
});
