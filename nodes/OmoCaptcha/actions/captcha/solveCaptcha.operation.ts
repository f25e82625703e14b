import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { captchaResources, captchaTypes, findCaptchaType } from '../../catalog/captchaTypes';
import { captchaTypeInputs } from '../pipeline/captchaInputs';
import { runItemBatch } from '../pipeline/itemBatch';
import { catalogItemJob } from '../pipeline/itemJobs';
import { operationProperty } from '../operationProperty';

/**
 * Every captcha operation of the catalog (Shopee → Slider, TikTok → Rotate, …) is this one
 * module: the catalog entry picked by resource and operation says what to show, send and parse.
 */

/** An Operation dropdown per captcha resource, then each type's inputs on its own operation. */
export const description: INodeProperties[] = [
	...captchaResources.map(({ value: resource }) =>
		operationProperty(
			resource,
			captchaTypes
				.filter((type) => type.resource === resource)
				.map((type) => ({ name: type.name, value: type.operation, action: type.action, description: type.description })),
		),
	),
	...captchaTypes.flatMap((type) => captchaTypeInputs(type, { resource: [type.resource], operation: [type.operation] })),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const type = findCaptchaType(resource, operation);
	if (!type) throw new NodeOperationError(this.getNode(), `The catalog has no captcha type for "${resource}: ${operation}"`);
	return await runItemBatch(this, (itemIndex, maxImageBytes, api) => catalogItemJob(this, type, itemIndex, maxImageBytes, api), 'solve');
}
