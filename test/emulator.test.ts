import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EMULATED_SERVICES, expectedResult, startEmulator } from './emulator/server';
import { isStrictBase64, readImageInfo } from './emulator/image-info';
import { makeBmp, makeGif, makeJpegHeader, makePng, makeWebp } from './fixtures/images';
import { useEmulator } from './helpers/emulator';

const TOKEN = 'test-token';
const png = (width = 320, height = 200) => makePng(width, height).toString('base64');

const emulator = useEmulator();

async function post(method: string, body: unknown): Promise<{ status: number; json: any }> {
	const response = await fetch(`${emulator.url}/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
}

async function createJob(data: Record<string, unknown>): Promise<any> {
	return (await post('createJob', { api_token: TOKEN, data })).json;
}

async function solve(data: Record<string, unknown>): Promise<any> {
	const created = await createJob(data);
	expect(created).toMatchObject({ error: false, message: 'Create job success.' });
	return (await post('getJobResult', { api_token: TOKEN, job_id: created.job_id })).json;
}

describe('getBalance', () => {
	it('answers the balance as a 5-decimal string for the valid token', async () => {
		const { status, json } = await post('getBalance', { api_token: TOKEN });
		expect(status).toBe(200);
		expect(json).toEqual({ error: false, balance: '12.34500', message: 'Get balance success.' });
	});

	it('rejects a wrong or missing token with HTTP 200 and "Invalid api token."', async () => {
		for (const body of [{ api_token: 'nope' }, {}]) {
			const { status, json } = await post('getBalance', body);
			expect(status).toBe(200);
			expect(json).toEqual({ error: true, message: 'Invalid api token.' });
		}
	});

	it('spends the service price on each created job and restores it on reset', async () => {
		await createJob({ type_job_id: '26', image_base64: `${png(60, 60)}|${png()}` }); // 0.00050
		await createJob({ type_job_id: '3', website_url: 'https://a.example', website_key: 'k', score: '0,9', action: 'login' }); // 0.00100
		expect((await post('getBalance', { api_token: TOKEN })).json.balance).toBe('12.34350');
		emulator.reset();
		expect((await post('getBalance', { api_token: TOKEN })).json.balance).toBe('12.34500');
	});
});

describe('getService', () => {
	it('lists every emulated service in the reference shape, including an inactive one', async () => {
		const { json } = await post('getService', { api_token: TOKEN });
		expect(json.error).toBe(false);
		expect(json.message).toBe('Get service success.');
		const ids = json.service.map((service: { id: number }) => service.id);
		expect(ids).toEqual([1, 2, 3, 11, 13, 14, 21, 22, 23, 24, 25, 26, 30, 31, 33, 41, 43, 44, 45]);
		for (const service of json.service) {
			expect(service).toEqual({
				id: expect.any(Number),
				name: expect.any(String),
				description: expect.any(String),
				price: expect.stringMatching(/^\d+\.\d{5}$/),
				require_field: service.require_field === null ? null : expect.any(String),
				order: expect.any(Number),
				image: expect.any(String),
				avg_success: expect.stringMatching(/^\d+%$/),
				avg_time: expect.stringMatching(/^\d+s$/),
				is_active: expect.any(Number),
			});
		}
		expect(json.service.find((s: { id: number }) => s.id === 26).name).toBe('Shopee Slider');
		expect(json.service.some((s: { is_active: number }) => s.is_active === 0)).toBe(true);
		expect(json.service).toEqual(EMULATED_SERVICES);
	});

	it('requires the token like every method', async () => {
		expect((await post('getService', { api_token: 'x' })).json).toEqual({ error: true, message: 'Invalid api token.' });
	});
});

describe('createJob then getJobResult, per job type', () => {
	it('gives numeric job ids that increase', async () => {
		const first = await createJob({ type_job_id: '30', image_base64: png() });
		const second = await createJob({ type_job_id: '30', image_base64: png() });
		expect(first.job_id).toBeGreaterThanOrEqual(100_000);
		expect(second.job_id).toBe(first.job_id + 1);
		expect(emulator.jobs.get(first.job_id)).toMatchObject({ id: first.job_id, outcome: 'success' });
	});

	it('solves the Shopee slider (26, mask|background) with an X coordinate 20..300', async () => {
		const data = { type_job_id: '26', image_base64: `${png(60, 60)}|${png(320, 200)}` };
		const answer = await solve(data);
		expect(answer).toEqual({ error: false, status: 'success', result: expectedResult(data) });
		expect(Number(answer.result)).toBeGreaterThanOrEqual(20);
		expect(Number(answer.result)).toBeLessThanOrEqual(300);
	});

	it('solves TikTok rotate (23, inner|outer) with an angle and TikTok slider web (21) with a distance', async () => {
		const rotate = await solve({ type_job_id: '23', image_base64: `${png(100, 100)}|${png(200, 200)}` });
		expect(Number(rotate.result)).toBeGreaterThanOrEqual(10);
		expect(Number(rotate.result)).toBeLessThanOrEqual(350);
		const slider = await solve({ type_job_id: 21, image_base64: png(), width_view: 340 });
		expect(slider.result).toMatch(/^\d+$/);
		expect(Number(slider.result)).toBeGreaterThanOrEqual(10);
		expect(Number(slider.result)).toBeLessThanOrEqual(250);
	});

	it('solves TikTok 2 objects web (22) with two points inside the display size, either field spelling', async () => {
		for (const size of [{ widthview: '34', weightview: '21' }, { width_view: 34, height_view: 21 }]) {
			const data = { type_job_id: '22', image_base64: png(), ...size };
			const { result } = await solve(data);
			expect(result).toBe(expectedResult(data));
			const [x1, y1, x2, y2] = result.split('_').map(Number);
			expect([x1, x2].every((x) => x >= 0 && x < 34)).toBe(true);
			expect([y1, y2].every((y) => y >= 0 && y < 21)).toBe(true);
		}
	});

	it('uses "|" between the points when pointSeparator is "|"', async () => {
		emulator.options.pointSeparator = '|';
		const data = { type_job_id: '22', image_base64: png(), width_view: 340, height_view: 212 };
		const { result } = await solve(data);
		expect(result).toMatch(/^\d+\|\d+\|\d+\|\d+$/);
		expect(result).toBe(expectedResult(data, { pointSeparator: '|' }));
	});

	it('solves TikTok 2 objects app (25) with two points inside the screenshot pixel size', async () => {
		const data = { type_job_id: '25', image_base64: makeJpegHeader(40, 30).toString('base64') };
		const [x1, y1, x2, y2] = (await solve(data)).result.split('_').map(Number);
		expect([x1, x2].every((x) => x >= 0 && x < 40)).toBe(true);
		expect([y1, y2].every((y) => y >= 0 && y < 30)).toBe(true);
	});

	it('solves TikTok slider app (24) with from|to points, always joined by "|"', async () => {
		const data = { type_job_id: '24', image_base64: png(300, 150) };
		const { result } = await solve(data);
		const [x1, y1, x2, y2] = result.split('|').map(Number);
		expect(result).toBe(expectedResult(data));
		expect(x2).toBeGreaterThan(x1);
		expect(y1).toBe(y2);
		expect(Math.max(x1, x2)).toBeLessThan(300);
		expect(y1).toBeLessThan(150);
	});

	it('reads image-to-text (30, 33) as a short alphanumeric text', async () => {
		for (const type of ['30', '33']) {
			expect((await solve({ type_job_id: type, image_base64: png() })).result).toMatch(/^[a-z0-9]{5,6}$/);
		}
	});

	it('answers FunCaptcha click (45) with an index 1..6', async () => {
		const { result } = await solve({ type_job_id: '45', image_base64: png(), text: 'Pick the lion' });
		expect(['1', '2', '3', '4', '5', '6']).toContain(result);
	});

	it('answers token types with a long token: a string for 1, 2, 11 and a {token} object for 3', async () => {
		const site = { website_url: 'https://shop.example/login', website_key: '6LdKey' };
		for (const data of [{ type_job_id: '1', ...site }, { type_job_id: '2' }, { type_job_id: '11', ...site }]) {
			const { result } = await solve(data);
			expect(result).toBe(expectedResult(data));
			expect(result.length).toBeGreaterThanOrEqual(90);
		}
		const v3 = { type_job_id: '3', ...site, score: 0.9, action: 'login' };
		const { result } = await solve(v3);
		expect(result).toEqual({ token: expectedResult(v3) });
		expect(result.token).toMatch(/^03AFcWeA/);
	});

	it('accepts any data for the free-form types listed by getService', async () => {
		for (const type of ['13', '14', '31', '41', '43', '44']) {
			const data = { type_job_id: type, anything: 'goes' };
			expect((await solve(data)).result).toBe(expectedResult(data));
		}
	});

	it('accepts PNG, JPEG, GIF, WebP and BMP images', async () => {
		for (const image of [makePng(20, 10), makeJpegHeader(20, 10), makeGif(20, 10), makeWebp(20, 10), makeBmp(20, 10)]) {
			expect(await createJob({ type_job_id: '30', image_base64: image.toString('base64') })).toMatchObject({ error: false });
		}
	});

	it('gives different answers for different images and the same answer for the same image', () => {
		const results = new Set([png(300, 200), png(301, 200), png(302, 200), png(303, 200)].map((image) => expectedResult({ type_job_id: '26', image_base64: image })));
		expect(results.size).toBeGreaterThan(1);
		const data = { type_job_id: '30', image_base64: png() };
		expect(expectedResult(data)).toBe(expectedResult({ ...data }));
	});
});

describe('solve time', () => {
	it('answers "running" with a null result until solveMs has elapsed', async () => {
		let clock = 1000;
		emulator.options.now = () => clock;
		emulator.options.solveMs = 150;
		const { job_id } = await createJob({ type_job_id: '30', image_base64: png() });
		const status = async () => (await post('getJobResult', { api_token: TOKEN, job_id })).json;
		expect(await status()).toEqual({ error: false, status: 'running', result: null });
		clock += 149;
		expect((await status()).status).toBe('running');
		clock += 1;
		expect(await status()).toMatchObject({ status: 'success', result: expect.any(String) });
	});

	it('delays the createJob response by createLatencyMs', async () => {
		emulator.options.createLatencyMs = 120;
		const started = performance.now();
		await createJob({ type_job_id: '30', image_base64: png() });
		expect(performance.now() - started).toBeGreaterThanOrEqual(100);
	});

	it('delays the getJobResult response by resultLatencyMs and logs when a client aborts a request it was still answering', async () => {
		const { job_id } = await createJob({ type_job_id: '30', image_base64: png() });
		emulator.options.resultLatencyMs = 300;
		const started = performance.now();
		expect((await post('getJobResult', { api_token: TOKEN, job_id })).json.status).toBe('success');
		expect(performance.now() - started).toBeGreaterThanOrEqual(250);
		expect(emulator.requests.at(-1)?.abortedAt).toBeUndefined();

		const abort = new AbortController();
		const poll = fetch(`${emulator.url}/getJobResult`, { method: 'POST', body: JSON.stringify({ api_token: TOKEN, job_id }), signal: abort.signal });
		await expect.poll(() => emulator.requests.length).toBe(3);
		const abortedBy = performance.now();
		abort.abort();
		await expect(poll).rejects.toThrow();
		await expect.poll(() => emulator.requests[2].abortedAt).toBeGreaterThanOrEqual(abortedBy);
	});
});

describe('failures on demand', () => {
	const failed = { error: false, status: 'fail', error_code: 'ERROR_CAPTCHA_UNSOLVABLE', result: null };

	it('fails every job of a type listed in failTypeIds', async () => {
		emulator.options.failTypeIds = ['23'];
		expect(await solve({ type_job_id: '23', image_base64: `${png()}|${png()}` })).toEqual(failed);
		expect((await solve({ type_job_id: '26', image_base64: `${png()}|${png()}` })).status).toBe('success');
	});

	it('fails a job whose data carries the "emulator:fail" marker', async () => {
		expect(await solve({ type_job_id: '13', note: 'emulator:fail' })).toEqual(failed);
	});

	it('lets a custom failJob decide', async () => {
		const custom = await startEmulator({ failJob: (data) => data.website_key === 'bad' });
		try {
			const create = async (key: string) => {
				const res = await fetch(`${custom.url}/createJob`, { method: 'POST', body: JSON.stringify({ api_token: TOKEN, data: { type_job_id: '1', website_url: 'https://x.example', website_key: key } }) });
				const { job_id } = (await res.json()) as { job_id: number };
				return custom.jobs.get(job_id)?.outcome;
			};
			expect(await create('bad')).toBe('fail');
			expect(await create('good')).toBe('success');
		} finally {
			await custom.close();
		}
	});
});

describe('createJob validation (HTTP 200, error true, a message naming the problem)', () => {
	const rejects = async (data: unknown, message: string | RegExp) => {
		const { status, json } = await post('createJob', { api_token: TOKEN, data });
		expect(status).toBe(200);
		expect(json.error).toBe(true);
		expect(json.message).toMatch(message);
	};

	it('requires data and type_job_id, and a known type id', async () => {
		await rejects(undefined, 'The data field is required.');
		await rejects({ image_base64: png() }, 'The type_job_id field is required.');
		await rejects({ type_job_id: '99' }, /type_job_id "99" is not a known service/);
		expect(emulator.jobs.size).toBe(0);
	});

	it('requires image_base64 for image types', async () => {
		await rejects({ type_job_id: '26' }, 'The image_base64 field is required.');
		await rejects({ type_job_id: '30', image_base64: '' }, 'The image_base64 field is required.');
	});

	it('requires exactly the documented number of images', async () => {
		await rejects({ type_job_id: '26', image_base64: png() }, 'Type 26 needs 2 images separated by |.');
		await rejects({ type_job_id: '23', image_base64: `${png()}|${png()}|${png()}` }, 'Type 23 needs 2 images separated by |.');
		await rejects({ type_job_id: '30', image_base64: `${png()}|${png()}` }, 'Type 30 needs 1 image, got 2.');
	});

	it('rejects base64 that is not an image, a data: URL, or base64 with whitespace', async () => {
		const invalid = 'image_base64 is not a valid base64 image.';
		await rejects({ type_job_id: '30', image_base64: Buffer.from('hello world').toString('base64') }, invalid);
		await rejects({ type_job_id: '30', image_base64: `data:image/png;base64,${png()}` }, invalid);
		await rejects({ type_job_id: '30', image_base64: `${png().slice(0, 40)}\n${png().slice(40)}` }, invalid);
		await rejects({ type_job_id: '26', image_base64: `${png()}|not-base64!` }, invalid);
	});

	it('requires the display size for 22 (either spelling) and width_view for 21', async () => {
		await rejects({ type_job_id: '22', image_base64: png(), height_view: 212 }, /The width_view \(or widthview\) field is required/);
		await rejects({ type_job_id: '22', image_base64: png(), widthview: '340' }, /The height_view \(or weightview.*\) field is required/);
		await rejects({ type_job_id: '22', image_base64: png(), widthview: '-3', weightview: '212' }, /width_view.*must be a positive number/);
		await rejects({ type_job_id: '21', image_base64: png() }, 'The width_view field is required.');
	});

	it('requires text for 45 and website fields for token types', async () => {
		await rejects({ type_job_id: '45', image_base64: png(), text: ' ' }, 'The text field is required.');
		await rejects({ type_job_id: '1', website_key: 'k' }, 'The website_url field is required.');
		await rejects({ type_job_id: '11', website_url: 'ftp://x.example', website_key: 'k' }, 'The website_url field must be an http or https URL.');
		await rejects({ type_job_id: '1', website_url: 'https://x.example' }, 'The website_key field is required.');
	});

	it('accepts a reCAPTCHA v3 score as "0,9", "0.9" or a number, within 0..1, and requires action', async () => {
		const v3 = { type_job_id: '3', website_url: 'https://x.example', website_key: 'k', action: 'login' };
		for (const score of ['0,9', '0.9', 0.3]) expect(await createJob({ ...v3, score })).toMatchObject({ error: false });
		await rejects({ ...v3, score: '1.5' }, 'The score field must be a number between 0 and 1.');
		await rejects({ ...v3, score: '0.9', action: '' }, 'The action field is required.');
	});
});

describe('transport and routing', () => {
	it('answers "Job not found." for an unknown job id', async () => {
		const { status, json } = await post('getJobResult', { api_token: TOKEN, job_id: 1 });
		expect(status).toBe(200);
		expect(json).toEqual({ error: true, message: 'Job not found.' });
	});

	it('answers HTTP 400 to a malformed JSON body', async () => {
		const { status, json } = await post('getBalance', '{"api_token": ');
		expect(status).toBe(400);
		expect(json.error).toBe(true);
	});

	it('answers 404 outside /api/<method> and 405 to non-POST requests', async () => {
		const root = emulator.url.replace(/\/api$/, '');
		expect((await fetch(`${root}/getBalance`, { method: 'POST', body: '{}' })).status).toBe(404);
		expect((await fetch(`${emulator.url}/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
		const get = await fetch(`${emulator.url}/getBalance`);
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('POST');
	});

	it('listens on the requested host and port', async () => {
		expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/api`);
	});
});

describe('request log', () => {
	it('records every request in arrival order with body, status, response and a monotonic time', async () => {
		await post('getBalance', { api_token: TOKEN });
		await post('createJob', { api_token: 'wrong', data: {} });
		await post('getJobResult', 'not json');
		expect(emulator.requests.map((r) => [r.method, r.status])).toEqual([
			['getBalance', 200],
			['createJob', 200],
			['getJobResult', 400],
		]);
		const [balance, create, broken] = emulator.requests;
		expect(balance.body).toEqual({ api_token: TOKEN });
		expect(balance.response).toEqual({ error: false, balance: '12.34500', message: 'Get balance success.' });
		expect(create.response).toEqual({ error: true, message: 'Invalid api token.' });
		expect(broken.body).toBe('not json');
		expect(balance.receivedAt).toBeLessThanOrEqual(create.receivedAt);
		expect(create.receivedAt).toBeLessThanOrEqual(broken.receivedAt);
	});

	it('reset() restores the options the emulator started with, whatever a test changed', async () => {
		const custom = await startEmulator({ solveMs: 5, failTypeIds: ['23'] });
		try {
			custom.options.solveMs = 60_000;
			custom.options.failTypeIds?.push('26');
			custom.options.pointSeparator = '|';
			custom.options.now = () => 0;
			custom.reset();
			expect(custom.options).toEqual({ solveMs: 5, failTypeIds: ['23'] });
			custom.options.failTypeIds = [];
			custom.reset();
			expect(custom.options.failTypeIds).toEqual(['23']);
		} finally {
			await custom.close();
		}
	});

	it('carries bodies over a shared upload link of the given rate, plus its round trip', async () => {
		const custom = await startEmulator({ link: { bytesPerSecond: 1_000_000, rttMs: 100 } });
		try {
			// 300 KB each (refused as no image, after the whole body has crossed the link).
			const body = JSON.stringify({ api_token: TOKEN, data: { type_job_id: '30', image_base64: 'A'.repeat(300_000) } });
			const started = performance.now();
			// Two uploads at once share the link: together they take their 600 KB at 1 MB/s.
			const answers = await Promise.all([0, 1].map(async () => await (await fetch(`${custom.url}/createJob`, { method: 'POST', body })).json()));
			const elapsed = performance.now() - started;
			expect(answers).toEqual([expect.objectContaining({ error: true }), expect.objectContaining({ error: true })]);
			expect(elapsed).toBeGreaterThanOrEqual(100 + 600 * 0.95);
			expect(Math.min(...custom.requests.map((request) => request.bodyReadAt! - request.receivedAt))).toBeGreaterThanOrEqual(550);
		} finally {
			await custom.close();
		}
	});

	it('is emptied, with the jobs, by reset()', async () => {
		await createJob({ type_job_id: '2' });
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.jobs.size).toBe(1);
		emulator.reset();
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.jobs.size).toBe(0);
	});
});

describe('strict base64', () => {
	const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

	it('accepts and refuses exactly what the strict pattern does', () => {
		const samples = ['', 'QQ==', 'QUI=', 'QUJD', 'QR==', 'QUJDRA==', 'AAA=AAAA', 'QUJD=', 'QU JD', 'QUJ-', 'QUJ_', 'QUJD\n', '====', 'Q===', 'QUJDRE==', 'ĀUJD'];
		const alphabet = 'ABCab+/-_= \n=Āé';
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let i = 0; i < 3000; i++) {
			const valid = makePng(3 + (i % 5), 2).toString('base64');
			const position = Math.floor(random() * valid.length);
			const length = Math.floor(random() * 3);
			samples.push(valid, valid.slice(0, position) + alphabet[Math.floor(random() * alphabet.length)].repeat(length) + valid.slice(position + 1));
		}
		for (const sample of samples) expect(isStrictBase64(sample), JSON.stringify(sample)).toBe(STRICT.test(sample));
	});
});

describe('image fixtures', () => {
	it('make images whose headers carry the requested size', () => {
		for (const [format, make] of [['png', makePng], ['jpeg', makeJpegHeader], ['gif', makeGif], ['webp', makeWebp], ['bmp', makeBmp]] as const) {
			expect(readImageInfo(make(123, 45))).toEqual({ format, width: 123, height: 45 });
		}
	});

	it('make a PNG whose IDAT inflates to one filtered row per line', () => {
		const image = makePng(7, 3);
		const idatLength = image.readUInt32BE(33 + 0); // IHDR chunk ends at 8 + 25 = 33
		expect(image.toString('ascii', 37, 41)).toBe('IDAT');
		expect(inflateSync(image.subarray(41, 41 + idatLength))).toHaveLength(3 * (1 + 7 * 3));
		expect(image.subarray(-12).toString('ascii', 4, 8)).toBe('IEND');
	});
});

describe('command line', () => {
	it('prints the listening line and exits cleanly on SIGTERM', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.ts', '--port', '0', '--token', 'cli-token', '--fail-type', '23'], {
			cwd: `${__dirname}/..`,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const [line] = (await once(child.stdout, 'data')) as [Buffer];
		const match = /^OmoCaptcha emulator listening on (http:\/\/127\.0\.0\.1:\d+\/api) \(token: cli-token\)\n$/.exec(line.toString());
		expect(match).not.toBeNull();
		const res = await fetch(`${match![1]}/getBalance`, { method: 'POST', body: JSON.stringify({ api_token: 'cli-token' }) });
		expect(((await res.json()) as { error: boolean }).error).toBe(false);
		child.kill('SIGTERM');
		const [code] = await once(child, 'exit');
		expect(code).toBe(0);
	});
});
