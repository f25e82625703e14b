import { OmoCaptchaError } from './errors';
import type { JsonImages } from './jsonWithImages';

/**
 * The OmoCaptcha JSON API in both of its flavours, and nothing of n8n: requests go through the
 * injected `send`, so the node can route them through n8n's authenticated request helper (the key
 * is added there and never seen here) and tests can route them anywhere.
 *
 * - v1 (the seeds' API): `<base>/{getBalance,getService,createJob,getJobResult}`, `error`/`message`
 *   envelope, numeric job ids, `status` running/success/fail, a `result` string.
 * - v2 (the service's current task API): `<base>/{getBalance,createTask,getTaskResult}`,
 *   `errorId`/`errorCode`/`errorDescription` envelope, string task ids, `status`
 *   processing/ready/fail, a typed `solution` object. Its service and package lists stay on the
 *   old host with the old envelope (`getServicePrice`, no key).
 */
export type ApiFlavour = 'v1' | 'v2';

export type ApiMethod =
	| 'getBalance'
	| 'getService'
	| 'createJob'
	| 'getJobResult'
	| 'createTask'
	| 'getTaskResult'
	/** `GET <list base>/getServicePrice?type=<body.type>` on the old host, without a key. */
	| 'getServicePrice';

/**
 * Sends one request for `method` and resolves with the parsed JSON body: a POST of `body` to
 * `<base>/<method>`, except getServicePrice (see ApiMethod). It must reject with an
 * OmoCaptchaError of kind 'transport' (with `httpStatus` when there was a response) when the
 * request did not get through, and honour `signal`. With `images`, the body holds their stand-ins
 * and is sent as `images.encode(body)`.
 */
export type SendRequest = (
	method: ApiMethod,
	body: Record<string, unknown>,
	signal?: AbortSignal,
	images?: JsonImages,
) => Promise<unknown>;

/** v1: createJob's `data` (`type_job_id` plus the type's fields); v2: createTask's `task` (`type` plus fields). */
export type JobData = ({ type_job_id: string } | { type: string }) & Record<string, unknown>;

/** A v1 job id (a positive whole number) or a v2 task id (a string, echoed exactly as received). */
export type JobId = number | string;

export type JobState =
	| { status: 'running' }
	/** `result`: v1 the `result` value, v2 the `solution` object, both untouched. */
	| { status: 'success'; result: unknown }
	| { status: 'fail'; errorCode?: string };

export interface Balance {
	balance: number;
	/** The balance as the service sent it (v1 a decimal string), for exact bookkeeping. */
	balanceRaw: string;
	/** v2 only: solves left in the package, and the promotional balance, when the answer has them. */
	quantity?: number;
	voucherBalance?: number;
}

export interface ServiceInfo {
	/** v1: the type_job_id; v2: the task type ("RecaptchaV2TokenTask"). */
	id: number | string;
	name: string;
	description: string;
	/** Price of one solve. */
	price: number;
	avgSuccessPercent: number | null;
	avgTimeSeconds: number | null;
	active: boolean;
}

export interface PackageInfo {
	name: string;
	/** Price of 1000 solves (the package list's unit, unlike the per-solve service list). */
	pricePer1000: number;
}

/**
 * getTaskResult error codes that say "not now" rather than "never": a poll answered with one is
 * asked again at the next interval, within the timeout. Not in the service's documentation; other
 * clients of the API treat them so.
 */
export const TRANSIENT_TASK_ERRORS: readonly string[] = [
	'ERROR_TASK_IS_MAINTENANCE',
	'ERROR_SERVICE_UNAVAILABLE',
	'ERROR_REDIS_UNAVAILABLE',
	'ERROR_REDIS_JOB_DATA',
];

/** The failed-solve code of the current documentation. */
const FAILED_SOLVE_CODE = 'ERROR_JOB_STATUS';

type ApiAnswer = Record<string, unknown>;
type ErrorContext = { jobId?: JobId; typeJobId?: string };

export class OmoCaptchaClient {
	constructor(
		private readonly send: SendRequest,
		readonly api: ApiFlavour = 'v1',
	) {}

	/** The method that creates a job on this API, for messages. */
	get createMethod(): 'createJob' | 'createTask' {
		return this.api === 'v2' ? 'createTask' : 'createJob';
	}

	/** The method that polls a job on this API, for messages. */
	get pollMethod(): 'getJobResult' | 'getTaskResult' {
		return this.api === 'v2' ? 'getTaskResult' : 'getJobResult';
	}

	async getBalance(signal?: AbortSignal): Promise<Balance> {
		const answer = await this.call('getBalance', {}, signal);
		const balanceRaw = String(answer.balance ?? '');
		const balance = toNumber(answer.balance);
		if (balance === undefined) {
			throw new OmoCaptchaError('unexpectedAnswer', `getBalance returned no usable balance: "${balanceRaw}"`);
		}
		if (this.api === 'v1') return { balance, balanceRaw };
		const result: Balance = { balance, balanceRaw };
		// The oldest page has no voucher_balance; other clients also read voucherBalance.
		const quantity = toNumber(answer.quantity);
		const voucherBalance = toNumber(answer.voucher_balance ?? answer.voucherBalance);
		if (quantity !== undefined) result.quantity = quantity;
		if (voucherBalance !== undefined) result.voucherBalance = voucherBalance;
		return result;
	}

	async getServices(signal?: AbortSignal): Promise<ServiceInfo[]> {
		if (this.api === 'v2') {
			const answer = await this.call('getServicePrice', { type: 'service' }, signal, {}, 'v1');
			if (!Array.isArray(answer.typeJob)) {
				throw new OmoCaptchaError('unexpectedAnswer', 'getServicePrice returned no service list');
			}
			return (answer.typeJob as ApiAnswer[]).map(parseTaskService);
		}
		const answer = await this.call('getService', {}, signal);
		if (!Array.isArray(answer.service)) {
			throw new OmoCaptchaError('unexpectedAnswer', 'getService returned no service list');
		}
		return (answer.service as ApiAnswer[]).map(parseService);
	}

	/** The service's packages (old host and envelope on both APIs, no key). */
	async getPackages(signal?: AbortSignal): Promise<PackageInfo[]> {
		const answer = await this.call('getServicePrice', { type: 'package' }, signal, {}, 'v1');
		if (!Array.isArray(answer.package)) {
			throw new OmoCaptchaError('unexpectedAnswer', 'getServicePrice returned no package list');
		}
		return (answer.package as ApiAnswer[]).map((entry) => ({
			name: String(entry.name ?? ''),
			pricePer1000: numberOrNull(entry.price) ?? 0,
		}));
	}

	/**
	 * Creates a job (v2: a task) and returns its id. Never retried: a second request could spend
	 * twice. A failure after the request may have reached the server says that a paid job may exist.
	 * `images`: those whose stand-ins `data` holds in place of their base64.
	 */
	async createJob(data: JobData, signal?: AbortSignal, images?: JsonImages): Promise<JobId> {
		const typeJobId = jobTypeOf(data);
		const method = this.createMethod;
		try {
			if (this.api === 'v2') {
				const answer = await this.call('createTask', { task: data }, signal, { typeJobId }, this.api, images);
				const taskId = answer.taskId;
				// Echoed exactly as received: a UUID in every example.
				if (typeof taskId !== 'string' || taskId.trim() === '') {
					throw new OmoCaptchaError('unexpectedAnswer', 'createTask returned no task id', { typeJobId });
				}
				return taskId;
			}
			const answer = await this.call('createJob', { data }, signal, { typeJobId }, this.api, images);
			const jobId = parseJobId(answer.job_id);
			if (jobId === undefined) {
				throw new OmoCaptchaError('unexpectedAnswer', 'createJob returned no job id', { typeJobId });
			}
			return jobId;
		} catch (error) {
			throw withMaybeCreated(error, typeJobId, method);
		}
	}

	async getJobResult(jobId: JobId, signal?: AbortSignal): Promise<JobState> {
		if (this.api === 'v2') return await this.getTaskResult(jobId, signal);
		const answer = await this.call('getJobResult', { job_id: jobId }, signal, { jobId });
		switch (answer.status) {
			case 'running':
				return { status: 'running' };
			case 'success':
				return { status: 'success', result: answer.result };
			case 'fail':
				return {
					status: 'fail',
					errorCode: typeof answer.error_code === 'string' && answer.error_code ? answer.error_code : undefined,
				};
			default:
				throw new OmoCaptchaError('unexpectedAnswer', `getJobResult returned an unknown status "${String(answer.status)}"`, { jobId });
		}
	}

	/**
	 * v2 getTaskResult. A failed solve comes in two shapes, both `errorId: 1`: the current pages add
	 * `status: "fail"` and `errorCode: "ERROR_JOB_STATUS"`, the older ones add nothing (both codes
	 * empty). Both end the job as failed; a transient code is asked again; any other error code is
	 * the service refusing the request.
	 */
	private async getTaskResult(jobId: JobId, signal?: AbortSignal): Promise<JobState> {
		const answer = await this.send('getTaskResult', { taskId: jobId }, signal);
		const fields = this.objectOf('getTaskResult', answer, { jobId });
		const { code, description } = errorTextOf(fields);
		if (fields.status === 'fail' || code === FAILED_SOLVE_CODE) {
			return { status: 'fail', errorCode: code ? [code, description].filter(Boolean).join(': ') : undefined };
		}
		if (!isSuccess(fields.errorId)) {
			if (TRANSIENT_TASK_ERRORS.includes(code)) {
				throw new OmoCaptchaError('api', v2ErrorMessage(code, description), { jobId, transient: true });
			}
			if (code === '' && description === '') return { status: 'fail' };
			throw new OmoCaptchaError('api', v2ErrorMessage(code, description), { jobId });
		}
		switch (fields.status) {
			case 'processing':
				return { status: 'running' };
			case 'ready':
				return { status: 'success', result: fields.solution };
			default:
				throw new OmoCaptchaError('unexpectedAnswer', `getTaskResult returned an unknown status "${String(fields.status)}"`, { jobId });
		}
	}

	/**
	 * Calls a method and checks its envelope: v1 `error: false`, v2 `errorId: 0` (decided on
	 * errorId alone: errorCode is present, empty, in successful answers too). A refusal becomes an
	 * 'api' error with the service's message. `envelope` overrides the flavour for the v2 lists,
	 * which keep the old envelope.
	 */
	private async call(
		method: ApiMethod,
		body: Record<string, unknown>,
		signal: AbortSignal | undefined,
		context: ErrorContext = {},
		envelope: ApiFlavour = this.api,
		images?: JsonImages,
	): Promise<ApiAnswer> {
		const fields = this.objectOf(method, await this.send(method, body, signal, images), context);
		if (envelope === 'v2') {
			if (!isSuccess(fields.errorId)) {
				const { code, description } = errorTextOf(fields);
				throw new OmoCaptchaError('api', v2ErrorMessage(code, description), context);
			}
			return fields;
		}
		if (fields.error !== false) {
			const message = typeof fields.message === 'string' && fields.message ? fields.message : 'the service reported an error without a message';
			throw new OmoCaptchaError('api', message, context);
		}
		return fields;
	}

	private objectOf(method: ApiMethod, answer: unknown, context: ErrorContext): ApiAnswer {
		if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
			throw new OmoCaptchaError('unexpectedAnswer', `${method} returned a body that is not a JSON object`, context);
		}
		return answer as ApiAnswer;
	}
}

/** The type a job's data names: v1 `type_job_id`, v2 `type`. */
export function jobTypeOf(data: JobData): string {
	return String('type_job_id' in data ? data.type_job_id : data.type);
}

/** `errorId: 0` (a number, or "0" from a lax server) is success; anything else, or none, is not. */
function isSuccess(errorId: unknown): boolean {
	return errorId === 0 || errorId === '0';
}

function errorTextOf(fields: ApiAnswer): { code: string; description: string } {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return { code: text(fields.errorCode), description: text(fields.errorDescription) };
}

/** Both strings when there are any; the documented examples leave both empty. */
function v2ErrorMessage(code: string, description: string): string {
	if (!code && !description) return 'the service refused the request without saying why (errorId 1, no errorCode or errorDescription)';
	return [code, description].filter(Boolean).join(': ');
}

const MAYBE_CREATED = '; the job may have been created: check the OmoCaptcha dashboard before sending it again';

/**
 * Whether a failed createJob / createTask may have created a job: yes unless the request
 * certainly never arrived (refused connection, unknown host) or the server clearly refused it
 * (its own `error: true` / `errorId: 1`, or a 4xx status such as 400 or 429). Unreadable or unexpected answers, 5xx,
 * resets and timeouts all come after the server may have acted.
 */
function withMaybeCreated(error: unknown, typeJobId: string, method: 'createJob' | 'createTask'): unknown {
	if (!(error instanceof OmoCaptchaError)) {
		const message = `${method} failed: ${error instanceof Error ? error.message : String(error)}${MAYBE_CREATED}`;
		return new OmoCaptchaError('transport', message, { typeJobId, mayHaveCreatedJob: true });
	}
	const status = error.httpStatus;
	const reachedAndUnclear = error.kind === 'transport' || error.kind === 'unexpectedAnswer';
	const refused = !reachedAndUnclear || error.neverSent || (status !== undefined && status >= 400 && status < 500);
	if (refused || error.mayHaveCreatedJob) return error;
	return new OmoCaptchaError(error.kind, `${error.message}${MAYBE_CREATED}`, {
		httpStatus: status,
		typeJobId: error.typeJobId ?? typeJobId,
		mayHaveCreatedJob: true,
	});
}

/** A job id is a positive whole number, sent as a number or a string of digits; nothing else counts. */
function parseJobId(value: unknown): number | undefined {
	const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A finite number, given as a JSON number or a numeric string. */
function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

function numberOrNull(value: unknown): number | null {
	const parsed = Number.parseFloat(String(value ?? ''));
	return Number.isFinite(parsed) ? parsed : null;
}

function parseService(entry: ApiAnswer): ServiceInfo {
	return {
		id: Number(entry.id),
		name: String(entry.name ?? ''),
		description: String(entry.description ?? ''),
		price: numberOrNull(entry.price) ?? 0,
		// "98%" and "15s" in the service's list.
		avgSuccessPercent: numberOrNull(entry.avg_success),
		avgTimeSeconds: numberOrNull(entry.avg_time),
		active: entry.is_active === 1 || entry.is_active === true || entry.is_active === '1',
	};
}

/** An entry of getServicePrice?type=service: `type` is the v2 task type; the list has only active services. */
function parseTaskService(entry: ApiAnswer): ServiceInfo {
	return {
		id: String(entry.type ?? ''),
		name: String(entry.name ?? ''),
		description: '',
		price: numberOrNull(entry.price) ?? 0,
		avgSuccessPercent: numberOrNull(entry.avg_success),
		avgTimeSeconds: numberOrNull(entry.avg_time),
		active: true,
	};
}
