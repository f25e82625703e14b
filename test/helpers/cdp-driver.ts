/**
 * A tiny test-only Chrome DevTools Protocol driver on Node's global WebSocket: enough to open a
 * page, evaluate script, and send raw `Input.dispatchMouseEvent`s to the demo captcha pages. It is
 * deliberately raw (no drag interception, unlike Playwright's mouse), so tests see what Chromium
 * itself does with a CDP drag. Not the node's CDP client (that one lives under nodes/).
 */
import { setTimeout as sleep } from 'node:timers/promises';

type Listener = (params: any, sessionId?: string) => void;

export class CdpConnection {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void; method: string }>();
	private readonly listeners = new Map<string, Set<Listener>>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data));
			if (message.id !== undefined) {
				const waiter = this.pending.get(message.id);
				this.pending.delete(message.id);
				if (!waiter) return;
				if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
				else waiter.resolve(message.result);
			} else if (message.method) {
				for (const listener of this.listeners.get(message.method) ?? []) listener(message.params, message.sessionId);
			}
		});
		socket.addEventListener('close', () => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`${waiter.method}: socket closed`));
			this.pending.clear();
		});
	}

	/** `headers` go on the WebSocket upgrade (e.g. an endpoint's `Authorization: Bearer …`). */
	static async connect(wsUrl: string, headers?: Record<string, string>): Promise<CdpConnection> {
		const socket = new WebSocket(wsUrl, headers ? { headers } : undefined);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${wsUrl}`)), { once: true });
		});
		return new CdpConnection(socket);
	}

	send<T = any>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve, reject, method });
			this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		});
	}

	on(method: string, listener: Listener): () => void {
		const set = this.listeners.get(method) ?? new Set();
		set.add(listener);
		this.listeners.set(method, set);
		return () => set.delete(listener);
	}

	close(): void {
		this.socket.close();
	}
}

/** Whether a WebSocket to `url` opens (with these upgrade headers); a refused upgrade does not. */
export function webSocketOpens(url: string, headers?: Record<string, string>): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = new WebSocket(url, headers ? { headers } : undefined);
		socket.addEventListener('open', () => {
			socket.close();
			resolve(true);
		});
		socket.addEventListener('error', () => resolve(false));
	});
}

/** One page target, attached over a flat session. */
export class CdpPage {
	constructor(
		readonly connection: CdpConnection,
		readonly sessionId: string,
		readonly targetId: string,
	) {}

	/** Opens a new tab on `url` (or attaches to the first page when `url` is omitted) and waits for load. */
	static async open(connection: CdpConnection, url?: string): Promise<CdpPage> {
		let targetId: string;
		if (url === undefined) {
			const { targetInfos } = await connection.send('Target.getTargets');
			targetId = targetInfos.find((t: any) => t.type === 'page').targetId;
		} else {
			({ targetId } = await connection.send('Target.createTarget', { url: 'about:blank' }));
		}
		const { sessionId } = await connection.send('Target.attachToTarget', { targetId, flatten: true });
		const page = new CdpPage(connection, sessionId, targetId);
		await page.send('Page.enable');
		await page.send('Runtime.enable');
		if (url !== undefined) await page.goto(url);
		return page;
	}

	/**
	 * Opens `url` in a window of its own and waits for load: a tab of a shared window is hidden
	 * when another is in front, and hidden pages paint nothing. `browserContextId` (from
	 * `Target.createBrowserContext`) gives it cookies of its own.
	 */
	static async openWindow(connection: CdpConnection, url: string, browserContextId?: string): Promise<CdpPage> {
		const { targetId } = await connection.send('Target.createTarget', { url: 'about:blank', newWindow: true, ...(browserContextId ? { browserContextId } : {}) });
		const { sessionId } = await connection.send('Target.attachToTarget', { targetId, flatten: true });
		const page = new CdpPage(connection, sessionId, targetId);
		await page.send('Page.enable');
		await page.send('Runtime.enable');
		await page.goto(url);
		return page;
	}

	send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		return this.connection.send<T>(method, params, this.sessionId);
	}

	/** The cookies that apply to the page's URL (HttpOnly ones too), as a Cookie request header. */
	async cookieHeader(): Promise<string> {
		const { cookies } = await this.send<{ cookies: Array<{ name: string; value: string }> }>('Network.getCookies');
		return cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
	}

	async goto(url: string): Promise<void> {
		const loaded = new Promise<void>((resolve) => {
			const off = this.connection.on('Page.loadEventFired', (_params, sessionId) => {
				if (sessionId === this.sessionId) {
					off();
					resolve();
				}
			});
		});
		await this.send('Page.navigate', { url });
		await loaded;
	}

	/** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
	async evaluate<T = any>(expression: string): Promise<T> {
		const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
		if (exceptionDetails) throw new Error(`evaluate failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
		return result.value as T;
	}

	/** Polls an expression until it is truthy. */
	async waitFor<T = any>(expression: string, timeoutMs = 10_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await this.evaluate<T>(expression);
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
			await sleep(25);
		}
	}

	/** The element's border box in main-frame viewport CSS px. */
	async box(selector: string, frameSelector?: string): Promise<{ x: number; y: number; width: number; height: number }> {
		const expression = `(() => {
			let offsetX = 0, offsetY = 0, doc = document;
			${frameSelector ? `const frame = document.querySelector(${JSON.stringify(frameSelector)}); const fr = frame.getBoundingClientRect(); offsetX = fr.left + frame.clientLeft; offsetY = fr.top + frame.clientTop; doc = frame.contentDocument;` : ''}
			const element = doc.querySelector(${JSON.stringify(selector)});
			if (!element) return null;
			const r = element.getBoundingClientRect();
			return { x: r.left + offsetX, y: r.top + offsetY, width: r.width, height: r.height };
		})()`;
		const box = await this.evaluate(expression);
		if (!box) throw new Error(`no element matches ${selector}`);
		return box;
	}

	mouse(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, pressed: boolean): Promise<void> {
		return this.send('Input.dispatchMouseEvent', {
			type,
			x,
			y,
			button: type === 'mouseMoved' && !pressed ? 'none' : 'left',
			buttons: pressed ? 1 : 0,
			clickCount: type === 'mouseMoved' ? 0 : 1,
		});
	}

	/** Screenshot of a viewport region (CSS px), PNG bytes. */
	async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
		const { data } = await this.send('Page.captureScreenshot', { format: 'png', ...(clip ? { clip: { ...clip, scale: 1 } } : {}) });
		return Buffer.from(data, 'base64');
	}

	async close(): Promise<void> {
		await this.connection.send('Target.closeTarget', { targetId: this.targetId }).catch(() => undefined);
	}
}

/** A point of a drag path relative to the press point; `t` is ms since the press. */
export interface PathPoint {
	x: number;
	y: number;
	t: number;
}

/**
 * Presses at (x, y), moves along `path` (offsets from the press point, waiting until each point's
 * time), and releases at the last point: raw CDP mouse events, nothing else.
 */
export async function dragAlong(page: CdpPage, x: number, y: number, path: PathPoint[], { holdMs = 0 } = {}): Promise<void> {
	await page.mouse('mouseMoved', x, y, false);
	await page.mouse('mousePressed', x, y, true);
	const start = Date.now();
	for (const point of path) {
		const wait = start + point.t - Date.now();
		if (wait > 0) await sleep(wait);
		await page.mouse('mouseMoved', x + point.x, y + point.y, true);
	}
	if (holdMs) await sleep(holdMs);
	const last = path[path.length - 1] ?? { x: 0, y: 0 };
	await page.mouse('mouseReleased', x + last.x, y + last.y, true);
}

/**
 * A test drag path with what the demo's bot check wants from a person: ease-in-out progress (speed
 * varies), uneven time steps, a vertical wobble, ~30 moves, no step over 40 px. Deterministic.
 */
export function humanishPath(distance: number, { moves = 30, durationMs = 700 } = {}): PathPoint[] {
	const points: PathPoint[] = [];
	let t = 0;
	for (let i = 1; i <= moves; i++) {
		const p = i / moves;
		const eased = p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
		t += (durationMs / moves) * (0.6 + 0.8 * (((i * 37) % 11) / 10));
		points.push({ x: Math.round(distance * eased * 100) / 100, y: Math.round(Math.sin(p * Math.PI) * 3 * 100) / 100, t: Math.round(t) });
	}
	points[points.length - 1].x = distance;
	return points;
}
