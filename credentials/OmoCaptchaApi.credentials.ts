import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class OmoCaptchaApi implements ICredentialType {
	name = 'omoCaptchaApi';

	displayName = 'OmoCaptcha API';

	icon: Icon = { light: 'file:../nodes/OmoCaptcha/omoCaptcha.svg', dark: 'file:../nodes/OmoCaptcha/omoCaptcha.dark.svg' };

	documentationUrl = 'https://docs.omocaptcha.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your account key, from the OmoCaptcha dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://omocaptcha.com/api',
			description: 'Where the API lives. Change it only to use a proxy or the OmoCaptcha emulator.',
		},
	];

	// The API's only authentication is the token inside the JSON body.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: { api_token: '={{$credentials.apiToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
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
		],
	};
}
