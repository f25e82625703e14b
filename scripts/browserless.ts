/**
 * `npm run browserless -- --port 3000 --token <secret>`: the open-source Browserless server
 * (installed by scripts/install-browserless.sh into the cache) on 127.0.0.1 only, running Debian's
 * Chromium with the switches the tests use, a token required on every call. Prints
 * "Browserless ready on http://127.0.0.1:<port>" once it listens; stops on SIGTERM/SIGINT.
 *
 *   --port 3000        port to listen on (0 is not allowed: Browserless writes its own URLs)
 *   --token <secret>   required on every HTTP call and WebSocket (?token=…); also $BROWSERLESS_TOKEN
 *   --timeout 300000   ms a session may last before Browserless closes it (its default is 30 s)
 *   --dir <folder>     the install folder (default: install-browserless.sh's)
 *
 * Two things keep the stock server from starting with Debian's Chromium alone, both handled here:
 * it looks for Playwright's own Chromium build (the install links that path to Debian's), and it
 * refuses to start while routes for browsers that are not installed (Chrome, Edge, Firefox,
 * WebKit) are enabled, so those routes are switched off.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { QUIET_CHROMIUM_SWITCHES } from '../test/helpers/chromium';

/** Route names start with the browser they need; Chromium's (and the management routes) stay. */
const MISSING_BROWSERS = /^(Chrome|Edge|Firefox|WebKit)[A-Z]/;

/** Appends the tests' Chromium switches to every launch, whatever the client asked for. */
function addSwitches(browserClass: { prototype: { launch: (request: { options?: { args?: string[] } }) => unknown } }): void {
	const launch = browserClass.prototype.launch;
	browserClass.prototype.launch = function (this: unknown, request) {
		const options = request.options ?? {};
		const args = [...(options.args ?? []), ...QUIET_CHROMIUM_SWITCHES, '--window-size=1000,800'];
		return launch.call(this, { ...request, options: { ...options, args } });
	};
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '3000' },
			token: { type: 'string', default: process.env.BROWSERLESS_TOKEN },
			timeout: { type: 'string', default: '300000' },
			dir: { type: 'string' },
		},
		strict: true,
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got '${values.port}'`);
	if (!values.token) throw new Error('a token is required: --token <secret> or $BROWSERLESS_TOKEN');
	const dir =
		values.dir ?? execFileSync('bash', [join(__dirname, 'install-browserless.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	const packageDir = join(dir, 'node_modules', '@browserless.io', 'browserless');

	// Browserless reads its settings from the environment when it loads, and package.json and
	// node_modules/playwright-core from the working directory (see install-browserless.sh).
	Object.assign(process.env, {
		HOST: '127.0.0.1',
		PORT: String(port),
		TOKEN: values.token,
		TIMEOUT: values.timeout,
		PLAYWRIGHT_BROWSERS_PATH: join(dir, 'playwright-browsers'),
		DEBUG: process.env.DEBUG ?? 'browserless*:warn,browserless*:error,browserless*:fatal',
	});
	process.chdir(dir);
	const browserless = await import(pathToFileURL(join(packageDir, 'build', 'exports.js')).href);
	addSwitches(browserless.ChromiumCDP);
	addSwitches(browserless.ChromiumPlaywright);

	const server = new browserless.Browserless();
	server.disableRoutes(...Object.values<string>(browserless.BrowserlessRoutes).filter((name) => MISSING_BROWSERS.test(name)));
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await server.stop().catch(() => undefined);
		process.exit(0);
	};
	process.once('SIGTERM', () => void stop());
	process.once('SIGINT', () => void stop());
	await server.start();
	console.log(`Browserless ready on http://127.0.0.1:${port}`);
}

main().catch((error: Error) => {
	console.error(`browserless: ${error.stack ?? error.message}`);
	process.exit(1);
});
