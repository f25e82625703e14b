import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Everything in the repository that does not ship: tests, the emulator, scripts, benchmarks,
// examples and config files. They run in Node with files, processes, timers and a console of their
// own, so n8n's rules for node and credential code are off; the TypeScript, JavaScript and import
// rules of n8n's config stay on. The shipped sources are linted by eslint.config.mjs, n8n's
// unmodified cloud config (package.json n8n.strict checks that it stays unmodified).
const typescriptFiles = ['**/*.ts', '**/*.mts'];

export default [
	{ ignores: ['dist/**', '.omocaptcha/**', 'nodes/**', 'credentials/**', 'index.ts', 'package.json'] },
	...configWithoutCloudSupport.map((block) =>
		block.files?.includes('**/*.ts') ? { ...block, files: typescriptFiles } : block,
	),
	{
		files: [...typescriptFiles, '**/*.js', '**/*.mjs'],
		rules: {
			...Object.fromEntries(
				configWithoutCloudSupport
					.flatMap((block) => Object.keys(block.rules ?? {}))
					.filter((rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'))
					.map((rule) => [rule, 'off']),
			),
			'no-console': 'off',
			// The emulator and the tests handle JSON of any shape on purpose.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
	},
];
