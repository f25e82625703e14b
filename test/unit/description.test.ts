/**
 * The node's parameters are generated from the catalog; n8n's own display rules decide what the
 * editor shows. For every resource, operation, image source and Job → Create captcha type, the
 * shown parameters must be unambiguous and the defaults alone must pass n8n's issue check,
 * except for what the user truly has to fill in.
 */
import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeProperties, type INodeTypes } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { captchaTypeKey, captchaTypes } from '../../nodes/OmoCaptcha/catalog/captchaTypes';
import { OmoCaptcha } from '../../nodes/OmoCaptcha/OmoCaptcha.node';
import { omoCaptchaNode } from '../helpers/omocaptcha';

const description = new OmoCaptcha().description;
const properties = description.properties;

function optionsOf(name: string, values: INodeParameters): string[] {
	return properties
		.filter((property) => property.name === name && NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description))
		.flatMap((property) => (property.options ?? []).map((option) => String((option as { value: unknown }).value)));
}

/** Every combination a user can pick in the first dropdowns. */
function everySetting(): INodeParameters[] {
	const settings: INodeParameters[] = [];
	for (const resource of optionsOf('resource', {})) {
		for (const operation of optionsOf('operation', { resource })) {
			const captchaTypeChoices = optionsOf('captchaType', { resource, operation });
			for (const captchaType of captchaTypeChoices.length ? captchaTypeChoices : [undefined]) {
				const base = { resource, operation, ...(captchaType ? { captchaType } : {}) };
				const sources = optionsOf('imageSource', base);
				for (const imageSource of sources.length ? sources : [undefined]) {
					settings.push({ ...base, ...(imageSource ? { imageSource } : {}) });
				}
			}
		}
	}
	return settings;
}

const shown = (values: INodeParameters): INodeProperties[] =>
	properties.filter((property) => NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description));

describe('generated node parameters', () => {
	const settings = everySetting();

	it('reach every catalog type through its own operation and through Job → Create', () => {
		for (const type of captchaTypes) {
			expect(settings).toContainEqual(expect.objectContaining({ resource: type.resource, operation: type.operation }));
			expect(settings).toContainEqual(expect.objectContaining({ resource: 'job', operation: 'create', captchaType: captchaTypeKey(type) }));
		}
	});

	it('show the Shopee slider its own inputs, by source', () => {
		const names = (imageSource: string) => shown({ resource: 'shopee', operation: 'sliderWeb', imageSource }).map((property) => property.name);
		expect(names('binary')).toEqual(['resource', 'operation', 'imageSource', 'maskImage', 'backgroundImage', 'displayWidth', 'options']);
		expect(names('url')).toEqual(['resource', 'operation', 'imageSource', 'maskImageUrl', 'backgroundImageUrl', 'displayWidth', 'options']);
	});

	it('offer only the options that act on the operation', () => {
		const optionsFor = (values: INodeParameters) => {
			const collection = shown(values).find((property) => property.name === 'options');
			return (collection?.options as INodeProperties[] | undefined)
				?.filter((option) => NodeHelpers.displayParameter(values, option, { typeVersion: 1 }, description, values))
				.map((option) => option.name);
		};
		expect(optionsFor({ resource: 'tiktok', operation: 'rotateWeb' })).toEqual(['maxImageSizeMb', 'maxJobsInFlight', 'maxParallelUploads', 'pollInterval', 'timeout']);
		expect(optionsFor({ resource: 'tiktok', operation: 'rotateWeb', imageSource: 'url' })).toEqual([
			'downloadTimeout',
			'maxImageSizeMb',
			'maxJobsInFlight',
			'maxParallelUploads',
			'pollInterval',
			'timeout',
		]);
		expect(optionsFor({ resource: 'recaptcha', operation: 'v2' })).toEqual(['maxJobsInFlight', 'maxParallelUploads', 'pollInterval', 'timeout']);
		expect(optionsFor({ resource: 'job', operation: 'create', captchaType: '23' })).toEqual(['maxImageSizeMb', 'maxJobsInFlight', 'maxParallelUploads']);
		expect(optionsFor({ resource: 'job', operation: 'getResult' })).toEqual(['pollInterval', 'timeout']);
		expect(optionsFor({ resource: 'account', operation: 'getBalance' })).toBeUndefined();
	});

	it('never show two parameters with the same name at once', () => {
		for (const values of settings) {
			const names = shown(values).map((property) => property.name);
			expect(names, JSON.stringify(values)).toEqual([...new Set(names)]);
		}
	});

	it('show a captcha type the same inputs on its operation and on Job → Create', () => {
		for (const type of captchaTypes) {
			for (const imageSource of type.images.length ? ['binary', 'base64', 'url'] : [undefined]) {
				const inputsOf = (values: INodeParameters) =>
					shown({ ...values, ...(imageSource ? { imageSource } : {}) })
						.map((property) => property.name)
						.filter((name) => !['resource', 'operation', 'captchaType', 'options'].includes(name));
				expect(inputsOf({ resource: 'job', operation: 'create', captchaType: captchaTypeKey(type) })).toEqual(
					inputsOf({ resource: type.resource, operation: type.operation }),
				);
			}
		}
	});

	it('need nothing but the images, texts and job id a user must give, with binary images by default', () => {
		const mustFill = new Set<string>();
		for (const values of settings) {
			const parameters = NodeHelpers.getNodeParameters(properties, values, true, false, { typeVersion: 1 }, description)!;
			const node = { name: 'OmoCaptcha', typeVersion: 1, parameters } as unknown as INode;
			const issues = NodeHelpers.getNodeParametersIssues(properties, node, description)?.parameters ?? {};
			Object.keys(issues).forEach((name) => mustFill.add(name));
			if ((values.imageSource ?? 'binary') === 'binary' && values.operation !== 'solve') {
				// Binary property names have defaults: a binary-image operation runs as it is.
				expect(Object.keys(issues).filter((name) => !['websiteUrl', 'websiteKey', 'instruction', 'question', 'jobId', 'typeJobId', 'browserUrl'].includes(name)), JSON.stringify(values)).toEqual([]);
			}
		}
		expect([...mustFill].sort()).toEqual(
			expect.arrayContaining(['websiteKey', 'websiteUrl', 'instruction', 'innerImageUrl', 'maskImageBase64']),
		);
	});
});

describe('node subtitle', () => {
	// n8n evaluates the subtitle as an expression over the parameters; the map it indexes is plain JSON.
	const labels = JSON.parse(/^=\{\{ (\{.*\})\[/.exec(String(description.subtitle))![1]) as Record<string, string>;

	it('shows what the user picked as the dropdowns show it, for every resource and operation', () => {
		for (const resource of optionsOf('resource', {})) {
			for (const operation of optionsOf('operation', { resource })) {
				const label = labels[`${resource}:${operation}`];
				expect(label, `${resource}:${operation}`).toMatch(/^\S.*: \S/);
				expect(label).not.toContain(operation);
			}
		}
		expect(labels['tiktok:selectTwoWeb']).toBe('TikTok: Select Two Same Shapes (Web)');
		expect(labels['account:getBalance']).toBe('Account: Get Balance');
		expect(labels['job:solve']).toBe('Job: Solve Any Type');
	});

	it("evaluates, through n8n's own expression engine, to the picked resource and operation's label", () => {
		const node = omoCaptchaNode({ resource: 'tiktok', operation: 'selectTwoWeb' });
		const nodeTypes = {
			getByName: () => new OmoCaptcha(),
			getByNameAndVersion: () => new OmoCaptcha(),
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const workflow = new Workflow({ id: 'w1', nodes: [node], connections: {}, active: false, nodeTypes });
		expect(workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {})).toBe(
			'TikTok: Select Two Same Shapes (Web)',
		);
	});
});

describe('credentials', () => {
	/** The credentials n8n asks for with these parameter values (after its own defaults), as the editor and the run check do. */
	const asked = (values: INodeParameters) => {
		const full = NodeHelpers.getNodeParameters(properties, values, false, false, null, description) as INodeParameters;
		return (description.credentials ?? []).filter((credential) => NodeHelpers.displayParameter(full, credential, { typeVersion: 1 }, description)).map((credential) => credential.name);
	};

	it('ask for a Browser Connection only on Page → Solve Captcha on Page with Browser Authentication set to it', () => {
		expect(asked({ resource: 'page', operation: 'solveOnPage', browserAuthentication: 'browserConnectionApi' })).toEqual(['omoCaptchaApi', 'browserConnectionApi']);
		expect(asked({ resource: 'page', operation: 'solveOnPage' })).toEqual(['omoCaptchaApi']);
		expect(asked({ resource: 'shopee', operation: 'sliderWeb', browserAuthentication: 'browserConnectionApi' })).toEqual(['omoCaptchaApi']);
	});

	it('name no parameter but Browser Authentication in a credential\'s display rule (n8n\'s editor moves such parameters out of the list)', () => {
		const ruled = (description.credentials ?? []).flatMap((credential) => Object.keys(credential.displayOptions?.show ?? {}));
		expect(ruled).toEqual(['browserAuthentication']);
	});
});
