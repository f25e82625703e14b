import { sleep } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { CdpConnection, type CdpSocket } from '../../nodes/OmoCaptcha/browser/connection/cdpConnection';
import { CdpError } from '../../nodes/OmoCaptcha/browser/connection/cdpError';
import { connectToBrowser } from '../../nodes/OmoCaptcha/browser/connection/connect';
import { endpointHost, resolveBrowserUrl, safeReason } from '../../nodes/OmoCaptcha/browser/connection/endpoint';

type Listener = (event: { data?: unknown }) => void;

/** A socket the test drives: it records what the client sends and plays the browser's part. */
class FakeSocket implements CdpSocket {
	readyState = 0;
	sent: Array<{ id: number; method: string; params: Record<string, unknown>; sessionId?: string }> = [];
	closed = false;
	private listeners = new Map<string, Listener[]>();

	constructor(readonly url: string) {}

	addEventListener(type: string, listener: Listener) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}

	send(data: string) {
		if (this.readyState !== 1) throw new Error('not open');
		this.sent.push(JSON.parse(data));
	}

	close() {
		if (this.closed) return;
		this.closed = true;
		this.readyState = 3;
		this.emit('close', {});
	}

	emit(type: string, event: { data?: unknown }) {
		for (const listener of this.listeners.get(type) ?? []) listener(event);
	}

	open() {
		this.readyState = 1;
		this.emit('open', {});
	}

	reply(message: Record<string, unknown>) {
		this.emit('message', { data: JSON.stringify(message) });
	}

	lastSent() {
		return this.sent[this.sent.length - 1];
	}
}

async function connected(options: { commandTimeoutMs?: number } = {}) {
	let socket!: FakeSocket;
	const opening = CdpConnection.open('ws://127.0.0.1:9222/devtools/browser/abc', {
		wait: sleep,
		...options,
		openSocket: (url) => (socket = new FakeSocket(url)),
	});
	socket.open();
	return { connection: await opening, socket };
}

describe('CdpConnection', () => {
	it('numbers commands, matches replies by id (out of order) and sends the session id of flat sessions', async () => {
		const { connection, socket } = await connected();
		const first = connection.send('Target.getTargets');
		const second = connection.send('Runtime.evaluate', { expression: '1+1' }, { sessionId: 'S1' });
		expect(socket.sent).toEqual([
			{ id: 1, method: 'Target.getTargets', params: {} },
			{ id: 2, method: 'Runtime.evaluate', params: { expression: '1+1' }, sessionId: 'S1' },
		]);
		socket.reply({ id: 2, result: { result: { value: 2 } }, sessionId: 'S1' });
		socket.reply({ id: 1, result: { targetInfos: [] } });
		await expect(first).resolves.toEqual({ targetInfos: [] });
		await expect(second).resolves.toEqual({ result: { value: 2 } });
		connection.close();
	});

	it('rejects a command the browser answers with an error, naming the method', async () => {
		const { connection, socket } = await connected();
		const command = connection.send('DOM.getDocument');
		socket.reply({ id: 1, error: { code: -32000, message: 'Not attached to an active page' } });
		await expect(command).rejects.toMatchObject({ kind: 'protocol', message: 'DOM.getDocument: Not attached to an active page' });
		connection.close();
	});

	it('gives up on a command after its timeout', async () => {
		const { connection } = await connected({ commandTimeoutMs: 30 });
		await expect(connection.send('Page.captureScreenshot')).rejects.toMatchObject({ kind: 'timeout' });
		// A late answer is ignored.
		connection.close();
	});

	it('rejects waiting commands when the execution is stopped, and the connection stays usable for clean-up', async () => {
		const { connection, socket } = await connected();
		const stop = new AbortController();
		const command = connection.send('Runtime.evaluate', {}, { signal: stop.signal });
		stop.abort();
		await expect(command).rejects.toMatchObject({ kind: 'canceled' });
		await expect(connection.send('Input.dispatchMouseEvent', {}, { signal: stop.signal })).rejects.toMatchObject({ kind: 'canceled' });
		const release = connection.send('Input.dispatchMouseEvent', { type: 'mouseReleased' });
		socket.reply({ id: socket.lastSent().id, result: {} });
		await expect(release).resolves.toEqual({});
		connection.close();
	});

	it('rejects every waiting command when the browser closes the socket, and refuses new ones', async () => {
		const { connection, socket } = await connected();
		const command = connection.send('Page.navigate');
		socket.close();
		await expect(command).rejects.toMatchObject({ kind: 'closed' });
		await expect(connection.send('Page.reload')).rejects.toBeInstanceOf(CdpError);
		expect(connection.isClosed).toBe(true);
	});

	it('delivers events to listeners of their session only, and waits for a matching event', async () => {
		const { connection, socket } = await connected();
		const seen: string[] = [];
		const stop = connection.on('Page.loadEventFired', (_params, sessionId) => seen.push(String(sessionId)), 'S2');
		socket.reply({ method: 'Page.loadEventFired', params: {}, sessionId: 'S1' });
		socket.reply({ method: 'Page.loadEventFired', params: {}, sessionId: 'S2' });
		stop();
		socket.reply({ method: 'Page.loadEventFired', params: {}, sessionId: 'S2' });
		expect(seen).toEqual(['S2']);

		const attached = connection.waitForEvent<{ targetInfo: { url: string } }>('Target.targetCreated', {
			timeoutMs: 1000,
			accept: (params) => params.targetInfo.url.includes('captcha'),
		});
		socket.reply({ method: 'Target.targetCreated', params: { targetInfo: { url: 'https://a.test/home' } } });
		socket.reply({ method: 'Target.targetCreated', params: { targetInfo: { url: 'https://a.test/captcha' } } });
		await expect(attached).resolves.toEqual({ targetInfo: { url: 'https://a.test/captcha' } });
		await expect(connection.waitForEvent('Never.happens', { timeoutMs: 20 })).rejects.toMatchObject({ kind: 'timeout' });
		connection.close();
	});

	it('reports a refused connection with the host only, never the token', async () => {
		let socket!: FakeSocket;
		const url = 'wss://chrome.provider.test/session?token=s3cret-token-123';
		const opening = CdpConnection.open(url, { wait: sleep, openSocket: (target) => (socket = new FakeSocket(target)) });
		socket.emit('error', {});
		const error = await opening.catch((e: Error) => e);
		expect(error).toMatchObject({ kind: 'unreachable' });
		expect((error as Error).message).toContain('chrome.provider.test');
		expect((error as Error).message).not.toContain('s3cret');
		expect(socket.closed).toBe(true);
	});

	it('stops connecting when the execution is stopped, and times out a socket that never opens', async () => {
		const stop = new AbortController();
		const opening = CdpConnection.open('ws://127.0.0.1:1/x', { wait: sleep, signal: stop.signal, openSocket: (url) => new FakeSocket(url) });
		stop.abort();
		await expect(opening).rejects.toMatchObject({ kind: 'canceled' });
		await expect(
			CdpConnection.open('ws://127.0.0.1:1/x', { wait: sleep, timeoutMs: 20, openSocket: (url) => new FakeSocket(url) }),
		).rejects.toMatchObject({ kind: 'timeout' });
	});

	it('does not close an open connection when the stop signal fires later (clean-up still needs it)', async () => {
		const stop = new AbortController();
		let socket!: FakeSocket;
		const opening = CdpConnection.open('ws://127.0.0.1:9222/x', { wait: sleep, signal: stop.signal, openSocket: (url) => (socket = new FakeSocket(url)) });
		socket.open();
		const connection = await opening;
		stop.abort();
		expect(socket.closed).toBe(false);
		connection.close();
		expect(socket.closed).toBe(true);
	});
});

describe('resolveBrowserUrl', () => {
	it('asks /json/version of an http endpoint and keeps the host the user reached', async () => {
		const asked: string[] = [];
		const url = await resolveBrowserUrl('http://chrome-box:9222', async (target) => {
			asked.push(target);
			return { Browser: 'Chrome/140', webSocketDebuggerUrl: 'ws://127.0.0.1:9222/devtools/browser/0f1e' };
		});
		expect(asked).toEqual(['http://chrome-box:9222/json/version']);
		expect(url).toBe('ws://chrome-box:9222/devtools/browser/0f1e');
	});

	it('takes ws:// and wss:// URLs as they are (a provider token stays in the URL it connects to)', async () => {
		const never = async () => {
			throw new Error('no HTTP for socket URLs');
		};
		expect(await resolveBrowserUrl('ws://localhost:9222/devtools/browser/1', never)).toBe('ws://localhost:9222/devtools/browser/1');
		expect(await resolveBrowserUrl('wss://connect.example.test?token=abc123', never)).toBe('wss://connect.example.test/?token=abc123');
	});

	it('says an answer without webSocketDebuggerUrl is not a DevTools endpoint', async () => {
		await expect(resolveBrowserUrl('http://127.0.0.1:8080', async () => ({ hello: 'world' }))).rejects.toThrow(
			'127.0.0.1:8080 is not a Chrome DevTools endpoint',
		);
	});

	it('says a refused endpoint could not be reached, without the token', async () => {
		const error = await resolveBrowserUrl('http://127.0.0.1:9?token=hunter22', async () => {
			throw new Error('connect ECONNREFUSED http://127.0.0.1:9?token=hunter22');
		}).catch((e: Error) => e);
		expect(error).toMatchObject({ kind: 'unreachable' });
		expect((error as Error).message).toContain('127.0.0.1:9');
		expect((error as Error).message).not.toContain('hunter22');
	});

	it('rejects what is not a URL and other schemes', async () => {
		const never = async () => ({});
		await expect(resolveBrowserUrl('localhost 9222', never)).rejects.toMatchObject({ kind: 'notDevTools' });
		await expect(resolveBrowserUrl('ftp://x', never)).rejects.toThrow('must start with http://');
	});
});

describe('an endpoint with query parameters and headers', () => {
	const query = { token: 'T0K3N-1' };
	const headers = { Authorization: 'Bearer SECRET-1' };

	/** Connects through fakes; what the discovery call and the socket were given. */
	async function connectVia(url: string) {
		const asked: Array<{ url: string; headers?: Readonly<Record<string, string>> }> = [];
		const opened: Array<{ url: string; headers?: Readonly<Record<string, string>> }> = [];
		const { connection, socketUrl } = await connectToBrowser(
			{ url, query, headers },
			{
				wait: sleep,
				getJson: async (target, sent) => {
					asked.push({ url: target, headers: sent });
					return { webSocketDebuggerUrl: 'ws://127.0.0.1:9222/devtools/browser/0f1e' };
				},
				openSocket: (target, sent) => {
					opened.push({ url: target, headers: sent });
					const socket = new FakeSocket(target);
					queueMicrotask(() => socket.open());
					return socket;
				},
			},
		);
		connection.close();
		return { asked, opened, socketUrl };
	}

	it('sends them on the discovery call and on the socket upgrade', async () => {
		const { asked, opened, socketUrl } = await connectVia('http://chrome-box:9222');
		expect(asked).toEqual([{ url: 'http://chrome-box:9222/json/version?token=T0K3N-1', headers }]);
		expect(opened).toEqual([{ url: 'ws://chrome-box:9222/devtools/browser/0f1e?token=T0K3N-1', headers }]);
		expect(socketUrl).toBe('ws://chrome-box:9222/devtools/browser/0f1e?token=T0K3N-1');
	});

	it('adds them to a socket URL given as is, asking nothing over HTTP', async () => {
		const { asked, opened } = await connectVia('wss://connect.example.test/session?keep=1');
		expect(asked).toEqual([]);
		expect(opened).toEqual([{ url: 'wss://connect.example.test/session?keep=1&token=T0K3N-1', headers }]);
	});

	it('keeps their values out of error texts', () => {
		const reason = safeReason(new Error('401 for token=T0K3N-1 with Bearer SECRET-1'), { url: 'http://chrome-box:9222', query, headers });
		expect(reason).not.toContain('T0K3N-1');
		expect(reason).not.toContain('SECRET-1');
	});
});

describe('endpoint secrets', () => {
	it('shows the host only', () => {
		expect(endpointHost('wss://production-sfo.browserless.io?token=T0K3N')).toBe('production-sfo.browserless.io');
		expect(endpointHost('wss://user:pw@connect.steel.dev/x?apiKey=K')).toBe('connect.steel.dev');
		expect(safeReason(new Error('failed wss://a.test/?apiKey=KEY-123 and KEY-123 again'), 'wss://a.test/?apiKey=KEY-123')).not.toContain('KEY-123');
	});
});
