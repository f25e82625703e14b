import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { rawResultText } from '../../catalog/parsers';
import { solveBatch, type BatchTask } from '../../transport/batch';
import type { ApiFlavour, JobId } from '../../transport/client';
import { OmoCaptchaError } from '../../transport/errors';
import type { ItemJob } from './itemJobs';
import { toNodeError, toOutputItems, type ItemResult } from './items';
import { readSolveOptions } from './options';
import { createClient } from './requests';

/** `solve`: create each item's job and wait for its answer; `createOnly`: return the job ids at once. */
export type ItemBatchMode = 'solve' | 'createOnly';

type BuiltJob = { job: ItemJob } | { error: unknown };

/**
 * Runs one job per input item, all in flight together, and turns the outcomes into output items
 * in input order. Every item is built and checked before the first job is created: without
 * Continue On Fail one bad item fails the node before anything is paid for; with it, the bad item
 * becomes an error item and the others are solved. A stopped execution always fails the node.
 */
export async function runItemBatch(
	context: IExecuteFunctions,
	buildJob: (itemIndex: number, maxImageBytes: number, api: ApiFlavour) => ItemJob,
	mode: ItemBatchMode,
): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	// The credential's API decides how each item's job is built.
	const client = await createClient(context);
	const built: BuiltJob[] = context.getInputData().map((_, itemIndex) => {
		try {
			return { job: buildJob(itemIndex, options.maxImageBytes, client.api) };
		} catch (error) {
			return { error };
		}
	});
	if (!context.continueOnFail()) await failOnFirstBadItem(context, built);

	const tasks: Array<BatchTask<IDataObject>> = built.map((entry, itemIndex) =>
		'job' in entry
			? { typeJobId: entry.job.typeJobId, prepare: entry.job.prepare, name: `item ${itemIndex}` }
			: { typeJobId: '', prepare: async () => await Promise.reject(entry.error), name: `item ${itemIndex}` },
	);
	const signal = context.getExecutionCancelSignal();
	let outcomes;
	try {
		outcomes = await solveBatch(client, tasks, { ...options, signal, waitForResults: mode === 'solve', onJobCreated: logCreatedJob(context, tasks) });
	} catch (error) {
		// A stop names every job that may be paid for: the full list goes where n8n shows details.
		const description = error instanceof OmoCaptchaError ? error.description : undefined;
		throw new NodeOperationError(context.getNode(), (error as Error).message, description ? { description } : {});
	}

	const results = outcomes.map((outcome, itemIndex): ItemResult => {
		const entry = built[itemIndex];
		const job = 'job' in entry ? entry.job : undefined;
		if (!outcome.ok) return { itemIndex, error: outcome.error, captchaLabel: job?.label, typeJobId: job?.typeJobId };
		const { jobId, answer, result, elapsedMs } = outcome.job;
		const ids = jobFields(client.api, jobId, job?.typeJobId ?? '');
		if (mode === 'createOnly') return { itemIndex, json: { ...ids, status: 'created' } };
		return { itemIndex, json: { ...answer, ...ids, ...untouchedAnswer(client.api, result), elapsedMs } };
	});
	return toOutputItems(context, results);
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

/**
 * Logs each job id through n8n's logger as the service creates it. A worker that dies mid-batch
 * loses the batch (n8n does not rerun the execution); the log still names every paid job, so its
 * answer can be fetched with Job → Get Result.
 */
function logCreatedJob(context: IExecuteFunctions, tasks: Array<BatchTask<IDataObject>>): (jobId: JobId, itemIndex: number) => void {
	const workflowId = context.getWorkflow().id;
	const executionId = context.getExecutionId();
	const node = context.getNode().name;
	return (jobId, itemIndex) => {
		const typeJobId = tasks[itemIndex].typeJobId;
		context.logger.info(
			`OmoCaptcha job ${jobId} created (type ${typeJobId}, item ${itemIndex}, node "${node}", execution ${executionId}, workflow ${workflowId})`,
			{ omoCaptchaJobId: jobId, typeJobId, itemIndex, node, executionId, workflowId },
		);
	};
}

/** Throws the first item's error, in input order: its parameters, then its images at hand. */
async function failOnFirstBadItem(context: IExecuteFunctions, built: BuiltJob[]): Promise<void> {
	for (const [itemIndex, entry] of built.entries()) {
		if ('error' in entry) throw toNodeError(context.getNode(), entry.error, itemIndex);
		try {
			await entry.job.checkImages();
		} catch (error) {
			throw toNodeError(context.getNode(), error, itemIndex, entry.job.label);
		}
	}
}
