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
	const images: CapturedImage[] = [];
	for (const { role, prefer } of definition.capture) {
		let base64: string | undefined;
		let source: CapturedImage['source'] = 'page';
		if (prefer === 'page') base64 = await tab.readImage(selectors[role]!);
		if (!base64) {
			source = 'screenshot';
			base64 = await tab.screenshot(snapshot.elements[role]!, snapshot);
		}
		images.push({ role, base64, size: readImageSize(Buffer.from(base64, 'base64')), source });
	}
	return images;
}
