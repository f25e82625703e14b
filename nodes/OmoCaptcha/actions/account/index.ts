import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operationProperty';
import * as getBalance from './getBalance.operation';
import * as listPackages from './listPackages.operation';
import * as listServices from './listServices.operation';

export const operations = { getBalance, listServices, listPackages };

export const description: INodeProperties[] = [
	operationProperty('account', [getBalance.option, listServices.option, listPackages.option]),
	...getBalance.description,
	...listServices.description,
	...listPackages.description,
];
