/**
 * A small Chrome DevTools Protocol client on Node's global WebSocket (Node 22+), and nothing of
 * n8n: the wait and the HTTP GET are injected (n8n-workflow's `sleep` and n8n's request helper in
 * the node). One browser-level socket carries every page through flat sessions
 * (`Target.attachToTarget` with `flatten: true`): each command and event names its `sessionId`.
 *
 * Endpoint URLs may carry a provider's token (`wss://…?token=…`): they appear in messages only
 * as their host (`endpointHost`).
 */

import type { Wait } from '../transport/poller';

export type CdpErrorKind =
	/** Nothing listens there, or the connection dropped. */
	| 'unreachable'
	/** Something answered, but not a DevTools endpoint. */
	| 'notDevTools'
	/** A command got no answer in time. */
	| 'timeout'
	/** The browser answered the command with an error. */
	| 'protocol'
	/** The socket closed while a command waited. */
	| 'closed'
	/** The execution was stopped. */
	| 'canceled';

export class CdpError extends Error {
	constructor(
		readonly kind: CdpErrorKind,
		message: string,
	) {
		super(message);
		this.name = 'CdpError';
	}
}

/** The part of a WebSocket the client uses; the global WebSocket has it, tests pass a fake. */
export interface CdpSocket {
	readonly readyState: number;
	send(data: string): void;
	close(): void;
	addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}

export type OpenSocket = (url: string) => CdpSocket;

/** GETs a URL and resolves with its parsed JSON; rejects when nothing answers or the body is not JSON. */
export type GetJson = (url: string) => Promise<unknown>;

/** `host:port` of an endpoint URL, without path, query or credentials: safe to show. */
export function endpointHost(url: string): string {
	try {
		return new URL(url).host || 'the browser endpoint';
	} catch {
		return 'the browser endpoint';
	}
}

/**
 * The browser-level WebSocket URL for what a user gives: an `http(s)://host:port` DevTools
 * endpoint (asked at `/json/version`), or a `ws(s)://` URL taken as is. The host Chrome reports
 * in `/json/version` (often `127.0.0.1` or `localhost`) is replaced by the one the user reached.
 */
export async function resolveBrowserUrl(endpoint: string, getJson: GetJson): Promise<string> {
	const url = URL.canParse(endpoint.trim()) ? new URL(endpoint.trim()) : undefined;
	if (!url) throw new CdpError('notDevTools', 'the Browser URL is not a URL: give http://host:9222, ws://… or wss://…');
	if (url.protocol === 'ws:' || url.protocol === 'wss:') return url.toString();
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new CdpError('notDevTools', `the Browser URL must start with http://, https://, ws:// or wss://, not ${url.protocol}//`);
	}
	const host = endpointHost(endpoint);
	const versionUrl = new URL('/json/version', url);
	versionUrl.search = url.search;
	let version: unknown;
	let failure: CdpError | undefined;
	try {
		version = await getJson(versionUrl.toString());
	} catch (error) {
		failure = error instanceof CdpError ? error : new CdpError('unreachable', `could not reach the browser at ${host}: ${safeReason(error, endpoint)}`);
	}
	if (failure) throw failure;
	const socketUrl = (version as { webSocketDebuggerUrl?: unknown } | null)?.webSocketDebuggerUrl;
	if (typeof socketUrl !== 'string' || !/^wss?:\/\//.test(socketUrl)) {
		throw new CdpError('notDevTools', `${host} is not a Chrome DevTools endpoint: /json/version has no webSocketDebuggerUrl`);
	}
	const reported = new URL(socketUrl);
	reported.host = url.host;
	if (url.protocol === 'https:') reported.protocol = 'wss:';
	if (url.search && !reported.search) reported.search = url.search;
	return reported.toString();
}

/** An error's message with the endpoint (and so any token in it) removed. */
export function safeReason(error: unknown, endpoint: string): string {
	const message = error instanceof Error ? error.message : String(error);
	let text = message.split(endpoint).join(endpointHost(endpoint));
	try {
		const url = new URL(endpoint);
		for (const value of url.searchParams.values()) if (value.length >= 4) text = text.split(value).join('***');
		if (url.password) text = text.split(url.password).join('***');
	} catch {
		// Not a URL: nothing more to hide.
	}
	return text;
}

interface PendingCommand {
	method: string;
	resolve: (result: unknown) => void;
	reject: (error: CdpError) => void;
	/** Aborting it ends the command's timeout wait. */
	timer: AbortController;
}

export interface CdpOptions {
	wait: Wait;
	/** Per-command time limit in ms (default 15 s). */
	commandTimeoutMs?: number;
	/** How the socket is opened (default: Node's global WebSocket). */
	openSocket?: OpenSocket;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol params are typed by each caller
type EventListener = (params: any, sessionId: string | undefined) => void;

const OPEN = 1;

export class CdpConnection {
	private nextId = 1;
	private readonly pending = new Map<number, PendingCommand>();
	private readonly listeners = new Map<string, Set<EventListener>>();
	private closedReason: string | undefined;

	private constructor(
		private readonly socket: CdpSocket,
		private readonly options: CdpOptions,
		/** `host:port`, for messages. */
		readonly host: string,
	) {
		socket.addEventListener('message', (event) => this.receive(event.data));
		socket.addEventListener('close', () => this.fail(`the browser at ${host} closed the connection`));
	}

	/** Opens the socket, waiting at most `timeoutMs` (default 10 s) for it to connect. */
	static async open(url: string, options: CdpOptions & { timeoutMs?: number; signal?: AbortSignal }): Promise<CdpConnection> {
		const host = endpointHost(url);
		const openSocket = options.openSocket ?? ((target: string) => new WebSocket(target) as unknown as CdpSocket);
		let socket: CdpSocket | undefined;
		let failure: unknown;
		try {
			socket = openSocket(url);
		} catch (error) {
			failure = error;
		}
		if (!socket) throw new CdpError('unreachable', `could not open a DevTools connection to ${host}: ${safeReason(failure, url)}`);
		const timer = new AbortController();
		// Listeners stay on the socket: once it is open, the connecting ones must do nothing.
		let connecting = true;
		try {
			await new Promise<void>((resolve, reject) => {
				const refuse = (kind: CdpErrorKind, message: string) => {
					if (!connecting) return;
					connecting = false;
					reject(new CdpError(kind, message));
					try {
						socket.close();
					} catch {
						// Already closed.
					}
				};
				socket.addEventListener('open', () => {
					connecting = false;
					resolve();
				});
				socket.addEventListener('error', () => refuse('unreachable', `could not open a DevTools connection to ${host} (refused or not a WebSocket endpoint)`));
				socket.addEventListener('close', () => refuse('unreachable', `the browser at ${host} closed the connection while connecting`));
				options.signal?.addEventListener('abort', () => refuse('canceled', 'the execution was stopped'), { once: true });
				if (options.signal?.aborted) refuse('canceled', 'the execution was stopped');
				options
					.wait(options.timeoutMs ?? 10_000, timer.signal)
					.then(() => refuse('timeout', `the browser at ${host} did not accept the connection within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`))
					.catch(() => undefined);
			});
		} finally {
			connecting = false;
			timer.abort();
		}
		return new CdpConnection(socket, options, host);
	}

	get isClosed(): boolean {
		return this.closedReason !== undefined || this.socket.readyState > OPEN;
	}

	/**
	 * Sends a command (to a page's session when `sessionId` is given) and resolves with its result.
	 * Rejects on a protocol error, a timeout, a closed socket, or when `signal` aborts.
	 */
	async send<T = Record<string, unknown>>(
		method: string,
		params: Record<string, unknown> = {},
		{ sessionId, timeoutMs, signal }: { sessionId?: string; timeoutMs?: number; signal?: AbortSignal } = {},
	): Promise<T> {
		if (signal?.aborted) throw new CdpError('canceled', 'the execution was stopped');
		if (this.isClosed) throw new CdpError('closed', this.closedReason ?? `the connection to ${this.host} is closed`);
		const id = this.nextId++;
		const limit = timeoutMs ?? this.options.commandTimeoutMs ?? 15_000;
		const timer = new AbortController();
		const onAbort = () => this.settle(id, new CdpError('canceled', 'the execution was stopped'));
		const result = new Promise<T>((resolve, reject) => {
			this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
		});
		signal?.addEventListener('abort', onAbort, { once: true });
		this.options
			.wait(limit, timer.signal)
			.then(() => this.settle(id, new CdpError('timeout', `${method} got no answer from the browser within ${limit} ms`)))
			.catch(() => undefined);
		try {
			this.socket.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
		} catch (error) {
			this.settle(id, new CdpError('closed', `${method} could not be sent: ${(error as Error).message}`));
		}
		try {
			return await result;
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	}

	/** Calls `listener` for each `event` (of one session when given); returns the unsubscribe function. */
	on(event: string, listener: EventListener, sessionId?: string): () => void {
		const wrapped: EventListener = (params, from) => {
			if (sessionId === undefined || from === sessionId) listener(params, from);
		};
		let set = this.listeners.get(event);
		if (!set) this.listeners.set(event, (set = new Set()));
		set.add(wrapped);
		return () => {
			set.delete(wrapped);
		};
	}

	/** Resolves with the first `event` whose params satisfy `accept`, or rejects after `timeoutMs`. */
	async waitForEvent<T = Record<string, unknown>>(
		event: string,
		{ sessionId, timeoutMs, accept, signal }: { sessionId?: string; timeoutMs: number; accept?: (params: T) => boolean; signal?: AbortSignal },
	): Promise<T> {
		const timer = new AbortController();
		let unsubscribe = (): void => undefined;
		try {
			return await new Promise<T>((resolve, reject) => {
				unsubscribe = this.on(
					event,
					(params) => {
						if (!accept || accept(params)) resolve(params);
					},
					sessionId,
				);
				signal?.addEventListener('abort', () => reject(new CdpError('canceled', 'the execution was stopped')), { once: true });
				this.options
					.wait(timeoutMs, timer.signal)
					.then(() => reject(new CdpError('timeout', `no ${event} from the browser within ${timeoutMs} ms`)))
					.catch(() => undefined);
			});
		} finally {
			unsubscribe();
			timer.abort();
		}
	}

	/** Closes the socket; pending commands reject. Safe to call twice. */
	close(): void {
		this.fail(`the connection to ${this.host} was closed`);
		try {
			this.socket.close();
		} catch {
			// Already closed.
		}
	}

	private receive(data: unknown): void {
		let message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message?: string; code?: number }; sessionId?: string };
		try {
			message = JSON.parse(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8'));
		} catch {
			return;
		}
		if (typeof message.id === 'number') {
			const command = this.pending.get(message.id);
			if (!command) return;
			if (message.error) {
				this.settle(message.id, new CdpError('protocol', `${command.method}: ${message.error.message ?? 'error'}`));
			} else {
				this.pending.delete(message.id);
				command.timer.abort();
				command.resolve(message.result ?? {});
			}
			return;
		}
		if (typeof message.method === 'string') {
			for (const listener of [...(this.listeners.get(message.method) ?? [])]) listener(message.params ?? {}, message.sessionId);
		}
	}

	/** Ends a pending command with `error` (or silently), and its timeout wait. */
	private settle(id: number, error?: CdpError): void {
		const command = this.pending.get(id);
		if (!command) return;
		this.pending.delete(id);
		command.timer.abort();
		if (error) command.reject(error);
	}

	private fail(reason: string): void {
		if (this.closedReason === undefined) this.closedReason = reason;
		for (const id of [...this.pending.keys()]) this.settle(id, new CdpError('closed', `${this.pending.get(id)!.method}: ${reason}`));
	}
}
