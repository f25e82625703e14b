import { defineConfig } from 'vitest/config';

// The demo captcha pages in a real headless Chromium over CDP: one browser per file, files one at a time.
export default defineConfig({
	test: {
		include: ['test/browser/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});
