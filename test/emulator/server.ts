/**
 * An in-process OmoCaptcha server (node:http, no dependencies) that speaks both APIs:
 * - v1 (docs/omocaptcha-api.md): POST /api/{getBalance,getService,createJob,getJobResult} with
 *   JSON bodies, protocol errors as HTTP 200 `{"error": true, "message": ...}`;
 * - v2 (docs/omocaptcha-api-v2.md): POST /v2/{createTask,getTaskResult,getBalance} with
 *   `clientKey`, the errorId/errorCode/errorDescription envelope, string task ids, status
 *   processing/ready/fail and typed solutions (test/emulator/tasks.ts), and the keyless
 *   GET /api/getServicePrice?type=service|package lists on the old envelope.
 * Jobs and tasks answer deterministically (see `expectedResult`, `expectedSolution`); the images
 * of a demo captcha page (test/emulator/demo) get that captcha's right answer on both APIs. Every
 * request is recorded in `requests`; faults apply to either API's methods. Never writes to stdout.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoKind } from './demo/captchas';
import { DemoCaptchas } from './demo/registry';
import { demoRoute, type DemoResponse } from './demo/routes';
import { HTML_ERROR_PAGE, type EmulatorFault, type FaultPicker } from './faults';
import { validateJobData } from './job-validation';
import { resultPayload, type PointSeparator } from './results';
import { EMULATED_SERVICES, findService } from './services';
import { expectedSolution, findTaskSpec, TASK_SPECS, validateTask, type HcaptchaCanvasShape, type Solution } from './tasks';

export { expectedResult } from './results';
export { expectedSolution, TASK_SPECS } from './tasks';
export { randomFaults, type EmulatorFault, type FaultPicker, type RandomFaultPlan } from './faults';
export { EMULATED_SERVICES, type EmulatedService } from './services';
export { DEMO_KINDS, type DemoKind } from './demo/captchas';

export interface EmulatorOptions {
	host?: string;
	port?: number;
	/** The one valid api_token. */
	apiToken?: string;
	balance?: string;
	/** How long a job stays 'running' after createJob; 0 means the first poll answers. */
	solveMs?: number;
	/** Decides which jobs end in status 'fail'; replaces the default rule (failTypeIds or an 'emulator:fail' field value). */
	failJob?: (data: Record<string, unknown>) => boolean;
	failTypeIds?: string[];
	/** Separator for two-point results (types 22 and 25). */
	pointSeparator?: PointSeparator;
	/** Delay before the createJob / createTask response is sent (the job already exists meanwhile). */
	createLatencyMs?: number;
	/** v2: which documented failed-solve answer getTaskResult gives ('current': status fail + ERROR_JOB_STATUS; 'older': a bare errorId 1). */
	v2FailShape?: 'current' | 'older';
	/** v2: the first N polls of every task answer this transient error code (e.g. ERROR_TASK_IS_MAINTENANCE). */
	transientPolls?: number;
	transientCode?: string;
	/** v2: refusals with empty errorCode/errorDescription, as every documented example shows them. */
	blankV2Errors?: boolean;
	/** v2: how a one-image hCaptcha canvas is answered. */
	hcaptchaCanvas?: HcaptchaCanvasShape;
	/** v2 getBalance: solves left in the package and the promotional balance. */
	quantity?: number;
	voucherBalance?: number;
	/** Delay before a getJobResult response is sent (keeps polls in flight, e.g. to see when a client aborts them). */
	resultLatencyMs?: number;
	/**
	 * A client's upload link slower than loopback: every API request's body crosses one shared link
	 * of `bytesPerSecond` (chunks in arrival order, so parallel uploads share it), and each request
	 * waits `rttMs` more, half before its body is read and half before its answer goes out.
	 */
	link?: { bytesPerSecond: number; rttMs: number };
	/** Monotonic milliseconds for solve times and request stamps; performance.now by default. Tests pass a fake clock. */
	now?: () => number;
	/** Called with each answered request (for logs such as `npm run dev`'s; the body holds the API token). */
	onAnswered?: (request: LoggedRequest) => void;
	/** Picks a fault for requests that no injectFault() entry claimed (e.g. randomFaults(plan)). */
	faults?: FaultPicker;
}

export interface LoggedRequest {
	/** API method: the path after /api/ or /v2/ ('createJob', 'createTask', ...), or the raw path for unknown routes. */
	method: string;
	httpMethod: string;
	path: string;
	/** Parsed JSON body; the raw text when it was not JSON; undefined while still being read. */
	body: any;
	/** The emulator's clock at arrival (performance.now() unless `now` is given; monotonic ms). */
	receivedAt: number;
	/** When the last byte of the body had arrived: from receivedAt, the upload; from here, the emulator's own work. */
	bodyReadAt?: number;
	/** When the answer was handed to the socket (a slow body: its last byte), or a fault put something in its place. */
	answeredAt?: number;
	/** HTTP status; 0 until the response is sent (and for resets and hangs). */
	status: number;
	/** What the API answered, even when a fault kept it from the client. */
	response: any;
	/** The emulator's clock when the connection closed before the answer was sent: the client aborted it (or a reset fault). */
	abortedAt?: number;
	/** The fault injected into this request, if any. */
	fault?: EmulatorFault;
	/** Whether the request was handled (a createJob created its job), faulty or not. */
	handled: boolean;
}

export interface EmulatorJob {
	id: number;
	data: Record<string, unknown>;
	createdAt: number;
	/** createdAt + solveMs: from then on getJobResult answers with the outcome. */
	doneAt: number;
	outcome: 'success' | 'fail';
	/** The success result (string, or `{token}` for type 3); null for failed jobs. */
	result: string | { token: string } | null;
}

export interface EmulatorTask {
	/** A UUID, as the service gives. */
	id: string;
	task: Record<string, unknown>;
	createdAt: number;
	doneAt: number;
	outcome: 'success' | 'fail';
	/** The solution of a successful task; null for failed ones. */
	solution: Solution | null;
	/** getTaskResult requests answered so far. */
	polls: number;
}

export interface Emulator {
	/** v1 base URL ending in /api, e.g. http://127.0.0.1:40123/api (also where the v2 lists live). */
	url: string;
	/** v2 base URL ending in /v2, e.g. http://127.0.0.1:40123/v2 */
	v2Url: string;
	port: number;
	requests: LoggedRequest[];
	jobs: Map<number, EmulatorJob>;
	tasks: Map<string, EmulatorTask>;
	/** Live options: changes apply to the following requests, until reset(). */
	options: EmulatorOptions;
	/** http://host:port, where the demo captcha pages live (under /demo/). */
	origin: string;
	/** The demo captchas served so far, and the attempts the pages sent (docs/demo-captcha-pages.md). */
	demo: DemoCaptchas;
	/** Absolute URL of a demo captcha page, with query options (e.g. { reject: 'first' }). */
	demoUrl(kind: DemoKind, query?: Record<string, string | number>): string;
	/** The next `times` requests to `method` get `fault` (queued after earlier injections). */
	injectFault(method: string, fault: EmulatorFault, times?: number): void;
	/**
	 * Clears requests, jobs, tasks, queued faults and demo attempts (not the demo captchas: open
	 * pages keep working), restores the starting balance and the options it was started with.
	 */
	reset(): void;
	close(): Promise<void>;
}

const DEFAULTS = {
	host: '127.0.0.1',
	port: 0,
	apiToken: 'test-token',
	balance: '12.34500',
	solveMs: 0,
	failTypeIds: [] as string[],
	pointSeparator: '_' as PointSeparator,
	createLatencyMs: 0,
	v2FailShape: 'current' as 'current' | 'older',
	transientPolls: 0,
	transientCode: 'ERROR_TASK_IS_MAINTENANCE',
	blankV2Errors: false,
	hcaptchaCanvas: 'click' as HcaptchaCanvasShape,
	quantity: 10_000,
	voucherBalance: 1.5,
	resultLatencyMs: 0,
};

const FIRST_JOB_ID = 482_301;
const FAIL_MARKER = 'emulator:fail';

type Reply = { status: number; body: Record<string, unknown> };
type ApiBody = Record<string, unknown>;

const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { error: false, ...body } });
const protocolError = (message: string): Reply => ({ status: 200, body: { error: true, message } });
const httpError = (status: number, message: string): Reply => ({ status, body: { error: true, message } });

const v2Ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { errorId: 0, ...body } });

/** v2 services in the getServicePrice?type=service shape; packages with their price per 1000. */
const TASK_SERVICE_LIST = TASK_SPECS.map((spec) => ({
	name: spec.name,
	price: spec.price,
	avg_success: '95%',
	avg_time: spec.avgTime,
	image: `${spec.type.toLowerCase()}.svg`,
	type: spec.type,
}));
const EMULATED_PACKAGES = [
	{ name: 'Combo Funcaptcha', price: '0.15' },
	{ name: 'Combo TikTok', price: '0.40' },
];

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	// A copy of its own, arrays included: changing `emulator.options` never changes what reset() restores.
	const startingOptions = (): EmulatorOptions => ({ ...options, failTypeIds: options.failTypeIds && [...options.failTypeIds] });
	const opts: EmulatorOptions = startingOptions();
	const now = () => (opts.now ? opts.now() : performance.now());
	const setting = <K extends keyof typeof DEFAULTS>(key: K): (typeof DEFAULTS)[K] =>
		(opts[key] ?? DEFAULTS[key]) as (typeof DEFAULTS)[K];

	const requests: LoggedRequest[] = [];
	const demo = new DemoCaptchas();
	const jobs = new Map<number, EmulatorJob>();
	const tasks = new Map<string, EmulatorTask>();
	const queuedFaults = new Map<string, EmulatorFault[]>();
	const requestCounts = new Map<string, number>();
	const pickFault = (method: string, body: unknown): EmulatorFault | undefined => {
		const count = requestCounts.get(method) ?? 0;
		requestCounts.set(method, count + 1);
		const queued = queuedFaults.get(method);
		if (queued?.length) return queued.shift();
		return opts.faults?.(method, body, count);
	};
	const injectFault = (method: string, fault: EmulatorFault, times = 1) => {
		const queue = queuedFaults.get(method) ?? [];
		for (let i = 0; i < times; i++) queue.push(fault);
		queuedFaults.set(method, queue);
	};
	let sharedLink: { bytesPerSecond: number; link: UploadLink } | undefined;
	const linkAt = (bytesPerSecond: number) =>
		(sharedLink?.bytesPerSecond === bytesPerSecond ? sharedLink : (sharedLink = { bytesPerSecond, link: newUploadLink(bytesPerSecond) })).link;
	let nextJobId = FIRST_JOB_ID;
	let spentUnits = 0; // in 1e-5 of the currency, to keep decimal arithmetic exact

	const balanceUnits = () => Math.max(0, toUnits(setting('balance')) - spentUnits);

	const shouldFail = (data: Record<string, unknown>): boolean =>
		opts.failJob
			? opts.failJob(data)
			: setting('failTypeIds').map(String).includes(String(data.type_job_id ?? data.type)) ||
				Object.values(data).some((value) => value === FAIL_MARKER);

	const routes: Record<string, (body: ApiBody) => Reply> = {
		getBalance: () => ok({ balance: fromUnits(balanceUnits()), message: 'Get balance success.' }),

		getService: () => ok({ service: EMULATED_SERVICES, message: 'Get service success.' }),

		createJob: (body) => {
			const data = body.data;
			if (!data || typeof data !== 'object' || Array.isArray(data)) return protocolError('The data field is required.');
			const jobData = data as Record<string, unknown>;
			if (jobData.type_job_id === undefined || jobData.type_job_id === null || jobData.type_job_id === '') {
				return protocolError('The type_job_id field is required.');
			}
			const service = findService(jobData.type_job_id);
			if (!service) return protocolError(`The type_job_id ${JSON.stringify(jobData.type_job_id)} is not a known service.`);
			const invalid = validateJobData(service.id, jobData);
			if (invalid) return protocolError(invalid);

			const outcome = shouldFail(jobData) ? 'fail' : 'success';
			const result =
				outcome === 'success' ? (demo.answerJob(jobData, setting('pointSeparator')) ?? resultPayload(jobData, { pointSeparator: setting('pointSeparator') })) : null;
			// The solve time runs from when the job is stored, after the emulator's own work on it.
			const createdAt = now();
			const job: EmulatorJob = { id: nextJobId++, data: jobData, createdAt, doneAt: createdAt + setting('solveMs'), outcome, result };
			jobs.set(job.id, job);
			spentUnits += toUnits(service.price);
			return ok({ job_id: job.id, message: 'Create job success.' });
		},

		getJobResult: (body) => {
			const jobId = typeof body.job_id === 'string' && /^\d+$/.test(body.job_id) ? Number(body.job_id) : body.job_id;
			if (jobId === undefined || jobId === null || jobId === '') return protocolError('The job_id field is required.');
			const job = typeof jobId === 'number' ? jobs.get(jobId) : undefined;
			if (!job) return protocolError('Job not found.');
			if (now() < job.doneAt) return ok({ status: 'running', result: null });
			if (job.outcome === 'fail') return ok({ status: 'fail', error_code: 'ERROR_CAPTCHA_UNSOLVABLE', result: null });
			return ok({ status: 'success', result: job.result });
		},
	};

	const v2Error = (code: string, description: string): Reply => ({
		status: 200,
		body: setting('blankV2Errors') ? { errorId: 1, errorCode: '', errorDescription: '' } : { errorId: 1, errorCode: code, errorDescription: description },
	});

	const v2Routes: Record<string, (body: ApiBody) => Reply> = {
		getBalance: () => {
			const quantity = Math.max(0, setting('quantity') - tasks.size);
			return v2Ok({ balance: balanceUnits() / 100_000, quantity, voucher_balance: setting('voucherBalance') });
		},

		createTask: (body) => {
			const task = body.task;
			if (!task || typeof task !== 'object' || Array.isArray(task)) return v2Error('ERROR_NO_TASK', 'The task field is required.');
			const fields = task as Record<string, unknown>;
			const spec = findTaskSpec(fields.type);
			if (!spec) return v2Error('ERROR_TASK_NOT_SUPPORTED', `The task type ${JSON.stringify(fields.type)} is not a known service.`);
			const invalid = validateTask(spec, fields);
			if (invalid) return v2Error('ERROR_INVALID_TASK_DATA', invalid);

			const outcome = shouldFail(fields) ? 'fail' : 'success';
			const solution = outcome === 'success' ? (demo.answerTask(fields) ?? expectedSolution(fields, { hcaptchaCanvas: setting('hcaptchaCanvas') })) : null;
			const createdAt = now();
			const entry: EmulatorTask = { id: randomUUID(), task: fields, createdAt, doneAt: createdAt + setting('solveMs'), outcome, solution, polls: 0 };
			tasks.set(entry.id, entry);
			spentUnits += toUnits(spec.price);
			return v2Ok({ taskId: entry.id });
		},

		getTaskResult: (body) => {
			if (typeof body.taskId !== 'string' || body.taskId === '') return v2Error('ERROR_NO_TASK_ID', 'The taskId field is required (a string).');
			const entry = tasks.get(body.taskId);
			if (!entry) return v2Error('ERROR_NO_SUCH_CAPCHA_ID', 'Task not found.');
			entry.polls += 1;
			if (entry.polls <= setting('transientPolls')) return v2Error(setting('transientCode'), 'Try again later.');
			if (now() < entry.doneAt) return v2Ok({ status: 'processing', errorCode: '', errorDescription: '' });
			if (entry.outcome === 'fail') {
				return setting('v2FailShape') === 'older'
					? { status: 200, body: { errorId: 1, errorCode: '', errorDescription: '' } }
					: { status: 200, body: { errorId: 1, errorCode: 'ERROR_JOB_STATUS', errorDescription: 'Job failed', status: 'fail', solution: {} } };
			}
			const strings = findTaskSpec(entry.task.type)?.readyWithErrorStrings ? { errorCode: '', errorDescription: '' } : {};
			return v2Ok({ status: 'ready', solution: entry.solution, ...strings });
		},
	};

	/** The keyless lists on the old host: GET getServicePrice?type=service|package. */
	const servicePrice = (type: string | null): Reply => {
		if (type === 'service') return ok({ typeJob: TASK_SERVICE_LIST, message: 'Get service success.' });
		if (type === 'package') return ok({ package: EMULATED_PACKAGES, message: 'Get service success.' });
		return protocolError('The type field must be service or package.');
	};

	async function answer(request: IncomingMessage, entry: LoggedRequest): Promise<Reply> {
		const [, prefix, route] = /^\/(api|v2)\/([A-Za-z]+)$/.exec(entry.path) ?? [];
		const table = prefix === 'v2' ? v2Routes : routes;
		const handler = route && Object.hasOwn(table, route) ? table[route] : undefined;
		const link = opts.link;
		if (link) await sleep(link.rttMs / 2);
		const rawBody = await readBody(request, link && linkAt(link.bytesPerSecond));
		entry.bodyReadAt = now();
		entry.body = rawBody;
		// A malformed or slow answer is the real answer, mangled: those are always handled.
		const handles = (fault: EmulatorFault | undefined) => !fault || fault.afterHandling || fault.kind === 'malformed' || fault.kind === 'slowBody' || fault.kind === 'slow';
		if (prefix === 'api' && route === 'getServicePrice') {
			if (request.method !== 'GET') return httpError(405, 'Method not allowed: use GET.');
			entry.fault = pickFault(route, undefined);
			if (!handles(entry.fault)) return { status: 0, body: {} };
			entry.handled = true;
			return servicePrice(new URL(request.url ?? '/', 'http://emulator').searchParams.get('type'));
		}
		if (!handler) return httpError(404, `Not found: ${entry.path}`);
		if (request.method !== 'POST') return httpError(405, 'Method not allowed: use POST.');

		let body: unknown;
		try {
			body = JSON.parse(rawBody);
		} catch {
			return httpError(400, 'The request body is not valid JSON.');
		}
		entry.body = body;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return httpError(400, 'The request body must be a JSON object.');

		entry.fault = pickFault(route!, body);
		if (!handles(entry.fault)) return { status: 0, body: {} };
		entry.handled = true;
		if (prefix === 'v2') {
			if ((body as ApiBody).clientKey !== setting('apiToken')) return v2Error('ERROR_KEY_DOES_NOT_EXIST', 'Invalid clientKey.');
		} else if ((body as ApiBody).api_token !== setting('apiToken')) return protocolError('Invalid api token.');
		const reply = handler(body as ApiBody);
		if (link) await sleep(link.rttMs / 2);
		if ((route === 'createJob' || route === 'createTask') && setting('createLatencyMs') > 0) await sleep(setting('createLatencyMs'));
		if ((route === 'getJobResult' || route === 'getTaskResult') && setting('resultLatencyMs') > 0) await sleep(setting('resultLatencyMs'));
		return reply;
	}

	/** Sends the answer, or what the request's fault puts in its place. */
	function respond(response: ServerResponse, entry: LoggedRequest, reply: Reply): void {
		const fault = entry.fault;
		if (entry.handled) entry.response = reply.body;
		const send = (status: number, headers: Record<string, string>, text: string) => {
			entry.status = status;
			entry.answeredAt = now();
			response.writeHead(status, headers).end(text);
		};
		const sendReply = () => {
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (reply.status === 405) headers.allow = entry.path === '/api/getServicePrice' ? 'GET' : 'POST';
			send(reply.status, headers, JSON.stringify(reply.body));
		};
		switch (fault?.kind) {
			case undefined:
				sendReply();
				return;
			case 'slow': {
				const timer = setTimeout(() => !response.destroyed && sendReply(), fault.ms);
				response.once('close', () => clearTimeout(timer));
				return;
			}
			case 'status': {
				const headers: Record<string, string> = { 'content-type': fault.contentType ?? 'application/json' };
				if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
				send(fault.status, headers, fault.body ?? JSON.stringify({ error: true, message: `Emulated HTTP ${fault.status}` }));
				return;
			}
			case 'html':
				send(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8' }, HTML_ERROR_PAGE);
				return;
			case 'malformed':
				send(200, { 'content-type': 'application/json' }, JSON.stringify(reply.body).slice(0, 12) || '{"error": fa');
				return;
			case 'reset':
				response.socket?.destroy();
				return;
			case 'hang':
				if (fault.ms !== undefined) {
					const timer = setTimeout(() => response.socket?.destroy(), fault.ms);
					response.socket?.once('close', () => clearTimeout(timer));
				}
				return;
			case 'slowBody': {
				const bytes = Buffer.from(JSON.stringify(reply.body));
				entry.status = reply.status;
				response.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
				let sent = 0;
				const timer = setInterval(() => {
					if (response.destroyed || sent >= bytes.length) {
						clearInterval(timer);
						if (!response.destroyed) response.end();
						return;
					}
					response.write(bytes.subarray(sent, sent + 1));
					sent += 1;
					if (sent === bytes.length) entry.answeredAt = now();
				}, fault.msPerByte);
				response.once('close', () => clearInterval(timer));
				return;
			}
		}
	}

	/** POST /emulator/faults {method, fault, times}: injectFault for an emulator in another process. */
	async function control(request: IncomingMessage, response: ServerResponse): Promise<void> {
		try {
			const { method, fault, times } = JSON.parse(await readBody(request)) as { method: string; fault: EmulatorFault; times?: number };
			if (typeof method !== 'string' || !fault || typeof fault.kind !== 'string') throw new Error('expected {method, fault: {kind, ...}, times?}');
			injectFault(method, fault, times ?? 1);
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
		} catch (error) {
			response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, message: (error as Error).message }));
		}
	}

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const path = (request.url ?? '/').split('?')[0];
		if (path === '/emulator/faults' && request.method === 'POST') {
			void control(request, response);
			return;
		}
		if (path === '/demo' || path.startsWith('/demo/')) {
			// The demo captcha pages: not OmoCaptcha API calls, so not in `requests`.
			readBody(request)
				.then((body) =>
					demoRoute(demo, { method: request.method ?? 'GET', url: new URL(request.url ?? '/', 'http://emulator'), body, host: request.headers.host, cookie: request.headers.cookie }),
				)
				.catch((error: Error): DemoResponse => ({ status: 500, contentType: 'text/plain', body: `Emulator error: ${error.message}` }))
				.then(({ status, contentType, body, headers }) => {
					response.writeHead(status, { ...headers, 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
				});
			return;
		}
		const entry: LoggedRequest = {
			method: /^\/(api|v2)\//.test(path) ? path.slice(path.indexOf('/', 1) + 1) : path,
			httpMethod: request.method ?? '',
			path,
			body: undefined,
			receivedAt: now(),
			status: 0,
			response: undefined,
			handled: false,
		};
		requests.push(entry);
		response.once('close', () => {
			if (!response.writableFinished) entry.abortedAt = now();
		});
		answer(request, entry)
			.catch((error: Error) => {
				entry.fault = undefined;
				return httpError(500, `Emulator error: ${error.message}`);
			})
			.then((reply) => {
				respond(response, entry, reply);
				entry.answeredAt ??= now();
				opts.onAnswered?.(entry);
			});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(setting('port'), setting('host'), () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const host = setting('host');
	const urlHost = host.includes(':') ? `[${host}]` : host;
	const origin = `http://${urlHost}:${port}`;

	return {
		url: `${origin}/api`,
		v2Url: `${origin}/v2`,
		port,
		requests,
		jobs,
		tasks,
		options: opts,
		origin,
		demo,
		demoUrl(kind, query = {}) {
			const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
			return `${origin}/demo/${kind}${search ? `?${search}` : ''}`;
		},
		injectFault,
		reset() {
			requests.length = 0;
			jobs.clear();
			tasks.clear();
			queuedFaults.clear();
			requestCounts.clear();
			demo.attempts.length = 0;
			spentUnits = 0;
			for (const key of Object.keys(opts) as Array<keyof EmulatorOptions>) delete opts[key];
			Object.assign(opts, startingOptions());
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

/** The body as text; through `link` (see EmulatorOptions.link), one chunk after another at its rate. */
function readBody(request: IncomingMessage, link?: UploadLink): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			if (!link) return;
			request.pause();
			void link.carry(chunk.length).then(() => request.resume());
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** One link shared by every request of the process at a given rate: bytes cross it in the order they come. */
interface UploadLink {
	carry(bytes: number): Promise<void>;
}

function newUploadLink(bytesPerSecond: number): UploadLink {
	let freeAt = 0;
	return {
		async carry(bytes) {
			const start = Math.max(performance.now(), freeAt);
			freeAt = start + (bytes / bytesPerSecond) * 1000;
			await sleep(Math.max(0, freeAt - performance.now()));
		},
	};
}

function toUnits(decimal: string): number {
	return Math.round(Number(decimal) * 100_000);
}

function fromUnits(units: number): string {
	return (units / 100_000).toFixed(5);
}
