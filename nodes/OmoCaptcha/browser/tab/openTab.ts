/**
 * A tab the node opens itself (Page: Open URL, or "Open URL If No Tab Matches"): a browser whose
 * pages die with the connection (the open-source Browserless) has no tab for the node to find.
 */

import type { CdpConnection } from '../connection/cdpConnection';
import { PageSolveError } from '../pageSolveError';
import { withoutQuery, type PageTarget } from './pageChoice';

/**
 * Creates a blank tab in the browser context of the browser's first page (a hosted service keeps
 * its session's cookies and proxy in its own context; the default context otherwise), in front.
 */
export async function createTab(connection: CdpConnection, targets: PageTarget[], signal?: AbortSignal): Promise<PageTarget> {
	const browserContextId = targets.find((target) => target.type === 'page')?.browserContextId;
	const { targetId } = await connection.send<{ targetId: string }>(
		'Target.createTarget',
		{ url: 'about:blank', ...(browserContextId ? { browserContextId } : {}) },
		{ signal },
	);
	return { targetId, type: 'page', url: 'about:blank', ...(browserContextId ? { browserContextId } : {}) };
}

/**
 * Loads `url` in the attached tab (`send` speaks to it) and waits for its load event, at most
 * `timeoutMs`: a page still loading a slow image then goes on to the captcha search, which waits
 * for the captcha itself. A URL that cannot be loaded fails with the browser's reason.
 */
export async function loadUrl(
	connection: CdpConnection,
	sessionId: string,
	url: string,
	{ timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
	await connection.send('Page.enable', {}, { sessionId, signal });
	const loaded = connection.waitForEvent('Page.loadEventFired', { sessionId, timeoutMs, signal }).then(
		() => undefined,
		(error: Error) => error,
	);
	const { errorText } = await connection.send<{ errorText?: string }>('Page.navigate', { url }, { sessionId, signal });
	if (errorText) throw new PageSolveError(`the browser could not open ${withoutQuery(url)}: ${errorText}`);
	const failure = await loaded;
	if (failure && signal?.aborted) throw failure;
}
