/**
 * Starts the open-source Browserless server (scripts/browserless.ts, installed by
 * scripts/install-browserless.sh) on a free loopback port with a random token, for tests of a
 * self-hosted browser service. The token goes to the server in its environment, not on its command
 * line. `close()` stops it: SIGTERM to its process group (it closes its browsers), then SIGKILL.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO_ROOT = join(__dirname, '..', '..');

export interface RunningBrowserless {
	/** http://127.0.0.1:<port>: /json/version, /json/list, /sessions (each with ?token=). */
	origin: string;
	port: number;
	token: string;
	/** ws://127.0.0.1:<port>?token=…: each connection launches a browser of its own. */
	wsUrl: string;
	/** The server's process (its group holds the server; Chromium runs in a group of its own). */
	process: ChildProcess;
	/** ms from spawning the server to its "ready" line. */
	startMs: number;
	close(): Promise<void>;
}

let installDir: string | undefined;

/** The cached install; installed on first use when missing (a minute or two, once). */
function ensureBrowserless(): string {
	installDir ??= execFileSync('bash', [join(REPO_ROOT, 'scripts', 'install-browserless.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	return installDir;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGKILL');
});

export async function startBrowserless(options: { timeoutMs?: number } = {}): Promise<RunningBrowserless> {
	const dir = ensureBrowserless();
	const port = await freePort();
	const token = randomBytes(16).toString('hex');
	const started = performance.now();
	const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'browserless.ts'), '--port', String(port), '--dir', dir], {
		cwd: REPO_ROOT,
		env: { ...process.env, BROWSERLESS_TOKEN: token },
		// A process group of its own, so that close() reaches tsx's helper process too.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);

	const close = async () => {
		if (child.exitCode === null && child.signalCode === null && child.pid) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			process.kill(-child.pid, 'SIGTERM');
			const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
			if (!stopped) {
				process.kill(-child.pid, 'SIGKILL');
				await exited;
			}
		}
		running.delete(child);
	};

	try {
		await ready(child, options.timeoutMs ?? 60_000);
	} catch (error) {
		await close();
		throw error;
	}
	const origin = `http://127.0.0.1:${port}`;
	return { origin, port, token, wsUrl: `ws://127.0.0.1:${port}?token=${token}`, process: child, startMs: Math.round(performance.now() - started), close };
}

function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		const done = (error?: Error) => {
			clearTimeout(timer);
			child.stdout?.removeListener('data', onStdout);
			child.removeListener('exit', onExit);
			// Keep reading its output so that a full pipe never blocks the server.
			child.stdout?.resume();
			if (error) reject(error);
			else resolve();
		};
		const onStdout = (chunk: Buffer) => {
			stdout += chunk.toString();
			if (/Browserless ready on /.test(stdout)) done();
		};
		const onExit = (code: number | null) => done(new Error(`Browserless exited (code ${code}) before it was ready:\n${(stderr + stdout).slice(-2000)}`));
		const timer = setTimeout(() => done(new Error(`Browserless was not ready within ${timeoutMs} ms:\n${(stderr + stdout).slice(-2000)}`)), timeoutMs);
		child.stdout?.on('data', onStdout);
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		child.once('exit', onExit);
	});
}
