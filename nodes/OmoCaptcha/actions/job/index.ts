import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operationProperty';
import * as create from './create.operation';
import * as getResult from './getResult.operation';
import * as solveAnyType from './solveAnyType.operation';

export const operations = { solve: solveAnyType, create, getResult };

export const description: INodeProperties[] = [
	operationProperty('job', [solveAnyType.option, create.option, getResult.option]),
	...solveAnyType.description,
	...create.description,
	...getResult.description,
];
