import type { INodeProperties } from 'n8n-workflow';

import { captchaLabel, captchaTypes } from '../catalog/captchaTypes';
import type { CaptchaImage, CaptchaType } from '../catalog/types';

/**
 * The inputs a captcha type needs, generated from its catalog entry: where to find each image
 * and the type's own fields. The same generator serves a type's own operation and Job → Create,
 * so one table feeds both.
 */

export type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

export type ImageSource = 'binary' | 'base64' | 'url';

/** Job → Create / Get Result value of the Captcha Type dropdown for a job type outside the catalog. */
export const OTHER_CAPTCHA_TYPE = 'other';

export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

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

/** A catalog type's image and field parameters, shown where `show` says. */
export function captchaTypeInputs(type: CaptchaType, show: Show): INodeProperties[] {
	return [
		...(type.images.length > 0 ? [imageSourceProperty(show)] : []),
		...type.images.flatMap((image) => imageProperties(image, show)),
		...type.fields.map((field) => ({ ...field, displayOptions: { show } })),
	];
}

/** Job → Create and Get Result: which captcha the job is, to build or parse it like its operation does. */
export function captchaTypeProperty(operation: string, description: string, byDefault: string): INodeProperties {
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

/** Inputs of a job of any type ID: Job → Solve Any Type, and Job → Create with "Other". */
export function anyTypeInputs(show: Show): INodeProperties[] {
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
