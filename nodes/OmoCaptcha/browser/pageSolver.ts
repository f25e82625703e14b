/**
 * Solves a captcha where it is shown: attach to a page of a running Chrome over DevTools, find
 * the captcha, capture its images, have OmoCaptcha answer them (through the injected `solveJob`),
 * drag or click like a person with trusted input events, and check that the page accepted it.
 * Knows nothing of n8n.
 *
 * HTML5 draggables (TikTok's handle wrapper is `draggable=true`): Input.dispatchMouseEvent goes
 * through the same input pipeline as a real mouse, so on such a handle Chromium starts a native
 * drag just as it does for a person — the page gets `dragstart`, `pointercancel`, then `drag` /
 * `dragover` for every move (with the pointer's coordinates) and `dragend` on release. A page
 * that works for people works for these events; no interception is needed (and intercepting
 * drags without answering them would leave the renderer stuck).
 */

import type { IDataObject } from 'n8n-workflow';

import { findCaptchaTypeByKey, formOf, type ApiName } from '../catalog/captchaTypes';
import type { CaptchaInput } from '../catalog/types';
import { readImageSize, type ImageSize } from '../images/imageInfo';
import type { JobData, JobId } from '../transport/client';
import type { Wait } from '../transport/poller';
import { captchaKinds, findKind, selectorsFor, type CaptchaKind, type CaptchaKindDefinition, type SelectorRole, type Selectors } from './captchaKinds';
import { CdpConnection, type OpenSocket } from './connection/cdpConnection';
import { CdpError } from './connection/cdpError';
import { endpointHost, resolveBrowserUrl, type GetJson } from './connection/endpoint';
import { clickPath, dragPath, seedFrom, summarizePath, type PathPoint, type PathSummary, type Point } from '../motion/humanPath';
import { findElementsExpression, readImageExpression, type ElementInfo, type PageSnapshot } from './pageScripts';

export type PageSelection = { by: 'first' } | { by: 'urlContains'; text: string } | { by: 'targetId'; targetId: string };

export interface PageSolveRequest {
	browserUrl: string;
	page: PageSelection;
	captcha: CaptchaKind | 'auto';
	/** How long to wait for the captcha (and for its images) to appear. */
	timeoutMs: number;
	/** Captchas to try (each one is a paid job). */
	attempts: number;
	/** How long the page has to show the result of an answer. */
	verifyMs?: number;
	selectors?: Selectors;
	/** Seed of the movements; by default derived from the job ids. */
	seed?: number;
	signal?: AbortSignal;
}

export interface PageSolverDeps {
	wait: Wait;
	getJson: GetJson;
	/** Which OmoCaptcha API `solveJob` speaks: the job is built and its answer read for it. */
	api: ApiName;
	/** Creates one OmoCaptcha job (v1 createJob data or v2 createTask task) and waits for its result. */
	solveJob(data: JobData, signal?: AbortSignal): Promise<{ jobId: JobId; result: unknown }>;
	openSocket?: OpenSocket;
	now?: () => number;
	/** Called right before a drag or click sequence starts (tests use it to stop mid-drag). */
	onAction?: (phase: 'pressed' | 'released') => void;
}

export interface DragAction {
	type: 'drag';
	/** How far the handle was moved, page px. */
	distance: number;
	/** Where the moving part had to go: px of travel for the piece, degrees for rotate. */
	target: number;
	/** Where it ended, read from the page before release. */
	reached?: number;
	unit: 'px' | 'deg';
	corrections: number;
}

export interface ClickAction {
	type: 'click';
	points: Point[];
}

export interface AttemptReport {
	attempt: number;
	jobId: JobId;
	typeJobId: number;
	/** The parsed answer as the service gave it (catalog fields) and its raw result. */
	answer: IDataObject;
	action: DragAction | ClickAction;
	path: PathSummary;
	verdict: 'solved' | 'rejected' | 'no change';
}

export interface CapturedImage {
	role: string;
	base64: string;
	size?: ImageSize;
	/** How it was read: the bytes the page loaded, or a screenshot at display size. */
	source: 'page' | 'screenshot';
}

export interface PageSolveResult {
	solved: boolean;
	captcha: CaptchaKind;
	captchaName: string;
	attempts: AttemptReport[];
	/** The main captcha image of the last attempt. */
	image?: CapturedImage;
	page: { targetId?: string; url: string };
	timings: { connectMs: number; findMs: number; captureMs: number; solveMs: number; actMs: number; verifyMs: number };
	elapsedMs: number;
}

export class PageSolveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PageSolveError';
	}
}

/** Page checks while waiting: one cheap evaluate each. */
const POLL_MS = 50;

/** A URL without query and fragment (they may hold tokens or personal data). */
export function withoutQuery(url: string): string {
	return url.split(/[?#]/)[0];
}

interface PageTarget {
	targetId: string;
	type: string;
	url: string;
}

/** Picks the page: the first one, the first whose URL contains a text, or a target id. */
export function selectPage(targets: PageTarget[], selection: PageSelection): PageTarget | undefined {
	const pages = targets.filter((target) => target.type === 'page');
	if (selection.by === 'targetId') return pages.find((page) => page.targetId === selection.targetId);
	if (selection.by === 'urlContains') return pages.find((page) => page.url.includes(selection.text));
	return pages[0];
}

export async function solveOnPage(request: PageSolveRequest, deps: PageSolverDeps): Promise<PageSolveResult> {
	const run = new PageRun(request, deps);
	try {
		return await run.solve();
	} finally {
		await run.cleanUp();
	}
}

class PageRun {
	private connection?: CdpConnection;
	private sessionId?: string;
	private pressed = false;
	private pointer: Point = { x: 0, y: 0 };
	/** Out-of-process (cross-origin) iframes of the page, attached as their own sessions. */
	private readonly frames = new Map<string, string>();
	private framesAttached = false;
	/** Where the captcha is: the page itself, or a cross-origin frame's session. */
	private frame?: { sessionId: string; targetId: string };
	private readonly now: () => number;
	private readonly signal?: AbortSignal;
	private readonly timings = { connectMs: 0, findMs: 0, captureMs: 0, solveMs: 0, actMs: 0, verifyMs: 0 };

	constructor(
		private readonly request: PageSolveRequest,
		private readonly deps: PageSolverDeps,
	) {
		this.now = deps.now ?? Date.now;
		this.signal = request.signal;
	}

	async solve(): Promise<PageSolveResult> {
		const started = this.now();
		const page = await this.timed('connectMs', () => this.connect());
		const definition = await this.timed('findMs', () => this.findCaptcha());
		const selectors = selectorsFor(definition, this.request.selectors);
		const attempts: AttemptReport[] = [];
		let image: CapturedImage | undefined;
		let solved = false;
		const attemptCount = Math.max(1, Math.floor(this.request.attempts));

		for (let attempt = 1; attempt <= attemptCount && !solved; attempt++) {
			const snapshot = await this.timed('captureMs', () => this.waitForImages(definition, selectors));
			const challenge = snapshot.elements[definition.challengeImage]?.src;
			const images = await this.timed('captureMs', () => this.captureImages(definition, selectors, snapshot));
			image = images.find((captured) => captured.role === definition.challengeImage) ?? images[0];

			this.throwIfStopped();
			const solveStarted = this.now();
			const job = await this.solveJob(definition, images, snapshot);
			this.timings.solveMs += this.now() - solveStarted;

			const actStarted = this.now();
			const seed = this.request.seed ?? seedFrom(`${job.jobId}:${attempt}`);
			const { action, path } = definition.kind === 'tiktokSelect'
				? await this.clickPoints(selectors, snapshot, job.answer, seed)
				: await this.dragToAnswer(definition, selectors, snapshot, job.answer, seed);
			this.timings.actMs += this.now() - actStarted;

			const verdict = await this.timed('verifyMs', () => this.verify(definition, selectors, challenge));
			attempts.push({ attempt, jobId: job.jobId, typeJobId: definition.typeJobId, answer: job.answer, action, path, verdict });
			solved = verdict === 'solved';
			if (!solved && attempt < attemptCount) await this.timed('verifyMs', () => this.waitForNewChallenge(definition, selectors, challenge, verdict));
		}

		return {
			solved,
			captcha: definition.kind,
			captchaName: definition.name,
			attempts,
			image,
			page,
			timings: this.timings,
			elapsedMs: this.now() - started,
		};
	}

	/** Releases the mouse if a drag was under way, detaches and closes: never throws. */
	async cleanUp(): Promise<void> {
		const connection = this.connection;
		if (!connection) return;
		if (this.pressed && !connection.isClosed) {
			await connection
				.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...this.pointer, button: 'left', buttons: 0, clickCount: 1 }, { sessionId: this.sessionId, timeoutMs: 2000 })
				.then(() => {
					this.pressed = false;
					this.deps.onAction?.('released');
				})
				.catch(() => undefined);
		}
		if (this.sessionId && !connection.isClosed) {
			await connection.send('Target.detachFromTarget', { sessionId: this.sessionId }, { timeoutMs: 2000 }).catch(() => undefined);
		}
		connection.close();
	}

	private async timed<T>(phase: keyof PageRun['timings'], work: () => Promise<T>): Promise<T> {
		const started = this.now();
		try {
			return await work();
		} finally {
			this.timings[phase] += this.now() - started;
		}
	}

	private throwIfStopped(): void {
		if (this.signal?.aborted) throw new CdpError('canceled', 'the execution was stopped');
	}

	private async pause(ms: number): Promise<void> {
		this.throwIfStopped();
		if (ms > 0) await this.deps.wait(ms, this.signal).catch(() => undefined);
		this.throwIfStopped();
	}

	private async send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId = this.sessionId): Promise<T> {
		return await this.connection!.send<T>(method, params, { sessionId, signal: this.signal });
	}

	private async connect(): Promise<{ targetId?: string; url: string }> {
		const socketUrl = await resolveBrowserUrl(this.request.browserUrl, this.deps.getJson);
		this.connection = await CdpConnection.open(socketUrl, {
			wait: this.deps.wait,
			openSocket: this.deps.openSocket,
			signal: this.signal,
		});
		// A page's own socket (…/devtools/page/<id>) already is the page: no target to pick.
		if (/\/devtools\/page\//.test(new URL(socketUrl).pathname)) {
			const url = await this.evaluate<string>('location.href');
			return { url: withoutQuery(url) };
		}
		const { targetInfos } = await this.send<{ targetInfos: PageTarget[] }>('Target.getTargets');
		const target = selectPage(targetInfos, this.request.page);
		if (!target) {
			const open = targetInfos.filter((info) => info.type === 'page').map((info) => withoutQuery(info.url));
			const wanted =
				this.request.page.by === 'first' ? 'open page'
				: this.request.page.by === 'urlContains' ? `page whose URL contains "${this.request.page.text}"`
				: `page with target id "${this.request.page.targetId}"`;
			throw new PageSolveError(
				`found no ${wanted} in the browser at ${endpointHost(this.request.browserUrl)}; open pages: ${open.length ? open.join(', ') : 'none'}`,
			);
		}
		const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
		this.sessionId = sessionId;
		// A hidden tab paints no frames: screenshots and rAF-aligned mouse moves would wait for one.
		// Only a hidden page is brought to front, so items on pages in separate windows never fight.
		const visibility = await this.evaluate<string>('document.visibilityState').catch(() => 'visible');
		if (visibility === 'hidden') await this.send('Page.bringToFront').catch(() => undefined);
		return { targetId: target.targetId, url: withoutQuery(target.url) };
	}

	/**
	 * Cross-origin iframes run in their own process: the browser exposes each as a target of its
	 * own. Attached (once, only when the page has such frames) so a captcha inside one can be
	 * found and read; the browser reports the frames already there before it answers.
	 */
	private async attachFrames(): Promise<void> {
		if (this.framesAttached || !this.sessionId) return;
		this.framesAttached = true;
		this.connection!.on(
			'Target.attachedToTarget',
			(params: { sessionId: string; targetInfo: { targetId: string; type: string } }) => {
				if (params.targetInfo.type === 'iframe') this.frames.set(params.targetInfo.targetId, params.sessionId);
			},
			this.sessionId,
		);
		this.connection!.on('Target.detachedFromTarget', (params: { targetId?: string }) => params.targetId && this.frames.delete(params.targetId), this.sessionId);
		await this.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }).catch(() => undefined);
	}

	private async evaluate<T>(expression: string, sessionId = this.sessionId): Promise<T> {
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
	private async snapshot(selectors: Record<string, string>, frame = this.frame): Promise<PageSnapshot> {
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

	/** Waits for a kind whose container and marker are both visible; Auto-detect tries every kind. */
	private async findCaptcha(): Promise<CaptchaKindDefinition> {
		const candidates = this.request.captcha === 'auto' ? captchaKinds : [findKind(this.request.captcha)!];
		const lookup: Record<string, string> = {};
		for (const definition of candidates) {
			const selectors = selectorsFor(definition, this.request.selectors);
			lookup[`${definition.kind}.container`] = selectors.container!;
			lookup[`${definition.kind}.marker`] = selectors[definition.marker]!;
		}
		const deadline = this.now() + this.request.timeoutMs;
		let last: PageSnapshot;
		for (;;) {
			last = await this.snapshot(lookup, undefined);
			if (last.invalid.length > 0) {
				const [kind, role] = last.invalid[0].split('.');
				const definition = findKind(kind)!;
				const selectorRole = role === 'marker' ? definition.marker : role;
				throw new PageSolveError(`the ${selectorRole} selector "${lookup[last.invalid[0]]}" of ${definition.name} is not valid CSS`);
			}
			const shows = (snapshot: PageSnapshot) =>
				candidates.find((definition) => snapshot.elements[`${definition.kind}.container`] && snapshot.elements[`${definition.kind}.marker`]);
			const found = shows(last);
			if (found) return found;
			if (last.crossOriginFrames.length > 0) await this.attachFrames();
			for (const [targetId, sessionId] of this.frames) {
				const inFrame = await this.evaluate<PageSnapshot>(findElementsExpression(lookup), sessionId).catch(() => undefined);
				const foundInFrame = inFrame && shows(inFrame);
				if (foundInFrame) {
					this.frame = { sessionId, targetId };
					return foundInFrame;
				}
			}
			if (this.now() >= deadline) break;
			await this.pause(POLL_MS);
		}
		const tried = candidates
			.map((definition) => `${definition.name} (${lookup[`${definition.kind}.container`]} with ${lookup[`${definition.kind}.marker`]})`)
			.join('; ');
		const unreachable = last.crossOriginFrames.length > this.frames.size;
		const frames = unreachable
			? `. The page has cross-origin iframes (${[...new Set(last.crossOriginFrames)].join(', ')}) that this browser does not expose as targets, so their content could not be searched; open the frame's URL as its own page to solve a captcha inside it`
			: this.frames.size ? ` (also searched in ${this.frames.size} cross-origin iframe${this.frames.size > 1 ? 's' : ''})` : '';
		throw new PageSolveError(`no captcha appeared within ${Math.round(this.request.timeoutMs / 1000)} s; looked for ${tried}${frames}`);
	}

	/** The kind's elements, once every image the kind needs has loaded. */
	private async waitForImages(definition: CaptchaKindDefinition, selectors: Selectors): Promise<PageSnapshot> {
		const roles = imageRoles(definition.kind);
		const deadline = this.now() + this.request.timeoutMs;
		for (;;) {
			const snapshot = await this.snapshot(selectors as Record<string, string>);
			const missing = roles.filter((role) => !snapshot.elements[role]?.loaded);
			const controlsMissing = controlRoles(definition.kind).filter((role) => !snapshot.elements[role]);
			if (missing.length === 0 && controlsMissing.length === 0) return snapshot;
			if (this.now() >= deadline) {
				if (missing.length > 0) {
					const role = missing[0];
					const found = snapshot.elements[role];
					throw new PageSolveError(
						found
							? `the ${definition.name} ${role} image (${selectors[role]}) did not load within ${Math.round(this.request.timeoutMs / 1000)} s`
							: `the ${definition.name} ${role} image (${selectors[role]}) is not on the page`,
					);
				}
				throw new PageSolveError(`the ${definition.name} ${controlsMissing[0]} (${selectors[controlsMissing[0]]}) is not on the page`);
			}
			await this.pause(POLL_MS);
		}
	}

	/**
	 * The images the service needs. Where the service is told the display size (TikTok slider and
	 * select), a screenshot at display size; where it needs separate layers (rotate, Shopee), the
	 * bytes the page loaded (blob:, data: or same-origin URLs), else a screenshot.
	 */
	private async captureImages(definition: CaptchaKindDefinition, selectors: Selectors, snapshot: PageSnapshot): Promise<CapturedImage[]> {
		const plan: Array<{ role: string; prefer: 'page' | 'screenshot' }> = {
			tiktokSlider: [{ role: 'background', prefer: 'screenshot' as const }],
			tiktokSelect: [{ role: 'image', prefer: 'screenshot' as const }],
			tiktokRotate: [{ role: 'inner', prefer: 'page' as const }, { role: 'outer', prefer: 'page' as const }],
			shopeeSlider: [{ role: 'piece', prefer: 'page' as const }, { role: 'background', prefer: 'page' as const }],
		}[definition.kind];
		const images: CapturedImage[] = [];
		for (const { role, prefer } of plan) {
			let base64: string | undefined;
			let source: CapturedImage['source'] = 'page';
			if (prefer === 'page') {
				const read = await this.evaluate<{ base64: string } | null>(readImageExpression(selectors[role as keyof Selectors]!), this.frame?.sessionId ?? this.sessionId);
				base64 = read?.base64;
			}
			if (!base64) {
				source = 'screenshot';
				base64 = await this.screenshot(snapshot.elements[role]!, snapshot);
			}
			images.push({ role, base64, size: readImageSize(Buffer.from(base64, 'base64')), source });
		}
		return images;
	}

	/** A PNG of the element at its display size (CSS px), whatever the device pixel ratio. */
	private async screenshot(element: ElementInfo, snapshot: PageSnapshot): Promise<string> {
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

	private async solveJob(definition: CaptchaKindDefinition, images: CapturedImage[], snapshot: PageSnapshot): Promise<{ jobId: JobId; answer: IDataObject }> {
		const type = findCaptchaTypeByKey(definition.typeJobId)!;
		const form = formOf(type, this.deps.api);
		if ('unavailable' in form) throw new PageSolveError(form.unavailable);
		const shown = snapshot.elements[definition.kind === 'tiktokSelect' ? 'image' : definition.challengeImage]!;
		const params: IDataObject = { displayWidth: Math.round(shown.width) };
		if (definition.kind === 'tiktokSelect') params.displayHeight = Math.round(shown.height);
		if (definition.kind === 'shopeeSlider') params.displayWidth = shown.width;
		// The catalog takes a list per image input (some kinds take several); each of these has one.
		const input: CaptchaInput = { images: images.map((image) => [image.base64]), imageSizes: images.map((image) => [image.size]), params };
		const data: JobData = 'v1' in form ? { type_job_id: String(form.v1.typeJobId), ...form.v1.buildData(input) } : { type: form.v2.taskType, ...form.v2.buildTask(input) };
		const { jobId, result } = await this.deps.solveJob(data, this.signal);
		let answer: IDataObject | undefined;
		let problem = '';
		try {
			const parseInput: CaptchaInput = { images: [], imageSizes: input.imageSizes, params };
			answer = 'v1' in form ? form.v1.parseResult(result, parseInput) : form.v2.parseSolution(result, parseInput);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (!answer) throw new PageSolveError(`${problem} (job ${jobId})`);
		delete answer.dragPath;
		return { jobId, answer: { ...answer, raw: typeof result === 'string' ? result : JSON.stringify(result) } };
	}

	private async dispatchMouse(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', point: Point, pressed: boolean): Promise<void> {
		const event: Record<string, unknown> = { type, x: point.x, y: point.y };
		if (type !== 'mouseMoved') event.clickCount = 1;
		if (type !== 'mouseMoved' || pressed) event.button = 'left';
		event.buttons = pressed ? 1 : 0;
		this.pointer = point;
		await this.send('Input.dispatchMouseEvent', event);
	}

	/** Plays moves at their times (relative to `origin`), with the button held or not. */
	private async playMoves(points: PathPoint[], origin: number, pressed: boolean): Promise<void> {
		for (const point of points) {
			await this.pause(origin + point.t - this.now());
			await this.dispatchMouse('mouseMoved', point, pressed);
		}
	}

	private async approach(target: Point, seed: number): Promise<void> {
		// The pointer comes from somewhere below-left of the control, as a hand does.
		const from = { x: target.x - 60 - (seed % 60), y: target.y + 35 + (seed % 40) };
		const path = clickPath(from, target, seed);
		await this.playMoves(path.points, this.now(), false);
		await this.pause(path.pressAt - path.points[path.points.length - 1].t);
	}

	/** Approach, press, release; returns the number of moves. */
	private async click(target: Point, seed: number): Promise<number> {
		const path = clickPath(this.pointer.x || this.pointer.y ? this.pointer : { x: target.x - 80, y: target.y + 60 }, target, seed);
		const origin = this.now();
		await this.playMoves(path.points, origin, false);
		await this.pause(origin + path.pressAt - this.now());
		await this.dispatchMouse('mousePressed', target, true);
		this.pressed = true;
		this.deps.onAction?.('pressed');
		await this.pause(origin + path.releaseAt - this.now());
		await this.dispatchMouse('mouseReleased', target, false);
		this.pressed = false;
		this.deps.onAction?.('released');
		return path.points.length;
	}

	/**
	 * Sliders and rotate: press the handle, drag it by the answer's distance with a human path,
	 * then read where the piece (or the inner image) really is and correct before releasing, so a
	 * page whose piece does not follow the handle 1:1 still gets the right position.
	 */
	private async dragToAnswer(
		definition: CaptchaKindDefinition,
		selectors: Selectors,
		snapshot: PageSnapshot,
		answer: IDataObject,
		seed: number,
	): Promise<{ action: DragAction; path: PathSummary }> {
		const handle = snapshot.elements.handle!;
		const track = snapshot.elements.track;
		const maxTravel = track ? Math.max(0, track.width - handle.width) : Number.POSITIVE_INFINITY;
		const plan = travelPlan(definition.kind, snapshot, answer, this.deps.api);
		const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
		const handleTarget = Math.min(maxTravel, Math.max(0, plan.handleTravel));

		await this.approach(start, seed);
		await this.dispatchMouse('mousePressed', start, true);
		this.pressed = true;
		this.deps.onAction?.('pressed');
		const path = dragPath(start, { x: start.x + handleTarget, y: start.y }, seed);
		const origin = this.now();
		await this.playMoves(path.points, origin, true);

		// Read the moving part and correct up to twice: a hand also nudges until it fits.
		const readRole = definition.kind === 'tiktokRotate' ? 'inner' : 'piece';
		let reached: number | undefined;
		let corrections = 0;
		let handleAt = handleTarget;
		for (let round = 0; round < 2; round++) {
			const now = await this.snapshot({ [readRole]: selectors[readRole as keyof Selectors]! });
			const element = now.elements[readRole];
			if (!element) break;
			reached = plan.measure(element);
			const missing = plan.target - reached;
			if (Math.abs(missing) <= plan.closeEnough || reached === 0 || handleAt === 0) break;
			// The page's real ratio of the moving part's change to the handle's travel.
			const ratio = reached / handleAt;
			const next = Math.min(maxTravel, Math.max(0, handleAt + missing / ratio));
			if (Math.abs(next - handleAt) < 0.5) break;
			const correction = dragPath(this.pointer, { x: start.x + next, y: start.y }, seed + round + 1);
			await this.playMoves(correction.points, this.now(), true);
			handleAt = next;
			corrections++;
		}
		// Rest at the target with a tremor of a fraction of a px, ending exactly on it: Chromium may
		// drop a drag update that arrives while it is busy, the last one included.
		const end = { x: start.x + handleAt, y: start.y };
		const holdMs = path.releaseAt - path.points[path.points.length - 1].t;
		await this.pause(holdMs / 3);
		await this.dispatchMouse('mouseMoved', { x: end.x + 0.3, y: end.y + 0.4 }, true);
		await this.pause(holdMs / 3);
		await this.dispatchMouse('mouseMoved', end, true);
		await this.pause(holdMs / 3);
		await this.dispatchMouse('mouseReleased', end, false);
		this.pressed = false;
		this.deps.onAction?.('released');
		return {
			action: { type: 'drag', distance: round2(handleAt), target: round2(plan.target), reached: reached === undefined ? undefined : round2(reached), unit: plan.unit, corrections },
			path: { ...summarizePath(path, start), distance: round2(handleAt) },
		};
	}

	/** Select-two: click each answered point on the image, then Confirm. */
	private async clickPoints(selectors: Selectors, snapshot: PageSnapshot, answer: IDataObject, seed: number): Promise<{ action: ClickAction; path: PathSummary }> {
		const image = snapshot.elements.image!;
		const sentWidth = Math.round(image.width);
		const sentHeight = Math.round(image.height);
		const points = (answer.points as Point[]).map((point) => ({
			x: round2(image.x + (point.x * image.width) / sentWidth),
			y: round2(image.y + (point.y * image.height) / sentHeight),
		}));
		const started = this.now();
		let moves = 0;
		for (const [index, point] of points.entries()) {
			moves += await this.click(point, seed + index);
			await this.pause(300 + (seed % 400));
		}
		const confirm = (await this.snapshot({ confirm: selectors.confirm! })).elements.confirm ?? snapshot.elements.confirm!;
		moves += await this.click({ x: round2(confirm.x + confirm.width / 2), y: round2(confirm.y + confirm.height / 2) }, seed + 7);
		return { action: { type: 'click', points }, path: { points: moves, durationMs: this.now() - started, distance: 0 } };
	}

	/** Solved: the container gone or the success mark shown. Rejected: a new challenge image. */
	private async verify(definition: CaptchaKindDefinition, selectors: Selectors, challenge: string | undefined): Promise<AttemptReport['verdict']> {
		const lookup: Record<string, string> = { container: selectors.container!, challenge: selectors[definition.challengeImage]! };
		if (selectors.successMark) lookup.successMark = selectors.successMark;
		const deadline = this.now() + (this.request.verifyMs ?? 5000);
		for (;;) {
			const snapshot = await this.snapshot(lookup);
			if (!snapshot.elements.container || snapshot.elements.successMark) return 'solved';
			const shown = snapshot.elements.challenge?.src;
			if (shown && challenge && shown !== challenge) return 'rejected';
			if (this.now() >= deadline) return 'no change';
			await this.pause(POLL_MS);
		}
	}

	/** After a wrong answer: the site's new challenge, or the refresh button's. */
	private async waitForNewChallenge(definition: CaptchaKindDefinition, selectors: Selectors, challenge: string | undefined, verdict: AttemptReport['verdict']): Promise<void> {
		if (verdict === 'rejected') return;
		const refresh = selectors.refresh ? (await this.snapshot({ refresh: selectors.refresh })).elements.refresh : null;
		if (refresh) await this.click({ x: refresh.x + refresh.width / 2, y: refresh.y + refresh.height / 2 }, seedFrom(challenge ?? 'refresh'));
		const deadline = this.now() + this.request.timeoutMs;
		while (this.now() < deadline) {
			const shown = (await this.snapshot({ challenge: selectors[definition.challengeImage]! })).elements.challenge?.src;
			if (shown && shown !== challenge) return;
			await this.pause(POLL_MS);
		}
	}
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

function imageRoles(kind: CaptchaKind): SelectorRole[] {
	const roles: Record<CaptchaKind, SelectorRole[]> = { tiktokSlider: ['background', 'piece'], tiktokRotate: ['outer', 'inner'], tiktokSelect: ['image'], shopeeSlider: ['background', 'piece'] };
	return roles[kind];
}

function controlRoles(kind: CaptchaKind): SelectorRole[] {
	const roles: Record<CaptchaKind, SelectorRole[]> = { tiktokSlider: ['handle'], tiktokRotate: ['handle'], tiktokSelect: ['confirm'], shopeeSlider: ['handle'] };
	return roles[kind];
}

export interface TravelPlan {
	/** How far the moving part must go: px for a piece, degrees for the inner image. */
	target: number;
	unit: 'px' | 'deg';
	/** The handle's travel to drag first, page px; then the page's reading of the moving part decides. */
	handleTravel: number;
	/** How far the moving part has gone, read from the page. */
	measure(element: ElementInfo): number;
	closeEnough: number;
}

/**
 * The answer as a distance for the moving part, and the handle travel to drag first, type by type:
 * - TikTok slider (21): the service is sent width_view = the image's display width, and answers
 *   the piece's travel in those px; the piece starts at the image's left edge. TikTok's piece
 *   moves (image − piece) / (track − handle) as far as the handle (not 1:1).
 * - Shopee slider (26): the gap's x in px of the background image sent, scaled by display width ÷
 *   sent width; the piece starts at the left edge and moves 1:1 with the handle.
 * - TikTok rotate (23): the handle's usable travel (track − handle) is one clockwise turn of the
 *   inner image; one formula per API, each from its source:
 *   v1 answers the angle in degrees: travel = (track − handle) × angle ÷ 360, the formula public
 *   solvers use (gbiz123/tiktok-captcha-solver geometry.py compute_rotate_slide_distance);
 *   v2 answers solution.rotate (0–1): travel = (track − handle) × (1 − rotate), the service's own
 *   recipe (OmoCaptcha's v2 docs, tiktok/tiktokrotatewebtask.md), read from dragFraction = 1 − rotate.
 *   Either way the target is that turn in degrees, and the drag lands on it by reading the inner
 *   image's rotate() from the page (an image already turned needs that much less).
 */
export function travelPlan(kind: CaptchaKind, snapshot: PageSnapshot, answer: IDataObject, api: ApiName): TravelPlan {
	const { handle, track, piece, background, inner } = snapshot.elements;
	if (kind === 'tiktokRotate') {
		const field = api === 'v2' ? 'dragFraction' : 'angle';
		const share = api === 'v2' ? Number(answer.dragFraction) : Number(answer.angle) / 360;
		if (!Number.isFinite(share)) throw new PageSolveError(`the rotate answer has no ${field} to drag by`);
		const startAngle = inner!.rotation;
		// The share of a turn still to go; a whole turn (share 1) stays whole.
		let turn = share - startAngle / 360;
		if (turn < 0 || turn > 1) turn = ((turn % 1) + 1) % 1;
		const usable = track ? track.width - handle!.width : 0;
		return {
			target: turn * 360,
			unit: 'deg',
			// Without a track to measure, 1 px per degree until the page shows the real ratio.
			handleTravel: usable > 0 ? usable * turn : turn * 360,
			measure: (element) => ((element.rotation - startAngle) % 360 + 360) % 360,
			closeEnough: 1,
		};
	}
	const pieceStart = piece!.x;
	let targetLeft: number;
	// The piece's travel per px of handle travel, until the page shows the real one.
	let assumedRatio = 1;
	if (kind === 'tiktokSlider') {
		targetLeft = background!.x + (Number(answer.distance) * background!.width) / Math.round(background!.width);
		if (track && track.width > handle!.width) assumedRatio = (background!.width - piece!.width) / (track.width - handle!.width);
	} else {
		// The catalog scaled x by display width ÷ the sent background's width.
		targetLeft = background!.x + Number(answer.xOnPage ?? answer.x);
	}
	return {
		target: targetLeft - pieceStart,
		unit: 'px',
		handleTravel: (targetLeft - pieceStart) / assumedRatio,
		measure: (element) => element.x - pieceStart,
		closeEnough: 0.75,
	};
}
