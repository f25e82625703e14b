import { OmoCaptchaError } from './errors';

/**
 * The OmoCaptcha JSON API, and nothing of n8n: requests go through the injected `send`, so the
 * node can route them through n8n's authenticated request helper (the token is added there and
 * never seen here) and tests can route them anywhere.
 */
export type ApiMethod = 'getBalance' | 'getService' | 'createJob' | 'getJobResult';

/**
 * Sends one POST to `<base>/<method>` and resolves with the parsed JSON body. It must reject
 * with an OmoCaptchaError of kind 'transport' (with `httpStatus` when there was a response)
 * when the request did not get through, and honour `signal`.
 */
export type SendRequest = (
	method: ApiMethod,
	body: Record<string, unknown>,
	signal?: AbortSignal,
) => Promise<unknown>;

/** The `data` object of createJob: `type_job_id` plus the type's own fields. */
export type JobData = { type_job_id: string } & Record<string, unknown>;

export type JobState =
	| { status: 'running' }
	| { status: 'success'; result: unknown }
	| { status: 'fail'; errorCode?: string };

export interface Balance {
	balance: number;
	/** The decimal string as the service sent it, for exact bookkeeping. */
	balanceRaw: string;
}

export interface ServiceInfo {
	id: number;
	name: string;
	description: string;
	price: number;
	avgSuccessPercent: number | null;
	avgTimeSeconds: number | null;
	active: boolean;
}

type ApiAnswer = Record<string, unknown>;

export class OmoCaptchaClient {
	constructor(private readonly send: SendRequest) {}

	async getBalance(signal?: AbortSignal): Promise<Balance> {
		const answer = await this.call('getBalance', {}, signal);
		const balanceRaw = String(answer.balance ?? '');
		const balance = Number(balanceRaw);
		if (balanceRaw === '' || !Number.isFinite(balance)) {
			throw new OmoCaptchaError('unexpectedAnswer', `getBalance returned no usable balance: "${balanceRaw}"`);
		}
		return { balance, balanceRaw };
	}

	async getServices(signal?: AbortSignal): Promise<ServiceInfo[]> {
		const answer = await this.call('getService', {}, signal);
		if (!Array.isArray(answer.service)) {
			throw new OmoCaptchaError('unexpectedAnswer', 'getService returned no service list');
		}
		return (answer.service as ApiAnswer[]).map(parseService);
	}

	/**
	 * Creates a job and returns its id. Never retried: a second request could spend twice. A
	 * failure after the request may have reached the server says that a paid job may exist.
	 */
	async createJob(data: JobData, signal?: AbortSignal): Promise<number> {
		try {
			const answer = await this.call('createJob', { data }, signal, { typeJobId: data.type_job_id });
			const jobId = parseJobId(answer.job_id);
			if (jobId === undefined) {
				throw new OmoCaptchaError('unexpectedAnswer', 'createJob returned no job id', {
					typeJobId: data.type_job_id,
				});
			}
			return jobId;
		} catch (error) {
			throw withMaybeCreated(error, data.type_job_id);
		}
	}

	async getJobResult(jobId: number, signal?: AbortSignal): Promise<JobState> {
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

	/** Calls a method; an `error: true` answer (HTTP 200) becomes an 'api' error with the service's message. */
	private async call(
		method: ApiMethod,
		body: Record<string, unknown>,
		signal: AbortSignal | undefined,
		context: { jobId?: number; typeJobId?: string } = {},
	): Promise<ApiAnswer> {
		const answer = await this.send(method, body, signal);
		if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
			throw new OmoCaptchaError('unexpectedAnswer', `${method} returned a body that is not a JSON object`, context);
		}
		const fields = answer as ApiAnswer;
		if (fields.error !== false) {
			const message = typeof fields.message === 'string' && fields.message ? fields.message : 'the service reported an error without a message';
			throw new OmoCaptchaError('api', message, context);
		}
		return fields;
	}
}

const MAYBE_CREATED = '; the job may have been created: check the OmoCaptcha dashboard before sending it again';

/**
 * Whether a failed createJob may have created a job: yes unless the request certainly never
 * arrived (refused connection, unknown host) or the server clearly refused it (its own
 * `error: true`, or a 4xx status such as 400 or 429). Unreadable or unexpected answers, 5xx,
 * resets and timeouts all come after the server may have acted.
 */
function withMaybeCreated(error: unknown, typeJobId: string): unknown {
	if (!(error instanceof OmoCaptchaError)) {
		const message = `createJob failed: ${error instanceof Error ? error.message : String(error)}${MAYBE_CREATED}`;
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

function parseService(entry: ApiAnswer): ServiceInfo {
	const numberOrNull = (value: unknown) => {
		const parsed = Number.parseFloat(String(value ?? ''));
		return Number.isFinite(parsed) ? parsed : null;
	};
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
