import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { captchaTypes } from '../catalog/captchaTypes';
import { rawResultText } from '../catalog/parsers';
import { OmoCaptchaError } from '../transport/errors';
import { JobPoller } from '../transport/poller';
import { OTHER_CAPTCHA_TYPE } from './description';
import { captchaLabel } from './itemJobs';
import { createClient, jobIdOf, readSolveOptions, toNodeError } from './requests';
import { parseJobResult } from './runJobs';

/**
 * Job → Get Result: looks each job up once, and with Wait Until Done keeps the still-running
 * ones in one poll loop until they finish. Results are parsed as the chosen captcha type
 * (without page scaling: the images are not at hand here).
 */
export async function getJobResults(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	const signal = context.getExecutionCancelSignal();
	const client = await createClient(context);
	const poller = new JobPoller(client, { ...options, signal });

	const lookUp = async (itemIndex: number): Promise<IDataObject> => {
		const jobId = Number(context.getNodeParameter('jobId', itemIndex));
		if (!Number.isSafeInteger(jobId) || jobId <= 0) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}, field "Job ID": ${JSON.stringify(jobId)} is not a job ID`, { itemIndex });
		}
		const typeValue = String(context.getNodeParameter('captchaType', itemIndex, OTHER_CAPTCHA_TYPE));
		const type = captchaTypes.find((entry) => String(entry.typeJobId) === typeValue);
		const typeJobId = type ? String(type.typeJobId) : 'unknown';
		const wait = context.getNodeParameter('waitUntilDone', itemIndex, true) as boolean;

		let state = await client.getJobResult(jobId, signal);
		if (wait && state.status === 'running') {
			state = { status: 'success', result: await poller.waitForResult({ jobId, typeJobId }) };
		}
		if (state.status === 'fail' && wait) {
			throw new OmoCaptchaError('jobFailed', `The service could not solve job ${jobId}`, { jobId, typeJobId });
		}
		const fields: IDataObject = { jobId, status: state.status };
		if (state.status !== 'success') return fields;
		const parse = (raw: unknown) => (type ? type.parseResult(raw, { images: [], imageSizes: [], params: {} }) : {});
		const answer = parseJobResult(parse, state.result, jobId, typeJobId);
		if (answer instanceof OmoCaptchaError) throw answer;
		return { ...answer, ...fields, raw: rawResultText(state.result) };
	};

	const items = context.getInputData();
	const outcomes = await Promise.allSettled(items.map(async (_, itemIndex) => await lookUp(itemIndex)));
	if (signal?.aborted) throw new NodeOperationError(context.getNode(), 'The execution was stopped');

	return outcomes.map((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (outcome.status === 'fulfilled') return { json: outcome.value, pairedItem };
		const typeValue = String(context.getNodeParameter('captchaType', itemIndex, OTHER_CAPTCHA_TYPE));
		const type = captchaTypes.find((entry) => String(entry.typeJobId) === typeValue);
		const nodeError = toNodeError(context, outcome.reason, itemIndex, type ? captchaLabel(type) : undefined);
		if (!context.continueOnFail()) throw nodeError;
		const jobId = jobIdOf(outcome.reason);
		return { json: { error: nodeError.message, ...(jobId !== undefined ? { jobId } : {}) }, pairedItem };
	});
}
