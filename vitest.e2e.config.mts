import { defineConfig } from 'vitest/config';

// End-to-end tests drive a real n8n server and a real browser: one file at a time, long timeouts.
export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 600_000,
		hookTimeout: 900_000,
	},
});
