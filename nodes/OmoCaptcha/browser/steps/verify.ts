/** Verifying: what the page says after an answer, and waiting for a new challenge before the next try. */

import { seedFrom } from '../../motion/humanPath';
import type { Clock } from '../clock';
import type { Mouse } from '../input';
import type { CaptchaKindDefinition, Selectors, Verdict } from '../kinds';
import type { Tab } from '../tab/tab';
import { centerOf } from './act';
import { POLL_MS } from './find';

/** The kind's verdict once the page shows one, else 'no change' after `verifyMs`. */
export async function verify(
	tab: Tab,
	clock: Clock,
	definition: CaptchaKindDefinition,
	selectors: Selectors,
	challenge: string | undefined,
	verifyMs: number,
): Promise<Verdict> {
	const lookup: Record<string, string> = { container: selectors.container!, challenge: selectors[definition.challengeImage]! };
	if (selectors.successMark) lookup.successMark = selectors.successMark;
	const deadline = clock.now() + verifyMs;
	for (;;) {
		const verdict = definition.verdict(await tab.snapshot(lookup), challenge);
		if (verdict) return verdict;
		if (clock.now() >= deadline) return 'no change';
		await clock.pause(POLL_MS);
	}
}

/** After a wrong answer: the site's new challenge, or the refresh button's. */
export async function waitForNewChallenge(
	{ tab, mouse, clock }: { tab: Tab; mouse: Mouse; clock: Clock },
	definition: CaptchaKindDefinition,
	selectors: Selectors,
	challenge: string | undefined,
	verdict: Verdict,
	timeoutMs: number,
): Promise<void> {
	if (verdict === 'rejected') return;
	const refresh = selectors.refresh ? (await tab.snapshot({ refresh: selectors.refresh })).elements.refresh : null;
	if (refresh) await mouse.click(centerOf(refresh), seedFrom(challenge ?? 'refresh'));
	const deadline = clock.now() + timeoutMs;
	while (clock.now() < deadline) {
		const shown = (await tab.snapshot({ challenge: selectors[definition.challengeImage]! })).elements.challenge?.src;
		if (shown && shown !== challenge) return;
		await clock.pause(POLL_MS);
	}
}
