import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ImageSize } from '../images/imageInfo';

/** One image the captcha type needs, in the order the service expects them joined by `|`. */
export interface CaptchaImage {
	/** Node parameter name; its value is a binary property name, base64 text or a URL. */
	name: string;
	displayName: string;
	/** The binary property this image is usually found in. */
	defaultBinaryProperty: string;
	description: string;
}

/** What a captcha type's builder and parser get for one item. */
export interface CaptchaInput {
	/** Base64 of each image, in the order of `CaptchaType.images`. */
	images: string[];
	/** Intrinsic pixel size of each image, when its header carries one. */
	imageSizes: Array<ImageSize | undefined>;
	/** Values of the type's own `fields`, by name. */
	params: IDataObject;
}

/** An OmoCaptcha job type: everything the node needs to offer it, send it and read its answer. */
export interface CaptchaType {
	typeJobId: number;
	/** Resource (first dropdown) and operation (second dropdown) values. */
	resource: string;
	operation: string;
	/** Operation label, e.g. "Slider (Web)". */
	name: string;
	/** Operation action text shown in the node picker. */
	action: string;
	description: string;
	images: CaptchaImage[];
	/** The type's own parameters, without displayOptions (the node adds them). */
	fields: INodeProperties[];
	/** The createJob `data` fields besides `type_job_id`. */
	buildData(input: CaptchaInput): IDataObject;
	/** The parsed answer fields from the job's `result`; throws UnexpectedResultError. */
	parseResult(raw: unknown, input: CaptchaInput): IDataObject;
}

export interface CaptchaResource {
	value: string;
	name: string;
}
