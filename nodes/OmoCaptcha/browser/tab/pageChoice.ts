/** Which tab of the browser the captcha is on: the user's choice, and how it reads in messages. */

export type PageSelection =
	| { by: 'first' }
	| { by: 'urlContains'; text: string }
	| { by: 'targetId'; targetId: string }
	/** A new tab, opened at this URL. */
	| { by: 'openUrl'; url: string };

export interface PageTarget {
	targetId: string;
	type: string;
	url: string;
	/** Hosted browsers often keep their pages in a context other than the default one. */
	browserContextId?: string;
}

/** A URL without query and fragment (they may hold tokens or personal data). */
export function withoutQuery(url: string): string {
	return url.split(/[?#]/)[0];
}

/**
 * Picks the page among the targets of every browser context: the first one, the first whose URL
 * contains a text, or a target id. A tab still to be opened is none of them.
 */
export function selectPage(targets: PageTarget[], selection: PageSelection): PageTarget | undefined {
	const pages = targets.filter((target) => target.type === 'page');
	if (selection.by === 'openUrl') return undefined;
	if (selection.by === 'targetId') return pages.find((page) => page.targetId === selection.targetId);
	if (selection.by === 'urlContains') return pages.find((page) => page.url.includes(selection.text));
	return pages[0];
}

export function describeSelection(selection: PageSelection): string {
	if (selection.by === 'first') return 'open page';
	if (selection.by === 'urlContains') return `page whose URL contains "${selection.text}"`;
	if (selection.by === 'openUrl') return `page opened at ${withoutQuery(selection.url)}`;
	return `page with target id "${selection.targetId}"`;
}
