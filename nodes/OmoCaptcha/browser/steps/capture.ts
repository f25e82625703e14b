/** Capturing the images the service needs, the way the kind says (`capture`). */

import { readImageSize, type ImageSize } from '../../images/imageInfo';
import type { CaptchaKindDefinition, Selectors } from '../kinds';
import type { PageSnapshot } from '../pageScripts';
import type { Tab } from '../tab/tab';

export interface CapturedImage {
	role: string;
	base64: string;
	size?: ImageSize;
	/** How it was read: the bytes the page loaded, or a screenshot at display size. */
	source: 'page' | 'screenshot';
}

/**
 * Where the service is told the display size (TikTok slider and select), a screenshot at display
 * size; where it needs separate layers (rotate, Shopee), the bytes the page loaded (blob:, data:
 * or same-origin URLs), else a screenshot.
 */
export async function captureImages(tab: Tab, definition: CaptchaKindDefinition, selectors: Selectors, snapshot: PageSnapshot): Promise<CapturedImage[]> {
	// All at once: the page's reads and the browser's frames overlap instead of adding up.
	return await Promise.all(
		definition.capture.map(async ({ role, prefer }): Promise<CapturedImage> => {
			const read = prefer === 'page' ? await tab.readImage(selectors[role]!) : undefined;
			const base64 = read ?? (await tab.screenshot(snapshot.elements[role]!, snapshot));
			return { role, base64, size: readImageSize(Buffer.from(base64, 'base64')), source: read ? 'page' : 'screenshot' };
		}),
	);
}
