/**
 * Solves a captcha where it is shown: connect to a running Chrome over DevTools, take the tab,
 * then attempt by attempt find the captcha, capture its images, ask OmoCaptcha (through the
 * injected `solveJob`), act on the answer like a person with trusted input events, and verify
 * that the page accepted it. Each step lives in `steps/`; what differs per captcha in `kinds/`.
 * Knows nothing of n8n.
 */

import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../catalog/captchaTypes';
import { seedFrom, type PathSummary } from '../motion/humanPath';
import type { JobId } from '../transport/client';
import type { Wait } from '../transport/poller';
import { Clock } from './clock';
import type { CdpConnection, OpenSocket } from './connection/cdpConnection';
import { connectToBrowser } from './connection/connect';
import { endpointHost, type Endpoint, type GetJson } from './connection/endpoint';
import { Mouse } from './input';
import { selectorsFor, type CaptchaKind, type Selectors, type Verdict } from './kinds';
import { act, type ClickAction, type DragAction } from './steps/act';
import { askOmoCaptcha, type SolveJob } from './steps/ask';
import { captureImages, type CapturedImage } from './steps/capture';
import { findCaptcha, waitForImages } from './steps/find';
import { verify, waitForNewChallenge } from './steps/verify';
import type { PageSelection } from './tab/pageChoice';
import { Tab, type PageCookie, type TabInfo } from './tab/tab';

export { PageSolveError } from './pageSolveError';
export type { CapturedImage, ClickAction, DragAction, PageCookie, PageSelection };

export interface PageSolveRequest {
	/** The browser, and the secret its every request carries. */
	endpoint: Endpoint;
	page: PageSelection;
	/** Opened in a new tab when no tab matches `page`. */
	openUrlIfNoMatch?: string;
	/** Close the tab once the item is done (solved or not). */
	closeTab?: boolean;
	/** Read the cookies that apply to the page's URL after the solve. */
	outputCookies?: boolean;
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
	solveJob: SolveJob;
	openSocket?: OpenSocket;
	now?: () => number;
	/** Called right after the button goes down or up (tests use it to stop mid-drag). */
	onAction?: (phase: 'pressed' | 'released') => void;
}

export interface AttemptReport {
	attempt: number;
	jobId: JobId;
	typeJobId: number;
	/** The parsed answer as the service gave it (catalog fields) and its raw result. */
	answer: IDataObject;
	action: DragAction | ClickAction;
	path: PathSummary;
	verdict: Verdict;
}

export interface PageSolveResult {
	solved: boolean;
	captcha: CaptchaKind;
	captchaName: string;
	attempts: AttemptReport[];
	/** The main captcha image of the last attempt. */
	image?: CapturedImage;
	page: TabInfo;
	/** With `outputCookies`: the page's cookies, and the same as a Cookie request header. */
	cookies?: PageCookie[];
	cookieHeader?: string;
	timings: { connectMs: number; findMs: number; captureMs: number; solveMs: number; actMs: number; verifyMs: number };
	elapsedMs: number;
}

export async function solveOnPage(request: PageSolveRequest, deps: PageSolverDeps): Promise<PageSolveResult> {
	const run = new PageRun(request, deps);
	try {
		return await run.solve();
	} finally {
		await run.cleanUp();
	}
}

/** One item's run: its connection, tab and mouse, and the time each step took. */
class PageRun {
	private connection?: CdpConnection;
	private tab?: Tab;
	private mouse?: Mouse;
	private readonly clock: Clock;
	private readonly timings = { connectMs: 0, findMs: 0, captureMs: 0, solveMs: 0, actMs: 0, verifyMs: 0 };

	constructor(
		private readonly request: PageSolveRequest,
		private readonly deps: PageSolverDeps,
	) {
		this.clock = new Clock(deps.wait, deps.now ?? Date.now, request.signal);
	}

	async solve(): Promise<PageSolveResult> {
		const { request, clock } = this;
		const started = clock.now();
		const tab = await this.timed('connectMs', () => this.connect(request.endpoint));
		const mouse = (this.mouse = new Mouse(tab, clock, this.deps.onAction));
		const definition = await this.timed('findMs', () => findCaptcha(tab, clock, request));
		const selectors = selectorsFor(definition, request.selectors);
		const attempts: AttemptReport[] = [];
		let image: CapturedImage | undefined;
		let solved = false;
		const attemptCount = Math.max(1, Math.floor(request.attempts));

		for (let attempt = 1; attempt <= attemptCount && !solved; attempt++) {
			const snapshot = await this.timed('captureMs', () => waitForImages(tab, clock, definition, selectors, request.timeoutMs));
			const challenge = snapshot.elements[definition.challengeImage]?.src;
			const images = await this.timed('captureMs', () => captureImages(tab, definition, selectors, snapshot));
			image = images.find((captured) => captured.role === definition.challengeImage) ?? images[0];

			clock.throwIfStopped();
			const solveStarted = clock.now();
			const job = await askOmoCaptcha({ api: this.deps.api, solveJob: this.deps.solveJob, signal: request.signal }, definition, images, snapshot);
			this.timings.solveMs += clock.now() - solveStarted;

			const actStarted = clock.now();
			const seed = request.seed ?? seedFrom(`${job.jobId}:${attempt}`);
			const { action, path } = await act({ tab, mouse, clock, api: this.deps.api }, definition, selectors, snapshot, job.answer, seed);
			this.timings.actMs += clock.now() - actStarted;

			const verdict = await this.timed('verifyMs', () => verify(tab, clock, definition, selectors, challenge, request.verifyMs ?? 5000));
			attempts.push({ attempt, jobId: job.jobId, typeJobId: definition.typeJobId, answer: job.answer, action, path, verdict });
			solved = verdict === 'solved';
			if (!solved && attempt < attemptCount) {
				await this.timed('verifyMs', () => waitForNewChallenge({ tab, mouse, clock }, definition, selectors, challenge, verdict, request.timeoutMs));
			}
		}

		await tab.currentUrl();
		const cookies = request.outputCookies ? await tab.cookies() : undefined;
		return {
			solved,
			captcha: definition.kind,
			captchaName: definition.name,
			attempts,
			image,
			page: { ...tab.info },
			...(cookies ? { cookies, cookieHeader: cookies.map(({ name, value }) => `${name}=${value}`).join('; ') } : {}),
			timings: this.timings,
			elapsedMs: clock.now() - started,
		};
	}

	/** Releases the mouse if a drag was under way, detaches (closing the tab if asked) and disconnects: never throws. */
	async cleanUp(): Promise<void> {
		const connection = this.connection;
		if (!connection) return;
		await this.mouse?.releaseIfPressed();
		await this.tab?.detach();
		if (this.request.closeTab) await this.tab?.close();
		connection.close();
	}

	private async connect(endpoint: Endpoint): Promise<Tab> {
		const { connection, socketUrl } = await connectToBrowser(endpoint, {
			wait: this.deps.wait,
			getJson: this.deps.getJson,
			openSocket: this.deps.openSocket,
			signal: this.request.signal,
		});
		this.connection = connection;
		this.tab = await Tab.attach(connection, {
			socketUrl,
			selection: this.request.page,
			host: endpointHost(endpoint.url),
			openUrl: this.request.openUrlIfNoMatch,
			loadTimeoutMs: Math.max(this.request.timeoutMs, 10_000),
			signal: this.request.signal,
		});
		return this.tab;
	}

	private async timed<T>(phase: keyof PageRun['timings'], work: () => Promise<T>): Promise<T> {
		const started = this.clock.now();
		try {
			return await work();
		} finally {
			this.timings[phase] += this.clock.now() - started;
		}
	}
}
