import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { captchaLabel, findCaptchaTypeById } from '../catalog/captchaTypes';
import { rawResultText } from '../catalog/parsers';
import type { CaptchaType } from '../catalog/types';
import { OmoCaptchaError } from '../transport/errors';
import { JobPoller } from '../transport/poller';
import { createClient, errorItem, readSolveOptions } from './requests';
import { parseJobResult } from './runJobs';

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

	const lookUp = async (itemIndex: number): Promise<IDataObject> => {
		const jobId = Number(context.getNodeParameter('jobId', itemIndex));
		if (!Number.isSafeInteger(jobId) || jobId <= 0) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "Job ID": ${JSON.stringify(jobId)} is not a job ID`, { itemIndex });
		}
		const type = findCaptchaTypeById(context.getNodeParameter('captchaType', itemIndex, ''));
		types[itemIndex] = type;
		const typeJobId = type ? String(type.typeJobId) : 'not given';

		let result: unknown;
		if (context.getNodeParameter('waitUntilDone', itemIndex, true) as boolean) {
			result = await poller.waitForResult({ jobId, typeJobId }, { pollNow: true });
		} else {
			const state = await client.getJobResult(jobId, signal);
			if (state.status !== 'success') return { jobId, status: state.status };
			result = state.result;
		}
		const parse = (raw: unknown) => (type ? type.parseResult(raw, { images: [], imageSizes: [], params: {} }) : {});
		const answer = parseJobResult(parse, result, jobId, typeJobId);
		if (answer instanceof OmoCaptchaError) throw answer;
		return { ...answer, jobId, status: 'success', raw: rawResultText(result) };
	};

	const outcomes = await Promise.allSettled(items.map(async (_, itemIndex) => await lookUp(itemIndex)));
	if (signal?.aborted) throw new NodeOperationError(context.getNode(), 'The execution was stopped');

	return outcomes.map((outcome, itemIndex) => {
		if (outcome.status === 'fulfilled') return { json: outcome.value, pairedItem: { item: itemIndex } };
		const type = types[itemIndex];
		return errorItem(context, outcome.reason, itemIndex, type && captchaLabel(type), type && String(type.typeJobId));
	});
}
