/**
 * n8n's checks for a community package, run offline before publishing:
 *   1. lint: the project's eslint config (n8n's community-node rules, @n8n/node-cli/eslint) over
 *      the package's sources (nodes/, credentials/, package.json);
 *   2. scan: @n8n/scan-community-package's `analyzePackage` with the two legs its CLI runs for a
 *      published package: the source tree with SOURCE_FILE_PATTERNS, and the unpacked tarball's
 *      compiled JavaScript plus package.json (its CLI only takes a registry name and fetches
 *      provenance from GitHub, which cannot work offline; the analysis itself can);
 *   3. contents: the tarball holds only package.json, README.md, LICENSE(.md) and dist/**,
 *      including every file the `n8n` section of package.json names.
 * Run: bash scripts/run.sh node --import tsx scripts/check-package.ts [--json]  (exit code 1 on failure)
 * Run it in its own process: eslint-plugin-n8n-nodes-base changes its rules when NODE_ENV is
 * 'test' (as under vitest), and then reports false findings on the real sources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packPackage, REPO_ROOT } from './n8n';

export interface CheckResult {
	name: string;
	passed: boolean;
	/** What failed (lint output, unexpected files, ...); empty when passed. */
	details: string;
}

/** The paths the package's sources live in; the rest of the repo (tests, scripts) never ships. */
const LINT_TARGETS = ['nodes', 'credentials', 'index.ts', 'package.json'];

/**
 * The files npm may put in the tarball: anything else is a packaging mistake. No source maps: they
 * would point at TypeScript sources that are not in the package.
 */
const ALLOWED_IN_TARBALL = [
	/^package\/package\.json$/,
	/^package\/README\.md$/,
	/^package\/LICENSE(\.md)?$/,
	/^package\/dist\/.+\.(js|d\.ts|json|svg|png)$/,
];
const REQUIRED_IN_TARBALL = ['package/package.json', 'package/README.md'];

/** 1. The project's eslint config over the package's sources. */
function lintSources(): CheckResult {
	const targets = LINT_TARGETS.filter((target) => existsSync(join(REPO_ROOT, target)));
	const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'eslint'), ['--max-warnings=0', ...targets], { cwd: REPO_ROOT, encoding: 'utf8' });
	return { name: `eslint ${targets.join(' ')}`, passed: run.status === 0, details: `${run.stdout}${run.stderr}`.trim() };
}

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}
type AnalyzePackage = (dir: string, patterns?: string[]) => Promise<ScanResult>;

/** The scanner ships as an ES module without types: loaded at run time. */
async function loadScanner(): Promise<{ analyzePackage: AnalyzePackage; SOURCE_FILE_PATTERNS: string[] }> {
	const path = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [REPO_ROOT] });
	return (await import(pathToFileURL(path).href)) as { analyzePackage: AnalyzePackage; SOURCE_FILE_PATTERNS: string[] };
}

/** 2a. The scanner's source leg: node and credential sources plus package.json. */
async function scanSources(): Promise<CheckResult> {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await loadScanner();
	return toCheck('scan source tree', await analyzePackage(REPO_ROOT, SOURCE_FILE_PATTERNS));
}

/** 2b. The scanner's tarball leg: the compiled JavaScript and package.json as published. */
async function scanTarball(unpackedDir: string): Promise<CheckResult> {
	const { analyzePackage } = await loadScanner();
	// (A tarball without JavaScript would pass vacuously: the contents check requires the node files.)
	return toCheck('scan packed tarball', await analyzePackage(unpackedDir, ['**/*.js', 'package.json']));
}

function toCheck(name: string, result: ScanResult): CheckResult {
	return { name, passed: result.passed, details: [result.message, result.details].filter(Boolean).join('\n') };
}

/** 3. Only the allowed files, and everything n8n needs, are in the tarball. */
function checkTarballContents(tarball: string): CheckResult {
	const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const unexpected = entries.filter((entry) => !ALLOWED_IN_TARBALL.some((pattern) => pattern.test(entry)));
	const required = [...REQUIRED_IN_TARBALL, ...[...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) => `package/${file}`)];
	const missing = required.filter((file) => !entries.includes(file));
	if (!entries.some((entry) => /^package\/LICENSE(\.md)?$/.test(entry))) missing.push('package/LICENSE or package/LICENSE.md');
	const details = [
		unexpected.length ? `not allowed in the tarball:\n  ${unexpected.join('\n  ')}` : '',
		missing.length ? `missing from the tarball:\n  ${missing.join('\n  ')}` : '',
	].filter(Boolean);
	return { name: `tarball contents (${entries.length} files)`, passed: details.length === 0, details: details.join('\n') };
}

/** Packs (which builds) and runs every check; the tarball is unpacked into a scratch folder. */
async function checkPackage(): Promise<CheckResult[]> {
	const scratch = mkdtempSync(join(tmpdir(), 'omocaptcha-check-'));
	try {
		// npm pack builds first (the prepack script), as `npm publish` does.
		const tarball = packPackage(join(scratch, 'pack'));
		const unpacked = join(scratch, 'unpacked');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		return [lintSources(), await scanSources(), await scanTarball(unpacked), checkTarballContents(tarball)];
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const results = await checkPackage();
	if (process.argv.includes('--json')) console.log(JSON.stringify(results));
	else for (const result of results) {
		console.log(`${result.passed ? '✔' : '✘'} ${result.name}`);
		if (!result.passed && result.details) console.log(result.details.replace(/^/gm, '    '));
	}
	return results.every((result) => result.passed) ? 0 : 1;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(error.stack ?? error.message);
			process.exit(1);
		},
	);
}
