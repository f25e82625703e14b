import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { captchaLabel, formOf } from '../../catalog/captchaTypes';
import { InvalidInputError } from '../../catalog/parsers';
import type { CaptchaImage, CaptchaInput, CaptchaType } from '../../catalog/types';
import { readImageSize } from '../../images/imageInfo';
import type { PreparedTask } from '../../transport/batch';
import type { ApiFlavour, JobData } from '../../transport/client';
import { JsonImages } from '../../transport/jsonWithImages';
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
	/** v1 type_job_id or v2 task type. */
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

/**
 * A job of a catalog kind, built and parsed by its entry's form for the credential's API (v1:
 * createJob data, v2: createTask task). A kind that API does not offer fails its item with a
 * message naming the API that does.
 */
export function catalogItemJob(context: IExecuteFunctions, type: CaptchaType, itemIndex: number, maxImageBytes: number, api: ApiFlavour): ItemJob {
	const form = formOf(type, api);
	if ('unavailable' in form) throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${form.unavailable}`, { itemIndex });
	const params = readFields(context, type.fields, itemIndex);
	const source = imageSourceOf(context, itemIndex);
	const references = type.images.map((image) => imageReferences(context, image, itemIndex, source));
	const read = (image: ImageReference) => readImage(context, itemIndex, image.source, image.value, image.fieldName, maxImageBytes);
	const typeJobId = 'v1' in form ? String(form.v1.typeJobId) : form.v2.taskType;

	/** The images read and checked, one after another in their order (a check names the first bad one). */
	const readImages = async (): Promise<Buffer[][]> => {
		const bytes: Buffer[][] = [];
		for (const list of references) {
			const row: Buffer[] = [];
			for (const image of list) row.push(await read(image));
			bytes.push(row);
		}
		return bytes;
	};
	/** What the kind's builder gets: each image as `textOf` makes it, with its size. */
	const inputOf = (bytes: Buffer[][], textOf: (image: Buffer) => string): CaptchaInput => ({
		images: bytes.map((list) => list.map(textOf)),
		imageSizes: bytes.map((list) => list.map(readImageSize)),
		params,
	});
	/**
	 * How the job's result is read, made apart from `prepare`: the parser needs the images' sizes,
	 * and a closure made inside `prepare` would keep its images alive while the job is polled.
	 */
	const resultReader = (imageSizes: CaptchaInput['imageSizes']) => {
		const parseInput: CaptchaInput = { images: [], imageSizes, params };
		return 'v1' in form ? (raw: unknown) => form.v1.parseResult(raw, parseInput) : (raw: unknown) => form.v2.parseSolution(raw, parseInput);
	};
	const build = (input: CaptchaInput): JobData => {
		try {
			return 'v1' in form ? { type_job_id: typeJobId, ...form.v1.buildData(input) } : { type: typeJobId, ...form.v2.buildTask(input) };
		} catch (error) {
			if (error instanceof InvalidInputError) throw itemFieldError(context.getNode(), itemIndex, error.field, error.problem);
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${(error as Error).message}`, { itemIndex });
		}
	};
	return {
		typeJobId,
		label: captchaLabel(type),
		async checkImages() {
			const all = references.flat();
			if (all.some((image) => image.source === 'url')) return await checkImages(all, read);
			// With every image at hand, each is read and checked once and the task is built from
			// them: a rule it breaks (a missing question, a wrong image size) shows before any job is
			// paid for. Each image is an empty string there: the rules look at how many images there
			// are and their sizes, and nothing is encoded before the upload.
			build(inputOf(await readImages(), () => ''));
		},
		async prepare() {
			// The data holds stand-ins (v1 joins them with |); the base64 goes into the body as it is sent.
			const images = new JsonImages();
			const input = inputOf(await readImages(), (image) => images.add(image));
			return { data: build(input), images, readResult: resultReader(input.imageSizes) };
		},
	};
}

/** The images of one image input: one, none for an empty optional one, or a list of the counts the service takes. */
function imageReferences(context: IExecuteFunctions, image: CaptchaImage, itemIndex: number, source: ImageSource): ImageReference[] {
	const raw = context.getNodeParameter(imageParameterName(image.name, source), itemIndex, '') as unknown;
	if (!image.list) {
		const value = String(raw ?? '');
		return image.optional && value.trim() === '' ? [] : [{ source, value, fieldName: image.displayName }];
	}
	const values = splitList(raw, source);
	if (!image.list.counts.includes(values.length)) {
		const counts = image.list.counts.join(' or ').replace(/^0 or 1 or 2 or 3$/, 'up to 3');
		throw itemFieldError(context.getNode(), itemIndex, image.displayName, `needs ${counts} images, got ${values.length}`);
	}
	return values.map((value, position) => ({ source, value, fieldName: values.length > 1 ? `${image.displayName} ${position + 1}` : image.displayName }));
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
	const fail = (field: string, problem: string) => itemFieldError(context.getNode(), itemIndex, field, problem);
	if (api === 'v1' && (!/^\d+$/.test(typeJobId) || Number(typeJobId) <= 0)) {
		throw fail('Type Name or ID', `"${typeJobId}" is not a job type ID (a positive whole number); task type names are for the v2 API`);
	}
	if (api === 'v2' && !/^[A-Za-z][A-Za-z0-9]*$/.test(typeJobId)) {
		throw fail('Type Name or ID', `"${typeJobId}" is not a task type name such as ImageToTextTask`);
	}
	const typeField = api === 'v2' ? 'type' : 'type_job_id';
	const data: JobData = api === 'v2' ? { type: typeJobId } : { type_job_id: typeJobId };
	const fields = (context.getNodeParameter('dataFields.field', itemIndex, []) as IDataObject[]) ?? [];
	for (const field of fields) {
		const name = String(field.name ?? '').trim();
		if (!name) throw fail('Data Fields', 'a field has no name');
		if (name === typeField) throw fail('Data Fields', `${typeField} is set by Type Name or ID`);
		data[name] = api === 'v2' ? jsonOrText(field.value) : field.value;
	}
	const source = imageSourceOf(context, itemIndex);
	const imageValues = (context.getNodeParameter('images.image', itemIndex, []) as IDataObject[]) ?? [];
	const images: ImageReference[] = imageValues.map((image, position) => ({
		source,
		value: String(image.value ?? ''),
		fieldName: `Images ${position + 1}`,
	}));
	const taskFields = imageValues.map((image) => String(image.field ?? '').trim() || 'imageBase64');
	if (api === 'v2' && taskFields.includes('type')) throw fail('Images', 'type is set by Type Name or ID');
	const read = (image: ImageReference) => readImage(context, itemIndex, image.source, image.value, image.fieldName, maxImageBytes);
	return {
		typeJobId,
		label: api === 'v2' ? `Task ${typeJobId}` : `Type ${typeJobId}`,
		checkImages: async () => await checkImages(images, read),
		async prepare() {
			const bytes = await Promise.all(images.map(read));
			const body = new JsonImages();
			const standIns = bytes.map((image) => body.add(image));
			if (api === 'v1') {
				const withImages = standIns.length > 0 ? { ...data, image_base64: standIns.join('|') } : data;
				return { data: withImages, images: body, readResult: rawResult };
			}
			const byField = new Map<string, string[]>();
			standIns.forEach((standIn, position) => byField.set(taskFields[position], [...(byField.get(taskFields[position]) ?? []), standIn]));
			const task: JobData = { ...data };
			for (const [field, list] of byField) task[field] = list.length === 1 && !V2_IMAGE_ARRAY_FIELDS.has(field) ? list[0] : list;
			return { data: task, images: body, readResult: rawResult };
		},
	};
}

/**
 * The reader of a job whose raw result is its answer. Made once, outside any `prepare`: a closure
 * made there would keep the job's images alive while it is polled.
 */
const rawResult = () => ({});

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
