/**
 * The tab a captcha is solved on: chosen among the browser's page targets (or opened), attached as
 * a flat session, brought to front when hidden, and searched together with its cross-origin frames.
 * Other code talks to the tab (evaluate, snapshot, screenshot, input events) instead of raw
 * sessions.
 */

import type { Point } from '../../motion/humanPath';
import type { CdpConnection } from '../connection/cdpConnection';
import { findElementsExpression, readImageExpression, type ElementInfo, type PageSnapshot } from '../pageScripts';
import { PageSolveError } from '../pageSolveError';
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
	signal?: AbortSignal;
}

export class Tab {
	private readonly frames: CrossOriginFrames;
	/** Where the captcha is: the page itself, or a cross-origin frame's session. */
	private frame?: { sessionId: string; targetId: string };

	private constructor(
		private readonly connection: CdpConnection,
		/** The page's flat session; none on a page's own socket. */
		private readonly sessionId: string | undefined,
		private readonly signal: AbortSignal | undefined,
		readonly info: TabInfo,
	) {
		this.frames = new CrossOriginFrames(connection, sessionId);
	}

	/**
	 * Attaches to the selected page of the browser behind `connection`, among the pages of every
	 * browser context, or opens one at `openUrl` when none matches. A page's own socket
	 * (…/devtools/page/<id>) already is the page: no target to pick, and none to open.
	 */
	static async attach(connection: CdpConnection, options: AttachOptions): Promise<Tab> {
		const { selection, host, signal } = options;
		const openUrl = selection.by === 'openUrl' ? selection.url : options.openUrl;
		const pageSocket = /\/devtools\/page\/([^/?#]+)/.exec(new URL(options.socketUrl).pathname);
		if (pageSocket) {
			if (selection.by === 'openUrl') throw new PageSolveError(`Open URL needs the browser's address, not a page's (${host}/devtools/page/…)`);
			const tab = new Tab(connection, undefined, signal, { targetId: decodeURIComponent(pageSocket[1]), url: '', endpoint: host, opened: false });
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
		const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true }, { signal });
		const tab = new Tab(connection, sessionId, signal, { targetId: target.targetId, url: withoutQuery(target.url), endpoint: host, opened });
		if (opened && openUrl !== undefined) {
			await loadUrl(connection, sessionId, openUrl, { timeoutMs: options.loadTimeoutMs ?? 30_000, signal });
			tab.info.url = withoutQuery(openUrl);
		}
		await tab.bringToFrontIfHidden();
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
	 * A hidden tab paints no frames: screenshots and rAF-aligned mouse moves would wait for one.
	 * Only a hidden page is brought to front, so items on pages in separate windows never fight.
	 */
	private async bringToFrontIfHidden(): Promise<void> {
		const visibility = await this.evaluate<string>('document.visibilityState').catch(() => 'visible');
		if (visibility === 'hidden') await this.send('Page.bringToFront').catch(() => undefined);
	}

	get isClosed(): boolean {
		return this.connection.isClosed;
	}

	async send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId = this.sessionId): Promise<T> {
		return await this.connection.send<T>(method, params, { sessionId, signal: this.signal });
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

	/** The elements' places, in the top viewport's px also when the captcha is in a cross-origin frame. */
	async snapshot(selectors: Record<string, string>): Promise<PageSnapshot> {
		const frame = this.frame;
		if (!frame) return await this.evaluate<PageSnapshot>(findElementsExpression(selectors));
		const inFrame = await this.evaluate<PageSnapshot>(findElementsExpression(selectors), frame.sessionId);
		const top = await this.evaluate<PageSnapshot>(findElementsExpression({}));
		const offset = await this.frameOffset(frame.targetId);
		for (const element of Object.values(inFrame.elements)) {
			if (!element) continue;
			element.x += offset.x;
			element.y += offset.y;
		}
		return { ...inFrame, devicePixelRatio: top.devicePixelRatio, pageLeft: top.pageLeft, pageTop: top.pageTop };
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
