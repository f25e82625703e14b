import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { captchaLabel } from '../catalog/captchaTypes';
import type { CaptchaInput, CaptchaType } from '../catalog/types';
import { readImageSize } from '../images/imageInfo';
import type { JobData } from '../transport/client';
import { imageParameterName, type ImageSource } from './description';
import { readImage } from './imageSources';

/**
 * What one input item asks the service to do. `prepare` reads the item's parameters and images
 * only when the batch gives it an upload slot, and returns the createJob data plus the parser
 * for its result (which keeps the image sizes, not the images).
 */
export interface ItemJob {
	typeJobId: string;
	/** "TikTok: Rotate (Web)", for messages. */
	label: string;
	prepare(): Promise<PreparedJob>;
}

export interface PreparedJob {
	data: JobData;
	parseResult(raw: unknown): IDataObject;
}

/** An item whose parameters could not even be read: it fails alone, when its turn comes. */
export function failedItemJob(error: unknown): ItemJob {
	return { typeJobId: '', label: '', prepare: async () => await Promise.reject(error) };
}

/** A job of a catalog type: its images and fields, built and parsed by its catalog entry. */
export function catalogItemJob(context: IExecuteFunctions, type: CaptchaType, itemIndex: number, maxImageBytes: number): ItemJob {
	return {
		typeJobId: String(type.typeJobId),
		label: captchaLabel(type),
		async prepare() {
			const params = readFields(context, type.fields, itemIndex);
			const source = imageSourceOf(context, itemIndex);
			const images = await Promise.all(
				type.images.map(async (image) => {
					const value = String(context.getNodeParameter(imageParameterName(image.name, source), itemIndex, ''));
					return await readImage(context, itemIndex, source, value, image.displayName, maxImageBytes);
				}),
			);
			const input: CaptchaInput = {
				images: images.map((bytes) => bytes.toString('base64')),
				imageSizes: images.map(readImageSize),
				params,
			};
			const data = { type_job_id: String(type.typeJobId), ...type.buildData(input) };
			// The parser needs the sizes, not the images: let the base64 go once it is sent.
			const parseInput: CaptchaInput = { images: [], imageSizes: input.imageSizes, params };
			return { data, parseResult: (raw) => type.parseResult(raw, parseInput) };
		},
	};
}

/** A job of any type ID with free-form data fields and images joined by `|`: the raw result only. */
export function anyTypeItemJob(context: IExecuteFunctions, itemIndex: number, maxImageBytes: number): ItemJob {
	const typeJobId = String(context.getNodeParameter('typeJobId', itemIndex, '')).trim();
	return {
		typeJobId,
		label: `Type ${typeJobId}`,
		async prepare() {
			const fail = (field: string, problem: string) =>
				new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "${field}": ${problem}`, { itemIndex });
			if (!/^\d+$/.test(typeJobId) || Number(typeJobId) <= 0) {
				throw fail('Type Name or ID', `"${typeJobId}" is not a job type ID (a positive whole number)`);
			}
			const fields = (context.getNodeParameter('dataFields.field', itemIndex, []) as IDataObject[]) ?? [];
			const data: JobData = { type_job_id: typeJobId };
			for (const field of fields) {
				const name = String(field.name ?? '').trim();
				if (!name) throw fail('Data Fields', 'a field has no name');
				if (name === 'type_job_id') throw fail('Data Fields', 'type_job_id is set by Type Name or ID');
				data[name] = field.value;
			}
			const imageValues = (context.getNodeParameter('images.image', itemIndex, []) as IDataObject[]) ?? [];
			const source = imageSourceOf(context, itemIndex);
			const images = await Promise.all(
				imageValues.map(async (image, position) =>
					await readImage(context, itemIndex, source, String(image.value ?? ''), `Images ${position + 1}`, maxImageBytes),
				),
			);
			if (images.length > 0) data.image_base64 = images.map((bytes) => bytes.toString('base64')).join('|');
			return { data, parseResult: () => ({}) };
		},
	};
}

function imageSourceOf(context: IExecuteFunctions, itemIndex: number): ImageSource {
	return context.getNodeParameter('imageSource', itemIndex, 'binary') as ImageSource;
}

/** The type's own fields, checked: a required number must be positive, a required text non-empty. */
function readFields(context: IExecuteFunctions, fields: INodeProperties[], itemIndex: number): IDataObject {
	const values: IDataObject = {};
	for (const field of fields) {
		const value = context.getNodeParameter(field.name, itemIndex, field.default) as IDataObject[string];
		const fail = (problem: string) =>
			new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "${field.displayName}": ${problem}, got ${JSON.stringify(value)}`, { itemIndex });
		if (field.type === 'number') {
			const number = Number(value);
			if (value === '' || value === null || !Number.isFinite(number) || number < 0) throw fail('must be a number of 0 or more');
			if (field.required && number <= 0) throw fail('must be a positive number');
		} else if (field.required && String(value ?? '').trim() === '') {
			throw fail('is required');
		}
		values[field.name] = value;
	}
	return values;
}
