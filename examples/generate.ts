/**
 * Regenerates the committed example files:
 *   examples/images/*.png                      the captcha look-alike images (drawn by images.ts)
 *   examples/workflows/<key>.json              one importable workflow per example (workflows.ts)
 *   examples/credentials/omocaptcha-emulator.json  the emulator credential they use
 * Run: bash scripts/run.sh node --import tsx examples/generate.ts
 * The output is deterministic; the e2e suite checks the committed files are up to date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { drawExampleImages } from './images';
import {
	buildEmulatorCredentials,
	buildExampleWorkflow,
	CREDENTIALS_FILE,
	EXAMPLES,
	IMAGES_DIR,
	WORKFLOWS_DIR,
} from './workflows';

function write(path: string, content: string | Buffer): void {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, content);
	console.log(`wrote ${relative(process.cwd(), path)} (${content.length} bytes)`);
}

function main(): void {
	for (const [file, png] of Object.entries(drawExampleImages())) write(join(IMAGES_DIR, file), png);
	for (const spec of EXAMPLES) {
		write(join(WORKFLOWS_DIR, `${spec.key}.json`), `${JSON.stringify(buildExampleWorkflow(spec), null, '\t')}\n`);
	}
	write(CREDENTIALS_FILE, `${JSON.stringify(buildEmulatorCredentials(), null, '\t')}\n`);
}

main();
