import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { findCaptchaType } from '../catalog/captchaTypes';
import * as account from './account';
import * as solveCaptcha from './captcha/solveCaptcha.operation';
import * as job from './job';
import * as page from './page';

/** What every operation module exports: its parameters, and how it runs over the input items. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/** The resources with hand-written operations; every other resource is a captcha resource of the catalog. */
const operationsByResource = {
	account: account.operations,
	job: job.operations,
	page: page.operations,
} satisfies Record<string, Record<string, OperationModule>>;

/** The module that runs `resource` → `operation`, or undefined for anything the node does not know. */
function findOperation(resource: string, operation: string): OperationModule | undefined {
	if (Object.hasOwn(operationsByResource, resource)) {
		const operations: Record<string, OperationModule> = operationsByResource[resource as keyof typeof operationsByResource];
		return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	}
	return findCaptchaType(resource, operation) ? solveCaptcha : undefined;
}

/** The node's execute: one operation for the whole input, chosen by the first item's resource and operation. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = findOperation(resource, operation);
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not known to this node`, {
			description: 'Update the community package, or pick the operation again in the node',
		});
	}
	return [await module.execute.call(this)];
}
