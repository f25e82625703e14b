import type { ICredentialDataDecryptedObject, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Where a browser service's DevTools secret goes (a query parameter such as `?token=…`, or a header
 * such as `Authorization: Bearer …`), extra headers, and an optional default endpoint. The page
 * operation sends them on every DevTools request: the HTTP discovery calls and the WebSocket
 * upgrade. The node tests it (OmoCaptcha's `browserConnectionTest`): a WebSocket cannot be
 * described as a declarative test request.
 */
export class BrowserConnectionApi implements ICredentialType {
	name = 'browserConnectionApi';

	displayName = 'Browser Connection API';

	icon: Icon = { light: 'file:browserConnection.svg', dark: 'file:browserConnection.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-omocaptcha#browsers';

	properties: INodeProperties[] = [
		{
			displayName: 'Default Browser URL',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'ws://localhost:3000',
			description:
				'Used when the node\'s Browser URL is empty: http(s)://host:port (asked at /json/version) or a ws(s):// URL. Leave empty when each run gets its own URL from an earlier node (Airtop, Steel, Browserbase). The secret below is added to whichever URL is used.',
		},
		{
			displayName: 'Send the Secret As',
			name: 'placement',
			type: 'options',
			default: 'query',
			options: [
				{ name: 'Query Parameter', value: 'query', description: 'Added to every URL, e.g. ?token=… (Browserless) or ?apiKey=… (Steel)' },
				{ name: 'Header', value: 'header', description: 'Sent with every request and the WebSocket upgrade, e.g. Authorization: Bearer … (Airtop)' },
			],
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryName',
			type: 'string',
			default: 'token',
			displayOptions: { show: { placement: ['query'] } },
			description: 'token for Browserless, apiKey for Steel',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			displayOptions: { show: { placement: ['header'] } },
		},
		{
			displayName: 'Header Scheme',
			name: 'headerScheme',
			type: 'string',
			default: 'Bearer',
			displayOptions: { show: { placement: ['header'] } },
			description: 'Written before the secret with a space (Authorization: Bearer <secret>); empty sends the secret alone',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The API key or token of the browser service. Never shown in outputs or errors.',
		},
		{
			displayName: 'Extra Headers',
			name: 'extraHeaders',
			type: 'fixedCollection',
			default: {},
			typeOptions: { multipleValues: true },
			placeholder: 'Add Header',
			description: 'More headers for every DevTools request and the WebSocket upgrade',
			options: [
				{
					displayName: 'Header',
					name: 'values',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
					],
				},
			],
		},
	];
}

/** What a Browser Connection credential adds to every DevTools request, and its default URL. */
export interface BrowserSecret {
	/** The default Browser URL ('' when none). */
	endpoint: string;
	query: Record<string, string>;
	headers: Record<string, string>;
}

/** Reads stored Browser Connection data (n8n has filled in the defaults). */
export function browserSecretOf(credentials: ICredentialDataDecryptedObject): BrowserSecret {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const secret = text(credentials.secret);
	const query: Record<string, string> = {};
	const headers: Record<string, string> = {};
	for (const { name, value } of ((credentials.extraHeaders as { values?: Array<{ name?: string; value?: string }> } | undefined)?.values ?? [])) {
		if (text(name)) headers[text(name)] = String(value ?? '');
	}
	if (secret && credentials.placement === 'header') {
		const scheme = text(credentials.headerScheme);
		headers[text(credentials.headerName) || 'Authorization'] = scheme ? `${scheme} ${secret}` : secret;
	} else if (secret) {
		query[text(credentials.queryName) || 'token'] = secret;
	}
	return { endpoint: text(credentials.endpoint), query, headers };
}
