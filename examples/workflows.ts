/**
 * The example workflows, one per seed captcha plus Get Balance, as data. `generate.ts` writes them
 * to examples/workflows/*.json; the README links those files, `npm run dev` imports them, and
 * `npm run demo` and the e2e suite run them. Ids and names are fixed so that imports are stable.
 *
 * Each workflow makes its own images (a Code node with the PNGs of examples/images/ embedded as
 * base64, handed on as binary properties) so it runs in any n8n without files on disk: n8n 2.x only
 * lets its file nodes read below N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files). The phone-farm
 * example is the exception: it takes the screenshot from a phone with adb, into that folder.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLES_DIR = __dirname;
export const IMAGES_DIR = join(EXAMPLES_DIR, 'images');
export const WORKFLOWS_DIR = join(EXAMPLES_DIR, 'workflows');
export const CREDENTIALS_FILE = join(EXAMPLES_DIR, 'credentials', 'omocaptcha-emulator.json');

/** The node type of this package inside n8n (`<package name>.<node name>`). */
export const OMOCAPTCHA_NODE_TYPE = 'n8n-nodes-omocaptcha.omoCaptcha';

/** The credential every example uses: it points at the local emulator, never at omocaptcha.com. */
export const EXAMPLE_CREDENTIAL = {
	id: 'omoCaptchaEmu001',
	name: 'OmoCaptcha (local emulator)',
	type: 'omoCaptchaApi',
} as const;
/**
 * The same emulator through the v2 task API. The examples use the v1 credential above (the seeds'
 * API, `api: 'v1'`); swapping a solver to this credential runs the same workflow on v2 (the e2e
 * suite does).
 */
export const EXAMPLE_V2_CREDENTIAL = {
	id: 'omoCaptchaEmu002',
	name: 'OmoCaptcha v2 (local emulator)',
	type: 'omoCaptchaApi',
} as const;
/** The emulator's public token (test/emulator/server.ts); not a secret. */
const EMULATOR_API_TOKEN = 'test-token';
const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:8765/api';

export interface ExampleSpec {
	/** File name stem under examples/workflows/. */
	key: string;
	workflowId: string;
	workflowName: string;
	/** OmoCaptcha job type, undefined for account operations. */
	typeJobId?: number;
	/** Binary property name -> image file under examples/images/. */
	images: Record<string, string>;
	/** Nodes between the trigger (or the images) and the OmoCaptcha node, in order. */
	steps?: ExampleStep[];
	/** Name and parameters of the OmoCaptcha node, the workflow's last node unless `after` follows. */
	solverName: string;
	solverParameters: Record<string, unknown>;
	/** The Browser Connection credential the solver uses (page examples on a browser service). */
	browserCredential?: CredentialRef;
	/** Nodes that use the answer, after the OmoCaptcha node, in order. */
	after?: ExampleStep[];
	/** What running it needs beyond the emulator and a local Chromium (`npm run demo` skips it). */
	needs?: string;
	/** Shown on a sticky note next to the nodes. */
	note: string;
}

export interface ExampleStep {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
}

export interface CredentialRef {
	id: string;
	name: string;
}

/** The Set node of the on-page example: where the browser is and which captcha page it opens. */
export const PAGE_SETTINGS_NODE_NAME = 'Browser and page';
export const PAGE_EXAMPLE_KEY = 'solve-on-page';
/** `npm run dev` starts Chromium with this DevTools port and the emulator on 8765, as the example expects. */
export const DEFAULT_DEVTOOLS_URL = 'http://127.0.0.1:9222';
/** A demo TikTok slider of the emulator at its default address; it keeps the captcha, marked solved, after success. */
const DEFAULT_CAPTCHA_PAGE = new URL('/demo/tiktok-slider?success=mark', DEFAULT_EMULATOR_URL).href;
/** The demo's page behind the captcha: it answers only a session whose captcha was solved. */
const DEFAULT_ACCOUNT_PAGE = new URL('/demo/account', DEFAULT_EMULATOR_URL).href;

export const BROWSERLESS_EXAMPLE_KEY = 'browserless-open-url';
/** The Browser Connection credential of the Browserless example: ws://localhost:3000 with ?token=. */
export const BROWSERLESS_CREDENTIAL = { id: 'omoBrowserless01', name: 'Browserless (self-hosted)', type: 'browserConnectionApi' } as const;
/** The Browser Connection credential of the Airtop example: Authorization: Bearer <Airtop API key>. */
const AIRTOP_BROWSER_CREDENTIAL = { id: 'omoAirtopCdp0001', name: 'Airtop DevTools (Bearer)' } as const;
const AIRTOP_CREDENTIAL = { id: 'omoAirtopApi0001', name: 'Airtop account' } as const;
/** Steel's API key, twice: a Header Auth credential (steel-api-key) for its REST calls, a Browser Connection (?apiKey=) for DevTools. */
const STEEL_HEADER_CREDENTIAL = { id: 'omoSteelRest0001', name: 'Steel API (steel-api-key header)' } as const;
const STEEL_BROWSER_CREDENTIAL = { id: 'omoSteelCdp00001', name: 'Steel DevTools (apiKey)' } as const;
const BROWSERBASE_HEADER_CREDENTIAL = { id: 'omoBbRest0000001', name: 'Browserbase API (X-BB-API-Key header)' } as const;
/** A page with a captcha on it, in the provider examples: replace it with yours. */
const YOUR_PAGE = 'https://example.com/login';

/** An HTTP Request node (typeVersion 4.2) with a Header Auth credential. */
function httpWithHeaderAuth(name: string, credential: CredentialRef, parameters: Record<string, unknown>): ExampleStep {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', ...parameters, options: {} },
		credentials: { httpHeaderAuth: credential },
	};
}

/** The on-page solver of the provider examples: a browser service's session URL, a tab it opens. */
function solveOnServicePage(browserUrl: string, authenticated: boolean): Record<string, unknown> {
	return {
		resource: 'page',
		operation: 'solveOnPage',
		browserUrl,
		browserAuthentication: authenticated ? 'browserConnectionApi' : 'none',
		pageSelection: 'openUrl',
		pageOpenUrl: YOUR_PAGE,
		captchaKind: 'auto',
		pageOptions: {},
	};
}

/**
 * The phone-farm example: the Set node that says which phone (adb serial, empty for adb's only
 * device) and where its screenshots go (a folder n8n's file nodes may read: by default n8n 2.x
 * allows ~/.n8n-files only), and the command steps around the solver.
 */
export const PHONE_FARM_EXAMPLE_KEY = 'phone-farm-adb';
export const PHONE_NODE_NAME = 'Phone';
const SCREENSHOT_STEP_NAME = 'Take a screenshot with adb';
export const SWIPE_STEP_NAME = 'Swipe on the phone with adb';
/** One file per phone, so that several phones (items) do not overwrite each other's screenshot. */
const SCREENSHOT_FILE = "{{ $json.screenshotFolder }}/omocaptcha-{{ $json.serial || 'phone' }}.png";

export const EXAMPLES: readonly ExampleSpec[] = [
	{
		key: 'shopee-slider',
		workflowId: 'omoExShopeeSlid1',
		workflowName: 'OmoCaptcha example: Shopee slider',
		typeJobId: 26,
		images: { mask: 'shopee-mask.png', background: 'shopee-background.png' },
		solverName: 'Solve Shopee slider',
		solverParameters: {
			resource: 'shopee',
			operation: 'sliderWeb',
			imageSource: 'binary',
			maskImage: 'mask',
			backgroundImage: 'background',
			options: {},
		},
		note: 'Shopee slider (job type 26): the puzzle piece (mask) and the background go in as binary properties; the answer `x` is where to drag the piece.',
	},
	{
		key: 'tiktok-select-two-web',
		workflowId: 'omoExTiktokSel2W',
		workflowName: 'OmoCaptcha example: TikTok select two (web)',
		typeJobId: 22,
		images: { data: 'tiktok-select-two.png' },
		solverName: 'Solve TikTok select two (web)',
		solverParameters: {
			resource: 'tiktok',
			operation: 'selectTwoWeb',
			imageSource: 'binary',
			image: 'data',
			displayWidth: 340,
			displayHeight: 212,
			options: {},
		},
		note: 'TikTok "select 2 objects with the same shape", web (job type 22): the picture plus its size on the page; the answer `points` are the two places to click, in page pixels.',
	},
	{
		key: 'tiktok-select-two-phone',
		workflowId: 'omoExTiktokSel2P',
		workflowName: 'OmoCaptcha example: TikTok select two (phone)',
		typeJobId: 25,
		images: { data: 'tiktok-select-two-phone.png' },
		solverName: 'Solve TikTok select two (phone)',
		solverParameters: {
			resource: 'tiktok',
			operation: 'selectTwoPhone',
			imageSource: 'binary',
			image: 'data',
			options: {},
		},
		note: 'TikTok "select 2 objects with the same shape", phone app (job type 25): a screenshot of the screen; the answer `points` are the two places to tap, in screenshot pixels.',
	},
	{
		key: 'tiktok-rotate',
		workflowId: 'omoExTiktokRotat',
		workflowName: 'OmoCaptcha example: TikTok rotate',
		typeJobId: 23,
		images: { inner: 'tiktok-rotate-inner.png', outer: 'tiktok-rotate-outer.png' },
		solverName: 'Solve TikTok rotate',
		solverParameters: {
			resource: 'tiktok',
			operation: 'rotateWeb',
			imageSource: 'binary',
			innerImage: 'inner',
			outerImage: 'outer',
			options: {},
		},
		note: 'TikTok rotate, web (job type 23): the inner disc and the outer ring; the answer `angle` is how far to turn.',
	},
	{
		key: 'get-balance',
		workflowId: 'omoExGetBalance1',
		workflowName: 'OmoCaptcha example: Get balance',
		images: {},
		solverName: 'Get balance',
		solverParameters: { resource: 'account', operation: 'getBalance' },
		note: 'Account balance: `balance` as a number, `balanceRaw` as the service sent it.',
	},
	{
		key: PAGE_EXAMPLE_KEY,
		workflowId: 'omoExSolveOnPage',
		workflowName: 'OmoCaptcha example: Solve a captcha on a page',
		images: {},
		steps: [
			{
				name: PAGE_SETTINGS_NODE_NAME,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{ id: 'browserUrl', name: 'browserUrl', value: DEFAULT_DEVTOOLS_URL, type: 'string' },
							{ id: 'captchaPage', name: 'captchaPage', value: DEFAULT_CAPTCHA_PAGE, type: 'string' },
						],
					},
					options: {},
				},
			},
			{
				// Chromium's DevTools HTTP endpoint opens a tab with PUT /json/new?<url> and answers its
				// target: a fresh captcha on every run. With Browserless, Steel or Puppeteer nodes, the
				// page that an earlier node opened takes this node's place.
				name: 'Open the captcha page',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'PUT',
					url: '={{ $json.browserUrl }}/json/new?{{ encodeURIComponent($json.captchaPage) }}',
					options: {},
				},
			},
		],
		solverName: 'Solve captcha on page',
		solverParameters: {
			resource: 'page',
			operation: 'solveOnPage',
			browserUrl: `={{ $('${PAGE_SETTINGS_NODE_NAME}').item.json.browserUrl }}`,
			pageSelection: 'targetId',
			pageTargetId: '={{ $json.id }}',
			captchaKind: 'auto',
			pageOptions: {},
		},
		note: 'A Chromium with a DevTools port (`npm run dev` starts one on 9222) opens a demo TikTok captcha in a new tab; the OmoCaptcha node finds the captcha on that tab, solves it, drags the slider like a person and checks the page accepted it: `solved`, each attempt with its job id, and the captured captcha as the binary `captcha`.',
	},
	{
		key: PHONE_FARM_EXAMPLE_KEY,
		workflowId: 'omoExPhoneFarmAd',
		workflowName: 'OmoCaptcha example: Phone farm (adb)',
		images: {},
		steps: [
			{
				name: PHONE_NODE_NAME,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{ id: 'serial', name: 'serial', value: '', type: 'string' },
							{ id: 'screenshotFolder', name: 'screenshotFolder', value: '~/.n8n-files', type: 'string' },
						],
					},
					options: {},
				},
			},
			{
				// The shell expands ~ and prints the file's full path for the next node, which does not.
				name: SCREENSHOT_STEP_NAME,
				type: 'n8n-nodes-base.executeCommand',
				typeVersion: 1,
				parameters: {
					executeOnce: false,
					command: `=mkdir -p {{ $json.screenshotFolder }} && adb{{ $json.serial ? ' -s ' + $json.serial : '' }} exec-out screencap -p > ${SCREENSHOT_FILE} && echo ${SCREENSHOT_FILE}`,
				},
			},
			{
				name: 'Read the screenshot',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				parameters: { operation: 'read', fileSelector: '={{ $json.stdout }}', options: {} },
			},
		],
		solverName: 'Solve TikTok slider (phone)',
		solverParameters: {
			resource: 'tiktok',
			operation: 'sliderPhone',
			imageSource: 'binary',
			image: 'data',
			adb: { serial: `={{ $('${PHONE_NODE_NAME}').item.json.serial }}` },
			options: {},
		},
		after: [
			{
				name: SWIPE_STEP_NAME,
				type: 'n8n-nodes-base.executeCommand',
				typeVersion: 1,
				parameters: { executeOnce: false, command: '={{ $json.adbCommand }}' },
			},
		],
		note: 'A phone farm: adb takes a screenshot of the phone (Phone: its adb serial, empty for adb\'s only device), the OmoCaptcha node finds the TikTok slider on it, and adb swipes it on the phone like a finger (`adbCommand`: `input motionevent`, Android 11+; ADB Commands → Command Style → Plain for older phones). Needs a self-hosted n8n with the Execute Command node enabled (n8n 2.x disables it: NODES_EXCLUDE) and adb on its PATH; see the README, "Phone farms".',
	},
	{
		key: BROWSERLESS_EXAMPLE_KEY,
		workflowId: 'omoExBrowserless',
		workflowName: 'OmoCaptcha example: Self-hosted Browserless (open the page, hand on its cookies)',
		images: {},
		needs: 'a self-hosted Browserless (the e2e suite starts one)',
		steps: [
			{
				name: PAGE_SETTINGS_NODE_NAME,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{ id: 'captchaPage', name: 'captchaPage', value: DEFAULT_CAPTCHA_PAGE, type: 'string' },
							{ id: 'accountPage', name: 'accountPage', value: DEFAULT_ACCOUNT_PAGE, type: 'string' },
						],
					},
					options: {},
				},
			},
		],
		solverName: 'Open the page and solve its captcha',
		solverParameters: {
			resource: 'page',
			operation: 'solveOnPage',
			// Empty: the credential's default URL (ws://localhost:3000), with its ?token=.
			browserUrl: '',
			browserAuthentication: 'browserConnectionApi',
			pageSelection: 'openUrl',
			pageOpenUrl: '={{ $json.captchaPage }}',
			captchaKind: 'auto',
			pageOptions: { outputCookies: true },
		},
		browserCredential: BROWSERLESS_CREDENTIAL,
		after: [
			{
				// Browserless closes the browser with the connection: the page's cookies are what goes on.
				name: 'Open the page behind the captcha',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					url: `={{ $('${PAGE_SETTINGS_NODE_NAME}').item.json.accountPage }}`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Cookie', value: '={{ $json.cookieHeader }}' }] },
					options: {},
				},
			},
		],
		note: 'A self-hosted Browserless (`ws://localhost:3000`, token in the **Browser Connection** credential as `?token=`) starts a fresh browser per connection and closes it when the connection ends. So the OmoCaptcha node opens the page itself (Page: Open URL), solves the captcha and outputs the page\'s cookies; the HTTP Request step sends `cookieHeader` as its Cookie header to the page behind the captcha.',
	},
	{
		key: 'airtop',
		workflowId: 'omoExAirtopPage1',
		workflowName: 'OmoCaptcha example: Airtop session (solve on its window, go on, terminate)',
		images: {},
		needs: 'an Airtop account',
		steps: [
			{
				name: 'Create session',
				type: 'n8n-nodes-base.airtop',
				typeVersion: 1,
				parameters: { resource: 'session', operation: 'create', timeoutMinutes: 10 },
				credentials: { airtopApi: AIRTOP_CREDENTIAL },
			},
			{
				name: 'Create window',
				type: 'n8n-nodes-base.airtop',
				typeVersion: 1,
				parameters: { resource: 'window', operation: 'create', sessionId: '={{ $json.sessionId }}', url: YOUR_PAGE, additionalFields: { waitUntil: 'load' } },
				credentials: { airtopApi: AIRTOP_CREDENTIAL },
			},
		],
		solverName: 'Solve captcha on the window',
		solverParameters: {
			resource: 'page',
			operation: 'solveOnPage',
			browserUrl: "={{ $('Create session').item.json.data.cdpWsUrl }}",
			browserAuthentication: 'browserConnectionApi',
			pageSelection: 'targetId',
			pageTargetId: '={{ $json.data.targetId }}',
			captchaKind: 'auto',
			pageOptions: {},
		},
		browserCredential: AIRTOP_BROWSER_CREDENTIAL,
		after: [
			{
				name: 'Go on: take a screenshot',
				type: 'n8n-nodes-base.airtop',
				typeVersion: 1,
				parameters: {
					resource: 'window',
					operation: 'takeScreenshot',
					sessionId: "={{ $('Create window').item.json.sessionId }}",
					windowId: "={{ $('Create window').item.json.windowId }}",
				},
				credentials: { airtopApi: AIRTOP_CREDENTIAL },
			},
			{
				name: 'Terminate session',
				type: 'n8n-nodes-base.airtop',
				typeVersion: 1,
				parameters: { resource: 'session', operation: 'terminate', sessionId: "={{ $('Create session').item.json.sessionId }}" },
				credentials: { airtopApi: AIRTOP_CREDENTIAL },
			},
		],
		note: 'Airtop: Session → Create gives `data.cdpWsUrl`, Window → Create opens your page and gives `data.targetId`. OmoCaptcha connects to `cdpWsUrl` with a **Browser Connection** credential in header mode (`Authorization: Bearer <Airtop API key>`) and solves on that tab; the window lives on for the next Airtop steps until Session → Terminate (or the Idle Timeout).',
	},
	{
		key: 'steel',
		workflowId: 'omoExSteelPage01',
		workflowName: 'OmoCaptcha example: Steel session (create, solve, release)',
		images: {},
		needs: 'a Steel account',
		steps: [
			httpWithHeaderAuth('Create Steel session', STEEL_HEADER_CREDENTIAL, {
				method: 'POST',
				url: 'https://api.steel.dev/v1/sessions',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{ "timeout": 600000 }',
			}),
		],
		solverName: 'Solve captcha in the session',
		solverParameters: solveOnServicePage('={{ $json.websocketUrl }}', true),
		browserCredential: STEEL_BROWSER_CREDENTIAL,
		after: [
			httpWithHeaderAuth('Release Steel session', STEEL_HEADER_CREDENTIAL, {
				method: 'POST',
				url: "=https://api.steel.dev/v1/sessions/{{ $('Create Steel session').item.json.id }}/release",
			}),
		],
		note: 'Steel: an HTTP Request creates the session (header `steel-api-key`, a Header Auth credential) and gets its `websocketUrl`; OmoCaptcha connects there with a **Browser Connection** credential that adds `?apiKey=<key>`, opens your page and solves its captcha; the session lives until released (the last step) or its `timeout`.',
	},
	{
		key: 'browserbase',
		workflowId: 'omoExBrowserbase',
		workflowName: 'OmoCaptcha example: Browserbase session (create, solve, release)',
		images: {},
		needs: 'a Browserbase account',
		steps: [
			httpWithHeaderAuth('Create Browserbase session', BROWSERBASE_HEADER_CREDENTIAL, {
				method: 'POST',
				url: 'https://api.browserbase.com/v1/sessions',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{ "projectId": "YOUR_PROJECT_ID", "keepAlive": true, "timeout": 900 }',
			}),
		],
		solverName: 'Solve captcha in the session',
		// The per-session signing key is in connectUrl already: no Browser Connection credential.
		solverParameters: solveOnServicePage('={{ $json.connectUrl }}', false),
		after: [
			httpWithHeaderAuth('Release Browserbase session', BROWSERBASE_HEADER_CREDENTIAL, {
				method: 'POST',
				url: "=https://api.browserbase.com/v1/sessions/{{ $('Create Browserbase session').item.json.id }}",
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{ "projectId": "YOUR_PROJECT_ID", "status": "REQUEST_RELEASE" }',
			}),
		],
		note: 'Browserbase: an HTTP Request creates the session (header `X-BB-API-Key`, a Header Auth credential; `keepAlive: true` keeps it past the connection) and gets its `connectUrl`, which carries its own signing key. OmoCaptcha connects there, opens your page and solves its captcha; the last step releases the session.',
	},
];

const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
export const IMAGES_NODE_NAME = 'Captcha images';

type NodeJson = {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
};

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: NodeJson[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
	meta: Record<string, unknown>;
}

/** The workflow of one example, with the images read from examples/images/. */
export function buildExampleWorkflow(spec: ExampleSpec, imagesDir = IMAGES_DIR): WorkflowJson {
	const hasImages = Object.keys(spec.images).length > 0;
	const chain: NodeJson[] = [
		node(spec, TRIGGER_NAME, 'n8n-nodes-base.manualTrigger', 1, {}),
		...(hasImages ? [node(spec, IMAGES_NODE_NAME, 'n8n-nodes-base.code', 2, { jsCode: imagesCode(spec, imagesDir) })] : []),
		...(spec.steps ?? []).map((step) => stepNode(spec, step)),
		{
			...node(spec, spec.solverName, OMOCAPTCHA_NODE_TYPE, 1, spec.solverParameters),
			credentials: {
				omoCaptchaApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name },
				...(spec.browserCredential ? { browserConnectionApi: { id: spec.browserCredential.id, name: spec.browserCredential.name } } : {}),
			},
		},
		...(spec.after ?? []).map((step) => stepNode(spec, step)),
	];
	chain.forEach((entry, index) => (entry.position = [index * 240, 0]));
	const sticky = node(spec, 'Note', 'n8n-nodes-base.stickyNote', 1, {
		content: `## ${spec.workflowName.replace('OmoCaptcha example: ', '')}\n${spec.note}\n\nThe credential points at the local OmoCaptcha emulator (\`npm run emulator\`); pick your own OmoCaptcha credential to solve real captchas.`,
		width: 480,
		height: 200,
	});
	sticky.position = [0, -260];

	return {
		id: spec.workflowId,
		name: spec.workflowName,
		active: false,
		nodes: [...chain, sticky],
		connections: Object.fromEntries(
			chain.slice(0, -1).map((from, index) => [from.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: { templateCredsSetupCompleted: true },
	};
}

/**
 * The file `n8n import:credentials` takes: the emulator credentials, v1 at `baseUrl` (…/api) and
 * v2 at the same host's /v2, with the service lists at `baseUrl`.
 */
export function buildEmulatorCredentials(baseUrl = DEFAULT_EMULATOR_URL) {
	const v2BaseUrl = baseUrl.replace(/\/api\/?$/, '/v2');
	return [
		{ ...EXAMPLE_CREDENTIAL, data: { api: 'v1', apiToken: EMULATOR_API_TOKEN, baseUrl } },
		{ ...EXAMPLE_V2_CREDENTIAL, data: { api: 'v2', apiToken: EMULATOR_API_TOKEN, v2BaseUrl, serviceListUrl: baseUrl } },
	];
}

/** The Code node that hands the images on as binary properties, like a scraper would. */
function imagesCode(spec: ExampleSpec, imagesDir: string): string {
	const files = Object.values(spec.images).join(', ');
	const properties = Object.entries(spec.images).map(
		([property, file]) => `\t\t${property}: png('${file}', '${readFileSync(join(imagesDir, file)).toString('base64')}'),`,
	);
	return [
		`// The captcha images of this example (${files} from examples/images/ in the`,
		'// n8n-nodes-omocaptcha repository), embedded so the workflow runs anywhere. In your own',
		'// workflow they come from a browser automation, an HTTP Request or a file node.',
		"const png = (fileName, base64) => ({ data: base64, mimeType: 'image/png', fileName, fileExtension: 'png' });",
		'',
		'return [{',
		`\tjson: { captcha: '${spec.workflowName.replace('OmoCaptcha example: ', '')}' },`,
		'\tbinary: {',
		...properties,
		'\t},',
		'}];',
	].join('\n');
}

function stepNode(spec: ExampleSpec, step: ExampleStep): NodeJson {
	const entry = node(spec, step.name, step.type, step.typeVersion, step.parameters);
	return step.credentials ? { ...entry, credentials: step.credentials } : entry;
}

function node(spec: ExampleSpec, name: string, type: string, typeVersion: number, parameters: Record<string, unknown>): NodeJson {
	return { id: stableUuid(`${spec.key}/${name}`), name, type, typeVersion, position: [0, 0], parameters };
}

/** A UUID-shaped id derived from a name, so regenerating the files does not change them. */
function stableUuid(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
