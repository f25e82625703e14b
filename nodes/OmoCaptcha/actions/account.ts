import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createClient, errorItem, toNodeError } from './requests';

/** Account → Get Balance, List Services and List Packages: one look per input item. */
export async function runAccountOperation(context: IExecuteFunctions, operation: string): Promise<INodeExecutionData[]> {
	const client = await createClient(context);
	const signal = context.getExecutionCancelSignal();
	const output: INodeExecutionData[] = [];
	const items = context.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			if (operation === 'getBalance') {
				// v2 adds the solves left in the package and the promotional balance.
				output.push({ json: { ...(await client.getBalance(signal)) }, pairedItem });
			} else if (operation === 'listPackages') {
				const packages = await client.getPackages(signal);
				output.push(...packages.map((entry) => ({ json: { ...entry }, pairedItem })));
			} else {
				const services = await client.getServices(signal);
				output.push(...services.map((service) => ({ json: { ...service }, pairedItem })));
			}
		} catch (error) {
			if (signal?.aborted) throw toNodeError(context, error, itemIndex);
			output.push(errorItem(context, error, itemIndex));
		}
	}
	return output;
}
