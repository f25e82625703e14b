/**
 * Every catalog type beyond the seeds, solved through a workflow against the emulator: the data
 * the service receives and the parsed answer, in page coordinates where a display width is given.
 */
import type { INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { EMULATED_SERVICES, expectedResult } from '../emulator/server';
import { makePng } from '../fixtures/images';
import { png, requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

const fast = { options: { pollInterval: 1 } };
const withImage = (image: Buffer) => [{ json: {}, binary: { data: png(image) } }];

describe('more captcha types through a workflow', () => {
	const emulator = useEmulator();

	const solve = async (parameters: INodeParameters, image = makePng(680, 420)) => {
		const run = await runOmoCaptcha(emulator, { ...parameters, ...fast }, withImage(image));
		expect(run.status).toBe('success');
		const data = requestsTo(emulator, 'createJob')[0].body.data;
		return { output: run.output[0], data, raw: expectedResult(data) };
	};

	it('TikTok slider (web) sends width_view and answers the distance in page pixels, scaled once only (by the service)', async () => {
		// A 680 px wide screenshot shown 340 px wide: the service was told 340, so its answer is page px already.
		const { output, data, raw } = await solve({ resource: 'tiktok', operation: 'sliderWeb', displayWidth: 340 });
		expect(data).toMatchObject({ type_job_id: '21', width_view: 340 });
		expect(output).toMatchObject({ distance: Number(raw), typeJobId: 21 });
		expect(output).not.toHaveProperty('distanceOnPage');
	});

	it('TikTok slider (phone) answers the from and to points, on the page when a display width is given', async () => {
		const { output, data, raw } = await solve({ resource: 'tiktok', operation: 'sliderPhone', displayWidth: 360 }, makePng(720, 1280));
		expect(data).toEqual({ type_job_id: '24', image_base64: expect.any(String) });
		const [x1, y1, x2, y2] = raw.split('|').map(Number);
		expect(output).toMatchObject({
			from: { x: x1, y: y1 },
			to: { x: x2, y: y2 },
			fromOnPage: { x: x1 / 2, y: y1 / 2 },
			toOnPage: { x: x2 / 2, y: y2 / 2 },
		});
	});

	it('Shopee slider gives xOnPage scaled by the background image width', async () => {
		const run = await runOmoCaptcha(
			emulator,
			{ resource: 'shopee', operation: 'sliderWeb', displayWidth: 300, ...fast },
			[{ json: {}, binary: { mask: png(makePng(50, 50)), background: png(makePng(600, 400)) } }],
		);
		const x = Number(expectedResult(requestsTo(emulator, 'createJob')[0].body.data));
		expect(run.output[0]).toMatchObject({ x, xOnPage: x / 2 });
	});

	it('Image to Text (any and Vietcombank style) answers the text', async () => {
		for (const [operation, typeJobId] of [['any', '30'], ['vietcombank', '33']]) {
			emulator.reset();
			const { output, data, raw } = await solve({ resource: 'imageToText', operation });
			expect(data.type_job_id).toBe(typeJobId);
			expect(output).toMatchObject({ text: raw, raw });
		}
	});

	it('reCAPTCHA v2 and hCaptcha send the website URL and key and answer a token', async () => {
		for (const [resource, operation, typeJobId] of [['recaptcha', 'v2', '1'], ['hcaptcha', 'token', '11']]) {
			emulator.reset();
			const { output, data, raw } = await solve({ resource, operation, websiteUrl: 'https://shop.example/login', websiteKey: 'site-key-1' });
			expect(data).toEqual({ type_job_id: typeJobId, website_url: 'https://shop.example/login', website_key: 'site-key-1' });
			expect(output.token).toBe(raw);
		}
	});

	it('reCAPTCHA v2 (Facebook) needs nothing but its type', async () => {
		const { output, data, raw } = await solve({ resource: 'recaptcha', operation: 'v2Facebook' });
		expect(data).toEqual({ type_job_id: '2' });
		expect(output.token).toBe(raw);
	});

	it('reCAPTCHA v3 sends score and action, and unwraps a token that arrives inside an object', async () => {
		const { output, data } = await solve({ resource: 'recaptcha', operation: 'v3', websiteUrl: 'https://a.example', websiteKey: 'k', minimumScore: 0.7, pageAction: 'login' });
		expect(data).toEqual({ type_job_id: '3', website_url: 'https://a.example', website_key: 'k', score: '0,7', action: 'login' });
		const sent = emulator.requests.find((request) => request.response?.status === 'success')!.response.result;
		expect(sent).toEqual({ token: expect.any(String) }); // the emulator wraps v3 tokens
		expect(output.token).toBe(sent.token);
		expect(output.raw).toBe(JSON.stringify(sent));
	});

	it('FunCaptcha click sends the instruction and answers the 1-based index and the arrow presses', async () => {
		const { output, data, raw } = await solve({ resource: 'funcaptcha', operation: 'click', instruction: 'Pick the dice showing 4' });
		expect(data).toMatchObject({ type_job_id: '45', text: 'Pick the dice showing 4' });
		expect(output).toMatchObject({ index: Number(raw), clicksRight: Number(raw) - 1 });
	});

	it('Job → Solve Any Type sends the type id, free-form fields and images joined by "|" in order, and answers raw', async () => {
		const first = makePng(10, 10, [1, 1, 1]);
		const second = makePng(20, 20, [2, 2, 2]);
		const run = await runOmoCaptcha(
			emulator,
			{
				resource: 'job',
				operation: 'solve',
				typeJobId: '26',
				dataFields: { field: [{ name: 'note', value: 'from n8n' }] },
				images: { image: [{ value: 'second' }, { value: 'first' }] },
				...fast,
			},
			[{ json: {}, binary: { first: png(first), second: png(second) } }],
		);
		const data = requestsTo(emulator, 'createJob')[0].body.data;
		expect(data).toEqual({ type_job_id: '26', note: 'from n8n', image_base64: `${second.toString('base64')}|${first.toString('base64')}` });
		expect(run.output[0]).toEqual({ jobId: expect.any(Number), typeJobId: 26, raw: expectedResult(data), elapsedMs: expect.any(Number) });
	});

	it('Account → List Services outputs one item per service with numbers, not strings', async () => {
		const run = await runOmoCaptcha(emulator, { resource: 'account', operation: 'listServices' });
		const shopee = run.output.find((service) => service.id === 26)!;
		expect(run.output.map((service) => service.id)).toEqual(EMULATED_SERVICES.map((service) => service.id));
		const listed = EMULATED_SERVICES.find((service) => service.id === 26)!;
		expect(shopee).toEqual({
			id: 26,
			name: 'Shopee Slider',
			description: listed.description,
			price: 0.0005,
			avgSuccessPercent: Number(listed.avg_success.replace('%', '')),
			avgTimeSeconds: Number(listed.avg_time.replace('s', '')),
			active: true,
		});
		expect(run.output.some((service) => service.active === false)).toBe(true);
	});
});
