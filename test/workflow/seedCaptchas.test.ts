/**
 * The four seed captchas and Get Balance, each a real workflow execution of the node against the
 * emulator over HTTP: the requests the service receives and the items the workflow gets.
 */
import { describe, expect, it } from 'vitest';

import { expectedResult } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { angleOfJob, png, requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

const fastPolling = { options: { pollInterval: 1 } };

describe('seed captchas solved through a workflow', () => {
	const emulator = useEmulator();

	it('Shopee slider sends mask then background joined by "|" and outputs x', async () => {
		const mask = makePng(60, 60, [10, 10, 10]);
		const background = makePng(340, 212, [200, 100, 50]);
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'shopee', operation: 'sliderWeb', ...fastPolling },
			[{ json: {}, binary: { mask: png(mask), background: png(background) } }],
		);

		expect(run.status).toBe('success');
		const [create] = requestsTo(emulator, 'createJob');
		const data = create.body.data;
		expect(data).toEqual({
			type_job_id: '26',
			image_base64: `${mask.toString('base64')}|${background.toString('base64')}`,
		});
		const raw = expectedResult(data);
		expect(run.output).toEqual([
			{ x: Number(raw), jobId: create.response.job_id, typeJobId: 26, raw, elapsedMs: expect.any(Number) },
		]);
	});

	it('TikTok select-two (web) sends both spellings of the display size and outputs two points', async () => {
		const image = makePng(552, 344);
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'selectTwoWeb', displayWidth: 340, displayHeight: 212, ...fastPolling },
			[{ json: {}, binary: { data: png(image) } }],
		);

		const data = requestsTo(emulator, 'createJob')[0].body.data;
		expect(data).toEqual({
			type_job_id: '22',
			image_base64: image.toString('base64'),
			widthview: 340,
			weightview: 212,
			width_view: 340,
			height_view: 212,
		});
		const [x1, y1, x2, y2] = expectedResult(data).split('_').map(Number);
		expect(run.output[0].points).toEqual([
			{ x: x1, y: y1 },
			{ x: x2, y: y2 },
		]);
		expect(run.output[0].raw).toBe(expectedResult(data));
	});

	it('TikTok select-two (phone) reads the "|" separated answer of newer docs as well', async () => {
		emulator.options.pointSeparator = '|';
		const screenshot = makePng(720, 1280);
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'selectTwoPhone', image: 'screen', ...fastPolling },
			[{ json: {}, binary: { screen: png(screenshot) } }],
		);

		const data = requestsTo(emulator, 'createJob')[0].body.data;
		expect(data).toEqual({ type_job_id: '25', image_base64: screenshot.toString('base64') });
		const raw = expectedResult(data, { pointSeparator: '|' });
		expect(raw).toContain('|');
		const [x1, y1, x2, y2] = raw.split('|').map(Number);
		expect(run.output[0]).toMatchObject({ points: [{ x: x1, y: y1 }, { x: x2, y: y2 }], raw, typeJobId: 25 });
	});

	it('TikTok rotate sends inner then outer image and outputs the angle', async () => {
		const inner = makePng(100, 100, [1, 2, 3]);
		const outer = makePng(200, 200, [4, 5, 6]);
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'rotateWeb', ...fastPolling },
			[{ json: {}, binary: { inner: png(inner), outer: png(outer) } }],
		);

		const data = requestsTo(emulator, 'createJob')[0].body.data;
		expect(data.image_base64).toBe(`${inner.toString('base64')}|${outer.toString('base64')}`);
		expect(run.output[0]).toMatchObject({ angle: Number(expectedResult(data)), typeJobId: 23 });
	});

	it('Account → Get Balance outputs the balance as a number and the raw string', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'getBalance' });
		expect(run.output).toEqual([{ balance: 12.345, balanceRaw: '12.34500' }]);
	});

	it('waits at least one interval after createJob and between polls, and stops polling at the answer', async () => {
		emulator.options.solveMs = 2500;
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'tiktok', operation: 'rotateWeb', ...fastPolling },
			[{ json: {}, binary: { inner: png(makePng(10, 10)), outer: png(makePng(20, 20)) } }],
		);

		expect(run.output[0].angle).toBe(angleOfJob(emulator, run.output[0]));
		// Through n8n's real sleep: never sooner than one interval, and no poll after the answer. The
		// exact cadence (and that no poll comes late) is tested on a fake clock in transport.test.ts;
		// an upper bound on real time here would only measure how busy the machine is.
		const created = requestsTo(emulator, 'createJob')[0].receivedAt;
		const polls = requestsTo(emulator, 'getJobResult');
		expect(polls.map((poll) => poll.response.status)).toEqual([...polls.slice(1).map(() => 'running'), 'success']);
		// Stamped on arrival at the emulator: request latency moves each stamp by some milliseconds.
		const times = [created, ...polls.map((poll) => poll.receivedAt)];
		for (let index = 1; index < times.length; index++) expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(900);
	});
});
