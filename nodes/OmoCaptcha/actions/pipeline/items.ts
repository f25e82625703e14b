import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { OmoCaptchaError } from '../../transport/errors';

/**
 * The item pipeline's one error policy. Every operation turns each input item into an
 * ItemResult; `toOutputItems` alone decides what a failed item does: fail the node (the first
 * failed item, in input order), or with Continue On Fail become an error item while the others
 * complete.
 */
export type ItemResult =
	| { itemIndex: number; json: IDataObject | IDataObject[] }
	| ({ itemIndex: number; error: unknown } & ItemCaptcha);

/** The message every bad input shares: which item, which field, what is wrong. */
export function itemFieldError(node: INode, itemIndex: number, field: string, problem: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${problem}`, { itemIndex });
}

export function toOutputItems(context: IExecuteFunctions, results: ItemResult[]): INodeExecutionData[] {
	const continueOnFail = context.continueOnFail();
	return results.flatMap((result): INodeExecutionData[] => {
		const pairedItem = { item: result.itemIndex };
		if ('json' in result) {
			const outputs = Array.isArray(result.json) ? result.json : [result.json];
			return outputs.map((json) => ({ json, pairedItem }));
		}
		const nodeError = toNodeError(context.getNode(), result.error, result.itemIndex, result.captchaLabel);
		if (!continueOnFail) throw nodeError;
		const json: IDataObject = { error: nodeError.message };
		const { error, typeJobId } = result;
		if (error instanceof OmoCaptchaError && error.jobId !== undefined) json.jobId = error.jobId;
		// A v1 type ID as a number; a v2 task type by its name.
		if (typeJobId) {
			if (/^\d+$/.test(typeJobId)) json.typeJobId = Number(typeJobId);
			else json.taskType = typeJobId;
		}
		return [{ json, pairedItem }];
	});
}

/** What a failed item's error names besides its message: the captcha type it was. */
export type ItemCaptcha = { captchaLabel?: string; typeJobId?: string };

/**
 * Runs `handle` for every input item, all at once, and applies the error policy. A stopped
 * execution fails the node as stopped rather than turning into error items.
 */
export async function mapItems(
	context: IExecuteFunctions,
	handle: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	captchaOf: (itemIndex: number) => ItemCaptcha = () => ({}),
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const settled = await Promise.allSettled(items.map(async (_, itemIndex) => await handle(itemIndex)));
	if (context.getExecutionCancelSignal()?.aborted) throw new NodeOperationError(context.getNode(), 'The execution was stopped');
	return toOutputItems(
		context,
		settled.map((outcome, itemIndex) =>
			outcome.status === 'fulfilled'
				? { itemIndex, json: outcome.value }
				: { itemIndex, error: outcome.reason, ...captchaOf(itemIndex) },
		),
	);
}

/**
 * An n8n error for a failed item, naming the captcha type. Only the service's own error answers
 * become NodeApiError: n8n would replace any other message ("createJob failed with HTTP 503")
 * with a generic one.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, captchaLabel?: string): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const message = error instanceof Error ? error.message : String(error);
	const label = captchaLabel ? `${captchaLabel}: ` : '';
	if (error instanceof OmoCaptchaError && error.kind === 'api') {
		return new NodeApiError(node, { message } as JsonObject, {
			message: `${label}${message}`,
			description: 'The OmoCaptcha service answered with this error',
			itemIndex,
		});
	}
	return new NodeOperationError(node, `${label}${message}`, { itemIndex });
}
