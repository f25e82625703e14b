/**
 * Starts headless Chromium (Debian's package, installed by scripts/ensure-chromium.sh when missing)
 * with a DevTools port (chosen by the OS unless given) and a fresh profile, on a
 * given URL. The port comes from the "DevTools listening on ws://…" line on stderr (the profile's
 * DevToolsActivePort file as a fallback). `close()` kills the browser and deletes the profile.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO_ROOT = join(__dirname, '..', '..');

export interface LaunchOptions {
	/** Page to open; about:blank when omitted. */
	url?: string;
	/** Default true; false shows a window (needs a display). */
	headless?: boolean;
	/** Window (viewport) size, default 1000×800. */
	width?: number;
	height?: number;
	/** DevTools port; default 0, a free port chosen by the OS. */
	port?: number;
	/** More command-line switches. */
	args?: string[];
	/** How long to wait for the DevTools endpoint, default 30 s. */
	timeoutMs?: number;
}

export interface LaunchedChromium {
	/** The DevTools HTTP endpoint, e.g. http://127.0.0.1:40321 (/json/version, /json/list). */
	httpUrl: string;
	/** The browser-level WebSocket, ws://127.0.0.1:40321/devtools/browser/<id>. */
	browserWsUrl: string;
	port: number;
	pid: number;
	userDataDir: string;
	process: ChildProcess;
	/** Kills Chromium (TERM, then KILL after 5 s) and removes its profile directory. */
	close(): Promise<void>;
}

/**
 * Switches for every Chromium the tests start (here and in Browserless, scripts/browserless.ts):
 * no first-run UI, no GPU, and no background traffic to Google's services, which this machine's
 * closed network answers by refusing connections.
 */
export const QUIET_CHROMIUM_SWITCHES = [
	'--no-first-run',
	'--no-default-browser-check',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--mute-audio',
	'--password-store=basic',
];

let chromiumPath: string | undefined;

/** The Chromium executable; installs Debian's chromium on first use when it is missing. */
function ensureChromium(): string {
	chromiumPath ??= execFileSync('bash', [join(REPO_ROOT, 'scripts', 'ensure-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	return chromiumPath;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
	const executable = ensureChromium();
	const userDataDir = mkdtempSync(join(tmpdir(), 'omo-chromium-'));
	const args = [
		...(options.headless === false ? [] : ['--headless']),
		`--remote-debugging-port=${options.port ?? 0}`,
		'--remote-debugging-address=127.0.0.1',
		`--user-data-dir=${userDataDir}`,
		`--window-size=${options.width ?? 1000},${options.height ?? 800}`,
		...QUIET_CHROMIUM_SWITCHES,
		...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), // Chromium refuses to sandbox as root
		...(options.args ?? []),
		options.url ?? 'about:blank',
	];
	const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
	running.add(child);

	const close = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
			if (!killed) {
				child.kill('SIGKILL');
				await exited;
			}
		}
		running.delete(child);
		// Chromium's helper processes may still write into the profile just after the browser exits.
		rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
	};

	try {
		const browserWsUrl = await devToolsUrl(child, userDataDir, options.timeoutMs ?? 30_000);
		const port = Number(new URL(browserWsUrl).port);
		return { httpUrl: `http://127.0.0.1:${port}`, browserWsUrl, port, pid: child.pid ?? -1, userDataDir, process: child, close };
	} catch (error) {
		await close();
		throw error;
	}
}

function devToolsUrl(child: ChildProcess, userDataDir: string, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		let stderr = '';
		const done = (error?: Error, url?: string) => {
			clearTimeout(timer);
			clearInterval(poll);
			child.stderr?.removeListener('data', onData);
			child.removeListener('exit', onExit);
			if (error) reject(error);
			else resolve(url as string);
		};
		const onData = (chunk: Buffer) => {
			stderr += chunk.toString();
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
			if (match) done(undefined, match[1]);
		};
		const onExit = (code: number | null) => done(new Error(`Chromium exited (code ${code}) before DevTools was ready:\n${stderr.slice(-2000)}`));
		// Fallback: the profile's DevToolsActivePort file holds "<port>\n/devtools/browser/<id>".
		const poll = setInterval(() => {
			try {
				const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
				if (port && path) done(undefined, `ws://127.0.0.1:${port.trim()}${path.trim()}`);
			} catch {
				// not written yet
			}
		}, 100);
		const timer = setTimeout(() => done(new Error(`Chromium's DevTools endpoint did not appear within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)), timeoutMs);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});
}
