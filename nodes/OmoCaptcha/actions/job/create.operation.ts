import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { captchaTypeKey, captchaTypes, findCaptchaTypeByKey } from '../../catalog/captchaTypes';
import { anyTypeInputs, captchaTypeInputs, captchaTypeProperty, OTHER_CAPTCHA_TYPE } from '../pipeline/captchaInputs';
import { runItemBatch } from '../pipeline/itemBatch';
import { anyTypeItemJob, catalogItemJob } from '../pipeline/itemJobs';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a job without waiting',
	description: 'Creates a job and returns its ID at once, to fetch the result later',
};

const here = { resource: ['job'], operation: ['create'] };

/** The Captcha Type dropdown, then the picked type's own inputs (or free-form ones for Other). */
export const description: INodeProperties[] = [
	captchaTypeProperty('create', 'Which captcha the job solves; its inputs appear below', '26'),
	...captchaTypes.flatMap((type) => captchaTypeInputs(type, { ...here, captchaType: [captchaTypeKey(type)] })),
	...anyTypeInputs({ ...here, captchaType: [OTHER_CAPTCHA_TYPE] }),
];

/** Creates one job per item, of a catalog kind or any type, and returns the job ids (v2: task ids) without waiting. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runItemBatch(
		this,
		(itemIndex, maxImageBytes, api) => {
			const type = findCaptchaTypeByKey(this.getNodeParameter('captchaType', itemIndex));
			return type ? catalogItemJob(this, type, itemIndex, maxImageBytes, api) : anyTypeItemJob(this, itemIndex, maxImageBytes, api);
		},
		'createOnly',
	);
}
