import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../pipeline/items';
import { createClient } from '../pipeline/requests';

export const option = {
	name: 'List Packages',
	value: 'listPackages',
	action: 'List the solve packages',
	description: 'Returns the packages the service sells, with their price per 1000 solves',
};

export const description: INodeProperties[] = [];

/** One item per package, for each input item: the service's keyless package list (old host, on either API). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await createClient(this);
	const signal = this.getExecutionCancelSignal();
	return await mapItems(this, async () => (await client.getPackages(signal)).map((entry) => ({ ...entry })));
}
