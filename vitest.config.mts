import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// n8n-core require()s the CommonJS build of n8n-workflow; the node and the tests must get
		// that same copy, or `instanceof NodeApiError` silently fails across the two builds.
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		include: ['test/**/*.test.ts'],
		exclude: ['test/e2e/**', 'test/browser/**', 'test/soak/**', 'node_modules/**'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
