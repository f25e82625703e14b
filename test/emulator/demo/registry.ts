/**
 * The demo captchas the emulator has served: creates challenges, answers createJob (v1) and
 * createTask (v2) for their images (by exact bytes, or by the code cells on a PNG screenshot),
 * checks the answers the pages send, with the minimal bot check the real sites' pages are
 * expected to run, and keeps the visitor sessions whose captcha was solved.
 */
import { randomBytes } from 'node:crypto';
import { readImageInfo } from '../image-info';
import { fnv1a, numberStream, type PointSeparator } from '../results';
import { CODE_IMAGE, DEMO_KINDS, drawCaptcha, GEOMETRY, insideShape, type DemoAnswer, type DemoKind } from './captchas';
import { MAX_CODE, readCode } from './code-cells';
import { decodePng } from './png-decode';

export interface DemoChallenge {
	id: number;
	kind: DemoKind;
	answer: DemoAnswer;
	images: Record<string, Buffer>;
	pieceTop?: number;
	createdAt: number;
}

export interface TraceEvent {
	type: 'down' | 'move' | 'up';
	x: number;
	y: number;
	/** ms, the page's event.timeStamp */
	t: number;
}

export interface TraceSummary {
	moves: number;
	durationMs: number;
	verticalRangePx: number;
	maxStepPx: number;
	/** Coefficient of variation of the step speeds (distance / time between events). */
	speedVariation: number;
	/** Coefficient of variation of the step lengths. */
	stepVariation: number;
	/** Share of steps whose speed is within ±25 % of the median step speed. */
	steadySpeedShare: number;
	/** Share of steps whose length is within ±25 % of the median step length. */
	steadyStepShare: number;
}

export interface VerifyRequest {
	id: number;
	/** Sliders: piece offset (display px) and the image's display width. */
	pieceX?: number;
	imageWidth?: number;
	imageHeight?: number;
	/** Rotate: the inner image's angle, degrees. */
	angle?: number;
	/** Select: click points, display px relative to the image's top-left corner. */
	points?: { x: number; y: number; lastMoveAgoMs: number | null }[];
	trace?: TraceEvent[];
	input?: string;
	/** Page options. */
	tolerance?: number;
	botcheck?: boolean;
	forceReject?: boolean;
	attempt?: number;
}

export interface DemoVerdict {
	id: number;
	kind: DemoKind;
	attempt?: number;
	verdict: 'pass' | 'fail';
	reasons: string[];
	/** What the page sent, in natural image px (degrees for rotate). */
	value: unknown;
	expected: unknown;
	input?: string;
	trace?: TraceSummary;
}

/**
 * A visitor of the demo pages, known by the cookie the page sets: solving a captcha of a page
 * (the server's own check passes) lets that session in at /demo/account.
 */
export interface DemoSession {
	id: string;
	createdAt: number;
	/** The captchas this session solved, in order. */
	solved: Array<{ captchaId: number; kind: DemoKind; solvedAt: number }>;
}

/** Which job type solves which demo kind. */
const JOB_TYPE_OF_KIND: Record<DemoKind, number> = {
	'tiktok-slider': 21,
	'tiktok-select': 22,
	'tiktok-rotate': 23,
	'shopee-slider': 26,
};

/** Which v2 task type solves which demo kind. */
const TASK_TYPE_OF_KIND: Record<DemoKind, string> = {
	'tiktok-slider': 'TiktokSliderWebTask',
	'tiktok-select': 'Tiktok3DSelectObjectWebTask',
	'tiktok-rotate': 'TiktokRotateWebTask',
	'shopee-slider': 'ShopeeSliderWebTask',
};

type DemoJobAnswer = { kind: 'slider'; x: number } | { kind: 'rotate'; angle: number } | { kind: 'points'; points: { x: number; y: number }[] };

/**
 * A challenge's answer in the units the service answers on either API: TikTok's slider travel and
 * select points in the display (view) px it was sent, Shopee's gap x in px of the background
 * image sent, rotate the clockwise angle in degrees.
 */
function answerIn(challenge: DemoChallenge, sent: { viewWidth: number; viewHeight: number; sentBackground?: string }): DemoJobAnswer {
	const { answer } = challenge;
	const natural = GEOMETRY[challenge.kind].natural;
	switch (answer.kind) {
		case 'tiktok-slider': {
			const scale = sent.viewWidth > 0 ? sent.viewWidth / natural.width : 1;
			return { kind: 'slider', x: Math.round(answer.gapX * scale) };
		}
		case 'shopee-slider': {
			const sentWidth = sent.sentBackground ? readImageInfo(Buffer.from(sent.sentBackground, 'base64'))?.width : undefined;
			const scale = sentWidth ? sentWidth / natural.width : 1;
			return { kind: 'slider', x: Math.round(answer.gapX * scale) };
		}
		case 'tiktok-rotate':
			return { kind: 'rotate', angle: answer.angle };
		case 'tiktok-select': {
			const sx = sent.viewWidth > 0 ? sent.viewWidth / natural.width : 1;
			const sy = sent.viewHeight > 0 ? sent.viewHeight / natural.height : sx;
			return { kind: 'points', points: answer.points.map((p) => ({ x: Math.round(p.x * sx), y: Math.round(p.y * sy) })) };
		}
	}
}

/** Whether an image of this size can be a screenshot of the kind's code image (any scale, its aspect ratio). */
function hasShapeOf(kind: DemoKind, width: number, height: number): boolean {
	const { natural } = GEOMETRY[kind];
	return Math.abs(height / width - natural.height / natural.width) <= 0.04;
}

const DEFAULT_TOLERANCE: Record<DemoKind, number> = {
	'tiktok-slider': 5,
	'shopee-slider': 5,
	'tiktok-rotate': 6,
	'tiktok-select': 0,
};

/** Bot check thresholds (documented in docs/demo-captcha-pages.md). */
const BOT_CHECK = { minMoves: 10, maxStepPx: 40, steadyBand: 0.25, maxSteadyShare: 0.8, minVerticalRangePx: 1, maxApproachAgoMs: 1000 };

export class DemoCaptchas {
	readonly challenges = new Map<number, DemoChallenge>();
	readonly attempts: DemoVerdict[] = [];
	readonly sessions = new Map<string, DemoSession>();
	private readonly byImage = new Map<string, number>();
	private readonly servedKinds = new Set<DemoKind>();
	private nextId = 1;

	create(kind: DemoKind, seed?: string, sequence = 0): DemoChallenge {
		if (!DEMO_KINDS.includes(kind)) throw new Error(`unknown demo captcha kind ${kind}`);
		const id = this.nextId++;
		if (id > MAX_CODE) throw new Error('too many demo captchas for one emulator');
		const rngSeed = seed === undefined ? fnv1a(`${id}:${Math.random()}`) : fnv1a(`${seed}:${kind}:${sequence}`);
		const drawn = drawCaptcha(kind, id, numberStream(rngSeed));
		const challenge: DemoChallenge = { id, kind, ...drawn, createdAt: Date.now() };
		this.challenges.set(id, challenge);
		this.servedKinds.add(kind);
		for (const image of Object.values(drawn.images)) this.byImage.set(image.toString('base64'), id);
		return challenge;
	}

	/** The challenge an image (base64, as createJob receives it) belongs to. */
	identify(base64: string): DemoChallenge | undefined {
		const exact = this.byImage.get(base64);
		if (exact !== undefined) return this.challenges.get(exact);
		// Decoding a PNG costs milliseconds, and every createJob's images come here: decode only
		// when some served challenge's kind has this image's shape (the header says it).
		if (this.servedKinds.size === 0) return undefined;
		const bytes = Buffer.from(base64, 'base64');
		const header = readImageInfo(bytes);
		if (header?.format !== 'png' || !header.width || !header.height) return undefined;
		const kinds = DEMO_KINDS.filter((kind) => this.servedKinds.has(kind) && hasShapeOf(kind, header.width!, header.height!));
		if (kinds.length === 0) return undefined;
		const decoded = decodePng(bytes);
		if (!decoded) return undefined;
		for (const kind of kinds) {
			const { natural } = GEOMETRY[kind];
			const code = readCode(decoded, CODE_IMAGE[kind].layout, natural.width, natural.height);
			const challenge = code === undefined ? undefined : this.challenges.get(code);
			if (challenge && challenge.kind === kind) return challenge;
		}
		return undefined;
	}

	/** The createJob result for a demo captcha's images, or undefined when they are not one. */
	answerJob(data: Record<string, unknown>, separator: PointSeparator): string | undefined {
		const type = Number(data.type_job_id);
		const images = typeof data.image_base64 === 'string' ? data.image_base64.split('|') : [];
		const challenge = this.findChallenge(images, (kind) => JOB_TYPE_OF_KIND[kind] === type);
		if (!challenge) return undefined;
		const answer = answerIn(challenge, {
			viewWidth: Number(data.width_view ?? data.widthview),
			viewHeight: Number(data.height_view ?? data.weightview),
			// "mask|background": the background is the last image.
			sentBackground: images[images.length - 1],
		});
		switch (answer.kind) {
			case 'slider':
				return String(answer.x);
			case 'rotate':
				return String(answer.angle);
			case 'points':
				return answer.points.flatMap((p) => [p.x, p.y]).join(separator);
		}
	}

	/**
	 * The v2 createTask solution for a demo captcha's images, or undefined when they are not one,
	 * in the shapes of docs/omocaptcha-api-v2.md: sliders {end: {x}}, rotate {rotate} (0–1,
	 * the service's drag being (track − handle) × (1 − rotate)), select {pointA, pointB}.
	 */
	answerTask(task: Record<string, unknown>): Record<string, unknown> | undefined {
		// Shopee's "unknown trajectory" form (typeCaptcha) is another captcha than the demo's.
		if (task.type === 'ShopeeSliderWebTask' && task.typeCaptcha !== undefined) return undefined;
		const list = Array.isArray(task.imageBase64s) ? task.imageBase64s : [];
		const images = [task.imageBase64, ...list].filter((image): image is string => typeof image === 'string');
		const challenge = this.findChallenge(images, (kind) => TASK_TYPE_OF_KIND[kind] === task.type);
		if (!challenge) return undefined;
		const answer = answerIn(challenge, {
			viewWidth: Number(task.widthView),
			viewHeight: Number(task.heightView),
			// [mask, background]: the background is the second image.
			sentBackground: typeof list[1] === 'string' ? list[1] : undefined,
		});
		switch (answer.kind) {
			case 'slider':
				return { end: { x: answer.x } };
			case 'rotate':
				// The share of the turn left after the clockwise turn, 2 decimals as the documented 0.76:
				// off by at most 0.005 of a turn (1.8°), inside the rotate page's 6° tolerance.
				return { rotate: Math.round((1 - answer.angle / 360) * 100) / 100 };
			case 'points':
				return { pointA: answer.points[0], pointB: answer.points[1] };
		}
	}

	/** The challenge the first recognised image belongs to, when its kind is the one asked for. */
	private findChallenge(images: string[], fits: (kind: DemoKind) => boolean): DemoChallenge | undefined {
		return images.map((image) => this.identify(image)).find((found) => found && fits(found.kind));
	}

	/** A new visitor session, with an id that cannot be guessed (it is what lets the visitor in). */
	openSession(): DemoSession {
		const session: DemoSession = { id: randomBytes(16).toString('hex'), createdAt: Date.now(), solved: [] };
		this.sessions.set(session.id, session);
		return session;
	}

	/** Checks an answer; a pass marks `sessionId`'s session (when it is one) solved. */
	verify(request: VerifyRequest, sessionId?: string): DemoVerdict {
		const challenge = this.challenges.get(Number(request.id));
		if (!challenge) throw new Error(`unknown demo captcha ${request.id}`);
		const { kind, answer } = challenge;
		const natural = GEOMETRY[kind].natural;
		const tolerance = Number.isFinite(request.tolerance) ? Number(request.tolerance) : DEFAULT_TOLERANCE[kind];
		const reasons: string[] = [];
		let value: unknown;
		let expected: unknown;
		let trace: TraceSummary | undefined;

		if (answer.kind === 'tiktok-slider' || answer.kind === 'shopee-slider') {
			const scale = natural.width / (Number(request.imageWidth) || GEOMETRY[kind].display.width);
			const x = Number(request.pieceX) * scale;
			value = round2(x);
			expected = answer.gapX;
			if (!(Math.abs(x - answer.gapX) <= tolerance * scale)) reasons.push('wrong-position');
		} else if (answer.kind === 'tiktok-rotate') {
			const angle = Number(request.angle);
			value = round2(angle);
			expected = answer.angle;
			const off = Math.abs(((angle - answer.angle + 540) % 360) - 180);
			if (!(off <= tolerance)) reasons.push('wrong-position');
		} else if (answer.kind === 'tiktok-select') {
			const sx = natural.width / (Number(request.imageWidth) || GEOMETRY[kind].display.width);
			const sy = natural.height / (Number(request.imageHeight) || GEOMETRY[kind].display.height);
			const points = (request.points ?? []).map((p) => ({ x: p.x * sx, y: p.y * sy, lastMoveAgoMs: p.lastMoveAgoMs }));
			value = points.map((p) => ({ x: round2(p.x), y: round2(p.y) }));
			expected = answer.points.map(({ x, y }) => ({ x, y }));
			const [a, b] = answer.shapes;
			const near = (shape: typeof a, p: { x: number; y: number }) =>
				insideShape(shape, p.x, p.y) || Math.hypot(p.x - shape.cx, p.y - shape.cy) <= shape.r + tolerance * sx;
			const hit = points.length === 2 && ((near(a, points[0]) && near(b, points[1])) || (near(b, points[0]) && near(a, points[1])));
			if (!hit) reasons.push('wrong-points');
			if (request.botcheck !== false && points.some((p) => p.lastMoveAgoMs === null || !(p.lastMoveAgoMs <= BOT_CHECK.maxApproachAgoMs))) {
				reasons.push('no-approach');
			}
		}

		if (answer.kind !== 'tiktok-select') {
			trace = summarizeTrace(request.trace ?? []);
			if (request.botcheck !== false) reasons.push(...botCheck(trace));
		}
		if (request.forceReject) reasons.push('rejected-first-attempt');

		const verdict: DemoVerdict = {
			id: challenge.id,
			kind,
			attempt: request.attempt,
			verdict: reasons.length === 0 ? 'pass' : 'fail',
			reasons,
			value,
			expected,
			input: request.input,
			trace,
		};
		this.attempts.push(verdict);
		const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
		if (session && verdict.verdict === 'pass') session.solved.push({ captchaId: challenge.id, kind, solvedAt: Date.now() });
		return verdict;
	}

	reset(): void {
		this.challenges.clear();
		this.servedKinds.clear();
		this.byImage.clear();
		this.attempts.length = 0;
		this.sessions.clear();
	}
}

/** Measures a drag: press, the moves, release (in that order in the trace). */
export function summarizeTrace(trace: TraceEvent[]): TraceSummary {
	const points = trace.filter((e) => Number.isFinite(e.x) && Number.isFinite(e.y) && Number.isFinite(e.t));
	const moves = points.filter((e) => e.type === 'move').length;
	const ys = points.map((e) => e.y);
	let maxStep = 0;
	const speeds: number[] = [];
	const steps: number[] = [];
	for (let i = 1; i < points.length; i++) {
		const step = Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
		maxStep = Math.max(maxStep, step);
		if (points[i].type === 'move' && step > 0) {
			steps.push(step);
			speeds.push(step / Math.max(points[i].t - points[i - 1].t, 1));
		}
	}
	return {
		moves,
		durationMs: points.length ? round2(points[points.length - 1].t - points[0].t) : 0,
		verticalRangePx: ys.length ? round2(Math.max(...ys) - Math.min(...ys)) : 0,
		maxStepPx: round2(maxStep),
		speedVariation: round2(variation(speeds)),
		stepVariation: round2(variation(steps)),
		steadySpeedShare: round2(steadyShare(speeds)),
		steadyStepShare: round2(steadyShare(steps)),
	};
}

export function botCheck(summary: TraceSummary): string[] {
	const reasons: string[] = [];
	if (summary.moves < BOT_CHECK.minMoves) reasons.push('too-few-moves');
	if (summary.maxStepPx > BOT_CHECK.maxStepPx) reasons.push('teleport');
	// Robust to the two ways a browser blurs a machine's steady drag: timing jitter (speeds wobble,
	// lengths stay equal) and dropped drag events (one step doubles, its speed stays the same).
	if (Math.max(summary.steadySpeedShare, summary.steadyStepShare) >= BOT_CHECK.maxSteadyShare) reasons.push('constant-speed');
	if (summary.verticalRangePx < BOT_CHECK.minVerticalRangePx) reasons.push('no-vertical-variation');
	return reasons;
}

/** Share of the values within ±steadyBand of their median; 1 for fewer than two values. */
function steadyShare(values: number[]): number {
	if (values.length < 2) return 1;
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	return values.filter((v) => Math.abs(v - median) <= BOT_CHECK.steadyBand * median).length / values.length;
}

/** Coefficient of variation (standard deviation / mean); 0 for fewer than two values. */
function variation(values: number[]): number {
	if (values.length < 2) return 0;
	const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
	if (mean <= 0) return 0;
	const deviation = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
	return deviation / mean;
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
