import type { INodeProperties } from 'n8n-workflow';

import { captchaLabel, captchaResources, captchaTypes } from '../catalog/captchaTypes';
import * as account from './account';
import * as solveCaptcha from './captcha/solveCaptcha.operation';
import { byName } from './pipeline/captchaInputs';
import * as job from './job';
import * as page from './page';
import { solveOptionsProperty } from './pipeline/options';

/**
 * The node's parameters: the Resource dropdown, then each resource's Operation dropdown and each
 * operation module's own parameters, then the Options every solving operation shares.
 */

const fixedResources = [
	{ value: 'account', name: 'Account' },
	{ value: 'job', name: 'Job' },
	{ value: 'page', name: 'Page' },
];

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [...captchaResources, ...fixedResources].map(({ name, value }) => ({ name, value })).sort(byName),
		default: 'tiktok',
	},
	...account.description,
	...job.description,
	...page.description,
	...solveCaptcha.description,
	solveOptionsProperty([...captchaResources.map((resource) => resource.value), 'job']),
];

/** "resource:operation" → what the user picked, as the dropdowns show it ("TikTok: Slider (Web)"). */
const operationLabels: Record<string, string> = Object.fromEntries([
	...captchaTypes.map((type) => [`${type.resource}:${type.operation}`, captchaLabel(type)]),
	...Object.entries({ account: account.operations, job: job.operations, page: page.operations }).flatMap(([resource, operations]) => {
		const resourceName = fixedResources.find((entry) => entry.value === resource)?.name ?? resource;
		return Object.values(operations).map(({ option }) => [`${resource}:${option.value}`, `${resourceName}: ${option.name}`]);
	}),
]);

/** The node's subtitle: n8n evaluates it over the parameters, so it looks the label up in a plain map. */
export const operationSubtitle = `={{ ${JSON.stringify(operationLabels)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
