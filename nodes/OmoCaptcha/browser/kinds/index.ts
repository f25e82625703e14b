/**
 * The captchas the node solves on a page. Adding one is a module beside these (see `kind.ts`),
 * its place in this list, a demo page and its test.
 */

import type { CaptchaKindDefinition } from './kind';
import { shopeeSlider } from './shopeeSlider';
import { tiktokRotate } from './tiktokRotate';
import { tiktokSelect } from './tiktokSelect';
import { tiktokSlider } from './tiktokSlider';

export type { CaptchaKind, CaptchaKindDefinition, SelectorRole, Selectors, TravelPlan, Verdict } from './kind';
export { selectorsFor } from './kind';

/** In Auto-detect order: kinds whose marker also appears in another kind come first. */
export const captchaKinds: CaptchaKindDefinition[] = [tiktokRotate, tiktokSlider, tiktokSelect, shopeeSlider];

export function findKind(kind: string): CaptchaKindDefinition | undefined {
	return captchaKinds.find((definition) => definition.kind === kind);
}
