import type { CdpConnection } from '../connection/cdpConnection';

/**
 * A page's cross-origin iframes: they run in their own process, and the browser exposes each as
 * a target of its own, attached here as its own flat session.
 */
export class CrossOriginFrames {
	/** Frame target id → its session. */
	readonly sessions = new Map<string, string>();
	private attached = false;

	constructor(
		private readonly connection: CdpConnection,
		/** The page's session; a page's own socket has none (and no frames to attach). */
		private readonly pageSessionId: string | undefined,
	) {}

	get count(): number {
		return this.sessions.size;
	}

	/**
	 * Attaches them (once, only when the page has such frames; `send` speaks to the page) so a
	 * captcha inside one can be found and read; the browser reports the frames already there
	 * before it answers.
	 */
	async attach(send: (method: string, params: Record<string, unknown>) => Promise<unknown>): Promise<void> {
		if (this.attached || !this.pageSessionId) return;
		this.attached = true;
		this.connection.on(
			'Target.attachedToTarget',
			(params: { sessionId: string; targetInfo: { targetId: string; type: string } }) => {
				if (params.targetInfo.type === 'iframe') this.sessions.set(params.targetInfo.targetId, params.sessionId);
			},
			this.pageSessionId,
		);
		this.connection.on('Target.detachedFromTarget', (params: { targetId?: string }) => params.targetId && this.sessions.delete(params.targetId), this.pageSessionId);
		await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }).catch(() => undefined);
	}
}
