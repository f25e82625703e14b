import {
	NodeOperationError,
	sleep,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { captchaKinds, type CaptchaKind, type Selectors } from '../../browser/kinds';
import type { Endpoint } from '../../browser/connection/endpoint';
import { solveOnPage, type PageSelection, type PageSolveResult } from '../../browser/solveOnPage';
import type { JobData } from '../../transport/client';
import { JobPoller } from '../../transport/poller';
import { toOutputItems } from '../pipeline/items';
import { createClient } from '../pipeline/requests';
import { BROWSER_CREDENTIAL, executionGetJson, itemEndpoint } from './browserEndpoint';

export const option = {
	name: 'Solve Captcha on Page',
	value: 'solveOnPage',
	action: 'Solve a captcha on a browser page',
	description: 'Attach to a Chrome over DevTools, find the captcha, solve it with OmoCaptcha and drag or click like a person',
};

const selectorFields: Array<{ role: keyof Selectors; displayName: string; description: string }> = [
	{ role: 'container', displayName: 'Container Selector', description: 'The captcha box; the captcha counts as solved when it disappears' },
	{ role: 'background', displayName: 'Background Image Selector', description: 'Sliders: the image with the gap' },
	{ role: 'piece', displayName: 'Puzzle Piece Selector', description: 'Sliders: the piece that moves into the gap' },
	{ role: 'outer', displayName: 'Outer Image Selector', description: 'Rotate: the outer ring image' },
	{ role: 'inner', displayName: 'Inner Image Selector', description: 'Rotate: the round inner image that turns' },
	{ role: 'image', displayName: 'Select Image Selector', description: 'Select Two Same Shapes: the image to click on' },
	{ role: 'handle', displayName: 'Slider Handle Selector', description: 'Sliders and rotate: the handle to drag' },
	{ role: 'track', displayName: 'Slider Track Selector', description: 'Sliders and rotate: the bar the handle moves along' },
	{ role: 'confirm', displayName: 'Confirm Button Selector', description: 'Select Two Same Shapes: the button clicked after the two points' },
	{ role: 'successMark', displayName: 'Success Mark Selector', description: 'An element the site shows when the captcha is solved' },
	{ role: 'refresh', displayName: 'Refresh Button Selector', description: 'Clicked for a new captcha when a wrong answer left the old one in place' },
];

const properties: INodeProperties[] = [
	{
		displayName: 'Browser URL',
		name: 'browserUrl',
		type: 'string',
		default: '',
		placeholder: 'http://127.0.0.1:9222',
		description:
			'Chrome DevTools endpoint: http://host:9222 (Chrome started with --remote-debugging-port), a ws://…/devtools/browser/… URL, or a browser service\'s session URL from an earlier node. Empty: the Browser Connection credential\'s default. Only its host is ever shown.',
	},
	{
		displayName: 'Browser Authentication',
		name: 'browserAuthentication',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'None', value: 'none', description: 'A local Chrome, or a URL that holds its own key' },
			{ name: 'Browser Connection', value: BROWSER_CREDENTIAL, description: 'A browser service\'s token or API key, sent on every DevTools request' },
		],
		description: 'Where the browser service\'s secret comes from: a credential keeps it out of the workflow',
	},
	{
		displayName: 'Page',
		name: 'pageSelection',
		type: 'options',
		default: 'first',
		options: [
			{ name: 'First Page', value: 'first', description: 'The first open tab' },
			{ name: 'URL Contains', value: 'urlContains', description: 'The first tab whose address contains a text' },
			{ name: 'Target ID', value: 'targetId', description: 'The tab with this DevTools target ID' },
			{ name: 'Open URL', value: 'openUrl', description: 'A new tab at this address, opened and loaded by the node' },
		],
		description: 'Which tab shows the captcha. Tabs of every browser context count.',
	},
	{
		displayName: 'URL to Open',
		name: 'pageOpenUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/login',
		displayOptions: { show: { pageSelection: ['openUrl'] } },
		description: 'The address the new tab opens; the node waits for it to load, then looks for the captcha',
	},
	{
		displayName: 'URL Contains',
		name: 'pageUrlContains',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'tiktok.com',
		displayOptions: { show: { pageSelection: ['urlContains'] } },
		description: 'Text the tab\'s address contains',
	},
	{
		displayName: 'Target ID',
		name: 'pageTargetId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { pageSelection: ['targetId'] } },
		description: 'The tab\'s DevTools target ID, as the browser or an earlier browser node lists it',
	},
	{
		displayName: 'Captcha',
		name: 'captchaKind',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto-Detect', value: 'auto', description: 'Look for every kind below' },
			...captchaKinds.map((kind) => ({ name: kind.name, value: kind.kind })),
		],
		description: 'Which captcha the page shows',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'appearTimeout',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0 },
		description: 'How long to wait for the captcha and its images to appear',
	},
	{
		displayName: 'Attempts',
		name: 'attempts',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 10 },
		description: 'Captchas to try when the site shows a new one after a wrong answer. Each attempt is a paid OmoCaptcha job.',
	},
	{
		displayName: 'Options',
		name: 'pageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Close Tab After',
				name: 'closeTab',
				type: 'boolean',
				default: false,
				description: 'Whether to close the tab once the item is done, solved or not. Off: the tab stays for the next node (see the output\'s page).',
			},
			{
				displayName: 'Open URL If No Tab Matches',
				name: 'openUrlIfNoMatch',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/login',
				description: 'Opens this address in a new tab when no tab matches the Page choice. Empty: no match fails the item.',
			},
			{
				displayName: 'Output Cookies',
				name: 'outputCookies',
				type: 'boolean',
				default: false,
				description: 'Whether to output the cookies of the page\'s address after the solve: as a list and as cookieHeader, which an HTTP Request node sends as its Cookie header. For browsers that close with the connection.',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 1 },
				description: 'Time between two result checks of a job; the service asks for 2 seconds',
			},
			{
				displayName: 'Put Image in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'captcha',
				description: 'Binary field that receives the captured captcha image',
			},
			{
				displayName: 'Solve Timeout (Seconds)',
				name: 'solveTimeout',
				type: 'number',
				default: 120,
				typeOptions: { minValue: 1 },
				description: 'How long to wait for OmoCaptcha\'s answer to one captcha',
			},
			{
				displayName: 'Verify Timeout (Seconds)',
				name: 'verifyTimeout',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 0.5 },
				description: 'How long the page has to show that an answer passed (captcha gone or success mark)',
			},
			...selectorFields.map(({ role, displayName, description }) => ({
				displayName,
				name: `${role}Selector`,
				type: 'string' as const,
				default: '',
				description: `${description}. CSS selector; empty = the site's current one.`,
			})),
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['page'], operation: ['solveOnPage'] } }, properties);

interface PageItem {
	itemIndex: number;
	endpoint: Endpoint;
	page: PageSelection;
	openUrlIfNoMatch?: string;
	closeTab: boolean;
	outputCookies: boolean;
	captcha: CaptchaKind | 'auto';
	timeoutMs: number;
	attempts: number;
	verifyMs: number;
	solveTimeoutMs: number;
	pollIntervalMs: number;
	selectors: Selectors;
	binaryPropertyName: string;
}

/** An address for a tab to open: http(s) only, shown without its query. */
function pageUrl(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return /^https?:\/\//i.test(text) && URL.canParse(text) ? text : undefined;
}

async function readItem(context: IExecuteFunctions, itemIndex: number): Promise<PageItem> {
	const fail = (field: string, problem: string) =>
		new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "${field}": ${problem}`, { itemIndex });
	const browserUrl = String(context.getNodeParameter('browserUrl', itemIndex, '')).trim();
	const authentication = context.getNodeParameter('browserAuthentication', itemIndex, 'none') as string;
	const credentials = authentication === BROWSER_CREDENTIAL ? await context.getCredentials(BROWSER_CREDENTIAL, itemIndex) : undefined;
	const endpoint = itemEndpoint(browserUrl, credentials);
	if (!endpoint.url) throw fail('Browser URL', 'is required (for example http://127.0.0.1:9222), or a default Browser URL in the Browser Connection credential');
	if (!/^(https?|wss?):\/\//i.test(endpoint.url) || !URL.canParse(endpoint.url)) {
		const field = browserUrl ? 'Browser URL' : 'Browser Connection credential, Default Browser URL';
		throw fail(field, 'must be an http://, https://, ws:// or wss:// URL of a Chrome DevTools endpoint');
	}
	const selection = context.getNodeParameter('pageSelection', itemIndex, 'first') as string;
	let page: PageSelection = { by: 'first' };
	if (selection === 'urlContains') {
		const text = String(context.getNodeParameter('pageUrlContains', itemIndex, '')).trim();
		if (!text) throw fail('URL Contains', 'is required');
		page = { by: 'urlContains', text };
	} else if (selection === 'targetId') {
		const targetId = String(context.getNodeParameter('pageTargetId', itemIndex, '')).trim();
		if (!targetId) throw fail('Target ID', 'is required');
		page = { by: 'targetId', targetId };
	} else if (selection === 'openUrl') {
		const url = pageUrl(context.getNodeParameter('pageOpenUrl', itemIndex, ''));
		if (!url) throw fail('URL to Open', 'must be an http:// or https:// address');
		page = { by: 'openUrl', url };
	}
	const number = (name: string, field: string, fallback: number, minimum: number) => {
		const value = Number(context.getNodeParameter(name, itemIndex, fallback));
		if (!Number.isFinite(value) || value < minimum) throw fail(field, `must be a number of ${minimum} or more`);
		return value;
	};
	const options = context.getNodeParameter('pageOptions', itemIndex, {}) as IDataObject;
	const optionNumber = (name: string, field: string, fallback: number, minimum: number) => {
		const value = Number(options[name] ?? fallback);
		if (!Number.isFinite(value) || value < minimum) throw fail(field, `must be a number of ${minimum} or more`);
		return value;
	};
	let openUrlIfNoMatch: string | undefined;
	if (String(options.openUrlIfNoMatch ?? '').trim()) {
		openUrlIfNoMatch = pageUrl(options.openUrlIfNoMatch);
		if (!openUrlIfNoMatch) throw fail('Open URL If No Tab Matches', 'must be an http:// or https:// address');
	}
	const selectors: Selectors = {};
	for (const { role } of selectorFields) {
		const value = options[`${role}Selector`];
		if (typeof value === 'string' && value.trim()) selectors[role] = value.trim();
	}
	return {
		itemIndex,
		endpoint,
		page,
		openUrlIfNoMatch,
		closeTab: options.closeTab === true,
		outputCookies: options.outputCookies === true,
		captcha: context.getNodeParameter('captchaKind', itemIndex, 'auto') as CaptchaKind | 'auto',
		timeoutMs: number('appearTimeout', 'Timeout (Seconds)', 30, 0) * 1000,
		attempts: Math.floor(number('attempts', 'Attempts', 3, 1)),
		verifyMs: optionNumber('verifyTimeout', 'Verify Timeout (Seconds)', 5, 0.5) * 1000,
		solveTimeoutMs: optionNumber('solveTimeout', 'Solve Timeout (Seconds)', 120, 1) * 1000,
		pollIntervalMs: optionNumber('pollInterval', 'Poll Interval (Seconds)', 2, 1) * 1000,
		selectors,
		binaryPropertyName: String(options.binaryPropertyName ?? 'captcha').trim() || 'captcha',
	};
}

/** One page, one mouse: items on the same page (same endpoint and same tab choice) wait their turn. */
function pageKey(item: PageItem): string {
	return `${item.endpoint.url}\n${JSON.stringify(item.page)}`;
}

/**
 * Every item's captcha, solved on its page. Items on different pages run at once; items on the
 * same page run one after another. A failed item fails the node, or with Continue On Fail becomes
 * an error item; a stopped execution stops (releasing the mouse and sending no further job).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await createClient(this);
	const signal = this.getExecutionCancelSignal();
	const items = this.getInputData();
	const outcomes: Array<{ result?: PageSolveResult; item?: PageItem; error?: unknown }> = items.map(() => ({}));
	const queues = new Map<string, PageItem[]>();
	for (const itemIndex of items.keys()) {
		try {
			const item = await readItem(this, itemIndex);
			const key = pageKey(item);
			queues.set(key, [...(queues.get(key) ?? []), item]);
		} catch (error) {
			outcomes[itemIndex] = { error };
		}
	}
	const getJson = executionGetJson(this);

	await Promise.all(
		[...queues.values()].map(async (queue) => {
			for (const item of queue) {
				if (signal?.aborted) return;
				try {
					const result = await solveOnPage(
						{ ...item, signal, selectors: item.selectors },
						{
							wait: sleep,
							getJson,
							api: client.api,
							solveJob: async (data: JobData, jobSignal?: AbortSignal) => {
								const jobId = await client.createJob(data, jobSignal);
								const poller = new JobPoller(client, { intervalMs: item.pollIntervalMs, timeoutMs: item.solveTimeoutMs, wait: sleep, signal: jobSignal });
								const typeJobId = String('type' in data ? data.type : data.type_job_id);
								return { jobId, result: await poller.waitForResult({ jobId, typeJobId }) };
							},
						},
					);
					outcomes[item.itemIndex] = { result, item };
				} catch (error) {
					outcomes[item.itemIndex] = { error };
				}
			}
		}),
	);
	if (signal?.aborted) throw new NodeOperationError(this.getNode(), 'The execution was stopped: the mouse was released and no further captcha was sent');

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (!outcome.result || !outcome.item) {
			// Fails the node, or with Continue On Fail becomes the item's error item.
			output.push(...toOutputItems(this, [{ itemIndex, error: outcome.error, captchaLabel: `Item ${itemIndex}` }]));
			continue;
		}
		const { result, item } = outcome;
		const json: IDataObject = {
			solved: result.solved,
			captcha: result.captcha,
			captchaName: result.captchaName,
			attempts: result.attempts as unknown as IDataObject[],
			path: (result.attempts[result.attempts.length - 1]?.path ?? null) as unknown as IDataObject,
			page: result.page as IDataObject,
			...(result.cookies ? { cookies: result.cookies as unknown as IDataObject[], cookieHeader: result.cookieHeader } : {}),
			elapsedMs: result.elapsedMs,
			timings: result.timings,
		};
		const data: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		if (result.image) {
			const bytes = Buffer.from(result.image.base64, 'base64');
			data.binary = { [item.binaryPropertyName]: await this.helpers.prepareBinaryData(bytes, `${result.captcha}.png`, 'image/png') };
		}
		output.push(data);
	}
	return output;
}
