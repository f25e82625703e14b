import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { anyTypeInputs } from '../captchaInputs';
import { runItemBatch } from '../itemBatch';
import { anyTypeItemJob } from '../itemJobs';

export const option = {
	name: 'Solve Any Type',
	value: 'solve',
	action: 'Solve a job of any type',
	description: 'Creates a job of any type ID with free-form fields and waits for its raw result',
};

export const description: INodeProperties[] = anyTypeInputs({ resource: ['job'], operation: ['solve'] });

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runItemBatch(this, (itemIndex, maxImageBytes) => anyTypeItemJob(this, itemIndex, maxImageBytes), 'solve');
}
