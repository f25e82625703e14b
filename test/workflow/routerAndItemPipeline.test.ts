/**
 * The router and the item pipeline, in real workflow executions against the emulator: an
 * operation the node does not know fails the node instead of running another one; every item is
 * checked before the first job is created, so a bad item without Continue On Fail costs nothing.
 */
import { describe, expect, it } from 'vitest';

import { makePng } from '../fixtures/images';
import { png, requestsTo, rotate, rotateItem, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';


describe('router and item pipeline', () => {
	const emulator = useEmulator({ solveMs: 0 });

	it.each([
		['job', 'archive'],
		['account', 'topUp'],
		['tiktok', 'sliderDesktop'],
		['account', 'constructor'],
		['job', 'toString'],
	])('rejects the unknown operation %s → %s without sending anything', async (resource, operation) => {
		const run = await runOmoCaptcha(emulator, { resource, operation });
		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toBe(`The operation "${operation}" of resource "${resource}" is not known to this node`);
		expect(emulator.requests).toHaveLength(0);
	});

	it('without Continue On Fail, a missing binary on one item fails the node before any job is created', async () => {
		const items = [rotateItem(1), { json: {}, binary: { outer: png(makePng(40, 40)) } }, rotateItem(3)];
		const run = await runOmoCaptcha(emulator, rotate, items);
		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toBe(
			'Item 1, field "Inner Image": binary property "inner" not found (the item has "outer")',
		);
		expect(requestsTo(emulator, 'createJob')).toHaveLength(0);
	});

	it('without Continue On Fail, an item whose binary is not an image fails the node before any job is created', async () => {
		const text = { data: Buffer.from('hello, not an image'), mimeType: 'image/png', fileName: 'fake.png' };
		const items = [rotateItem(1), rotateItem(2), { json: {}, binary: { inner: text, outer: png(makePng(40, 40)) } }];
		const run = await runOmoCaptcha(emulator, rotate, items);
		expect(run.status).toBe('error');
		expect(run.errorOf('OmoCaptcha').message).toMatch(/^Item 2, field "Inner Image": binary property "inner" is not a PNG, JPEG/);
		expect(requestsTo(emulator, 'createJob')).toHaveLength(0);
	});

	it('with Continue On Fail, the bad item becomes an error item and the others are solved', async () => {
		const items = [rotateItem(1), { json: {}, binary: { outer: png(makePng(40, 40)) } }, rotateItem(3)];
		const run = await runOmoCaptcha(emulator, rotate, items, { continueOnFail: true });
		expect(run.status).toBe('success');
		expect(run.output[0].angle).toEqual(expect.any(Number));
		expect(run.output[1]).toEqual({
			error: 'Item 1, field "Inner Image": binary property "inner" not found (the item has "outer")',
			typeJobId: 23,
		});
		expect(run.output[2].angle).toEqual(expect.any(Number));
		expect(requestsTo(emulator, 'createJob')).toHaveLength(2);
	});

	it.each([
		['abc', '"abc"'],
		[-4, '-4'],
		[12.5, '12.5'],
	])('Job → Get Result quotes a job ID of %j as the user gave it', async (jobId, quoted) => {
		const run = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId, waitUntilDone: false }, [{ json: {} }], {
			continueOnFail: true,
		});
		expect(run.output).toEqual([{ error: `Item 0, field "Job ID": ${quoted} is not a job ID (a positive whole number)` }]);
		expect(emulator.requests).toHaveLength(0);
	});

	// Job ID is a text parameter (v2 task ids are strings): n8n's own check stops an empty one.
	it('Job → Get Result with an empty Job ID does not run: n8n names the required parameter', async () => {
		await expect(runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId: '', waitUntilDone: false }, [{ json: {} }], { continueOnFail: true })).rejects.toThrow(
			'Parameter "Job ID" is required',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
