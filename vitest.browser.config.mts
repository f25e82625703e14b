import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The demo captcha pages in a real headless Chromium over CDP: one browser per file, files one at a time.
export default defineConfig({
	// The workflow tests run the node in n8n-core, which require()s n8n-workflow's CommonJS build.
	resolve: { alias: { 'n8n-workflow': require.resolve('n8n-workflow') } },
	test: {
		include: ['test/browser/**/*.test.ts'],
		globalSetup: ['test/browser/globalSetup.ts'],
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});
