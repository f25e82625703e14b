import { describe, expect, it } from 'vitest';

import { OmoCaptchaApi } from '../../credentials/OmoCaptchaApi.credentials';
import { OmoCaptcha } from '../../nodes/OmoCaptcha/OmoCaptcha.node';
import { callLoadOptions } from '../helpers/n8n';
import { omoCaptchaNode } from '../helpers/omocaptcha';
import { useEmulator } from '../helpers/emulator';

describe('Job → Solve Any Type dropdown', () => {
	const emulator = useEmulator();

	it('is filled live from getService, with each service id as its value and inactive ones marked', async () => {
		const node = omoCaptchaNode({ resource: 'job', operation: 'solve' });
		const options = await callLoadOptions({
			nodeTypes: [OmoCaptcha],
			credentialTypes: [OmoCaptchaApi],
			credentials: { omoCaptchaApi: { data: { api: 'v1', apiToken: 'test-token', baseUrl: emulator.url } } },
			node,
			method: 'getServices',
		});

		expect(emulator.requests.map((request) => request.method)).toEqual(['getService']);
		const shopee = options.find((option) => option.value === '26')!;
		expect(shopee.name).toMatch(/\[26\]$/);
		expect(shopee.description).toMatch(/per job, \d+% solved, about \d+ s/);
		expect(options.some((option) => String(option.name).endsWith('(inactive)'))).toBe(true);
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
	});
});
