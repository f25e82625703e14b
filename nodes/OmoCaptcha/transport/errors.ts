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

export class OmoCaptchaError extends Error {
	readonly kind: OmoCaptchaErrorKind;
	/** HTTP status of a transport failure, when there was a response. */
	readonly httpStatus?: number;
	readonly jobId?: number;
	readonly typeJobId?: string;

	constructor(
		kind: OmoCaptchaErrorKind,
		message: string,
		details: { httpStatus?: number; jobId?: number; typeJobId?: string } = {},
	) {
		super(message);
		this.name = 'OmoCaptchaError';
		this.kind = kind;
		this.httpStatus = details.httpStatus;
		this.jobId = details.jobId;
		this.typeJobId = details.typeJobId;
	}

	/** Network failures, 5xx answers and garbled answers may be transient; a poll can safely be sent again. */
	get isRetryable(): boolean {
		if (this.kind === 'unexpectedAnswer') return true;
		return this.kind === 'transport' && (this.httpStatus === undefined || this.httpStatus >= 500);
	}
}
