/**
 * The committed example files are exactly what examples/generate.ts produces: the README, the
 * dev command and the e2e suite all use the files, so they must not drift from their source.
 * Part of `npm test`; `npm run examples` regenerates them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawExampleImages } from '../examples/images';
import {
	buildEmulatorCredentials,
	buildExampleWorkflow,
	CREDENTIALS_FILE,
	EXAMPLES,
	IMAGES_DIR,
	OMOCAPTCHA_NODE_TYPE,
	WORKFLOWS_DIR,
} from '../examples/workflows';
import { readImageInfo } from './emulator/image-info';

const REGENERATE = 'run `npm run examples`';

describe('examples', () => {
	it.each(Object.entries(drawExampleImages()))('images/%s is up to date and a real PNG', (file, png) => {
		const committed = readFileSync(join(IMAGES_DIR, file));
		expect(committed.equals(png), `${file} differs from its drawing: ${REGENERATE}`).toBe(true);
		expect(readImageInfo(committed)).toMatchObject({ format: 'png', width: expect.any(Number), height: expect.any(Number) });
	});

	it.each(EXAMPLES.map((spec) => [spec.key, spec] as const))('workflows/%s.json is up to date', (key, spec) => {
		const committed = JSON.parse(readFileSync(join(WORKFLOWS_DIR, `${key}.json`), 'utf8'));
		expect(committed, REGENERATE).toEqual(buildExampleWorkflow(spec));
		const solver = committed.nodes.find((node: { type: string }) => node.type === OMOCAPTCHA_NODE_TYPE);
		expect(solver.credentials.omoCaptchaApi.id).toBe(buildEmulatorCredentials()[0].id);
	});

	it('credentials/omocaptcha-emulator.json is up to date', () => {
		expect(JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')), REGENERATE).toEqual(buildEmulatorCredentials());
	});
});
