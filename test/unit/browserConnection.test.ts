/**
 * The Browser Connection credential as stored data becomes what every DevTools request carries:
 * the secret as a query parameter or a header (with its scheme), extra headers, the default URL;
 * and the item's Browser URL wins over that default.
 */
import { NodeHelpers, type ICredentialDataDecryptedObject, type INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BrowserConnectionApi, browserSecretOf } from '../../credentials/BrowserConnectionApi.credentials';
import { itemEndpoint } from '../../nodes/OmoCaptcha/actions/page/browserEndpoint';

const credential = new BrowserConnectionApi();
/** Stored data with the type's defaults filled in, as n8n's applyDefaultsAndOverwrites does. */
const loaded = (stored: INodeParameters) =>
	NodeHelpers.getNodeParameters(credential.properties, stored, true, false, null, null) as ICredentialDataDecryptedObject;

describe('Browser Connection credential', () => {
	it('sends the secret as ?token= by default, Browserless\'s form', () => {
		expect(browserSecretOf(loaded({ secret: ' T0K ' }))).toEqual({ endpoint: '', query: { token: 'T0K' }, headers: {} });
		expect(browserSecretOf(loaded({ secret: 'K', queryName: 'apiKey', endpoint: 'wss://connect.steel.dev' }))).toEqual({
			endpoint: 'wss://connect.steel.dev',
			query: { apiKey: 'K' },
			headers: {},
		});
	});

	it('sends it as a header with its scheme (Airtop\'s Authorization: Bearer), or alone when the scheme is empty, next to extra headers', () => {
		expect(browserSecretOf(loaded({ placement: 'header', secret: 'KEY' })).headers).toEqual({ Authorization: 'Bearer KEY' });
		expect(
			browserSecretOf(loaded({ placement: 'header', headerName: 'x-api-key', headerScheme: '', secret: 'KEY', extraHeaders: { values: [{ name: 'x-team', value: 'blue' }, { name: ' ', value: 'skipped' }] } })),
		).toEqual({ endpoint: '', query: {}, headers: { 'x-team': 'blue', 'x-api-key': 'KEY' } });
	});

	it('sends nothing for an empty secret, and marks the secret and header values as passwords', () => {
		expect(browserSecretOf(loaded({}))).toEqual({ endpoint: '', query: {}, headers: {} });
		expect(credential.properties.find((property) => property.name === 'secret')?.typeOptions).toEqual({ password: true });
		const header = credential.properties.find((property) => property.name === 'extraHeaders')!;
		expect(JSON.stringify(header.options)).toContain('"typeOptions":{"password":true}');
	});

	it('combines with the item\'s Browser URL, which wins over the default one', () => {
		const data = loaded({ secret: 'T', endpoint: 'ws://localhost:3000' });
		expect(itemEndpoint('', data)).toEqual({ url: 'ws://localhost:3000', query: { token: 'T' } });
		expect(itemEndpoint('wss://session.example/x', data)).toEqual({ url: 'wss://session.example/x', query: { token: 'T' } });
		expect(itemEndpoint('http://127.0.0.1:9222', undefined)).toEqual({ url: 'http://127.0.0.1:9222' });
	});
});
