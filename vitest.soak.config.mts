import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The soak: one large faulty batch through the real node (test/soak). Its own run, not part of
// `npm test`, because it takes tens of seconds of both cores.
export default defineConfig({
	resolve: {
		// One copy of n8n-workflow for the node and n8n-core (see vitest.config.mts).
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		include: ['test/soak/**/*.test.ts'],
		testTimeout: 300_000,
		hookTimeout: 60_000,
	},
});
