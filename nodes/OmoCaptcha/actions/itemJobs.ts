import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { captchaLabel } from '../catalog/captchaTypes';
import type { CaptchaInput, CaptchaType } from '../catalog/types';
import { readImageSize } from '../images/imageInfo';
import type { PreparedTask } from '../transport/batch';
import type { JobData } from '../transport/client';
import { imageParameterName, type ImageSource } from './captchaInputs';
import { readImage } from './imageSources';
import { itemFieldError } from './items';

/**
 * What one input item asks the service to do. Building it reads and checks the item's
 * parameters, so a bad item is known before any job is created. `checkImages` reads the images
 * once to check them (without keeping them); `prepare` reads them again only when the batch gives
 * the item an upload slot, and returns the createJob data plus how to read the job's result.
 */
export interface ItemJob {
	typeJobId: string;
	/** "TikTok: Rotate (Web)", for messages. */
	label: string;
	checkImages(): Promise<void>;
	prepare(): Promise<PreparedTask<IDataObject>>;
}

/** One image the item points at, and how to read it. */
interface ImageReference {
	source: ImageSource;
	value: string;
	fieldName: string;
}

/** A job of a catalog type: its images and fields, built and parsed by its catalog entry. */
export function catalogItemJob(context: IExecuteFunctions, type: CaptchaType, itemIndex: number, maxImageBytes: number): ItemJob {
	const params = readFields(context, type.fields, itemIndex);
	const source = imageSourceOf(context, itemIndex);
	const images: ImageReference[] = type.images.map((image) => ({
		source,
		value: String(context.getNodeParameter(imageParameterName(image.name, source), itemIndex, '')),
		fieldName: image.displayName,
	}));
	const read = (image: ImageReference) => readImage(context, itemIndex, image.source, image.value, image.fieldName, maxImageBytes);
	return {
		typeJobId: String(type.typeJobId),
		label: captchaLabel(type),
		checkImages: async () => await checkImages(images, read),
		async prepare() {
			const bytes = await Promise.all(images.map(read));
			const input: CaptchaInput = {
				images: bytes.map((image) => image.toString('base64')),
				imageSizes: bytes.map(readImageSize),
				params,
			};
			const data = { type_job_id: String(type.typeJobId), ...type.buildData(input) };
			// The parser needs the sizes, not the images: let the base64 go once it is sent.
			const parseInput: CaptchaInput = { images: [], imageSizes: input.imageSizes, params };
			return { data, readResult: (raw) => type.parseResult(raw, parseInput) };
		},
	};
}

/** A job of any type ID with free-form data fields and images joined by `|`: the raw result only. */
export function anyTypeItemJob(context: IExecuteFunctions, itemIndex: number, maxImageBytes: number): ItemJob {
	const typeJobId = String(context.getNodeParameter('typeJobId', itemIndex, '')).trim();
	const fail = (field: string, problem: string) => itemFieldError(context.getNode(), itemIndex, field, problem);
	if (!/^\d+$/.test(typeJobId) || Number(typeJobId) <= 0) {
		throw fail('Type Name or ID', `"${typeJobId}" is not a job type ID (a positive whole number)`);
	}
	const data: JobData = { type_job_id: typeJobId };
	const fields = (context.getNodeParameter('dataFields.field', itemIndex, []) as IDataObject[]) ?? [];
	for (const field of fields) {
		const name = String(field.name ?? '').trim();
		if (!name) throw fail('Data Fields', 'a field has no name');
		if (name === 'type_job_id') throw fail('Data Fields', 'type_job_id is set by Type Name or ID');
		data[name] = field.value;
	}
	const source = imageSourceOf(context, itemIndex);
	const imageValues = (context.getNodeParameter('images.image', itemIndex, []) as IDataObject[]) ?? [];
	const images: ImageReference[] = imageValues.map((image, position) => ({
		source,
		value: String(image.value ?? ''),
		fieldName: `Images ${position + 1}`,
	}));
	const read = (image: ImageReference) => readImage(context, itemIndex, image.source, image.value, image.fieldName, maxImageBytes);
	return {
		typeJobId,
		label: `Type ${typeJobId}`,
		checkImages: async () => await checkImages(images, read),
		async prepare() {
			const bytes = await Promise.all(images.map(read));
			const withImages = bytes.length > 0 ? { ...data, image_base64: bytes.map((image) => image.toString('base64')).join('|') } : data;
			return { data: withImages, readResult: () => ({}) };
		},
	};
}

/**
 * Reads and checks each image that is already at hand (binary or base64), one at a time, keeping
 * none. A URL is not fetched twice: it is checked when it is downloaded for its upload.
 */
async function checkImages(images: ImageReference[], read: (image: ImageReference) => Promise<Buffer>): Promise<void> {
	for (const image of images) {
		if (image.source !== 'url') await read(image);
	}
}

function imageSourceOf(context: IExecuteFunctions, itemIndex: number): ImageSource {
	return context.getNodeParameter('imageSource', itemIndex, 'binary') as ImageSource;
}

/** The type's own fields, checked: a required number must be positive, a required text non-empty. */
function readFields(context: IExecuteFunctions, fields: INodeProperties[], itemIndex: number): IDataObject {
	const values: IDataObject = {};
	for (const field of fields) {
		const value = context.getNodeParameter(field.name, itemIndex, field.default) as IDataObject[string];
		const fail = (problem: string) => itemFieldError(context.getNode(), itemIndex, field.displayName, `${problem}, got ${JSON.stringify(value)}`);
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
