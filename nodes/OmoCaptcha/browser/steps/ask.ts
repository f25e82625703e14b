/** Asking OmoCaptcha: the kind's images and display size as a catalog job, its answer parsed by the catalog. */

import type { IDataObject } from 'n8n-workflow';

import { findCaptchaTypeByKey, formOf, type ApiName } from '../../catalog/captchaTypes';
import type { CaptchaInput } from '../../catalog/types';
import type { JobData, JobId } from '../../transport/client';
import type { CaptchaKindDefinition } from '../kinds';
import type { PageSnapshot } from '../pageScripts';
import { PageSolveError } from '../pageSolveError';
import type { CapturedImage } from './capture';

/** Creates one OmoCaptcha job (v1 createJob data or v2 createTask task) and waits for its result. */
export type SolveJob = (data: JobData, signal?: AbortSignal) => Promise<{ jobId: JobId; result: unknown }>;

/** The job's id and its answer: the catalog's fields, and the raw result. */
export async function askOmoCaptcha(
	{ api, solveJob, signal }: { api: ApiName; solveJob: SolveJob; signal?: AbortSignal },
	definition: CaptchaKindDefinition,
	images: CapturedImage[],
	snapshot: PageSnapshot,
): Promise<{ jobId: JobId; answer: IDataObject }> {
	const type = findCaptchaTypeByKey(definition.typeJobId)!;
	const form = formOf(type, api);
	if ('unavailable' in form) throw new PageSolveError(form.unavailable);
	const params = definition.jobParams(snapshot);
	// The catalog takes a list per image input (some kinds take several); each of these has one.
	const input: CaptchaInput = { images: images.map((image) => [image.base64]), imageSizes: images.map((image) => [image.size]), params };
	const data: JobData = 'v1' in form ? { type_job_id: String(form.v1.typeJobId), ...form.v1.buildData(input) } : { type: form.v2.taskType, ...form.v2.buildTask(input) };
	const { jobId, result } = await solveJob(data, signal);
	let answer: IDataObject | undefined;
	let problem = '';
	try {
		const parseInput: CaptchaInput = { images: [], imageSizes: input.imageSizes, params };
		answer = 'v1' in form ? form.v1.parseResult(result, parseInput) : form.v2.parseSolution(result, parseInput);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (!answer) throw new PageSolveError(`${problem} (job ${jobId})`);
	delete answer.dragPath;
	return { jobId, answer: { ...answer, raw: typeof result === 'string' ? result : JSON.stringify(result) } };
}
