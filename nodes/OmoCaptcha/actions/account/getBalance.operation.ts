import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../pipeline/items';
import { createClient } from '../pipeline/requests';

export const option = { name: 'Get Balance', value: 'getBalance', action: 'Get the account balance', description: 'Returns the balance of the account' };

export const description: INodeProperties[] = [];

/** One look per input item: the balance as a number, and as the service wrote it; v2 adds quantity and voucherBalance. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await createClient(this);
	const signal = this.getExecutionCancelSignal();
	return await mapItems(this, async () => ({ ...(await client.getBalance(signal)) }));
}
