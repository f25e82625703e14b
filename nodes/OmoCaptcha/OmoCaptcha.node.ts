import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { runAccountOperation } from './actions/account';
import { nodeProperties } from './actions/description';
import { getJobResults } from './actions/getResult';
import { anyTypeItemJob, catalogItemJob } from './actions/itemJobs';
import * as solveOnPage from './actions/page/solveOnPage.operation';
import { createClient } from './actions/requests';
import { runItemJobs } from './actions/runJobs';
import { findCaptchaType, findCaptchaTypeById } from './catalog/captchaTypes';

export class OmoCaptcha implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmoCaptcha',
		name: 'omoCaptcha',
		icon: { light: 'file:omoCaptcha.svg', dark: 'file:omoCaptcha.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Solve Shopee, TikTok and other captchas with OmoCaptcha',
		defaults: { name: 'OmoCaptcha' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'omoCaptchaApi', required: true }],
		properties: nodeProperties,
	};

	methods = {
		loadOptions: {
			/** Job → Solve Any Type: the account's live service list. */
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;

		if (resource === 'account') return [await runAccountOperation(this, operation)];
		if (resource === 'page' && operation === solveOnPage.option.value) return [await solveOnPage.execute.call(this)];
		if (resource === 'job') {
			if (operation === 'getResult') return [await getJobResults(this)];
			if (operation === 'solve') return [await runItemJobs(this, (i, maxBytes) => anyTypeItemJob(this, i, maxBytes))];
			// Job → Create: a catalog type, or any type ID, created without waiting.
			return [
				await runItemJobs(
					this,
					(itemIndex, maxBytes) => {
						const type = findCaptchaTypeById(this.getNodeParameter('captchaType', itemIndex));
						return type ? catalogItemJob(this, type, itemIndex, maxBytes) : anyTypeItemJob(this, itemIndex, maxBytes);
					},
					false,
				),
			];
		}

		const type = findCaptchaType(resource, operation);
		if (!type) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}" for resource "${resource}"`);
		return [await runItemJobs(this, (itemIndex, maxBytes) => catalogItemJob(this, type, itemIndex, maxBytes))];
	}
}
