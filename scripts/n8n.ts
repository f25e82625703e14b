/**
 * Drives a real n8n for `npm run dev`, `npm run demo` and the e2e suite: installs n8n (cached,
 * via install-n8n.sh), puts this package where n8n loads community packages, imports credentials
 * and workflows with n8n's CLI, starts and stops the server, sets up the owner account, and runs
 * workflows through webhooks. One server per run: a CLI `n8n execute` costs a full n8n start-up
 * (~5-10 s) per workflow, a webhook call costs milliseconds.
 *
 * Everything runs on loopback and offline; n8n's calls home are switched off in `n8nEnv`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildEmulatorCredentials, EXAMPLES, type WorkflowJson, WORKFLOWS_DIR } from '../examples/workflows';

export const REPO_ROOT = resolve(__dirname, '..');
const PACKAGE_NAME = 'n8n-nodes-omocaptcha';

/** An n8n installation plus one user folder (database, config, community packages). */
export interface N8nHome {
	/** Folder install-n8n.sh printed (holds node_modules/n8n). */
	n8nDir: string;
	/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Environment every n8n process of this home gets, e.g. its database and queue (queue mode). */
	env?: Record<string, string>;
}

interface ServerOptions {
	port: number;
	/** Port of n8n's task broker (Code nodes run on task runners that connect to it). */
	brokerPort: number;
	/** Host name the editor and webhook URLs use. */
	host?: string;
	/** Extra environment, e.g. N8N_LOG_LEVEL. */
	env?: Record<string, string>;
	/** A file that also receives everything the server prints (appended). */
	logFile?: string;
	/** The n8n command and its flags; default `start` (the main process). `worker` serves its health check on `port`. */
	args?: string[];
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

// --- Installing n8n and this package ------------------------------------------------------------

/** Installs n8n into the cache when missing (a few minutes, once) and returns its folder. */
export function installN8n(): string {
	const output = execFileSync('bash', [join(REPO_ROOT, 'scripts/install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return output.trim().split('\n').pop() as string;
}

/** The version of the n8n in an install-n8n.sh folder, for the scripts to say what they run. */
export function installedN8nVersion(n8nDir: string): string {
	return (JSON.parse(readFileSync(join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Compiles the package into dist/ (the same gulp task as `npm run build`), for a linked working tree. */
export function buildPackage(): void {
	execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'gulp'), ['build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Packs the package exactly as `npm pack` and `npm publish` do (the prepack script builds dist/
 * first) into an empty folder, and returns the tarball's path.
 */
export function packPackage(destination: string): string {
	mkdirSync(destination, { recursive: true });
	if (readdirSync(destination).length > 0) throw new Error(`${destination} is not empty`);
	execFileSync('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarballs = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
	if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${destination}`);
	return join(destination, tarballs[0]);
}

/** Where n8n looks for community packages: `<userFolder>/.n8n/nodes/node_modules/<name>`. */
function communityPackageDir(home: N8nHome): string {
	return join(home.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/**
 * Installs a packed tarball as a community package the way the README tells a self-hosted n8n's
 * owner to: `npm install --legacy-peer-deps <tarball>` in `<userFolder>/.n8n/nodes`. Only the files
 * npm publishes arrive, nothing from the working tree; `--legacy-peer-deps` keeps npm from adding
 * a second `n8n-workflow` (the peer dependency resolves to n8n's own copy, on NODE_PATH).
 */
export function installTarball(home: N8nHome, tarball: string): string {
	const nodesDir = join(home.userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	execFileSync('npm', ['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return communityPackageDir(home);
}

/**
 * Links the working tree as the community package (for `npm run dev`: rebuilds show up on
 * restart) and returns the link's path.
 */
export function linkWorkingTree(home: N8nHome): string {
	const target = communityPackageDir(home);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(join(target, '..'), { recursive: true });
	symlinkSync(REPO_ROOT, target, 'dir');
	return target;
}

// --- Environment, ports, CLI ---------------------------------------------------------------------

/** The environment every n8n process here gets: loopback only, no calls home, quiet logs. */
function n8nEnv(home: N8nHome, server?: ServerOptions): NodeJS.ProcessEnv {
	const host = server?.host ?? '127.0.0.1';
	return {
		...process.env,
		// n8n refuses to load nodes when NODE_ENV is 'test', which vitest sets.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: home.userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SECURE_COOKIE: 'false', // the editor is served over plain http on loopback
		N8N_LOG_LEVEL: 'warn',
		DB_SQLITE_POOL_SIZE: '2',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		...home.env,
		...(server && {
			N8N_PORT: String(server.port),
			N8N_HOST: host,
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://${host}:${server.port}/`,
			WEBHOOK_URL: `http://${host}:${server.port}/`,
			N8N_RUNNERS_BROKER_PORT: String(server.brokerPort),
		}),
		...server?.env,
	};
}

/** A TCP port that is free right now (the OS picks it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

function n8nBin(home: N8nHome): string {
	return join(home.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Runs one n8n CLI command to completion; rejects with its output when it fails. */
async function runN8nCommand(home: N8nHome, args: string[], env: NodeJS.ProcessEnv = n8nEnv(home)): Promise<string> {
	const child = spawn(process.execPath, [n8nBin(home), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((done, fail) => {
		child.once('error', fail);
		child.once('exit', done);
	});
	if (code !== 0) throw new Error(`n8n ${args[0]} exited with ${code}:\n${output.slice(-4000)}`);
	return output;
}

/** Imports credentials (plain `data` objects; n8n encrypts them) keeping their ids. */
export async function importCredentials(home: N8nHome, credentials: object[]): Promise<void> {
	const file = join(mkdtempSync(join(tmpdir(), 'omo-credentials-')), 'credentials.json');
	writeFileSync(file, JSON.stringify(credentials));
	try {
		await runN8nCommand(home, ['import:credentials', `--input=${file}`]);
	} finally {
		rmSync(join(file, '..'), { recursive: true, force: true });
	}
}

/** Imports workflows keeping their ids (one CLI start for all of them). */
async function importWorkflows(home: N8nHome, workflows: Array<{ id: string }>): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'omo-workflows-'));
	workflows.forEach((workflow) => writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow)));
	try {
		await runN8nCommand(home, ['import:workflow', '--separate', `--input=${folder}`]);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

// --- The server ----------------------------------------------------------------------------------

export interface N8nServer {
	/** Base URL without a trailing slash, e.g. http://127.0.0.1:5678 */
	url: string;
	/** Everything the server printed so far (for failure messages). */
	output(): string;
	/** Resolves with the exit code when the server process ends (for whatever reason). */
	exited: Promise<number | null>;
	stop(): Promise<void>;
	/** Ends n8n and its task runners at once (SIGKILL to the group), as a crash would. */
	kill(): Promise<void>;
}

/**
 * Starts `n8n start` and resolves once /healthz/readiness answers 200 (/healthz answers before the
 * database migrations and node loading are done). The server runs in its own process group so
 * that `stop()` also ends the task runner processes it spawned.
 */
export async function startServer(home: N8nHome, options: ServerOptions, timeoutMs = 120_000): Promise<N8nServer> {
	const child = spawn(process.execPath, [n8nBin(home), ...(options.args ?? ['start'])], {
		env: n8nEnv(home, options),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
	const keep = (chunk: Buffer) => {
		log?.write(chunk);
		output = (output + chunk.toString()).slice(-200_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	// Detached means it would outlive us: if this process ends without stop(), take n8n along.
	const killOnExit = () => signalGroup(child, 'SIGKILL');
	process.once('exit', killOnExit);
	const server: N8nServer = {
		url: `http://${options.host ?? '127.0.0.1'}:${options.port}`,
		output: () => output,
		exited: new Promise((done) => child.once('exit', (code) => done(code))),
		stop: async () => {
			await stopProcessGroup(child);
			process.off('exit', killOnExit);
			log?.end();
		},
		kill: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise<void>((done) => child.once('exit', () => done()));
				signalGroup(child, 'SIGKILL');
				await exited;
			}
			process.off('exit', killOnExit);
			log?.end();
		},
	};
	const closed = new Promise<void>((done) => child.once('close', () => done()));
	try {
		await waitForReadiness(`http://127.0.0.1:${options.port}`, child, timeoutMs);
	} catch (error) {
		await server.stop();
		await closed; // all output read
		throw new Error(`${(error as Error).message}\n--- n8n output ---\n${output.slice(-6000)}`);
	}
	return server;
}

async function waitForReadiness(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`n8n exited early (${child.exitCode ?? child.signalCode})`);
		const ready = await fetch(`${url}/healthz/readiness`).then((response) => response.ok, () => false);
		if (ready) return;
		await sleep(250);
	}
	throw new Error(`n8n was not ready after ${timeoutMs / 1000} s`);
}

/** Signals n8n's process group: n8n itself and the task runners it started. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// the group is already gone
	}
}

/** SIGTERM lets n8n shut down cleanly (runners included); SIGKILL if it hangs for 20 s. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	signalGroup(child, 'SIGTERM');
	const stopped = await Promise.race([exited.then(() => true), sleep(20_000, undefined, { ref: false }).then(() => false)]);
	if (!stopped) {
		signalGroup(child, 'SIGKILL');
		await exited;
	}
}

// --- REST: owner account, API key, public API ----------------------------------------------------

/** The name of the editor's session cookie. */
export const AUTH_COOKIE = 'n8n-auth';

/** Creates the owner account of a fresh instance; returns the value of its session cookie. */
async function setupOwner(url: string, owner: Owner): Promise<string> {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
	return sessionCookie(response);
}

function sessionCookie(response: Response): string {
	for (const cookie of response.headers.getSetCookie()) {
		const match = new RegExp(`^${AUTH_COOKIE}=([^;]+)`).exec(cookie);
		if (match) return match[1];
	}
	throw new Error(`no ${AUTH_COOKIE} cookie in the response`);
}

const DEFAULT_API_KEY_SCOPES = ['workflow:create', 'workflow:read', 'workflow:list', 'workflow:activate', 'workflow:delete'];

/** Creates a public-API key for the session's user. */
async function createApiKey(url: string, authCookie: string, scopes = DEFAULT_API_KEY_SCOPES): Promise<string> {
	const response = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: `${AUTH_COOKIE}=${authCookie}` },
		body: JSON.stringify({
			label: `omocaptcha-${Date.now()}`,
			scopes,
			expiresAt: null,
		}),
	});
	if (!response.ok) throw new Error(`creating an API key failed: ${response.status} ${await response.text()}`);
	const { data } = (await response.json()) as { data: { rawApiKey: string } };
	return data.rawApiKey;
}

/** The public REST API (/api/v1), authenticated with an API key. */
export class PublicApi {
	constructor(
		private readonly url: string,
		private readonly apiKey: string,
	) {}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path}: ${response.status} ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Creates a workflow (the public API takes only these four fields) and returns its id. */
	async createWorkflow(workflow: WorkflowLike): Promise<string> {
		const { name, nodes, connections, settings } = workflow;
		const created = await this.request<{ id: string }>('POST', '/workflows', { name, nodes, connections, settings });
		return created.id;
	}

	async activateWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/activate`);
	}
}

// --- Running workflows through webhooks ----------------------------------------------------------

/** What these helpers need of a workflow (examples/workflows.ts has the full shape). */
export interface WorkflowLike {
	name: string;
	nodes: Array<{ name: string; type: string; position: [number, number]; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/**
 * A copy of a manually triggered workflow that starts from a Webhook instead and answers the HTTP
 * call with all items of its last node. That is how one running server executes many workflows
 * headless and hands back their output.
 */
function toWebhookWorkflow<T extends WorkflowLike>(workflow: T, path: string): T {
	const trigger = workflow.nodes.find((node) => node.type === MANUAL_TRIGGER);
	if (!trigger) throw new Error(`${workflow.name} has no manual trigger`);
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: trigger.position,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	const connections = Object.fromEntries(
		Object.entries(workflow.connections).map(([from, outputs]) => [from === trigger.name ? webhook.name : from, outputs]),
	);
	return {
		...workflow,
		name: `${workflow.name} (webhook ${path})`,
		nodes: [webhook, ...workflow.nodes.filter((node) => node !== trigger)],
		connections,
	};
}

/** Creates and activates a webhook copy of `workflow`; resolves once the webhook answers. */
export async function deployAsWebhook(url: string, api: PublicApi, workflow: WorkflowLike, path: string): Promise<string> {
	const id = await api.createWorkflow(toWebhookWorkflow(workflow, path));
	await api.activateWorkflow(id);
	await waitForWebhook(url, path);
	return id;
}

/** Activation registers the webhook asynchronously; an OPTIONS probe avoids running the workflow. */
async function waitForWebhook(url: string, path: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const response = await fetch(`${url}/webhook/${path}`, {
			method: 'OPTIONS',
			// With an Origin, n8n looks the webhook up for CORS and answers 404 while it is unknown.
			headers: { origin: url, 'access-control-request-method': 'POST' },
		});
		await response.arrayBuffer();
		if (response.ok) return;
		await sleep(200);
	}
	throw new Error(`webhook ${path} was not registered after ${timeoutMs / 1000} s`);
}

export interface WebhookRun<T = Record<string, unknown>> {
	status: number;
	/** The JSON of every item of the last node (or n8n's error body when status is not 200). */
	items: T[];
	body: unknown;
	elapsedMs: number;
}

/** Runs a deployed webhook workflow once and returns its last node's items. A FormData payload goes as a multipart upload, anything else as JSON. */
export async function runWebhook<T = Record<string, unknown>>(url: string, path: string, payload: unknown = {}): Promise<WebhookRun<T>> {
	const started = performance.now();
	const response = await fetch(
		`${url}/webhook/${path}`,
		payload instanceof FormData
			? { method: 'POST', body: payload }
			: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
	);
	const text = await response.text();
	const elapsedMs = performance.now() - started;
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// n8n answered with text; keep it as is for the error message
	}
	const items = response.ok ? (Array.isArray(body) ? body : [body]) : [];
	return { status: response.status, items: items as T[], body, elapsedMs };
}

// --- An n8n with the examples: shared by `npm run dev`, `npm run demo` and the e2e suite -----------

/** The committed example workflows, as shipped (examples/workflows/*.json). */
export function readExampleWorkflows(): WorkflowJson[] {
	return EXAMPLES.map((spec) => JSON.parse(readFileSync(join(WORKFLOWS_DIR, `${spec.key}.json`), 'utf8')) as WorkflowJson);
}

export interface ExamplesInstance {
	home: N8nHome;
	server: N8nServer;
	owner: Owner;
	/** Value of the owner's n8n-auth cookie. */
	authCookie: string;
	api: PublicApi;
}

interface ExamplesInstanceOptions {
	home: N8nHome;
	server: ServerOptions;
	/** The emulator's base URL (…/api): written into the examples' credential. */
	emulatorUrl: string;
	owner: Owner;
	/** More credentials to import next to the examples' one (plain data). */
	extraCredentials?: object[];
	/** More workflows to import next to the examples (keeping their ids). */
	extraWorkflows?: Array<{ id: string }>;
	/** Scopes of the public-API key; default: create, read, list, activate and delete workflows. */
	apiKeyScopes?: string[];
}

/**
 * Imports the emulator credential and the example workflows into a fresh user folder (the package
 * must already be installed or linked there), starts the server and creates the owner account.
 */
export async function startExamplesInstance(options: ExamplesInstanceOptions): Promise<ExamplesInstance> {
	const { home, owner } = options;
	await importCredentials(home, [...buildEmulatorCredentials(options.emulatorUrl), ...(options.extraCredentials ?? [])]);
	await importWorkflows(home, [...readExampleWorkflows(), ...(options.extraWorkflows ?? [])]);
	const server = await startServer(home, options.server);
	try {
		const authCookie = await setupOwner(server.url, owner);
		const api = new PublicApi(server.url, await createApiKey(server.url, authCookie, options.apiKeyScopes));
		return { home, server, owner, authCookie, api };
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/** A scratch user folder under the OS temp dir (or a fixed one, emptied first). */
export function freshUserFolder(fixed?: string): string {
	if (!fixed) return mkdtempSync(join(tmpdir(), 'omocaptcha-n8n-'));
	rmSync(fixed, { recursive: true, force: true });
	mkdirSync(fixed, { recursive: true });
	return fixed;
}

/** Short summary of a solve item for humans: the parsed answer without the bookkeeping fields. */
export function summarizeItem(item: Record<string, unknown>): string {
	const { jobId, elapsedMs } = item;
	if (typeof item.solved === 'boolean') return summarizePageItem(item);
	// A phone answer's adb commands run long: the start of the one to run says enough here.
	const answer = Object.fromEntries(Object.entries(answerFields(item)).filter(([key]) => key !== 'adb'));
	if (typeof answer.adbCommand === 'string' && answer.adbCommand.length > 70) answer.adbCommand = `${answer.adbCommand.slice(0, 70)}…`;
	const extras = [jobId !== undefined && `job ${jobId}`, typeof elapsedMs === 'number' && `${(elapsedMs / 1000).toFixed(1)} s`].filter(Boolean);
	return `${JSON.stringify(answer)}${extras.length ? `  (${extras.join(', ')})` : ''}`;
}

/** An on-page solve: verdict, captcha, and per attempt its job and the action on the page. */
function summarizePageItem(item: Record<string, unknown>): string {
	const attempts = (item.attempts ?? []) as Array<{ jobId?: unknown; action?: { type?: string; distance?: number; points?: unknown[] } }>;
	const actions = attempts.map(({ jobId, action }) => {
		const done = action?.type === 'drag' ? `dragged the handle ${action.distance} px` : `clicked ${action?.points?.length ?? 0} points`;
		return `job ${String(jobId)}: ${done}`;
	});
	const seconds = typeof item.elapsedMs === 'number' ? `, ${(item.elapsedMs / 1000).toFixed(1)} s` : '';
	return `${item.solved ? 'solved' : 'NOT solved'} ${String(item.captcha)} on the page (${actions.join('; ')}${seconds})`;
}

/** The fields the node adds to every solve item besides the answer itself. */
const BOOKKEEPING_FIELDS = ['jobId', 'typeJobId', 'taskType', 'raw', 'solution', 'elapsedMs'];

/** A solve item without its bookkeeping fields: the parsed answer (x, points, angle, ...). */
export function answerFields(item: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(item).filter(([key]) => !BOOKKEEPING_FIELDS.includes(key)));
}
