import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export const V1_BASE_URL = 'https://omocaptcha.com/api';
export const V2_BASE_URL = 'https://api.omocaptcha.com/v2';
/** The v2 service and package lists stay on the old host (getServicePrice). */
export const SERVICE_LIST_URL = 'https://omocaptcha.com/api';

export class OmoCaptchaApi implements ICredentialType {
	name = 'omoCaptchaApi';

	displayName = 'OmoCaptcha API';

	icon: Icon = { light: 'file:../nodes/OmoCaptcha/omoCaptcha.svg', dark: 'file:../nodes/OmoCaptcha/omoCaptcha.dark.svg' };

	documentationUrl = 'https://docs.omocaptcha.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API',
			name: 'api',
			type: 'options',
			options: [
				{
					name: 'V2: Task API (Current Documentation)',
					value: 'v2',
					description: 'api.omocaptcha.com/v2: createTask / getTaskResult with task types such as TiktokSliderWebTask',
				},
				{
					name: 'V1: Job API (Type IDs)',
					value: 'v1',
					description: 'omocaptcha.com/api: createJob / getJobResult with numeric type IDs such as 26',
				},
			],
			// n8n fills a field that stored credential data lacks with this default each time it loads
			// the credential (CredentialsHelper.applyDefaultsAndOverwrites). v2 is the service's current
			// documentation, so new credentials start there; v1 credentials store `api: 'v1'`.
			default: 'v2',
			description: 'Which of the service\'s two APIs the account key is used with. Both solve the same captchas; v2 offers more kinds.',
		},
		{
			displayName:
				'V1 is the older API of the service\'s 2024 documents (numeric type IDs). Its current documentation describes V2; pick V1 only if your account or scripts still use it.',
			name: 'v1Notice',
			type: 'notice',
			default: '',
			displayOptions: { show: { api: ['v1'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your account key, from the OmoCaptcha dashboard (sent as clientKey on v2, api_token on v1)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: V1_BASE_URL,
			displayOptions: { hide: { api: ['v2'] } },
			description: 'Where the v1 API lives. Change it only to use a proxy or the OmoCaptcha emulator.',
		},
		{
			displayName: 'Base URL',
			name: 'v2BaseUrl',
			type: 'string',
			default: V2_BASE_URL,
			displayOptions: { show: { api: ['v2'] } },
			description: 'Where the v2 task API lives. Change it only to use a proxy or the OmoCaptcha emulator.',
		},
		{
			displayName: 'Service List URL',
			name: 'serviceListUrl',
			type: 'string',
			default: SERVICE_LIST_URL,
			displayOptions: { show: { api: ['v2'] } },
			description: 'Where the service and package lists live (the old host, getServicePrice); used by List Services and List Packages',
		},
	];

	/**
	 * The key travels in the JSON body: `clientKey` on v2, `api_token` on v1. A body already
	 * encoded (a create with its images spliced in, a Buffer holding a JSON object) gets it as its
	 * first field.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const field = apiOf(credentials) === 'v2' ? 'clientKey' : 'api_token';
		if (Buffer.isBuffer(requestOptions.body)) return { ...requestOptions, body: withFirstField(requestOptions.body, field, credentials.apiToken) };
		const body = typeof requestOptions.body === 'object' && requestOptions.body !== null ? requestOptions.body : {};
		return { ...requestOptions, body: { ...body, [field]: credentials.apiToken } };
	}

	// getBalance on either API; each envelope has its own refusal, and neither field appears in the other's answers.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.api === "v1" ? $credentials.baseUrl : $credentials.v2BaseUrl}}',
			url: '/getBalance',
			method: 'POST',
			body: {},
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: true, message: 'Invalid api token.' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'errorId', value: 1, message: 'The service refused the key (errorId 1).' },
			},
		],
	};
}

/** The API a credential speaks: v1 only when it says so; data without the field gets the default, v2, as in n8n. */
export function apiOf(credentials: ICredentialDataDecryptedObject): 'v1' | 'v2' {
	return credentials.api === 'v1' ? 'v1' : 'v2';
}

/** A JSON object's text with `"name":value` put first, before its other fields (none in `{}`). */
function withFirstField(json: Buffer, name: string, value: unknown): Buffer {
	const open = skipWhitespace(json, 0);
	if (json[open] !== OPEN_BRACE) throw new TypeError('The request body is not a JSON object');
	const empty = json[skipWhitespace(json, open + 1)] === CLOSE_BRACE;
	const field = Buffer.from(`${JSON.stringify(name)}:${JSON.stringify(value ?? '')}${empty ? '' : ','}`);
	return Buffer.concat([json.subarray(0, open + 1), field, json.subarray(open + 1)]);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** Space, tab, line feed, carriage return: JSON's whitespace. */
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function skipWhitespace(json: Buffer, from: number): number {
	let index = from;
	while (index < json.length && JSON_WHITESPACE.has(json[index])) index += 1;
	return index;
}
