import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { byName } from './pipeline/captchaInputs';

/** A resource's Operation dropdown, its options sorted by name, the first given as default. */
export function operationProperty(resource: string, options: INodePropertyOptions[]): INodeProperties {
	const firstOperation = options[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [...options].sort(byName),
		default: firstOperation,
	};
}
