/**
 * Every failure the transport reports, with what a user needs to act on it: which job (a job
 * id is never lost once the service has given one), which captcha type, and whether asking
 * again could help. The node turns these into NodeApiError / NodeOperationError.
 */
export type OmoCaptchaErrorKind =
	/** The service answered `error: true`; the message is the service's own. */
	| 'api'
	/** The request did not get through: network failure or a non-2xx status. */
	| 'transport'
	/** The service answered, but not in the API's shape: not a JSON object, no job id, an unknown status. */
	| 'unexpectedAnswer'
	/** The service gave up on the job (`status: fail`). */
	| 'jobFailed'
	/** The job was still running when the node's timeout ran out. */
	| 'timeout'
	/** The execution was stopped. */
	| 'canceled';

export interface OmoCaptchaErrorDetails {
	httpStatus?: number;
	jobId?: number;
	typeJobId?: string;
	/** How long the service asked to wait before asking again (a Retry-After header). */
	retryAfterMs?: number;
	/** Certain that the request never reached the server (connection refused, unknown host). */
	neverSent?: boolean;
	/** A createJob that failed after it may have reached the server: a paid job may exist. */
	mayHaveCreatedJob?: boolean;
	/** What does not fit in a one-line message (n8n shows it under the error). */
	description?: string;
}

export class OmoCaptchaError extends Error {
	readonly kind: OmoCaptchaErrorKind;
	/** HTTP status of a transport failure, when there was a response. */
	readonly httpStatus?: number;
	readonly jobId?: number;
	readonly typeJobId?: string;
	readonly retryAfterMs?: number;
	readonly neverSent?: boolean;
	readonly mayHaveCreatedJob?: boolean;
	readonly description?: string;

	constructor(kind: OmoCaptchaErrorKind, message: string, details: OmoCaptchaErrorDetails = {}) {
		super(message);
		this.name = 'OmoCaptchaError';
		this.kind = kind;
		this.httpStatus = details.httpStatus;
		this.jobId = details.jobId;
		this.typeJobId = details.typeJobId;
		this.retryAfterMs = details.retryAfterMs;
		this.neverSent = details.neverSent;
		this.mayHaveCreatedJob = details.mayHaveCreatedJob;
		this.description = details.description;
	}

	/**
	 * Whether a poll can safely be sent again: network failures, garbled answers, 5xx, and
	 * 408/429 (the server asks to come back later). Other 4xx answers will not change.
	 */
	get isRetryable(): boolean {
		if (this.kind === 'unexpectedAnswer') return true;
		if (this.kind !== 'transport') return false;
		const status = this.httpStatus;
		return status === undefined || status < 400 || status >= 500 || status === 408 || status === 429;
	}
}
