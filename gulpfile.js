// The build: TypeScript compiles nodes and credentials into dist/, then the assets that tsc
// does not copy (icons and the codex .node.json files) follow them, mirroring their folders.
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json'], {
		stdio: 'inherit',
	});
	done();
}

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = series(clean, compile, copyAssets);
exports.default = exports.build;
