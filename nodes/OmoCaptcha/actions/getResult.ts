import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { captchaLabel, findCaptchaTypeByKey, formOf } from '../catalog/captchaTypes';
import type { CaptchaType } from '../catalog/types';
import { OmoCaptchaError } from '../transport/errors';
import { JobPoller } from '../transport/poller';
import { createClient, errorItem, readSolveOptions } from './requests';
import { parseJobResult, untouchedAnswer } from './runJobs';
import type { JobId } from '../transport/client';

/**
 * Job → Get Result: looks each job up once, or with Wait Until Done polls it (at once, then
 * every interval, with the same retries and timeout as a solve) until it finishes. Results are
 * parsed as the chosen captcha type, without page scaling: the images are not at hand here.
 */
export async function getJobResults(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	const signal = context.getExecutionCancelSignal();
	const client = await createClient(context);
	const poller = new JobPoller(client, { ...options, signal });
	const items = context.getInputData();
	const types: Array<CaptchaType | undefined> = [];

	const typeIds: Array<string | undefined> = [];

	const lookUp = async (itemIndex: number): Promise<IDataObject> => {
		const given = context.getNodeParameter('jobId', itemIndex) as unknown;
		const text = String(given ?? '').trim();
		const fail = (problem: string) => new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "Job ID": ${problem}`, { itemIndex });
		// v1 job ids are positive whole numbers; v2 task ids are strings, passed on exactly as given.
		let jobId: JobId;
		if (client.api === 'v1') {
			jobId = /^\d+$/.test(text) ? Number(text) : Number.NaN;
			if (!Number.isSafeInteger(jobId) || jobId <= 0) throw fail(`${JSON.stringify(given)} is not a job ID (a positive whole number on the v1 API)`);
		} else {
			if (text === '') throw fail('no task ID given');
			jobId = text;
		}
		const type = findCaptchaTypeByKey(context.getNodeParameter('captchaType', itemIndex, ''));
		types[itemIndex] = type;
		const form = type ? formOf(type, client.api) : undefined;
		if (form && 'unavailable' in form) throw fail(form.unavailable);
		const typeJobId = form && 'v1' in form ? String(form.v1.typeJobId) : form && 'v2' in form ? form.v2.taskType : 'not given';
		typeIds[itemIndex] = form ? typeJobId : undefined;

		let result: unknown;
		if (context.getNodeParameter('waitUntilDone', itemIndex, true) as boolean) {
			result = await poller.waitForResult({ jobId, typeJobId }, { pollNow: true });
		} else {
			const state = await client.getJobResult(jobId, signal);
			if (state.status !== 'success') return { jobId, status: state.status };
			result = state.result;
		}
		const noImages = { images: [], imageSizes: [], params: {} };
		const parse = (raw: unknown): IDataObject =>
			!form || 'unavailable' in form ? {} : 'v1' in form ? form.v1.parseResult(raw, noImages) : form.v2.parseSolution(raw, noImages);
		const answer = parseJobResult(parse, result, jobId, typeJobId);
		if (answer instanceof OmoCaptchaError) throw answer;
		return { ...answer, jobId, status: 'success', ...untouchedAnswer(client.api, result) };
	};

	const outcomes = await Promise.allSettled(items.map(async (_, itemIndex) => await lookUp(itemIndex)));
	if (signal?.aborted) throw new NodeOperationError(context.getNode(), 'The execution was stopped');

	return outcomes.map((outcome, itemIndex) => {
		if (outcome.status === 'fulfilled') return { json: outcome.value, pairedItem: { item: itemIndex } };
		const type = types[itemIndex];
		return errorItem(context, outcome.reason, itemIndex, type && captchaLabel(type), typeIds[itemIndex]);
	});
}
