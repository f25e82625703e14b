/**
 * The package as a release ships it: metadata, links the editor opens, the lockfile `npm ci`
 * installs from, the lint setup n8n checks, and the README's list of commands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const codex = JSON.parse(readFileSync(join(ROOT, 'nodes', 'OmoCaptcha', 'OmoCaptcha.node.json'), 'utf8'));
const NPM_PAGE = 'https://www.npmjs.com/package/n8n-nodes-omocaptcha';

describe('package.json', () => {
	it('packs and publishes only what a build of this very commit made', () => {
		// prepack runs on `npm pack` and `npm publish`; the build starts by deleting dist/.
		expect(manifest.scripts.prepack).toBe('npm run build');
		expect(readFileSync(join(ROOT, 'gulpfile.js'), 'utf8')).toMatch(/rmSync\('dist'/);
		expect(manifest.files).toEqual(['dist', '!dist/**/*.tsbuildinfo']);
	});

	it('names the package page on npm as its homepage (the address that exists once published)', () => {
		expect(manifest.homepage).toBe(NPM_PAGE);
		expect(manifest.name).toBe('n8n-nodes-omocaptcha');
	});

	it("is in n8n's strict mode with n8n's unmodified lint config, which strict mode requires", () => {
		expect(manifest.n8n.strict).toBe(true);
		// The file `n8n-node lint` compares with in strict mode.
		const template = readFileSync(join(ROOT, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs'), 'utf8');
		const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
		expect(normalise(readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8'))).toBe(normalise(template));
		expect(manifest).not.toHaveProperty('overrides');
	});
});

describe('the Docs links in the editor', () => {
	const urls = [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation].map((entry: { url: string }) => entry.url);

	it.each(urls)('%s still lands on the README when n8n appends its tracking parameters', (url) => {
		// n8n adds "?utm_source=n8n_app&..." to the end: after a #anchor that would break the anchor.
		const opened = new URL(`${url}?utm_source=n8n_app&utm_medium=node_settings_modal-credential_link`);
		expect(opened.hash).toBe('');
		expect(`${opened.origin}${opened.pathname}`).toBe(NPM_PAGE);
	});
});

describe('package-lock.json', () => {
	const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
		packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
	};

	/** Where Node would find `name` from the package installed at `path`: its own node_modules, then each parent's. */
	function resolves(path: string, name: string): boolean {
		let base = path;
		for (;;) {
			if (lock.packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
			if (!base) return false;
			const parent = base.lastIndexOf('/node_modules/');
			base = parent === -1 ? '' : base.slice(0, parent);
		}
	}

	it('has an entry for every dependency of every package, optional platform builds included (npm ci refuses it otherwise)', () => {
		const missing: string[] = [];
		for (const [path, entry] of Object.entries(lock.packages)) {
			const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...(path === '' ? entry.devDependencies : {}) };
			for (const name of Object.keys(wanted)) if (!resolves(path, name)) missing.push(`${path || '(root)'} → ${name}`);
		}
		expect(missing).toEqual([]);
	});
});

describe('README', () => {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const development = readme.slice(readme.indexOf('## Development'));

	const commands = Object.keys(manifest.scripts)
		.filter((script) => script !== 'prepack') // npm runs it, not the user
		.map((script) => (script === 'test' ? 'npm test' : `npm run ${script}`));

	it.each(commands)('lists `%s` in the development table', (command) => {
		const rows = development.split('\n').filter((line) => line.startsWith('| `'));
		expect(rows.some((row) => row.startsWith(`| \`${command}\``) || row.startsWith(`| \`${command} `))).toBe(true);
	});
});
