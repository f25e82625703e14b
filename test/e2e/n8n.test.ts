/**
 * The package proven in a real n8n: the packed tarball installed as a community package into a
 * scratch n8n (the version scripts/install-n8n.sh names), the example workflows imported and run
 * against the in-process emulator, the on-page example solving the demo captcha in a real
 * Chromium, the phone-farm example driving an adb stand-in (no Android device here) through n8n's
 * Execute Command, and the node's panel opened in headless Chromium. One n8n server serves the
 * whole file (Execute Command enabled); each workflow runs as a webhook copy of the example (see
 * scripts/n8n.ts, toWebhookWorkflow).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	BROWSERLESS_CREDENTIAL,
	BROWSERLESS_EXAMPLE_KEY,
	buildEmulatorCredentials,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_V2_CREDENTIAL,
	EXAMPLES,
	type ExampleSpec,
	IMAGES_DIR,
	IMAGES_NODE_NAME,
	PAGE_EXAMPLE_KEY,
	PAGE_SETTINGS_NODE_NAME,
	PHONE_FARM_EXAMPLE_KEY,
	type WorkflowJson,
} from '../../examples/workflows';
import { adbSwipe, adbTaps } from '../../nodes/OmoCaptcha/motion/adbCommands';
import { findCaptchaTypeByKey } from '../../nodes/OmoCaptcha/catalog/captchaTypes';
import {
	answerFields,
	AUTH_COOKIE,
	deployAsWebhook,
	type ExamplesInstance,
	freePort,
	freshUserFolder,
	installN8n,
	installTarball,
	packPackage,
	readExampleWorkflows,
	runWebhook,
	startExamplesInstance,
} from '../../scripts/n8n';
import { EDITOR_SCREENSHOT, openEditorPanel } from '../../scripts/editorPanel';
import { PAGE_SCREENSHOTS, runPageExample, withPageSettings } from '../../scripts/pageExample';
import { type Emulator, type EmulatorJob, type EmulatorTask, expectedResult, startEmulator } from '../emulator/server';
import { startBearerProxy, type BearerProxy } from '../helpers/bearerProxy';
import { startBrowserless, type RunningBrowserless } from '../helpers/browserless';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { PHONE_SCREENSHOT, type PhoneStandIn, startPhoneStandIn, withStandInPhone } from '../../scripts/phoneFarmExample';
import { adbShellCall, deviceSteps, hostWords } from '../helpers/adbScript';
import { compareScreenshots } from '../helpers/screenshot';

const OWNER = { email: 'e2e@example.com', password: 'OmoCaptcha-e2e-1', firstName: 'E2e', lastName: 'Owner' };
/** Share of pixels that may differ from docs/editor-panel.png: run times and ids change, the panel does not. */
const MAX_SCREENSHOT_CHANGE = 0.02;
/** Fast answers for the plain runs; the parallel test slows the emulator down on purpose. */
const QUICK_SOLVE_MS = 100;

type Item = Record<string, unknown>;

let scratch: string;
let emulator: Emulator;
let n8n: ExamplesInstance;
/** No Android device exists here: an adb stand-in plays the phone for the phone-farm example. */
let phone: PhoneStandIn;
const timings: Record<string, number> = {};

/** A self-hosted Browserless with a required token, and a real Chromium behind a Bearer-header proxy (as Airtop's endpoint). */
let browserless: RunningBrowserless;
let guarded: { chromium: LaunchedChromium; proxy: BearerProxy; key: string };
/** The Browser Connection (header mode) and Header Auth credentials of the Bearer-guarded browser. */
const BEARER_BROWSER_CREDENTIAL = { id: 'omoBearerCdp0001', name: 'DevTools behind Bearer', type: 'browserConnectionApi' } as const;
const BEARER_HTTP_CREDENTIAL = { id: 'omoBearerHttp001', name: 'DevTools Bearer header', type: 'httpHeaderAuth' } as const;

/** The credentials of the two browser services, as `n8n import:credentials` takes them. */
function browserCredentials() {
	return [
		{ ...BROWSERLESS_CREDENTIAL, data: { endpoint: `ws://127.0.0.1:${browserless.port}`, placement: 'query', queryName: 'token', secret: browserless.token } },
		{ ...BEARER_BROWSER_CREDENTIAL, data: { placement: 'header', headerName: 'Authorization', headerScheme: 'Bearer', secret: guarded.key } },
		{ ...BEARER_HTTP_CREDENTIAL, data: { name: 'Authorization', value: `Bearer ${guarded.key}` } },
	];
}

beforeAll(async () => {
	scratch = mkdtempSync(join(tmpdir(), 'omocaptcha-e2e-'));
	// `npm pack`, which builds through the prepack script: the same path as `npm publish`.
	const tarball = timed('build and pack', () => packPackage(join(scratch, 'pack')));
	const n8nDir = timed('install n8n (cached)', installN8n);
	const home = { n8nDir, userFolder: freshUserFolder(join(scratch, 'n8n-user')) };
	installTarball(home, tarball);
	emulator = await startEmulator({ solveMs: QUICK_SOLVE_MS });
	const services = performance.now();
	browserless = await startBrowserless();
	const chromium = await launchChromium();
	const key = randomBytes(16).toString('hex');
	guarded = { chromium, key, proxy: await startBearerProxy({ target: chromium.httpUrl, key }) };
	timings['start Browserless + guarded Chromium'] = performance.now() - services;
	phone = startPhoneStandIn(join(scratch, 'phone'));
	const started = performance.now();
	n8n = await startExamplesInstance({
		home,
		// Execute Command enabled, as the README tells a self-hosted user, for the phone-farm example.
		server: { port: await freePort(), brokerPort: await freePort(), env: phone.n8nEnv },
		emulatorUrl: emulator.url,
		owner: OWNER,
		extraCredentials: browserCredentials(),
	});
	timings['import + start n8n + owner'] = performance.now() - started;
});

afterAll(async () => {
	await n8n?.server.stop();
	await guarded?.proxy.close();
	await guarded?.chromium.close();
	await browserless?.close();
	await emulator?.close();
	if (scratch) rmSync(scratch, { recursive: true, force: true });
	console.log(`e2e timings (s): ${Object.entries(timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
});

// A clean log and the starting options (fast answers, no failures) for every test.
beforeEach(() => emulator.reset());

describe('the example workflows in n8n', () => {
	const workflows = () => readExampleWorkflows();

	it.each(EXAMPLES.filter((spec) => spec.typeJobId !== undefined).map((spec) => [spec.key, spec] as const))(
		'%s: solves with the answer the emulator gave',
		async (_key, spec) => {
			const [item] = await runExample(spec, exampleWorkflow(workflows(), spec), 1);
			const [job] = jobsOfType(spec.typeJobId as number);
			// The node sent the example's own images, in the order the API wants them.
			expect(job.data.image_base64).toBe(Object.values(spec.images).map(imageBase64).join('|'));
			expect(item).toMatchObject({ jobId: job.id, typeJobId: spec.typeJobId, raw: expectedResult(job.data) });
			// From createJob to the answer: at least the emulator's solve time.
			expect(item.elapsedMs).toBeGreaterThanOrEqual(QUICK_SOLVE_MS);
			expect(answerFields(item)).toEqual(expectedAnswer(spec.typeJobId as number, expectedResult(job.data)));
		},
	);

	it('get-balance: reads the balance as a number and as sent', async () => {
		const spec = EXAMPLES.find((example) => example.key === 'get-balance') as ExampleSpec;
		const [item] = await runExample(spec, exampleWorkflow(workflows(), spec), 1);
		expect(item).toMatchObject({ balance: 12.345, balanceRaw: '12.34500' });
	});

	// The same workflows with their solver on the v2 credential: the task API, the same answer fields.
	it.each(EXAMPLES.filter((spec) => spec.typeJobId !== undefined).map((spec) => [spec.key, spec] as const))(
		'%s on the v2 API: sends the task and answers in the same fields',
		async (_key, spec) => {
			const taskType = findCaptchaTypeByKey(spec.typeJobId)!.v2!.taskType;
			const [item] = await runExample(spec, withCredential(exampleWorkflow(workflows(), spec), EXAMPLE_V2_CREDENTIAL), 1, 'v2');
			const tasks = [...emulator.tasks.values()];
			expect(tasks).toHaveLength(1);
			const [task] = tasks;
			expect(task.task.type).toBe(taskType);
			const images = Object.values(spec.images).map(imageBase64);
			if (images.length === 2) expect(task.task.imageBase64s).toEqual(images);
			else expect(task.task.imageBase64).toBe(images[0]);
			expect(item).toMatchObject({ jobId: task.id, taskType, solution: task.solution });
			expect(answerFields(item)).toEqual(expectedV2Answer(spec.typeJobId as number, task));
		},
	);

	it('get-balance on the v2 API: balance, quantity and voucher balance as numbers', async () => {
		const spec = EXAMPLES.find((example) => example.key === 'get-balance') as ExampleSpec;
		const [item] = await runExample(spec, withCredential(exampleWorkflow(workflows(), spec), EXAMPLE_V2_CREDENTIAL), 1, 'v2');
		expect(item).toEqual({ balance: 12.345, balanceRaw: '12.345', quantity: 10000, voucherBalance: 1.5 });
		expect(emulator.requests.map((request) => request.path)).toEqual(['/v2/getBalance']);
	});

	it('a failed job with Continue On Fail becomes an error item naming the job id', async () => {
		const spec = EXAMPLES.find((example) => example.typeJobId === 26) as ExampleSpec;
		const workflow = withSolver(exampleWorkflow(workflows(), spec), { onError: 'continueRegularOutput' });
		emulator.options.failTypeIds = ['26'];
		const [item] = await runExample(spec, workflow, 1, 'fail');
		const [job] = jobsOfType(26);
		expect(job.outcome).toBe('fail');
		expect(item).toMatchObject({ jobId: job.id, error: expect.stringContaining(String(job.id)) });
		expect(item).not.toHaveProperty('x');
	});

	it('solves several items in parallel: five 3-second jobs take about one solve time', async () => {
		const spec = EXAMPLES.find((example) => example.typeJobId === 25) as ExampleSpec;
		const solveMs = 3000;
		const workflow = withCopies(withSolver(exampleWorkflow(workflows(), spec), { options: { pollInterval: 1 } }), 5);
		emulator.options.solveMs = solveMs;
		const started = performance.now();
		const items = await runExample(spec, workflow, 5, 'parallel');
		const elapsed = performance.now() - started;
		timings['5 parallel solves'] = elapsed;

		const jobs = jobsOfType(25);
		expect(new Set(items.map((item) => item.jobId))).toEqual(new Set(jobs.map((job) => job.id)));
		for (const item of items) expect(item.raw).toBe(expectedResult(jobs[0].data));
		// One after the other would take 5 x 3 s; together they take one solve plus polling.
		expect(elapsed).toBeLessThan(2 * solveMs);
		// Every job was created before any was answered: nothing waited for another to finish.
		const firstSuccess = emulator.requests.findIndex((request) => request.response?.status === 'success');
		const creates = emulator.requests.map((request, index) => [request.method, index] as const).filter(([method]) => method === 'createJob');
		expect(creates).toHaveLength(5);
		expect(creates.every(([, index]) => index < firstSuccess)).toBe(true);
	});
});

describe('solving a captcha on a page in n8n', () => {
	it.each([
		['v1', EXAMPLE_CREDENTIAL],
		['v2', EXAMPLE_V2_CREDENTIAL],
	] as const)('solve-on-page (%s): the example opens the demo captcha in Chromium, solves it on the page, and the page accepts it', async (api, credential) => {
		const spec = EXAMPLES.find((example) => example.key === PAGE_EXAMPLE_KEY) as ExampleSpec;
		const workflow = withCredential(exampleWorkflow(readExampleWorkflows(), spec), credential);
		const { run, before, after } = await runPageExample({ url: n8n.server.url, api: n8n.api }, workflow, emulator, `e2e-solve-on-page-${api}`);
		expect(run.status, JSON.stringify(run.body)).toBe(200);
		expect(run.items).toHaveLength(1);
		const [item] = run.items;
		// One paid job (the TikTok slider: type 21 on v1, TiktokSliderWebTask on v2), its answer dragged onto the page.
		const jobIds = api === 'v1' ? jobsOfType(21).map((job) => job.id) : [...emulator.tasks.values()].filter((task) => task.task.type === 'TiktokSliderWebTask').map((task) => task.id);
		expect(jobIds).toHaveLength(1);
		expect(item).toMatchObject({
			solved: true,
			captcha: 'tiktokSlider',
			attempts: [expect.objectContaining({ jobId: jobIds[0], verdict: 'solved', action: expect.objectContaining({ type: 'drag' }) })],
		});
		// The page's own server-side check (position and bot check) passed, once.
		expect(emulator.demo.attempts.map(({ verdict, reasons }) => ({ verdict, reasons }))).toEqual([{ verdict: 'pass', reasons: [] }]);

		// The README's pictures still show this page before and after (refresh them with `npm run screenshots`).
		for (const [state, picture] of [['before', before], ['after', after]] as const) {
			expect(picture, `no ${state} picture`).toBeInstanceOf(Buffer);
			const difference = compareScreenshots(picture as Buffer, readFileSync(PAGE_SCREENSHOTS[state]));
			console.log(`page ${state} (${api}): ${(difference.changedShare * 100).toFixed(2)} % of pixels differ from ${PAGE_SCREENSHOTS[state]}`);
			expect(difference.sameSize, difference.size).toBe(true);
			expect(difference.changedShare, `${PAGE_SCREENSHOTS[state]} no longer matches the page: run \`npm run screenshots\``).toBeLessThan(MAX_SCREENSHOT_CHANGE);
		}
	});
});

describe('solving on the page of a browser service in n8n, its secret in a Browser Connection credential', () => {
	const demoSession = (id: unknown) => emulator.demo.sessions.get(String(id));

	it.each([
		['v1', EXAMPLE_CREDENTIAL],
		['v2', EXAMPLE_V2_CREDENTIAL],
	] as const)('browserless-open-url (%s): OmoCaptcha opens the demo captcha through the token in its credential, solves it, and the next step\'s Cookie header opens /demo/account', async (api, credential) => {
		const spec = EXAMPLES.find((example) => example.key === BROWSERLESS_EXAMPLE_KEY) as ExampleSpec;
		const captchaPage = emulator.demoUrl('tiktok-slider', { seed: `e2e-browserless-${api}`, success: 'mark' });
		const workflow = withPageSettings(withCredential(exampleWorkflow(readExampleWorkflows(), spec), credential), { captchaPage, accountPage: `${emulator.origin}/demo/account` });
		const path = `e2e-browserless-${api}`;
		await deployAsWebhook(n8n.server.url, n8n.api, workflow, path);
		const run = await runWebhook<Item>(n8n.server.url, path);
		expect(run.status, JSON.stringify(run.body)).toBe(200);
		// The last step's answer: /demo/account answered 200 (an error status fails the HTTP Request step) for a solved session.
		expect(run.items).toEqual([{ session: expect.stringMatching(/^[0-9a-f]{32}$/), solved: true, captcha: expect.objectContaining({ kind: 'tiktok-slider' }), solvedCaptchas: 1 }]);
		expect(demoSession(run.items[0].session)?.solved).toHaveLength(1);
		// One paid job for it, and the page's own check passed.
		const jobs = api === 'v1' ? jobsOfType(21) : [...emulator.tasks.values()].filter((task) => task.task.type === 'TiktokSliderWebTask');
		expect(jobs).toHaveLength(1);
		expect(emulator.demo.attempts.map(({ verdict }) => verdict)).toEqual(['pass']);
		expect(JSON.stringify(run.body)).not.toContain(browserless.token);
	});

	it.each([
		['v1', EXAMPLE_CREDENTIAL],
		['v2', EXAMPLE_V2_CREDENTIAL],
	] as const)('a DevTools endpoint behind Authorization: Bearer (%s): an HTTP Request opens the tab, OmoCaptcha solves it by its Target ID through the header credential, and a later step finds that tab solved', async (api, credential) => {
		const spec = EXAMPLES.find((example) => example.key === PAGE_EXAMPLE_KEY) as ExampleSpec;
		const captchaPage = emulator.demoUrl('tiktok-slider', { seed: `e2e-bearer-${api}`, success: 'mark' });
		const workflow = withBearerBrowser(withPageSettings(withCredential(exampleWorkflow(readExampleWorkflows(), spec), credential), { browserUrl: guarded.proxy.httpUrl, captchaPage }));
		guarded.proxy.seen.length = 0;
		const path = `e2e-bearer-${api}`;
		await deployAsWebhook(n8n.server.url, n8n.api, workflow, path);
		const run = await runWebhook<Item>(n8n.server.url, path);
		expect(run.status, JSON.stringify(run.body)).toBe(200);
		const [summary] = run.items as Array<{ opened: string; solved: Item; tabs: Array<{ id: string; url: string; title: string }> }>;
		// The tab the HTTP Request opened is the one OmoCaptcha solved, and the later step lists it, solved, on its page.
		expect(summary.solved).toMatchObject({ solved: true, page: { targetId: summary.opened, endpoint: `127.0.0.1:${guarded.proxy.port}`, opened: false } });
		expect(summary.tabs.filter((tab) => tab.id === summary.opened)).toEqual([expect.objectContaining({ url: captchaPage, title: expect.stringMatching(/\(solved\)$/) })]);
		// Every call through the proxy carried the header: /json/new (HTTP Request), /json/version and the upgrade (OmoCaptcha), /json/list (the later step).
		expect(guarded.proxy.seen.map(({ kind, method, path: called, authorized }) => `${kind} ${method} ${called} ${authorized}`)).toEqual([
			'http PUT /json/new true',
			'http GET /json/version true',
			`upgrade GET ${new URL(guarded.proxy.browserWsUrl).pathname} true`,
			'http GET /json/list true',
		]);
		expect(JSON.stringify(run.body)).not.toContain(guarded.key);
		await fetch(`${guarded.proxy.httpUrl}/json/close/${summary.opened}`, { headers: { authorization: `Bearer ${guarded.key}` } });
	});
});

describe('the phone-farm example in n8n, with an adb stand-in as the phone', () => {
	it('takes the screenshot with adb, solves the TikTok slider on it, and the swipe that reaches the phone is the answer, moved like a finger', async () => {
		const spec = EXAMPLES.find((example) => example.key === PHONE_FARM_EXAMPLE_KEY) as ExampleSpec;
		const workflow = withStandInPhone(exampleWorkflow(readExampleWorkflows(), spec), phone);
		const { adb } = phone;
		const before = adb.calls().length;
		const [item] = await runExample(spec, workflow, 1);
		// The last node is the swipe's Execute Command: adb ran it and the phone took it.
		expect(item).toEqual({ exitCode: 0, stdout: '', stderr: '' });

		// The screenshot adb took is the image the node sent; the answer is the emulator's for it.
		const [job] = jobsOfType(24);
		expect(job.data.image_base64).toBe(imageBase64(PHONE_SCREENSHOT));
		const [fromX, fromY, toX, toY] = expectedResult(job.data).split('|').map(Number);

		// What reached the phone, in order: the screenshot, then one adb shell with the swipe, both for its serial.
		const calls = adb.calls().slice(before);
		expect(calls.map((call) => call.serial)).toEqual([adb.serial, adb.serial]);
		expect(calls[0].args).toEqual(['exec-out', 'screencap', '-p']);
		const { script } = adbShellCall(calls[1].args);
		const steps = deviceSteps(script);
		expect(steps[0]).toEqual({ command: 'DOWN', x: fromX, y: fromY });
		expect(steps.filter((step) => step.command === 'MOVE').at(-1)).toEqual({ command: 'MOVE', x: toX, y: toY });
		expect(steps.at(-1)).toEqual({ command: 'UP', x: toX, y: toY });
		// Like a finger: many moves with pauses between them, not one straight jump.
		expect(steps.filter((step) => step.command === 'MOVE').length).toBeGreaterThanOrEqual(10);
		expect(new Set(steps.flatMap((step) => (step.command === 'sleep' ? [step.ms] : []))).size).toBeGreaterThan(3);
		// Exactly the answer's own adbCommand for this answer and serial, nothing lost in the shells between.
		const expected = adbSwipe({ x: fromX, y: fromY }, { x: toX, y: toY }, { serial: adb.serial });
		expect(script).toBe(adbShellCall(hostWords(expected.adbCommand).slice(1)).script);
	});
});

describe('the credential test in n8n', () => {
	/** n8n's own credential test (the editor's "Retry" / save check), as the editor calls it. */
	async function testCredential(credential: { id: string; name: string; type: string; data: Record<string, unknown> }): Promise<{ status: string; message: string }> {
		const response = await fetch(`${n8n.server.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: `${AUTH_COOKIE}=${n8n.authCookie}` },
			body: JSON.stringify({ credentials: credential }),
		});
		expect(response.status, await response.clone().text()).toBe(200);
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	}

	it.each([
		['v1', 0, 'Invalid api token.', '/api/getBalance'],
		['v2', 1, 'The service refused the key (errorId 1).', '/v2/getBalance'],
	] as const)('%s: passes with the emulator key and shows the refusal of a wrong one', async (_api, index, refusal, path) => {
		const credential = buildEmulatorCredentials(emulator.url)[index];
		emulator.reset();
		expect(await testCredential(credential)).toMatchObject({ status: 'OK' });
		expect(await testCredential({ ...credential, data: { ...credential.data, apiToken: 'wrong-key' } })).toEqual({ status: 'Error', message: refusal });
		expect(emulator.requests.map((request) => request.path)).toEqual([path, path]);
	});

	it('Browser Connection: connects with the right token and says a wrong one was refused, never showing either', async () => {
		const [stored] = browserCredentials();
		const right = await testCredential(stored);
		expect(right).toMatchObject({ status: 'OK', message: expect.stringMatching(new RegExp(`^Connected to (Headless)?Chrome/\\d.* at 127\\.0\\.0\\.1:${browserless.port}$`)) });
		const wrong = await testCredential({ ...stored, data: { ...stored.data, secret: 'WRONG-TOKEN-1618' } });
		expect(wrong).toEqual({
			status: 'Error',
			message: `the browser at 127.0.0.1:${browserless.port} refused the credentials (HTTP 401): check the secret in the Browser Connection credential and where it is sent`,
		});
		expect(await testCredential({ ...stored, data: { ...stored.data, endpoint: '' } })).toMatchObject({ status: 'OK' });
	});
});

describe('the editor', () => {
	it('runs an example and shows the OmoCaptcha node panel: resource, operation, credential, answer', async () => {
		const panel = await openEditorPanel(n8n.server.url, n8n.authCookie, emulator);
		expect(panel).toMatchObject({ resource: 'Shopee', operation: 'Slider (Web)', credential: EXAMPLE_CREDENTIAL.name });
		// The output table shows the parsed answer of this very job.
		expect(panel.text).toContain(String(panel.job.id));
		expect(panel.text).toContain(expectedResult(panel.job.data));

		// The README's picture still shows what the editor shows (refresh it with `npm run screenshots`).
		const difference = compareScreenshots(panel.screenshot, readFileSync(EDITOR_SCREENSHOT));
		console.log(`editor screenshot: ${(difference.changedShare * 100).toFixed(2)} % of pixels differ from docs/editor-panel.png`);
		expect(difference.sameSize, difference.size).toBe(true);
		expect(difference.changedShare, 'docs/editor-panel.png no longer matches the editor: run `npm run screenshots`').toBeLessThan(MAX_SCREENSHOT_CHANGE);
	});
});

// --- helpers ---------------------------------------------------------------------------------------

function timed<T>(step: string, run: () => T): T {
	const started = performance.now();
	const result = run();
	timings[step] = performance.now() - started;
	return result;
}

function exampleWorkflow(workflows: WorkflowJson[], spec: ExampleSpec): WorkflowJson {
	return structuredClone(workflows.find((workflow) => workflow.id === spec.workflowId) as WorkflowJson);
}

/** Deploys the workflow as a webhook, runs it once, returns its items. */
async function runExample(spec: ExampleSpec, workflow: WorkflowJson, expectedItems: number, variant = 'plain'): Promise<Item[]> {
	const path = `e2e-${spec.key}-${variant}`;
	await deployAsWebhook(n8n.server.url, n8n.api, workflow, path);
	const run = await runWebhook<Item>(n8n.server.url, path);
	expect(run.status, JSON.stringify(run.body)).toBe(200);
	expect(run.items).toHaveLength(expectedItems);
	return run.items;
}

function jobsOfType(typeJobId: number): EmulatorJob[] {
	return [...emulator.jobs.values()].filter((job) => Number(job.data.type_job_id) === typeJobId);
}

function imageBase64(file: string): string {
	return readFileSync(join(IMAGES_DIR, file)).toString('base64');
}

/** What each example's answer must look like, computed from the raw result the emulator sent. */
function expectedAnswer(typeJobId: number, raw: string): Item {
	switch (typeJobId) {
		case 26:
			return { x: Number(raw) };
		case 23:
			return { angle: Number(raw) };
		case 22:
		case 25: {
			const [x1, y1, x2, y2] = raw.split(/[_|]/).map(Number);
			return expect.objectContaining({ points: [{ x: x1, y: y1 }, { x: x2, y: y2 }] });
		}
		default:
			throw new Error(`no expectation for type ${typeJobId}`);
	}
}

/** What each example's answer must look like on v2, computed from the solution the emulator gave. */
function expectedV2Answer(typeJobId: number, task: EmulatorTask): Item {
	const solution = task.solution as Record<string, any>;
	switch (typeJobId) {
		case 26:
			return { x: solution.end.x };
		case 23:
			return { angle: Math.round((1 - solution.rotate) * 36000) / 100, dragFraction: Math.round((1 - solution.rotate) * 10000) / 10000 };
		case 22:
			return { points: [solution.pointA, solution.pointB] };
		case 25: // a phone kind: its taps also as adb commands
			return { points: [solution.pointA, solution.pointB], ...adbTaps([solution.pointA, solution.pointB]) };
		default:
			throw new Error(`no expectation for type ${typeJobId}`);
	}
}

/** The workflow with its OmoCaptcha node on another OmoCaptcha credential (its other credentials kept). */
function withCredential(workflow: WorkflowJson, credential: { id: string; name: string }): WorkflowJson {
	const solver = workflow.nodes.find((node) => node.type.startsWith('n8n-nodes-omocaptcha.'))!;
	solver.credentials = { ...solver.credentials, omoCaptchaApi: { id: credential.id, name: credential.name } };
	return workflow;
}

/**
 * The local-Chrome example on the Bearer-guarded browser: its HTTP Request sends the header from a
 * Header Auth credential, OmoCaptcha from a Browser Connection credential in header mode, and two
 * steps follow: one lists the browser's tabs through the proxy, one sums up what the test checks.
 */
function withBearerBrowser(workflow: WorkflowJson): WorkflowJson {
	const bearerHttp = { httpHeaderAuth: { id: BEARER_HTTP_CREDENTIAL.id, name: BEARER_HTTP_CREDENTIAL.name } };
	const opener = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.httpRequest')!;
	opener.parameters = { ...opener.parameters, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' };
	opener.credentials = bearerHttp;
	const solver = workflow.nodes.find((node) => node.type.startsWith('n8n-nodes-omocaptcha.'))!;
	solver.parameters.browserAuthentication = 'browserConnectionApi';
	solver.credentials = { ...solver.credentials, browserConnectionApi: { id: BEARER_BROWSER_CREDENTIAL.id, name: BEARER_BROWSER_CREDENTIAL.name } };
	const list = {
		id: 'b0c0ffee-0000-4000-a000-000000000001',
		name: 'List the tabs',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [solver.position[0] + 240, 0] as [number, number],
		parameters: {
			url: `={{ $('${PAGE_SETTINGS_NODE_NAME}').item.json.browserUrl }}/json/list`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			options: {},
		},
		credentials: bearerHttp,
	};
	const summary = {
		id: 'b0c0ffee-0000-4000-a000-000000000002',
		name: 'Sum up',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [solver.position[0] + 480, 0] as [number, number],
		parameters: {
			jsCode: `return [{ json: { opened: $('${opener.name}').first().json.id, solved: $('${solver.name}').first().json, tabs: $input.all().map((item) => item.json) } }];`,
		},
	};
	workflow.nodes.push(list, summary);
	workflow.connections[solver.name] = { main: [[{ node: list.name, type: 'main', index: 0 }]] };
	workflow.connections[list.name] = { main: [[{ node: summary.name, type: 'main', index: 0 }]] };
	return workflow;
}

/** The workflow with changed settings on its OmoCaptcha node (onError, options). */
function withSolver(workflow: WorkflowJson, change: { onError?: string; options?: Record<string, unknown> }): WorkflowJson {
	const solver = workflow.nodes[workflow.nodes.findIndex((node) => node.type.startsWith('n8n-nodes-omocaptcha.'))] as WorkflowJson['nodes'][number] & {
		onError?: string;
	};
	if (change.onError) solver.onError = change.onError;
	if (change.options) solver.parameters.options = { ...(solver.parameters.options as object), ...change.options };
	return workflow;
}

/** The workflow with `count` copies of the image item going into the solver, to test batches. */
function withCopies(workflow: WorkflowJson, count: number): WorkflowJson {
	const copies = {
		id: 'a0c0ffee-0000-4000-a000-000000000001',
		name: 'Copies',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [360, 200] as [number, number],
		parameters: { jsCode: `const item = $input.first();\nreturn Array.from({ length: ${count} }, (_, copy) => ({ json: { copy }, binary: item.binary }));` },
	};
	const next = workflow.connections[IMAGES_NODE_NAME].main[0][0].node;
	workflow.nodes.push(copies);
	workflow.connections[IMAGES_NODE_NAME] = { main: [[{ node: copies.name, type: 'main', index: 0 }]] };
	workflow.connections[copies.name] = { main: [[{ node: next, type: 'main', index: 0 }]] };
	return workflow;
}

