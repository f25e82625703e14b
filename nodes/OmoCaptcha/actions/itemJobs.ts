import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { captchaLabel, formOf } from '../catalog/captchaTypes';
import { InvalidInputError } from '../catalog/parsers';
import type { CaptchaImage, CaptchaInput, CaptchaType } from '../catalog/types';
import { readImageSize } from '../images/imageInfo';
import type { ApiFlavour, JobData } from '../transport/client';
import { imageParameterName, type ImageSource } from './description';
import { readImage } from './imageSources';

/**
 * What one input item asks the service to do. `prepare` reads the item's parameters and images
 * only when the batch gives it an upload slot, and returns the createJob data (v2: the createTask
 * task) plus the parser for its result (which keeps the image sizes, not the images).
 */
export interface ItemJob {
	/** v1 type_job_id or v2 task type. */
	typeJobId: string;
	/** "TikTok: Rotate (Web)", for messages. */
	label: string;
	prepare(): Promise<PreparedJob>;
}

export interface PreparedJob {
	data: JobData;
	/** From v1's `result` or v2's `solution` to the answer fields. */
	parseResult(raw: unknown): IDataObject;
}

/** An item whose parameters could not even be read: it fails alone, when its turn comes. */
export function failedItemJob(error: unknown, label = '', typeJobId = ''): ItemJob {
	return { typeJobId, label, prepare: async () => await Promise.reject(error) };
}

/**
 * A job of a catalog kind, built and parsed by its entry's form for the credential's API. A kind
 * that API does not offer fails its item with a message naming the API that does.
 */
export function catalogItemJob(context: IExecuteFunctions, type: CaptchaType, itemIndex: number, maxImageBytes: number, api: ApiFlavour): ItemJob {
	const label = captchaLabel(type);
	const form = formOf(type, api);
	if ('unavailable' in form) {
		return failedItemJob(new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${form.unavailable}`, { itemIndex }), label);
	}
	const typeJobId = 'v1' in form ? String(form.v1.typeJobId) : form.v2.taskType;
	return {
		typeJobId,
		label,
		async prepare() {
			const params = readFields(context, type.fields, itemIndex);
			const source = imageSourceOf(context, itemIndex);
			const images = await Promise.all(type.images.map(async (image) => await readImages(context, image, itemIndex, source, maxImageBytes)));
			const input: CaptchaInput = {
				images: images.map((list) => list.map((bytes) => bytes.toString('base64'))),
				imageSizes: images.map((list) => list.map(readImageSize)),
				params,
			};
			let data: JobData;
			try {
				data = 'v1' in form ? { type_job_id: typeJobId, ...form.v1.buildData(input) } : { type: typeJobId, ...form.v2.buildTask(input) };
			} catch (error) {
				const message = error instanceof InvalidInputError ? `Item ${itemIndex}, ${error.message}` : `Item ${itemIndex}: ${(error as Error).message}`;
				throw new NodeOperationError(context.getNode(), message, { itemIndex });
			}
			// The parser needs the sizes, not the images: let the base64 go once it is sent.
			const parseInput: CaptchaInput = { images: [], imageSizes: input.imageSizes, params };
			const parseResult = 'v1' in form ? (raw: unknown) => form.v1.parseResult(raw, parseInput) : (raw: unknown) => form.v2.parseSolution(raw, parseInput);
			return { data, parseResult };
		},
	};
}

/** The images of one image input: one, none for an empty optional one, or a checked list. */
async function readImages(context: IExecuteFunctions, image: CaptchaImage, itemIndex: number, source: ImageSource, maxImageBytes: number): Promise<Buffer[]> {
	const raw = context.getNodeParameter(imageParameterName(image.name, source), itemIndex, '') as unknown;
	const values = image.list ? splitList(raw, source) : String(raw ?? '').trim() === '' && image.optional ? [] : [String(raw ?? '')];
	if (image.list && !image.list.counts.includes(values.length)) {
		const counts = image.list.counts.join(' or ').replace(/^0 or 1 or 2 or 3$/, 'up to 3');
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "${image.displayName}": needs ${counts} images, got ${values.length}`, { itemIndex });
	}
	return await Promise.all(
		values.map(async (value, position) =>
			await readImage(context, itemIndex, source, value, values.length > 1 ? `${image.displayName} ${position + 1}` : image.displayName, maxImageBytes),
		),
	);
}

/**
 * Several images in one parameter: an array from an expression, or text separated by commas
 * (binary property names and base64; a data: URL keeps its own comma) or by line breaks (URLs,
 * whose commas are theirs).
 */
function splitList(raw: unknown, source: ImageSource): string[] {
	if (Array.isArray(raw)) return raw.map((entry) => String(entry ?? '').trim()).filter(Boolean);
	const text = String(raw ?? '').trim();
	if (!text) return [];
	if (source === 'url') return text.split(/\s+/).filter(Boolean);
	if (source === 'binary') return text.split(/[\s,]+/).filter(Boolean);
	const parts: string[] = [];
	for (const part of text.split(',')) {
		const previous = parts[parts.length - 1];
		if (previous !== undefined && /;base64$/i.test(previous.trim())) parts[parts.length - 1] = `${previous},${part}`;
		else parts.push(part);
	}
	return parts.map((part) => part.trim()).filter(Boolean);
}

/** Task fields that always carry a list of images on v2, even of one. */
const V2_IMAGE_ARRAY_FIELDS = new Set(['imageBase64s', 'anchorImageBase64s', 'anchors', 'queries']);

/**
 * A job of any type with free-form fields and images. v1: a type ID, `data` fields as text, the
 * images joined by `|` into image_base64. v2: a task type name, task fields whose values read as
 * JSON (numbers, true/false, arrays) are sent as such, each image into its own task field. The
 * raw result (v2: the solution) only.
 */
export function anyTypeItemJob(context: IExecuteFunctions, itemIndex: number, maxImageBytes: number, api: ApiFlavour): ItemJob {
	const typeJobId = String(context.getNodeParameter('typeJobId', itemIndex, '')).trim();
	return {
		typeJobId,
		label: api === 'v2' ? `Task ${typeJobId}` : `Type ${typeJobId}`,
		async prepare() {
			const fail = (field: string, problem: string) =>
				new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "${field}": ${problem}`, { itemIndex });
			if (api === 'v1' && (!/^\d+$/.test(typeJobId) || Number(typeJobId) <= 0)) {
				throw fail('Type Name or ID', `"${typeJobId}" is not a job type ID (a positive whole number); task type names are for the v2 API`);
			}
			if (api === 'v2' && !/^[A-Za-z][A-Za-z0-9]*$/.test(typeJobId)) {
				throw fail('Type Name or ID', `"${typeJobId}" is not a task type name such as ImageToTextTask`);
			}
			const typeField = api === 'v2' ? 'type' : 'type_job_id';
			const fields = (context.getNodeParameter('dataFields.field', itemIndex, []) as IDataObject[]) ?? [];
			const data: JobData = api === 'v2' ? { type: typeJobId } : { type_job_id: typeJobId };
			for (const field of fields) {
				const name = String(field.name ?? '').trim();
				if (!name) throw fail('Data Fields', 'a field has no name');
				if (name === typeField) throw fail('Data Fields', `${typeField} is set by Type Name or ID`);
				data[name] = api === 'v2' ? jsonOrText(field.value) : field.value;
			}
			const imageValues = (context.getNodeParameter('images.image', itemIndex, []) as IDataObject[]) ?? [];
			const source = imageSourceOf(context, itemIndex);
			const images = await Promise.all(
				imageValues.map(async (image, position) =>
					await readImage(context, itemIndex, source, String(image.value ?? ''), `Images ${position + 1}`, maxImageBytes),
				),
			);
			if (api === 'v1') {
				if (images.length > 0) data.image_base64 = images.map((bytes) => bytes.toString('base64')).join('|');
				return { data, parseResult: () => ({}) };
			}
			const byField = new Map<string, string[]>();
			imageValues.forEach((image, position) => {
				const field = String(image.field ?? '').trim() || 'imageBase64';
				byField.set(field, [...(byField.get(field) ?? []), images[position].toString('base64')]);
			});
			for (const [field, list] of byField) {
				if (field === 'type') throw fail('Images', 'type is set by Type Name or ID');
				data[field] = list.length === 1 && !V2_IMAGE_ARRAY_FIELDS.has(field) ? list[0] : list;
			}
			return { data, parseResult: () => ({}) };
		},
	};
}

/** "340" → 340, "true" → true, "[1,2]" → [1, 2]; anything else stays text. */
function jsonOrText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!/^(-?\d|true$|false$|null$|\[|\{)/.test(text)) return value;
	try {
		return JSON.parse(text);
	} catch {
		return value;
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
