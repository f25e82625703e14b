/**
 * The three image sources (binary, base64 text, URL served by a local HTTP server) with their
 * checks, and jobs parked across executions: Job → Create in one, Job → Get Result in the next.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { expectedResult, startEmulator, type Emulator } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { angleOfJob, requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

const inner = makePng(64, 64, [9, 9, 9]);
const outer = makePng(128, 128, [7, 7, 7]);
const big = Buffer.concat([makePng(8, 8), Buffer.alloc(2 * 1024 * 1024)]); // a PNG padded to 2 MB

describe('image sources', () => {
	let emulator: Emulator;
	let images: Server;
	let imagesUrl: string;
	/** How far the last /slow.png download got, as the image server saw it. */
	let slowDownload = { sent: 0, total: 0, closedEarly: false };
	beforeAll(async () => {
		emulator = await startEmulator();
		images = createServer((request, response) => {
			const routes: Record<string, [number, string, Buffer]> = {
				'/inner.png': [200, 'image/png', inner],
				'/outer.png': [200, 'image/png', outer],
				'/big.png': [200, 'image/png', big],
				'/page.html': [200, 'text/html', Buffer.from('<html>captcha</html>')],
			};
			if (request.url?.startsWith('/slow.png')) {
				// A complete image, its headers at once and its body one byte every 60 ms (~5 s in all).
				const body = makePng(8, 8);
				response.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length });
				slowDownload = { sent: 0, total: body.length, closedEarly: false };
				const progress = slowDownload;
				const timer = setInterval(() => {
					if (progress.sent >= body.length) {
						clearInterval(timer);
						response.end();
						return;
					}
					response.write(body.subarray(progress.sent, progress.sent + 1));
					progress.sent += 1;
				}, 60);
				response.on('close', () => {
					clearInterval(timer);
					progress.closedEarly = progress.sent < body.length;
				});
				return;
			}
			if (request.url?.startsWith('/endless.png')) {
				// No content-length, and more bytes than any cap: only counting while reading stops it.
				response.writeHead(200, { 'content-type': 'image/png' });
				const chunk = Buffer.alloc(64 * 1024);
				response.write(makePng(8, 8));
				const pump = () => {
					while (!response.destroyed && response.write(chunk));
					if (!response.destroyed) response.once('drain', pump);
				};
				response.on('close', () => response.destroy());
				pump();
				return;
			}
			const [status, type, body] = routes[request.url ?? ''] ?? [404, 'text/plain', Buffer.from('not found')];
			response.writeHead(status, { 'content-type': type, 'content-length': body.length }).end(body);
		});
		await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
		imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await emulator.close();
		await new Promise((resolve) => images.close(resolve));
	});
	beforeEach(() => emulator.reset());

	// Each source has its own parameters: innerImageBase64, innerImageUrl, ...
	const rotateFrom = (imageSource: 'base64' | 'url', innerImage: string, outerImage: string, options = {}) => {
		const suffix = imageSource === 'base64' ? 'Base64' : 'Url';
		return {
			resource: 'tiktok',
			operation: 'rotateWeb',
			imageSource,
			[`innerImage${suffix}`]: innerImage,
			[`outerImage${suffix}`]: outerImage,
			options: { pollInterval: 1, ...options },
		};
	};
	const sentImages = () => requestsTo(emulator, 'createJob')[0].body.data.image_base64;

	it('takes base64 text with a data: prefix and line breaks', async () => {
		const wrapped = inner.toString('base64').replace(/(.{40})/g, '$1\n');
		const run = await runOmoCaptcha(emulator, rotateFrom('base64', `data:image/png;base64,${wrapped}`, outer.toString('base64')));
		expect(run.output[0].angle).toBe(angleOfJob(emulator, run.output[0]));
		expect(sentImages()).toBe(`${inner.toString('base64')}|${outer.toString('base64')}`);
	});

	it('refuses text that is not base64, naming the item and field', async () => {
		const run = await runOmoCaptcha(emulator, rotateFrom('base64', 'not base64!', outer.toString('base64')));
		expect(run.errorOf('OmoCaptcha').message).toMatch(/^Item 0, field "Inner Image": the text is not base64/);
	});

	it('downloads images from URLs', async () => {
		const run = await runOmoCaptcha(emulator, rotateFrom('url', `${imagesUrl}/inner.png`, `${imagesUrl}/outer.png`));
		expect(run.output[0].angle).toBe(Number(expectedResult(requestsTo(emulator, 'createJob')[0].body.data)));
		expect(sentImages()).toBe(`${inner.toString('base64')}|${outer.toString('base64')}`);
	});

	it('reports a URL that answers 404, or a page instead of an image', async () => {
		const items = [{ json: {} }, { json: {} }];
		const run = await runOmoCaptcha(
			emulator,
			rotateFrom('url', `={{ $itemIndex === 0 ? "${imagesUrl}/missing.png" : "${imagesUrl}/page.html" }}`, `${imagesUrl}/outer.png`),
			items,
			{ continueOnFail: true },
		);
		expect(run.output[0].error).toBe(`Item 0, field "Inner Image": downloading ${imagesUrl}/missing.png answered HTTP 404`);
		expect(run.output[1].error).toBe(`Item 1, field "Inner Image": ${imagesUrl}/page.html answered content type "text/html", not an image`);
		expect(requestsTo(emulator, 'createJob')).toEqual([]);
	});

	it('gives up a download whose body is still arriving at the download timeout, and solves the other items', async () => {
		const items = [{ json: {} }, { json: {} }];
		const run = await runOmoCaptcha(
			emulator,
			rotateFrom('url', `={{ $itemIndex === 0 ? "${imagesUrl}/slow.png?token=secret" : "${imagesUrl}/inner.png" }}`, `${imagesUrl}/outer.png`, {
				downloadTimeout: 1,
			}),
			items,
			{ continueOnFail: true },
		);
		expect(run.output[0].error).toBe(
			`Item 0, field "Inner Image": downloading ${imagesUrl}/slow.png took longer than 1 s (option Download Timeout covers the whole transfer)`,
		);
		expect(run.output[1].angle).toEqual(expect.any(Number));
		// The node hung up: the server had not sent the whole body when the connection closed.
		expect(slowDownload.closedEarly).toBe(true);
		expect(slowDownload.sent).toBeLessThan(slowDownload.total);
		expect(requestsTo(emulator, 'createJob')).toHaveLength(1);
	});

	it('refuses an image above the size cap, from any source, and accepts it when the cap is raised', async () => {
		const capped = await runOmoCaptcha(emulator, rotateFrom('url', `${imagesUrl}/big.png`, `${imagesUrl}/outer.png`, { maxImageSizeMb: 1 }));
		expect(capped.errorOf('OmoCaptcha').message).toMatch(/^Item 0, field "Inner Image": the image at .*big\.png is 2 MB, above the 1 MB limit \(option Max Image Size\)/);

		const fromBase64 = await runOmoCaptcha(emulator, rotateFrom('base64', big.toString('base64'), outer.toString('base64'), { maxImageSizeMb: 1 }));
		expect(fromBase64.errorOf('OmoCaptcha').message).toMatch(/the image is 2 MB, above the 1 MB limit/);

		const endless = await runOmoCaptcha(emulator, rotateFrom('url', `${imagesUrl}/endless.png?signature=secret`, `${imagesUrl}/outer.png`, { maxImageSizeMb: 1 }));
		expect(endless.errorOf('OmoCaptcha').message).toBe(
			`Item 0, field "Inner Image": the image at ${imagesUrl}/endless.png is over 1 MB, above the 1 MB limit (option Max Image Size)`,
		);

		const raised = await runOmoCaptcha(emulator, rotateFrom('url', `${imagesUrl}/big.png`, `${imagesUrl}/outer.png`, { maxImageSizeMb: 3 }));
		expect(raised.output[0].angle).toBe(angleOfJob(emulator, raised.output[0]));
	});
});

describe('jobs parked across executions', () => {
	const emulator = useEmulator({ solveMs: 1500 });

	it('Job → Create returns the job id at once; Job → Get Result in a later execution looks once, then waits', async () => {
		const created = await runOmoCaptcha(
			emulator,
			{ resource: 'job', operation: 'create', captchaType: '23' },
			[{ json: {}, binary: { inner: { data: inner, mimeType: 'image/png' }, outer: { data: outer, mimeType: 'image/png' } } }],
		);
		expect(requestsTo(emulator, 'getJobResult')).toEqual([]); // no polling
		const jobId = created.output[0].jobId as number;
		expect(created.output).toEqual([{ jobId: requestsTo(emulator, 'createJob')[0].response.job_id, typeJobId: 23, status: 'created' }]);

		const lookOnce = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId, captchaType: '23', waitUntilDone: false });
		expect(lookOnce.output).toEqual([{ jobId, status: 'running' }]);

		const waited = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId, captchaType: '23', options: { pollInterval: 1 } });
		const raw = expectedResult(emulator.jobs.get(jobId)!.data);
		expect(waited.output).toEqual([{ jobId, status: 'success', angle: Number(raw), raw }]);
	});

	it('Job → Get Result of an unknown job surfaces the service message', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId: 999, captchaType: 'other' }, undefined, { continueOnFail: true });
		expect(run.output).toEqual([{ error: 'Job not found. (job 999, type not given)', jobId: 999 }]);
	});

	it('Job → Get Result answers every item when two items wait for the same job', async () => {
		const created = await runOmoCaptcha(emulator, { resource: 'job', operation: 'create', captchaType: '23' }, [
			{ json: {}, binary: { inner: { data: inner, mimeType: 'image/png' }, outer: { data: outer, mimeType: 'image/png' } } },
		]);
		const jobId = created.output[0].jobId as number;
		const run = await runOmoCaptcha(emulator, { resource: 'job', operation: 'getResult', jobId, captchaType: '23', options: { pollInterval: 1 } }, [{ json: {} }, { json: {} }]);
		expect(run.output).toHaveLength(2);
		expect(run.output[0]).toEqual(run.output[1]);
		expect(run.output[0]).toMatchObject({ jobId, status: 'success', angle: angleOfJob(emulator, run.output[0]) });
	});
});
