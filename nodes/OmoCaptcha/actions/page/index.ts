import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operationProperty';
import * as solveOnPage from './solveOnPage.operation';

export const operations = { solveOnPage };

export const description: INodeProperties[] = [operationProperty('page', [solveOnPage.option]), ...solveOnPage.description];
