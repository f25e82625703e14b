import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { captchaLabel, findCaptchaTypeByKey, formOf } from '../../catalog/captchaTypes';
import type { CaptchaType } from '../../catalog/types';
import { readJobAnswer } from '../../transport/batch';
import type { ApiFlavour, JobId } from '../../transport/client';
import { JobPoller } from '../../transport/poller';
import { captchaTypeProperty, OTHER_CAPTCHA_TYPE } from '../pipeline/captchaInputs';
import { untouchedAnswer } from '../pipeline/itemBatch';
import { itemFieldError, mapItems } from '../pipeline/items';
import { readSolveOptions } from '../pipeline/options';
import { createClient } from '../pipeline/requests';

export const option = {
	name: 'Get Result',
	value: 'getResult',
	action: 'Get the result of a job',
	description: 'Looks up a job once, or waits until it is done',
};

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: { resource: ['job'], operation: ['getResult'] } }, [
		{
			displayName: 'Job ID',
			name: 'jobId',
			type: 'string',
			default: '',
			required: true,
			description: 'The jobId that Job → Create returned: a number on v1, a task ID string on v2',
		},
		{
			displayName: 'Wait Until Done',
			name: 'waitUntilDone',
			type: 'boolean',
			default: true,
			description: 'Whether to keep polling until the job succeeds or fails, rather than look once',
		},
	]),
	captchaTypeProperty(
		'getResult',
		'Which captcha the job solves, to parse its result like its own operation does; Other gives the raw result only',
		OTHER_CAPTCHA_TYPE,
	),
];

/**
 * Looks each job up once, or with Wait Until Done polls it (at once, then every interval, with
 * the same retries and timeout as a solve) until it finishes. Results are parsed as the chosen
 * captcha type, without page scaling: the images are not at hand here.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(this);
	const signal = this.getExecutionCancelSignal();
	const client = await createClient(this);
	const poller = new JobPoller(client, { ...options, signal });

	/** The kind picked in Captcha Type and its form on this API; a kind the API lacks fails the item. */
	const formFor = (itemIndex: number): { type?: CaptchaType; typeJobId: string; parse: (raw: unknown) => IDataObject } => {
		const type = findCaptchaTypeByKey(this.getNodeParameter('captchaType', itemIndex, ''));
		if (!type) return { typeJobId: 'not given', parse: () => ({}) };
		const form = formOf(type, client.api);
		if ('unavailable' in form) throw itemFieldError(this.getNode(), itemIndex, 'Captcha Type', form.unavailable);
		const noImages = { images: [], imageSizes: [], params: {} };
		if ('v1' in form) return { type, typeJobId: String(form.v1.typeJobId), parse: (raw) => form.v1.parseResult(raw, noImages) };
		return { type, typeJobId: form.v2.taskType, parse: (raw) => form.v2.parseSolution(raw, noImages) };
	};

	const lookUp = async (itemIndex: number): Promise<IDataObject> => {
		const given = this.getNodeParameter('jobId', itemIndex);
		const jobId = jobIdOf(client.api, given);
		if (jobId === undefined) {
			const expected = client.api === 'v1' ? 'a job ID (a positive whole number)' : 'a task ID';
			throw itemFieldError(this.getNode(), itemIndex, 'Job ID', `${quote(given)} is not ${expected}`);
		}
		const { typeJobId, parse } = formFor(itemIndex);

		let result: unknown;
		if (this.getNodeParameter('waitUntilDone', itemIndex, true) as boolean) {
			result = await poller.waitForResult({ jobId, typeJobId }, { pollNow: true });
		} else {
			const state = await client.getJobResult(jobId, signal);
			if (state.status !== 'success') return { jobId, status: state.status };
			result = state.result;
		}
		const answer = readJobAnswer(parse, result, { jobId, typeJobId });
		return { ...answer, jobId, status: 'success', ...untouchedAnswer(client.api, result) };
	};

	return await mapItems(this, lookUp, (itemIndex) => {
		try {
			const { type, typeJobId } = formFor(itemIndex);
			return type ? { captchaLabel: captchaLabel(type), typeJobId } : {};
		} catch {
			return {};
		}
	});
}

/** v1: a positive whole number (typed or from an expression); v2: the task id string as given (trimmed). */
function jobIdOf(api: ApiFlavour, given: unknown): JobId | undefined {
	if (api === 'v2') return typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined;
	const jobId = typeof given === 'string' && /^\s*\d+\s*$/.test(given) ? Number(given) : given;
	return typeof jobId === 'number' && Number.isSafeInteger(jobId) && jobId > 0 ? jobId : undefined;
}

/** What the user typed, quoted as typed: "abc", 12.5, an empty value. */
function quote(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'an empty value';
	return typeof value === 'string' ? `"${value}"` : String(value);
}
