import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// What the suite starts is installed before any test, outside every hook's time limit: the cached
// self-hosted Browserless, whose install script also installs Debian's Chromium (a minute or two
// on a fresh machine, nothing after).
execFileSync('bash', ['scripts/install-browserless.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });

// The demo captcha pages in a real headless Chromium over CDP: one browser per file, files one at a time.
export default defineConfig({
	// The workflow tests run the node in n8n-core, which require()s n8n-workflow's CommonJS build.
	resolve: { alias: { 'n8n-workflow': require.resolve('n8n-workflow') } },
	test: {
		include: ['test/browser/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});
