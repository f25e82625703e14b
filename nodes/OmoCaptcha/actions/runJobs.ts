import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { rawResultText } from '../catalog/parsers';
import { solveBatch, type BatchTask } from '../transport/batch';
import type { ApiFlavour, JobId } from '../transport/client';
import { OmoCaptchaError } from '../transport/errors';
import { failedItemJob, type ItemJob, type PreparedJob } from './itemJobs';
import { createClient, errorItem, readSolveOptions } from './requests';

/**
 * Runs one job per input item, all in flight together, and turns the outcomes into output items
 * in input order. With `waitForResults` false the jobs are only created (Job → Create).
 * A failed item fails the node, or with Continue On Fail becomes an error item while the others
 * complete; a stopped execution always stops, never turning into error items.
 */
export async function runItemJobs(
	context: IExecuteFunctions,
	buildJob: (itemIndex: number, maxImageBytes: number, api: ApiFlavour) => ItemJob,
	waitForResults = true,
): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	const signal = context.getExecutionCancelSignal();
	const client = await createClient(context);
	const jobs = context.getInputData().map((_, itemIndex) => {
		try {
			return buildJob(itemIndex, options.maxImageBytes, client.api);
		} catch (error) {
			return failedItemJob(error);
		}
	});
	// Only the parsers are kept: each job's data (its base64 images) must be garbage once sent.
	const parsers: Array<PreparedJob['parseResult']> = [];

	const tasks: BatchTask[] = jobs.map((job, itemIndex) => ({
		typeJobId: job.typeJobId,
		prepare: async () => {
			const { data, parseResult } = await job.prepare();
			parsers[itemIndex] = parseResult;
			return data;
		},
	}));

	let outcomes;
	try {
		outcomes = await solveBatch(client, tasks, { ...options, signal, waitForResults });
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message);
	}

	return outcomes.map((outcome, itemIndex) => {
		const job = jobs[itemIndex];
		const pairedItem = { item: itemIndex };
		try {
			if (!outcome.ok) throw outcome.error;
			const { jobId, result, elapsedMs } = outcome.job;
			const base = jobFields(client.api, jobId, job.typeJobId);
			if (!waitForResults) return { json: { ...base, status: 'created' }, pairedItem };
			const answer = parseJobResult(parsers[itemIndex], result, jobId, job.typeJobId);
			if (answer instanceof OmoCaptchaError) throw answer;
			return { json: { ...answer, ...base, ...untouchedAnswer(client.api, result), elapsedMs }, pairedItem };
		} catch (error) {
			return errorItem(context, error, itemIndex, job.label, job.typeJobId);
		}
	});
}

/** Which job an output item is about: v1 `jobId` (number) and `typeJobId`; v2 `jobId` (the task id string, as received) and `taskType`. */
export function jobFields(api: ApiFlavour, jobId: JobId, typeJobId: string): IDataObject {
	if (api === 'v2') return { jobId, taskType: typeJobId };
	return { jobId, typeJobId: /^\d+$/.test(typeJobId) ? Number(typeJobId) : typeJobId };
}

/** The service's answer as it came: v1 `raw` (the result as text), v2 `solution` (the object). */
export function untouchedAnswer(api: ApiFlavour, result: unknown): IDataObject {
	if (api === 'v2') return { solution: (typeof result === 'object' && result !== null ? result : {}) as IDataObject };
	return { raw: rawResultText(result) };
}

/** The parsed answer, or the error to report: a result that does not parse fails its item, naming the job. */
export function parseJobResult(
	parse: (raw: unknown) => IDataObject,
	raw: unknown,
	jobId: JobId,
	typeJobId: string,
): IDataObject | OmoCaptchaError {
	try {
		return parse(raw);
	} catch (error) {
		return new OmoCaptchaError('jobFailed', `${(error as Error).message} (job ${jobId})`, { jobId, typeJobId });
	}
}
