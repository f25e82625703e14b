import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operationProperty';
import * as getBalance from './getBalance.operation';
import * as listServices from './listServices.operation';

export const operations = { getBalance, listServices };

export const description: INodeProperties[] = [
	operationProperty('account', [getBalance.option, listServices.option]),
	...getBalance.description,
	...listServices.description,
];
