/**
 * The emulator's fault injection: each fault on demand, per method, over real HTTP. The
 * workflow and soak tests rely on these being what they say.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';

import { randomFaults } from './emulator/faults';
import { makePng } from './fixtures/images';
import { useEmulator } from './helpers/emulator';

const TOKEN = 'test-token';
const image = makePng(20, 20).toString('base64');
const createBody = { api_token: TOKEN, data: { type_job_id: '30', image_base64: image } };

const emulator = useEmulator();

interface RawAnswer {
	status?: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** 'reset' when the connection closed without (a complete) answer, 'timeout' when none came in `timeoutMs`. */
	error?: 'reset' | 'timeout';
	ms: number;
}

/** One POST with node:http, so resets, hangs and partial bodies are visible as they are. */
function post(method: string, body: unknown, timeoutMs = 2000, path = `/api/${method}`): Promise<RawAnswer> {
	const started = performance.now();
	return new Promise((resolve) => {
		let answer: RawAnswer = { headers: {}, text: '', ms: 0 };
		const done = (extra: Partial<RawAnswer> = {}) => resolve({ ...answer, ...extra, ms: performance.now() - started });
		const req = request(`${emulator.url.replace(/\/api$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
			answer = { status: res.statusCode, headers: res.headers, text: '', ms: 0 };
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (answer.text += chunk));
			res.on('end', () => done());
			res.on('error', () => done({ error: 'reset' }));
			res.on('aborted', () => done({ error: 'reset' }));
		});
		req.setTimeout(timeoutMs, () => {
			req.destroy();
			done({ error: 'timeout' });
		});
		req.on('error', () => done({ error: answer.status ? 'reset' : answer.error ?? 'reset' }));
		req.end(JSON.stringify(body));
	});
}

describe('faults on demand, per method', () => {
	it('answers a status code with Retry-After, for the next request to that method only', async () => {
		emulator.injectFault('getJobResult', { kind: 'status', status: 429, retryAfter: '3' });
		const created = JSON.parse((await post('createJob', createBody)).text);
		const limited = await post('getJobResult', { api_token: TOKEN, job_id: created.job_id });
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('3');
		const next = await post('getJobResult', { api_token: TOKEN, job_id: created.job_id });
		expect(JSON.parse(next.text)).toMatchObject({ error: false, status: 'success' });
	});

	it('answers an HTML page (a proxy error page) with the status given', async () => {
		emulator.injectFault('getBalance', { kind: 'html', status: 502 }, 2);
		for (let i = 0; i < 2; i++) {
			const answer = await post('getBalance', { api_token: TOKEN });
			expect(answer.status).toBe(502);
			expect(answer.headers['content-type']).toMatch(/^text\/html/);
			expect(answer.text).toMatch(/^<!DOCTYPE html>/);
		}
		expect((await post('getBalance', { api_token: TOKEN })).status).toBe(200);
	});

	it('answers malformed JSON with HTTP 200 and a JSON content type', async () => {
		emulator.injectFault('getBalance', { kind: 'malformed' });
		const answer = await post('getBalance', { api_token: TOKEN });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json');
		expect(() => JSON.parse(answer.text)).toThrow();
	});

	it('resets the connection without an answer, and nothing happened on the server', async () => {
		emulator.injectFault('createJob', { kind: 'reset' });
		expect((await post('createJob', createBody)).error).toBe('reset');
		expect(emulator.jobs.size).toBe(0);
		expect(emulator.requests[0]).toMatchObject({ method: 'createJob', fault: { kind: 'reset' }, handled: false });
	});

	it('creates the job and then loses the answer (afterHandling), logging the job it created', async () => {
		emulator.injectFault('createJob', { kind: 'reset', afterHandling: true });
		expect((await post('createJob', createBody)).error).toBe('reset');
		expect(emulator.jobs.size).toBe(1);
		const [jobId] = emulator.jobs.keys();
		expect(emulator.requests[0]).toMatchObject({ handled: true, response: { error: false, job_id: jobId } });
	});

	it('answers a 5xx after the job was created', async () => {
		emulator.injectFault('createJob', { kind: 'status', status: 503, afterHandling: true });
		expect((await post('createJob', createBody)).status).toBe(503);
		expect(emulator.jobs.size).toBe(1);
	});

	it('hangs: no answer until the client gives up, or for the time given and then a reset', async () => {
		emulator.injectFault('getBalance', { kind: 'hang' });
		expect((await post('getBalance', { api_token: TOKEN }, 300)).error).toBe('timeout');
		emulator.injectFault('getBalance', { kind: 'hang', ms: 150 });
		const answer = await post('getBalance', { api_token: TOKEN }, 2000);
		expect(answer.error).toBe('reset');
		expect(answer.ms).toBeGreaterThanOrEqual(140);
	});

	it('sends the headers at once and the real body slowly', async () => {
		emulator.injectFault('getBalance', { kind: 'slowBody', msPerByte: 5 });
		const answer = await post('getBalance', { api_token: TOKEN });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toMatchObject({ error: false, balance: '12.34500' });
		expect(answer.ms).toBeGreaterThanOrEqual(answer.text.length * 5 * 0.8);
	});

	it('sends the real answer late, whole, for a slow server', async () => {
		emulator.injectFault('getBalance', { kind: 'slow', ms: 200 });
		const answer = await post('getBalance', { api_token: TOKEN });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toMatchObject({ error: false, balance: '12.34500' });
		expect(answer.ms).toBeGreaterThanOrEqual(190);
		expect(emulator.requests[0]).toMatchObject({ handled: true, status: 200, fault: { kind: 'slow', ms: 200 } });
	});

	it('leaves other methods alone', async () => {
		emulator.injectFault('createJob', { kind: 'status', status: 500 });
		expect((await post('getBalance', { api_token: TOKEN })).status).toBe(200);
		expect((await post('createJob', createBody)).status).toBe(500);
	});

	it('can be set from outside the process through POST /emulator/faults', async () => {
		const set = await post('', { method: 'getBalance', fault: { kind: 'status', status: 418 }, times: 1 }, 2000, '/emulator/faults');
		expect(set.status).toBe(200);
		expect((await post('getBalance', { api_token: TOKEN })).status).toBe(418);
		expect((await post('getBalance', { api_token: TOKEN })).status).toBe(200);
		// The control requests are not part of the API's log.
		expect(emulator.requests.map((entry) => entry.method)).toEqual(['getBalance', 'getBalance']);
	});

	it('lets a function pick faults, e.g. a seeded random plan per method', async () => {
		const plan = { seed: 7, methods: { getBalance: [{ probability: 0.5, fault: { kind: 'status' as const, status: 503 } }] } };
		emulator.options.faults = randomFaults(plan);
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await post('getBalance', { api_token: TOKEN })).status ?? 0);
		const failed = statuses.filter((status) => status === 503).length;
		expect(failed).toBeGreaterThan(8);
		expect(failed).toBeLessThan(32);
		// Same seed, same faults.
		emulator.options.faults = randomFaults(plan);
		const again: number[] = [];
		for (let i = 0; i < 40; i++) again.push((await post('getBalance', { api_token: TOKEN })).status ?? 0);
		expect(again).toEqual(statuses);
	});
});
