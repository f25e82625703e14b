/**
 * A small Chrome DevTools Protocol client on Node's global WebSocket (Node 22+), and nothing of
 * n8n: the wait is injected (n8n-workflow's `sleep` in the node). One browser-level socket carries
 * every page through flat sessions (`Target.attachToTarget` with `flatten: true`): each command
 * and event names its `sessionId`.
 *
 * Socket URLs may carry a provider's token (`wss://…?token=…`): they appear in messages only as
 * their host (`endpointHost`).
 */

import type { Wait } from '../../transport/poller';
import { CdpError, type CdpErrorKind } from './cdpError';
import { endpointHost, safeReason } from './endpoint';

/** The part of a WebSocket the client uses; the global WebSocket has it, tests pass a fake. */
export interface CdpSocket {
	readonly readyState: number;
	send(data: string): void;
	close(): void;
	addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}

/** Opens a socket; `headers` go on the upgrade request (Node's WebSocket takes them as an option). */
export type OpenSocket = (url: string, headers?: Readonly<Record<string, string>>) => CdpSocket;

function openWebSocket(url: string, headers?: Readonly<Record<string, string>>): CdpSocket {
	if (!headers) return new WebSocket(url) as unknown as CdpSocket;
	const NodeWebSocket = WebSocket as unknown as new (url: string, options: { headers: Readonly<Record<string, string>> }) => CdpSocket;
	return new NodeWebSocket(url, { headers });
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
	static async open(
		url: string,
		options: CdpOptions & { timeoutMs?: number; signal?: AbortSignal; headers?: Readonly<Record<string, string>> },
	): Promise<CdpConnection> {
		const host = endpointHost(url);
		const openSocket = options.openSocket ?? openWebSocket;
		let socket: CdpSocket | undefined;
		let failure: unknown;
		try {
			socket = options.headers ? openSocket(url, options.headers) : openSocket(url);
		} catch (error) {
			failure = error;
		}
		if (!socket) throw new CdpError('unreachable', `could not open a DevTools connection to ${host}: ${safeReason(failure, { url, headers: options.headers })}`);
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
