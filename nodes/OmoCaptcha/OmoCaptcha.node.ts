import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { nodeProperties, operationSubtitle } from './actions/nodeProperties';
import { browserConnectionTest } from './actions/page/browserEndpoint';
import { createClient } from './actions/pipeline/requests';
import { router } from './actions/router';

export class OmoCaptcha implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmoCaptcha',
		name: 'omoCaptcha',
		icon: { light: 'file:omoCaptcha.svg', dark: 'file:omoCaptcha.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle,
		description: 'Solve Shopee, TikTok and other captchas with OmoCaptcha',
		defaults: { name: 'OmoCaptcha' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'omoCaptchaApi', required: true },
			{
				name: 'browserConnectionApi',
				required: true,
				testedBy: 'browserConnectionTest',
				// Only the auth parameter: n8n's editor takes every parameter named here for an auth
				// field and moves it out of the parameter list (Resource and Operation would vanish).
				// Browser Authentication itself shows on Page → Solve Captcha on Page only.
				displayOptions: { show: { browserAuthentication: ['browserConnectionApi'] } },
			},
		],
		properties: nodeProperties,
	};

	methods = {
		credentialTest: { browserConnectionTest },
		loadOptions: {
			/** Job → Solve Any Type: the live service list (v1: type IDs, v2: task types). */
			async getServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await createClient(this);
				const services = await client.getServices();
				return services
					.map((service) => ({
						name: `${service.name} [${service.id}]${service.active ? '' : ' (inactive)'}`,
						value: String(service.id),
						description: `${service.price} per job, ${service.avgSuccessPercent ?? '?'}% solved, about ${service.avgTimeSeconds ?? '?'} s`,
					}))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	/** Every resource and operation runs through the router, which rejects what it does not know. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
