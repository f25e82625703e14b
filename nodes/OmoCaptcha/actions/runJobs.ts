import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { rawResultText } from '../catalog/parsers';
import { solveBatch, type BatchTask } from '../transport/batch';
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
	buildJob: (itemIndex: number, maxImageBytes: number) => ItemJob,
	waitForResults = true,
): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	const signal = context.getExecutionCancelSignal();
	const client = await createClient(context);
	const jobs = context.getInputData().map((_, itemIndex) => {
		try {
			return buildJob(itemIndex, options.maxImageBytes);
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
		outcomes = await solveBatch(client, tasks, { ...options, signal, waitForResults, onJobCreated: logCreatedJob(context, jobs) });
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message);
	}

	return outcomes.map((outcome, itemIndex) => {
		const job = jobs[itemIndex];
		const pairedItem = { item: itemIndex };
		try {
			if (!outcome.ok) throw outcome.error;
			const { jobId, result, elapsedMs } = outcome.job;
			const base = { jobId, typeJobId: Number(job.typeJobId) };
			if (!waitForResults) return { json: { ...base, status: 'created' }, pairedItem };
			const answer = parseJobResult(parsers[itemIndex], result, jobId, job.typeJobId);
			if (answer instanceof OmoCaptchaError) throw answer;
			return { json: { ...answer, ...base, raw: rawResultText(result), elapsedMs }, pairedItem };
		} catch (error) {
			return errorItem(context, error, itemIndex, job.label, job.typeJobId);
		}
	});
}

/**
 * Logs each job id through n8n's logger as the service creates it. A worker that dies mid-batch
 * loses the batch (n8n does not rerun the execution); the log still names every paid job, so its
 * answer can be fetched with Job → Get Result.
 */
function logCreatedJob(context: IExecuteFunctions, jobs: ItemJob[]): (jobId: number, itemIndex: number) => void {
	const workflowId = context.getWorkflow().id;
	const executionId = context.getExecutionId();
	const node = context.getNode().name;
	return (jobId, itemIndex) => {
		const typeJobId = jobs[itemIndex].typeJobId;
		context.logger.info(
			`OmoCaptcha job ${jobId} created (type ${typeJobId}, item ${itemIndex}, node "${node}", execution ${executionId}, workflow ${workflowId})`,
			{ omoCaptchaJobId: jobId, typeJobId, itemIndex, node, executionId, workflowId },
		);
	};
}

/** The parsed answer, or the error to report: a result that does not parse fails its item, naming the job. */
export function parseJobResult(
	parse: (raw: unknown) => IDataObject,
	raw: unknown,
	jobId: number,
	typeJobId: string,
): IDataObject | OmoCaptchaError {
	try {
		return parse(raw);
	} catch (error) {
		return new OmoCaptchaError('jobFailed', `${(error as Error).message} (job ${jobId})`, { jobId, typeJobId });
	}
}
