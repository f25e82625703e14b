/**
 * Page → Solve Captcha on Page without a browser: what a user gets for a wrong Browser URL or a
 * missing field, per item, with the other items still answered and a token never shown.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

import { requestsTo, runOmoCaptcha } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

async function freePort(): Promise<number> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

describe('Page → Solve Captcha on Page: bad input', () => {
	const emulator = useEmulator();

	it('names the item and what is wrong with each endpoint, and never shows a token', async () => {
		const closed = await freePort();
		const origin = emulator.url.replace(/\/api$/, '');
		const items = [
			{ url: `http://127.0.0.1:${closed}` },
			{ url: origin },
			{ url: `ws://127.0.0.1:${closed}/devtools/browser/x?token=SECRET-TOKEN-42` },
			{ url: `${origin.replace('http', 'ws')}/devtools/browser/x?apiKey=SECRET-KEY-43` },
			{ url: 'localhost:9222' },
			{ url: '' },
		];
		const result = await runOmoCaptcha(
			emulator,
			{ resource: 'page', operation: 'solveOnPage', browserUrl: '={{ $json.url }}', appearTimeout: 1 },
			items.map((json) => ({ json })),
			{ continueOnFail: true },
		);
		expect(result.status).toBe('success');
		const errors = result.output.map((json) => String(json.error));
		const host = origin.replace('http://', '');
		expect(errors).toEqual([
			`Item 0: could not reach the browser at 127.0.0.1:${closed} (connection refused)`,
			`Item 1: ${host} answered HTTP 404 to /json/version: not a Chrome DevTools endpoint`,
			`Item 2: could not open a DevTools connection to 127.0.0.1:${closed} (refused or not a WebSocket endpoint)`,
			`Item 3: could not open a DevTools connection to ${host} (refused or not a WebSocket endpoint)`,
			'Item 4, field "Browser URL": must be an http://, https://, ws:// or wss:// URL of a Chrome DevTools endpoint',
			'Item 5, field "Browser URL": is required (for example http://127.0.0.1:9222), or a default Browser URL in the Browser Connection credential',
		]);
		// The URLs were the input; nothing the node produced repeats the secret.
		expect(JSON.stringify(result.run.data.resultData.runData.OmoCaptcha)).not.toMatch(/SECRET-(TOKEN|KEY)/);
		expect(requestsTo(emulator, 'createJob')).toEqual([]);
	});

	it('fails the node (without Continue On Fail) with the first failed item, naming it', async () => {
		const closed = await freePort();
		const result = await runOmoCaptcha(emulator, {
			resource: 'page',
			operation: 'solveOnPage',
			browserUrl: `http://127.0.0.1:${closed}`,
			pageSelection: 'urlContains',
			pageUrlContains: 'tiktok',
		});
		expect(result.status).toBe('error');
		expect(result.errorOf('OmoCaptcha')?.message).toBe(`Item 0: could not reach the browser at 127.0.0.1:${closed} (connection refused)`);
	});

	it('asks for the text of URL Contains, the target id and the URL to open when that page choice is made', async () => {
		const result = await runOmoCaptcha(
			emulator,
			{
				resource: 'page',
				operation: 'solveOnPage',
				browserUrl: 'http://127.0.0.1:9222',
				pageSelection: '={{ $json.by }}',
				// Expressions that come out empty: n8n's own required check cannot see them.
				pageUrlContains: '={{ $json.none ?? "" }}',
				pageTargetId: '={{ $json.none ?? " " }}',
				pageOpenUrl: '={{ $json.open ?? "" }}',
				pageOptions: { openUrlIfNoMatch: '={{ $json.fallback ?? "" }}' },
			},
			[
				{ json: { by: 'urlContains' } },
				{ json: { by: 'targetId' } },
				{ json: { by: 'openUrl' } },
				{ json: { by: 'openUrl', open: 'example.com/login' } },
				{ json: { by: 'first', fallback: 'ftp://example.com' } },
			],
			{ continueOnFail: true },
		);
		expect(result.output.map((json) => json.error)).toEqual([
			'Item 0, field "URL Contains": is required',
			'Item 1, field "Target ID": is required',
			'Item 2, field "URL to Open": must be an http:// or https:// address',
			'Item 3, field "URL to Open": must be an http:// or https:// address',
			'Item 4, field "Open URL If No Tab Matches": must be an http:// or https:// address',
		]);
	});
});
