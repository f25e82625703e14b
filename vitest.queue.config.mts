import { defineConfig } from 'vitest/config';

// n8n in queue mode (Postgres, Redis, main + two workers): one file, long timeouts.
export default defineConfig({
	test: {
		include: ['test/queue/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 600_000,
		hookTimeout: 900_000,
	},
});
