/**
 * Installs what the browser suite starts, once, before any test: Debian's Chromium and the cached
 * self-hosted Browserless. A first run on a fresh machine spends a minute or two here, outside
 * every test's and hook's time limit.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
	for (const script of ['ensure-chromium.sh', 'install-browserless.sh']) {
		execFileSync('bash', [join(__dirname, '..', '..', 'scripts', script)], { stdio: ['ignore', 'ignore', 'inherit'] });
	}
}
