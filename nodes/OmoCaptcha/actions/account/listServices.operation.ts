import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../pipeline/items';
import { createClient } from '../pipeline/requests';

export const option = {
	name: 'List Services',
	value: 'listServices',
	action: 'List the captcha services',
	description: 'Returns every captcha service with its price, success rate and solve time',
};

export const description: INodeProperties[] = [];

/** One output item per service, for each input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await createClient(this);
	const signal = this.getExecutionCancelSignal();
	return await mapItems(this, async () => (await client.getServices(signal)).map((service) => ({ ...service })));
}
