/**
 * `npm test` runs n8n's engine from the dev dependencies; the e2e and queue-mode suites and the demo
 * run the n8n that scripts/install-n8n.sh installs. Both must be the same n8n, so a move to a newer
 * n8n (docs/testing-with-n8n.md) cannot stop halfway: every package the in-process tests share with
 * n8n is pinned to exactly the version that n8n pins.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installN8n, REPO_ROOT } from '../../scripts/n8n';

const SHARED_WITH_N8N = ['n8n-core', 'n8n-workflow', '@n8n/di', '@n8n/backend-common', '@n8n/config'];

interface PackageJson {
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
}

const readPackageJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const versionsOf = (dependencies: Record<string, string> = {}) => Object.fromEntries(SHARED_WITH_N8N.map((name) => [name, dependencies[name]]));

describe('the n8n the in-process tests load', () => {
	it('pins n8n-core, n8n-workflow, @n8n/di, @n8n/backend-common and @n8n/config to the versions the installed n8n pins', () => {
		const n8n = readPackageJson(join(installN8n(), 'node_modules', 'n8n', 'package.json'));
		const ours = readPackageJson(join(REPO_ROOT, 'package.json'));
		expect(versionsOf(ours.devDependencies), `devDependencies against n8n ${n8n.version} (see docs/testing-with-n8n.md)`).toEqual(versionsOf(n8n.dependencies));
	});
});
