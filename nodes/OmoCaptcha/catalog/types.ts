import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ImageSize } from '../images/imageInfo';

/** One image input of a captcha kind, in the order the service expects the images. */
export interface CaptchaImage {
	/** Node parameter name; its value is a binary property name, base64 text or a URL. */
	name: string;
	displayName: string;
	/** The binary property this image is usually found in. */
	defaultBinaryProperty: string;
	description: string;
	/** May be left empty (the service takes it when the widget shows one). */
	optional?: boolean;
	/**
	 * Several images in one parameter (separated by commas or line breaks, or an array from an
	 * expression), with the counts the service accepts.
	 */
	list?: { counts: number[] };
}

/** What a captcha kind's builders and parsers get for one item. */
export interface CaptchaInput {
	/**
	 * The images of each CaptchaImage, in their order: one for a plain image, none for an empty
	 * optional one, several for a list. Each is the text that goes where its base64 belongs: the
	 * base64 itself, or a short stand-in that the transport replaces with it when the body is sent.
	 * Builders only place or join them.
	 */
	images: string[][];
	/** Intrinsic pixel size of each of those images, when its header carries one. */
	imageSizes: Array<Array<ImageSize | undefined>>;
	/** Values of the kind's own `fields`, by name. */
	params: IDataObject;
}

/** How a kind travels on the v1 job API. */
export interface V1Form {
	typeJobId: number;
	/** The createJob `data` fields besides `type_job_id` (several images joined by `|`). */
	buildData(input: CaptchaInput): IDataObject;
	/** The answer fields from the job's `result` string; throws UnexpectedResultError. */
	parseResult(raw: unknown, input: CaptchaInput): IDataObject;
}

/** How a kind travels on the v2 task API. */
export interface V2Form {
	taskType: string;
	/** The createTask `task` fields besides `type` (each image in its own field or array element). */
	buildTask(input: CaptchaInput): IDataObject;
	/** The answer fields from the task's `solution` object; throws UnexpectedResultError. */
	parseSolution(solution: unknown, input: CaptchaInput): IDataObject;
}

/**
 * One captcha kind: everything the node needs to offer it, send it on either API and read its
 * answer. The answer comes out in the same fields on both APIs.
 */
export interface CaptchaType {
	/** Resource (first dropdown) and operation (second dropdown) values. */
	resource: string;
	operation: string;
	/** Operation label, e.g. "Slider (Web)". */
	name: string;
	/** Operation action text shown in the node picker. */
	action: string;
	description: string;
	images: CaptchaImage[];
	/** The kind's own parameters, without displayOptions (the node adds them). */
	fields: INodeProperties[];
	/** Every answer field either API can give, with its meaning: units and index bases. */
	outputs: Record<string, string>;
	v1?: V1Form;
	v2?: V2Form;
}

export interface CaptchaResource {
	value: string;
	name: string;
}

/** One site's file of the catalog: its resource (first dropdown) and its kinds, in dropdown order. */
export interface CaptchaSite {
	resource: CaptchaResource;
	types: CaptchaType[];
}
