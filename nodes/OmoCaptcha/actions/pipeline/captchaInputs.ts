import type { INodeProperties } from 'n8n-workflow';

import { apiIds, captchaLabel, captchaTypeKey, captchaTypes } from '../../catalog/captchaTypes';
import type { CaptchaImage, CaptchaType } from '../../catalog/types';

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

/** One image parameter per source: a binary property name, base64 text or a URL (several, for a list). */
function imageProperties(image: CaptchaImage, show: Show): INodeProperties[] {
	const forSource = (source: ImageSource): Show => ({ ...show, imageSource: [source] });
	const { defaultBinaryProperty } = image;
	const required = !image.optional;
	const several = image.list
		? { binary: 'names of the binary properties that hold them, separated by commas', base64: ', as base64 texts separated by commas', url: ': addresses to download them from, one per line' }
		: { binary: "name of the input item's binary property that holds it", base64: ', as base64 text', url: ': address to download it from' };
	return [
		{
			displayName: `${image.displayName} (Binary Field${image.list ? 's' : ''})`,
			name: image.name,
			type: 'string',
			default: defaultBinaryProperty,
			required,
			displayOptions: { show: forSource('binary') },
			description: `${image.description}: ${several.binary}`,
		},
		{
			displayName: `${image.displayName} (Base64)`,
			name: imageParameterName(image.name, 'base64'),
			type: 'string',
			default: '',
			required,
			displayOptions: { show: forSource('base64') },
			description: `${image.description}${several.base64}`,
		},
		{
			displayName: `${image.displayName} URL${image.list ? 's' : ''}`,
			name: imageParameterName(image.name, 'url'),
			type: 'string',
			default: '',
			required,
			placeholder: 'https://example.com/captcha.png',
			...(image.list ? { typeOptions: { rows: 3 } } : {}),
			displayOptions: { show: forSource('url') },
			description: `${image.description}${several.url}`,
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
			// [v1 type ID / v2 task type]; the value stays the v1 ID where there is one, as saved workflows hold it.
			...captchaTypes.map((type) => ({
				name: `${captchaLabel(type)} [${apiIds(type)}]`,
				value: captchaTypeKey(type),
			})),
			{ name: 'Other (Any Type)', value: OTHER_CAPTCHA_TYPE },
		].sort(byName),
		default: byDefault,
		description,
	};
}

/** Inputs of a job of any type (v1 type ID, v2 task type): Job → Solve Any Type, and Job → Create with "Other". */
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
				'The service to use, listed live (v1: type IDs, v2: task types such as ImageToTextTask). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Data Fields',
			name: 'dataFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show },
			description: 'Fields sent besides the type and the images, as the service documents them: v1 job data (text), v2 task fields (values that read as JSON, such as 340, true or [1,2], are sent as such)',
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
			description: 'The images, in this order: v1 joins them by | into image_base64; v2 puts each into its Task Field (several into one field make an array)',
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
						{
							displayName: 'Task Field (V2)',
							name: 'field',
							type: 'string',
							default: 'imageBase64',
							placeholder: 'imageBase64s',
							description: 'V2 only: the task field this image goes into (imageBase64, imageBase64s, anchor, queries ...)',
						},
					],
				},
			],
		},
	];
}
