import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { captchaLabel, findCaptchaTypeById } from '../../catalog/captchaTypes';
import { rawResultText } from '../../catalog/parsers';
import { readJobAnswer } from '../../transport/batch';
import { JobPoller } from '../../transport/poller';
import { captchaTypeProperty, OTHER_CAPTCHA_TYPE } from '../captchaInputs';
import { itemFieldError, mapItems } from '../items';
import { readSolveOptions } from '../options';
import { createClient } from '../requests';

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
			type: 'number',
			default: 0,
			required: true,
			description: 'The ID that Job → Create returned',
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

	const lookUp = async (itemIndex: number): Promise<IDataObject> => {
		const given = this.getNodeParameter('jobId', itemIndex);
		const jobId = typeof given === 'string' && /^\s*\d+\s*$/.test(given) ? Number(given) : given;
		if (typeof jobId !== 'number' || !Number.isSafeInteger(jobId) || jobId <= 0) {
			throw itemFieldError(this.getNode(), itemIndex, 'Job ID', `${quote(given)} is not a job ID (a positive whole number)`);
		}
		const type = findCaptchaTypeById(this.getNodeParameter('captchaType', itemIndex, ''));
		const typeJobId = type ? String(type.typeJobId) : 'not given';

		let result: unknown;
		if (this.getNodeParameter('waitUntilDone', itemIndex, true) as boolean) {
			result = await poller.waitForResult({ jobId, typeJobId }, { pollNow: true });
		} else {
			const state = await client.getJobResult(jobId, signal);
			if (state.status !== 'success') return { jobId, status: state.status };
			result = state.result;
		}
		const parse = (raw: unknown) => (type ? type.parseResult(raw, { images: [], imageSizes: [], params: {} }) : {});
		const answer = readJobAnswer(parse, result, { jobId, typeJobId });
		return { ...answer, jobId, status: 'success', raw: rawResultText(result) };
	};

	return await mapItems(this, lookUp, (itemIndex) => {
		const type = findCaptchaTypeById(this.getNodeParameter('captchaType', itemIndex, ''));
		return type ? { captchaLabel: captchaLabel(type), typeJobId: String(type.typeJobId) } : {};
	});
}

/** What the user typed, quoted as typed: "abc", 12.5, an empty value. */
function quote(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'an empty value';
	return typeof value === 'string' ? `"${value}"` : String(value);
}
