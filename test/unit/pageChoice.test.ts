import { describe, expect, it } from 'vitest';

import { describeSelection, selectPage, withoutQuery } from '../../nodes/OmoCaptcha/browser/tab/pageChoice';

describe('page choice', () => {
	const targets = [
		{ targetId: 'W', type: 'service_worker', url: 'https://a.test/sw.js' },
		{ targetId: 'A', type: 'page', url: 'https://shop.test/home?session=1' },
		{ targetId: 'B', type: 'page', url: 'https://www.tiktok.com/login?redirect=x' },
	];

	it('takes the first page, the first whose URL contains a text, or a target id, ignoring other targets', () => {
		expect(selectPage(targets, { by: 'first' })?.targetId).toBe('A');
		expect(selectPage(targets, { by: 'urlContains', text: 'tiktok.com' })?.targetId).toBe('B');
		expect(selectPage(targets, { by: 'targetId', targetId: 'B' })?.targetId).toBe('B');
		expect(selectPage(targets, { by: 'targetId', targetId: 'W' })).toBeUndefined();
		expect(selectPage(targets, { by: 'urlContains', text: 'nope' })).toBeUndefined();
	});

	it('matches no open tab for Open URL (it always opens one), and names its address without the query', () => {
		expect(selectPage(targets, { by: 'openUrl', url: 'https://shop.test/home?session=1' })).toBeUndefined();
		expect(describeSelection({ by: 'openUrl', url: 'https://shop.test/login?token=T' })).toBe('page opened at https://shop.test/login');
	});

	it('shows page addresses without query or fragment', () => {
		expect(withoutQuery('https://www.tiktok.com/login?redirect=x#top')).toBe('https://www.tiktok.com/login');
	});
});
