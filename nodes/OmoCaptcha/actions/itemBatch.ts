import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { rawResultText } from '../catalog/parsers';
import { solveBatch, type BatchTask } from '../transport/batch';
import { OmoCaptchaError } from '../transport/errors';
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
	buildJob: (itemIndex: number, maxImageBytes: number) => ItemJob,
	mode: ItemBatchMode,
): Promise<INodeExecutionData[]> {
	const options = readSolveOptions(context);
	const built: BuiltJob[] = context.getInputData().map((_, itemIndex) => {
		try {
			return { job: buildJob(itemIndex, options.maxImageBytes) };
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
	const client = await createClient(context);
	const signal = context.getExecutionCancelSignal();
	let outcomes;
	try {
		outcomes = await solveBatch(client, tasks, { ...options, signal, waitForResults: mode === 'solve' });
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
		const ids = { jobId, typeJobId: Number(job?.typeJobId) };
		if (mode === 'createOnly') return { itemIndex, json: { ...ids, status: 'created' } };
		return { itemIndex, json: { ...answer, ...ids, raw: rawResultText(result), elapsedMs } };
	});
	return toOutputItems(context, results);
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
