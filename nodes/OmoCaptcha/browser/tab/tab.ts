/**
 * The tab a captcha is solved on: chosen among the browser's page targets (or opened), attached as
 * a flat session, brought to front in its window's turn (`foreground.ts`), and searched together
 * with its cross-origin frames. Other code talks to the tab (evaluate, snapshot, screenshot, input
 * events) instead of raw sessions.
 */

import type { Point } from '../../motion/humanPath';
import type { Clock } from '../clock';
import { CdpError } from '../connection/cdpError';
import type { CdpConnection } from '../connection/cdpConnection';
import { changedElementsExpression, findElementsExpression, readImageExpression, type ElementInfo, type PageSnapshot } from '../pageScripts';
import { PageFault, PageSolveError } from '../pageSolveError';
import { inTurn } from './foreground';
import { CrossOriginFrames } from './frames';
import { createTab, loadUrl } from './openTab';
import { describeSelection, selectPage, withoutQuery, type PageSelection, type PageTarget } from './pageChoice';

/**
 * Which tab the node worked on, as the output shows it so the next node can continue there (a type
 * literal: the node passes it on as JSON). No secret: the URL without its query, the endpoint as
 * its host.
 */
export type TabInfo = {
	targetId?: string;
	url: string;
	/** The browser endpoint's host:port. */
	endpoint: string;
	/** Whether the node opened this tab itself (Open URL). */
	opened: boolean;
};

/** Whether Runtime.evaluate failed because the page's document went away under it. */
function isDocumentGone(error: unknown): boolean {
	return error instanceof CdpError && error.kind === 'protocol' && /context was destroyed|Cannot find (default )?(execution )?context|navigated or closed/i.test(error.message);
}

/** Wait for the page to change from a snapshot before taking the next (at most `maxMs`). */
export interface SnapshotChange {
	from: PageSnapshot;
	maxMs: number;
}

/** How long the tab may take to show after Page.bringToFront before it counts as unable to take input. */
const SHOW_MS = 2000;

/** A cookie of the page, as Chrome reports it and an HTTP client needs it. */
export type PageCookie = {
	name: string;
	value: string;
	domain: string;
	path: string;
	/** Seconds since the epoch; -1 for a session cookie. */
	expires: number;
	httpOnly: boolean;
	secure: boolean;
	sameSite?: string;
};

export interface AttachOptions {
	socketUrl: string;
	selection: PageSelection;
	/** The endpoint's host:port, for messages and the output. */
	host: string;
	/** Opened when no tab matches `selection` (and always for Page: Open URL). */
	openUrl?: string;
	/** How long a tab the node opens may take to load. */
	loadTimeoutMs?: number;
	/** Time on the page, and the execution's stop signal. */
	clock: Clock;
}

export class Tab {
	private readonly frames: CrossOriginFrames;
	/** Where the captcha is: the page itself, or a cross-origin frame's session. */
	private frame?: { sessionId: string; targetId: string };
	/** The document the captcha was captured on (its performance.timeOrigin), while it must stay. */
	private pinned?: number;

	private constructor(
		private readonly connection: CdpConnection,
		/** The page's flat session; none on a page's own socket. */
		private readonly sessionId: string | undefined,
		private readonly clock: Clock,
		/** The window whose foreground the tab shares (`foreground.ts`). */
		private readonly window: string,
		readonly info: TabInfo,
	) {
		this.frames = new CrossOriginFrames(connection, sessionId);
	}

	private get signal(): AbortSignal | undefined {
		return this.clock.signal;
	}

	/**
	 * Attaches to the selected page of the browser behind `connection`, among the pages of every
	 * browser context, or opens one at `openUrl` when none matches. A page's own socket
	 * (…/devtools/page/<id>) already is the page: no target to pick, and none to open.
	 */
	static async attach(connection: CdpConnection, options: AttachOptions): Promise<Tab> {
		const { selection, host, clock } = options;
		const signal = clock.signal;
		const openUrl = selection.by === 'openUrl' ? selection.url : options.openUrl;
		// Without the query: a provider's token has no business in a key.
		const browser = `${new URL(options.socketUrl).host}${new URL(options.socketUrl).pathname}`;
		const pageSocket = /\/devtools\/page\/([^/?#]+)/.exec(new URL(options.socketUrl).pathname);
		if (pageSocket) {
			if (selection.by === 'openUrl') throw new PageSolveError(`Open URL needs the browser's address, not a page's (${host}/devtools/page/…)`);
			const tab = new Tab(connection, undefined, clock, browser, { targetId: decodeURIComponent(pageSocket[1]), url: '', endpoint: host, opened: false });
			tab.info.url = withoutQuery(await tab.evaluate<string>('location.href'));
			return tab;
		}
		const { targetInfos } = await connection.send<{ targetInfos: PageTarget[] }>('Target.getTargets', {}, { signal });
		let target = selectPage(targetInfos, selection);
		const opened = !target && openUrl !== undefined;
		if (opened) {
			target = await createTab(connection, targetInfos, signal);
		} else if (!target) {
			const open = targetInfos.filter((info) => info.type === 'page').map((info) => withoutQuery(info.url));
			throw new PageSolveError(`found no ${describeSelection(selection)} in the browser at ${host}; open pages: ${open.length ? open.join(', ') : 'none'}`);
		}
		const [{ sessionId }, window] = await Promise.all([
			connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true }, { signal }),
			// Services that do not say which window a tab is in share one foreground for all their tabs.
			connection
				.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: target.targetId }, { signal })
				.then(({ windowId }) => `${browser} window ${windowId}`)
				.catch(() => browser),
		]);
		const tab = new Tab(connection, sessionId, clock, window, { targetId: target.targetId, url: withoutQuery(target.url), endpoint: host, opened });
		if (opened && openUrl !== undefined) {
			await loadUrl(connection, sessionId, openUrl, { timeoutMs: options.loadTimeoutMs ?? 30_000, signal });
			tab.info.url = withoutQuery(openUrl);
		}
		return tab;
	}

	/** The cookies that apply to the page's current URL (HttpOnly ones too), as Chrome keeps them. */
	async cookies(): Promise<PageCookie[]> {
		const url = await this.evaluate<string>('location.href');
		const { cookies } = await this.send<{ cookies: PageCookie[] }>('Network.getCookies', { urls: [url] });
		return cookies.map(({ name, value, domain, path, expires, httpOnly, secure, sameSite }) => ({
			name,
			value,
			domain,
			path,
			expires,
			httpOnly,
			secure,
			...(sameSite ? { sameSite } : {}),
		}));
	}

	/** The page's address now (without its query), or the last one known when it cannot be read. */
	async currentUrl(): Promise<string> {
		const url = await this.evaluate<string>('location.href').catch(() => undefined);
		if (url) this.info.url = withoutQuery(url);
		return this.info.url;
	}

	/** Closes the tab (never throws): for "Close Tab After", once the item is done. */
	async close(): Promise<void> {
		if (this.connection.isClosed || !this.info.targetId) return;
		await this.connection.send('Target.closeTarget', { targetId: this.info.targetId }, { timeoutMs: 2000 }).catch(() => undefined);
	}

	/**
	 * Runs `work` in this tab's turn of its window's foreground, the tab in front: a hidden tab
	 * paints no frames and takes mouse events only after seconds each, so it is brought to front
	 * first, and must show within 2 s (a minimized window that stays hidden fails the item here).
	 * Tabs already in front (one per window) are never pulled, so windows do not fight.
	 */
	async inForeground<T>(work: () => Promise<T>): Promise<T> {
		return await inTurn(this.window, async () => {
			this.clock.throwIfStopped();
			await this.showInFront();
			return await work();
		});
	}

	private async showInFront(): Promise<void> {
		const visible = async () => (await this.evaluate<string>('document.visibilityState')) === 'visible';
		if (await visible()) return;
		await this.send('Page.bringToFront');
		const deadline = this.clock.now() + SHOW_MS;
		while (!(await visible())) {
			if (this.clock.now() >= deadline) {
				throw new PageFault(`the tab stayed in the background after being brought to the front for ${SHOW_MS / 1000} s (a minimized window?), so it cannot take the mouse`);
			}
			await this.clock.pause(50);
		}
	}

	get isClosed(): boolean {
		return this.connection.isClosed || (this.sessionId !== undefined && this.connection.sessionGone(this.sessionId) !== undefined);
	}

	async send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId = this.sessionId, timeoutMs?: number): Promise<T> {
		return await this.connection.send<T>(method, params, { sessionId, signal: this.signal, timeoutMs });
	}

	/** For cleaning up, also after the execution was stopped: without its signal, at most 2 s. */
	async sendWhileClosing(method: string, params: Record<string, unknown>): Promise<void> {
		await this.connection.send(method, params, { sessionId: this.sessionId, timeoutMs: 2000 });
	}

	/** Detaches from the page (never throws); the connection stays open. */
	async detach(): Promise<void> {
		if (this.sessionId && !this.connection.isClosed) {
			await this.connection.send('Target.detachFromTarget', { sessionId: this.sessionId }, { timeoutMs: 2000 }).catch(() => undefined);
		}
	}

	async evaluate<T>(expression: string, sessionId = this.sessionId): Promise<T> {
		const reply = await this.send<{ result: { value?: T }; exceptionDetails?: { text?: string; exception?: { description?: string } } }>(
			'Runtime.evaluate',
			{ expression, returnByValue: true, awaitPromise: true },
			sessionId,
		);
		if (reply.exceptionDetails) {
			const detail = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text ?? 'error';
			throw new PageSolveError(`the page's script failed: ${detail.split('\n')[0]}`);
		}
		return reply.result.value as T;
	}

	/**
	 * From now on (until `unpin`) the tab must keep the document of `snapshot`: a snapshot of
	 * another document, or a script whose document went away, fails with "navigated away".
	 */
	pin(snapshot: PageSnapshot): void {
		this.pinned = snapshot.timeOrigin;
	}

	unpin(): void {
		this.pinned = undefined;
	}

	/**
	 * The elements' places, in the top viewport's px also when the captcha is in a cross-origin
	 * frame. While the page loads a new document (not pinned) the snapshot waits for it.
	 */
	async snapshot(selectors: Record<string, string>, change?: SnapshotChange): Promise<PageSnapshot> {
		for (let tries = 1; ; tries++) {
			// A script whose document went away answers with an error; any other error stands.
			const snapshot = await this.snapshotOnce(selectors, change).catch((error: unknown) => (isDocumentGone(error) ? undefined : Promise.reject(error)));
			const gone = !snapshot;
			if (this.pinned !== undefined && (gone || snapshot!.timeOrigin !== this.pinned)) throw await this.navigatedAway();
			if (snapshot) return snapshot;
			if (tries >= 40) throw new PageSolveError('the page kept loading new documents for 2 s');
			await this.clock.pause(50);
		}
	}

	private async navigatedAway(): Promise<PageFault> {
		const now = await this.evaluate<string>('location.href').catch(() => undefined);
		return new PageFault(`the page navigated away${now ? ` (now at ${withoutQuery(now)})` : ''}`);
	}

	private async snapshotOnce(selectors: Record<string, string>, change?: SnapshotChange): Promise<PageSnapshot> {
		const frame = this.frame;
		if (!frame) return await this.evaluate<PageSnapshot>(change ? changedElementsExpression(selectors, change.from, change.maxMs) : findElementsExpression(selectors));
		// In a frame, a look every 50 ms stands in for watching its document.
		if (change) await this.clock.pause(Math.min(change.maxMs, 50));
		const [inFrame, top, offset] = await Promise.all([
			this.evaluate<PageSnapshot>(findElementsExpression(selectors), frame.sessionId),
			this.evaluate<PageSnapshot>(findElementsExpression({})),
			this.frameOffset(frame.targetId),
		]);
		for (const element of Object.values(inFrame.elements)) {
			if (!element) continue;
			element.x += offset.x;
			element.y += offset.y;
		}
		return { ...inFrame, devicePixelRatio: top.devicePixelRatio, pageLeft: top.pageLeft, pageTop: top.pageTop, timeOrigin: top.timeOrigin };
	}

	/** Top-left of a frame's content box in the top viewport: its <iframe> element's box. */
	private async frameOffset(targetId: string): Promise<Point> {
		const { backendNodeId } = await this.send<{ backendNodeId: number }>('DOM.getFrameOwner', { frameId: targetId });
		const { model } = await this.send<{ model: { content: number[] } }>('DOM.getBoxModel', { backendNodeId });
		return { x: model.content[0], y: model.content[1] };
	}

	/** How many cross-origin frames are attached (searched besides the page). */
	get frameCount(): number {
		return this.frames.count;
	}

	/** Attaches the page's cross-origin frames (once), so a captcha inside one can be found. */
	async attachFrames(): Promise<void> {
		await this.frames.attach((method, params) => this.send(method, params));
	}

	/**
	 * The first cross-origin frame whose snapshot of `selectors` passes `accept`; from then on the
	 * tab's snapshots and image reads look in that frame.
	 */
	async findInFrames<T>(selectors: Record<string, string>, accept: (snapshot: PageSnapshot) => T | undefined): Promise<T | undefined> {
		for (const [targetId, sessionId] of this.frames.sessions) {
			const inFrame = await this.evaluate<PageSnapshot>(findElementsExpression(selectors), sessionId).catch(() => undefined);
			const found = inFrame && accept(inFrame);
			if (found) {
				this.frame = { sessionId, targetId };
				return found;
			}
		}
		return undefined;
	}

	/** The bytes an image or canvas shows (in the captcha's frame), or undefined when the page cannot read them. */
	async readImage(selector: string): Promise<string | undefined> {
		const read = await this.evaluate<{ base64: string } | null>(readImageExpression(selector), this.frame?.sessionId ?? this.sessionId);
		return read?.base64;
	}

	/** A PNG of the element at its display size (CSS px), whatever the device pixel ratio. */
	async screenshot(element: ElementInfo, snapshot: PageSnapshot): Promise<string> {
		const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
			format: 'png',
			clip: {
				x: element.x + snapshot.pageLeft,
				y: element.y + snapshot.pageTop,
				width: element.width,
				height: element.height,
				scale: 1 / snapshot.devicePixelRatio,
			},
			captureBeyondViewport: false,
			// Faster PNG encoding (same pixels, a larger file); older Chromes ignore it.
			optimizeForSpeed: true,
		});
		return data;
	}
}
