/** Finding the captcha on the tab, and waiting until its images have loaded. */

import type { Clock } from '../clock';
import { captchaKinds, findKind, selectorsFor, type CaptchaKind, type CaptchaKindDefinition, type Selectors } from '../kinds';
import type { PageSnapshot } from '../pageScripts';
import { PageSolveError } from '../pageSolveError';
import type { Tab } from '../tab/tab';

/** Page checks while waiting: one cheap evaluate each. */
export const POLL_MS = 50;

/** Waits for a kind whose container and marker are both visible; Auto-detect tries every kind. */
export async function findCaptcha(
	tab: Tab,
	clock: Clock,
	{ captcha, selectors, timeoutMs }: { captcha: CaptchaKind | 'auto'; selectors?: Selectors; timeoutMs: number },
): Promise<CaptchaKindDefinition> {
	const candidates = captcha === 'auto' ? captchaKinds : [findKind(captcha)!];
	const lookup: Record<string, string> = {};
	for (const definition of candidates) {
		const chosen = selectorsFor(definition, selectors);
		lookup[`${definition.kind}.container`] = chosen.container!;
		lookup[`${definition.kind}.marker`] = chosen[definition.marker]!;
	}
	const shows = (snapshot: PageSnapshot) =>
		candidates.find((definition) => snapshot.elements[`${definition.kind}.container`] && snapshot.elements[`${definition.kind}.marker`]);
	const deadline = clock.now() + timeoutMs;
	let last: PageSnapshot;
	for (;;) {
		last = await tab.snapshot(lookup);
		if (last.invalid.length > 0) {
			const [kind, role] = last.invalid[0].split('.');
			const definition = findKind(kind)!;
			const selectorRole = role === 'marker' ? definition.marker : role;
			throw new PageSolveError(`the ${selectorRole} selector "${lookup[last.invalid[0]]}" of ${definition.name} is not valid CSS`);
		}
		const found = shows(last);
		if (found) return found;
		if (last.crossOriginFrames.length > 0) await tab.attachFrames();
		const foundInFrame = await tab.findInFrames(lookup, shows);
		if (foundInFrame) return foundInFrame;
		if (clock.now() >= deadline) break;
		await clock.pause(POLL_MS);
	}
	const tried = candidates
		.map((definition) => `${definition.name} (${lookup[`${definition.kind}.container`]} with ${lookup[`${definition.kind}.marker`]})`)
		.join('; ');
	const frameCount = tab.frameCount;
	const unreachable = last.crossOriginFrames.length > frameCount;
	const frames = unreachable
		? `. The page has cross-origin iframes (${[...new Set(last.crossOriginFrames)].join(', ')}) that this browser does not expose as targets, so their content could not be searched; open the frame's URL as its own page to solve a captcha inside it`
		: frameCount ? ` (also searched in ${frameCount} cross-origin iframe${frameCount > 1 ? 's' : ''})` : '';
	throw new PageSolveError(`no captcha appeared within ${Math.round(timeoutMs / 1000)} s; looked for ${tried}${frames}`);
}

/** The kind's elements, once every image the kind needs has loaded and its controls are shown. */
export async function waitForImages(tab: Tab, clock: Clock, definition: CaptchaKindDefinition, selectors: Selectors, timeoutMs: number): Promise<PageSnapshot> {
	const deadline = clock.now() + timeoutMs;
	for (;;) {
		const snapshot = await tab.snapshot(selectors as Record<string, string>);
		const missing = definition.imageRoles.filter((role) => !snapshot.elements[role]?.loaded);
		const controlsMissing = definition.controlRoles.filter((role) => !snapshot.elements[role]);
		if (missing.length === 0 && controlsMissing.length === 0) return snapshot;
		if (clock.now() >= deadline) {
			if (missing.length > 0) {
				const role = missing[0];
				const found = snapshot.elements[role];
				throw new PageSolveError(
					found
						? `the ${definition.name} ${role} image (${selectors[role]}) did not load within ${Math.round(timeoutMs / 1000)} s`
						: `the ${definition.name} ${role} image (${selectors[role]}) is not on the page`,
				);
			}
			throw new PageSolveError(`the ${definition.name} ${controlsMissing[0]} (${selectors[controlsMissing[0]]}) is not on the page`);
		}
		await clock.pause(POLL_MS);
	}
}
