import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { captchaLabel, captchaResources, captchaTypes } from '../catalog/captchaTypes';
import type { CaptchaImage, CaptchaType } from '../catalog/types';
import * as solveOnPage from './page/solveOnPage.operation';

/**
 * The node's parameters, generated from the catalog: a resource dropdown, an operation dropdown
 * per resource, and each captcha type's images and fields shown for its operation. Job → Create
 * offers the same inputs behind a Captcha Type dropdown, so one table feeds both.
 */

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

/** Job → Create / Get Result value of the Captcha Type dropdown for a job type outside the catalog. */
export const OTHER_CAPTCHA_TYPE = 'other';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		...captchaResources,
		{ value: 'account', name: 'Account' },
		{ value: 'job', name: 'Job' },
		{ value: 'page', name: 'Page' },
	]
		.map(({ name, value }) => ({ name, value }))
		.sort(byName),
	default: 'tiktok',
};

function operationProperty(resource: string, options: INodePropertyOptions[]): INodeProperties {
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

const captchaOperations = captchaResources.map(({ value: resource }) =>
	operationProperty(
		resource,
		captchaTypes
			.filter((type) => type.resource === resource)
			.map((type) => ({ name: type.name, value: type.operation, action: type.action, description: type.description })),
	),
);

const accountOperations = operationProperty('account', [
	{ name: 'Get Balance', value: 'getBalance', action: 'Get the account balance', description: 'Returns the balance of the account' },
	{ name: 'List Services', value: 'listServices', action: 'List the captcha services', description: 'Returns every captcha service with its price, success rate and solve time' },
]);

const pageOperations = operationProperty('page', [solveOnPage.option]);

const jobOperations = operationProperty('job', [
	{ name: 'Solve Any Type', value: 'solve', action: 'Solve a job of any type', description: 'Creates a job of any type ID with free-form fields and waits for its raw result' },
	{ name: 'Create', value: 'create', action: 'Create a job without waiting', description: 'Creates a job and returns its ID at once, to fetch the result later' },
	{ name: 'Get Result', value: 'getResult', action: 'Get the result of a job', description: 'Looks up a job once, or waits until it is done' },
]);

/** Job → Create and Get Result: which captcha the job is, to build or parse it like its operation does. */
function captchaTypeProperty(operation: string, description: string, byDefault: string): INodeProperties {
	return {
		displayName: 'Captcha Type',
		name: 'captchaType',
		type: 'options',
		displayOptions: { show: { resource: ['job'], operation: [operation] } },
		options: [
			...captchaTypes.map((type) => ({
				name: `${captchaLabel(type)} [${type.typeJobId}]`,
				value: String(type.typeJobId),
			})),
			{ name: 'Other (Any Type ID)', value: OTHER_CAPTCHA_TYPE },
		].sort(byName),
		default: byDefault,
		description,
	};
}

/** Where each type's inputs are shown: on its own operation, and on Job → Create when picked there. */
function placesOf(type: CaptchaType): Show[] {
	return [
		{ resource: [type.resource], operation: [type.operation] },
		{ resource: ['job'], operation: ['create'], captchaType: [String(type.typeJobId)] },
	];
}

export type ImageSource = 'binary' | 'base64' | 'url';

function imageSourceProperty(show: Show): INodeProperties {
	return {
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Binary Property', value: 'binary', description: 'Images are binary data of the input item (from an HTTP Request, Read File or browser node)' },
			{ name: 'Base64 Text', value: 'base64', description: 'Images are base64 text, with or without a data:image/…;base64, prefix' },
			{ name: 'URL', value: 'url', description: 'Images are downloaded from an address' },
		],
		default: 'binary',
	};
}

/**
 * Each source has its own parameter (`maskImage`, `maskImageBase64`, `maskImageUrl`), so a value
 * typed for one source is never read as another when the user switches Image Source.
 */
export function imageParameterName(imageName: string, source: ImageSource): string {
	if (source === 'base64') return `${imageName}Base64`;
	if (source === 'url') return `${imageName}Url`;
	return imageName;
}

/** One image parameter per source: a binary property name, base64 text or a URL. */
function imageProperties(image: CaptchaImage, show: Show): INodeProperties[] {
	const forSource = (source: ImageSource): Show => ({ ...show, imageSource: [source] });
	const { defaultBinaryProperty } = image;
	return [
		{
			displayName: `${image.displayName} (Binary Field)`,
			name: image.name,
			type: 'string',
			default: defaultBinaryProperty,
			required: true,
			displayOptions: { show: forSource('binary') },
			description: `${image.description}: name of the input item's binary property that holds it`,
		},
		{
			displayName: `${image.displayName} (Base64)`,
			name: imageParameterName(image.name, 'base64'),
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: forSource('base64') },
			description: `${image.description}, as base64 text`,
		},
		{
			displayName: `${image.displayName} URL`,
			name: imageParameterName(image.name, 'url'),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/captcha.png',
			displayOptions: { show: forSource('url') },
			description: `${image.description}: address to download it from`,
		},
	];
}

function captchaTypeInputs(type: CaptchaType): INodeProperties[] {
	return placesOf(type).flatMap((show) => [
		...(type.images.length > 0 ? [imageSourceProperty(show)] : []),
		...type.images.flatMap((image) => imageProperties(image, show)),
		...type.fields.map((field) => ({ ...field, displayOptions: { show } })),
	]);
}

/** Inputs of a job of any type ID: Job → Solve Any Type, and Job → Create with "Other". */
const anyTypeShows: Show[] = [
	{ resource: ['job'], operation: ['solve'] },
	{ resource: ['job'], operation: ['create'], captchaType: [OTHER_CAPTCHA_TYPE] },
];

function anyTypeInputs(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Type Name or ID',
			name: 'typeJobId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getServices' },
			default: '',
			required: true,
			displayOptions: { show },
			description:
				'The service to use, listed live from your account. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Data Fields',
			name: 'dataFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show },
			description: 'Fields sent in the job data besides type_job_id and image_base64, as the service documents them',
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'website_url' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		imageSourceProperty(show),
		{
			displayName: 'Images',
			name: 'images',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Image',
			default: {},
			displayOptions: { show },
			description: 'Images sent as image_base64, joined by | in this order',
			options: [
				{
					displayName: 'Image',
					name: 'image',
					values: [
						{
							displayName: 'Image',
							name: 'value',
							type: 'string',
							default: '',
							description: 'A binary property name, base64 text or a URL, as Image Source says',
						},
					],
				},
			],
		},
	];
}

const getResultInputs: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { resource: ['job'], operation: ['getResult'] } },
		description: 'The ID that Job → Create returned',
	},
	{
		displayName: 'Wait Until Done',
		name: 'waitUntilDone',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: ['job'], operation: ['getResult'] } },
		description: 'Whether to keep polling until the job succeeds or fails, rather than look once',
	},
];

const SOLVING_OPERATIONS: Show = {
	resource: [...captchaResources.map((resource) => resource.value), 'job'],
};

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: SOLVING_OPERATIONS },
	options: [
		{
			displayName: 'Max Image Size (MB)',
			name: 'maxImageSizeMb',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0.01 },
			displayOptions: { hide: { '/resource': ['recaptcha', 'hcaptcha'], '/operation': ['getResult'] } },
			description: 'Largest image accepted, per image',
		},
		{
			displayName: 'Max Jobs in Flight',
			name: 'maxJobsInFlight',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			displayOptions: { hide: { '/operation': ['getResult'] } },
			description: 'How many jobs may be unfinished at once, for accounts the service limits (0 = no limit)',
		},
		{
			displayName: 'Max Parallel Uploads',
			name: 'maxParallelUploads',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1 },
			displayOptions: { hide: { '/operation': ['getResult'] } },
			description: 'How many items may be uploading their images at once; each holds its images in memory',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: 2,
			typeOptions: { minValue: 1 },
			displayOptions: { hide: { '/operation': ['create'] } },
			description: 'Time between two result checks of a job; the service asks for 2 seconds',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: 120,
			typeOptions: { minValue: 1 },
			displayOptions: { hide: { '/operation': ['create'] } },
			description: 'How long to wait for a job before giving up on it',
		},
	],
};

export const nodeProperties: INodeProperties[] = [
	resourceProperty,
	accountOperations,
	jobOperations,
	...captchaOperations,
	captchaTypeProperty('create', 'Which captcha the job solves; its inputs appear below', '26'),
	...getResultInputs,
	captchaTypeProperty('getResult', 'Which captcha the job solves, to parse its result like its own operation does; Other gives the raw result only', OTHER_CAPTCHA_TYPE),
	...captchaTypes.flatMap(captchaTypeInputs),
	...anyTypeShows.flatMap(anyTypeInputs),
	optionsProperty,
	pageOperations,
	...solveOnPage.description,
];
