import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { anyTypeInputs } from '../pipeline/captchaInputs';
import { runItemBatch } from '../pipeline/itemBatch';
import { anyTypeItemJob } from '../pipeline/itemJobs';

export const option = {
	name: 'Solve Any Type',
	value: 'solve',
	action: 'Solve a job of any type',
	description: 'Creates a job of any type (v1 type ID, v2 task type) with free-form fields and waits for its raw result',
};

export const description: INodeProperties[] = anyTypeInputs({ resource: ['job'], operation: ['solve'] });

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runItemBatch(this, (itemIndex, maxImageBytes, api) => anyTypeItemJob(this, itemIndex, maxImageBytes, api), 'solve');
}
