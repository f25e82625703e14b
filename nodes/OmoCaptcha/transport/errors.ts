/**
 * Every failure the transport reports, with what a user needs to act on it: which job (a job
 * id is never lost once the service has given one), which captcha type, and whether asking
 * again could help. The node turns these into NodeApiError / NodeOperationError.
 */
export type OmoCaptchaErrorKind =
	/** The service refused the request (v1 `error: true`, v2 `errorId: 1`); the message is the service's own. */
	| 'api'
	/** The request did not get through: network failure or a non-2xx status. */
	| 'transport'
	/** The service answered, but not in the API's shape: not a JSON object, no job id, an unknown status. */
	| 'unexpectedAnswer'
	/** The service gave up on the job (v1 `status: fail`, v2 either failed-solve shape). */
	| 'jobFailed'
	/** The job was still running when the node's timeout ran out. */
	| 'timeout'
	/** The execution was stopped. */
	| 'canceled';

export class OmoCaptchaError extends Error {
	readonly kind: OmoCaptchaErrorKind;
	/** HTTP status of a transport failure, when there was a response. */
	readonly httpStatus?: number;
	/** A v1 job id or a v2 task id (a string). */
	readonly jobId?: number | string;
	/** v1 type_job_id or v2 task type. */
	readonly typeJobId?: string;
	/** The service said "not now" (a v2 maintenance or unavailable code): asking again may work. */
	readonly transient: boolean;

	constructor(
		kind: OmoCaptchaErrorKind,
		message: string,
		details: { httpStatus?: number; jobId?: number | string; typeJobId?: string; transient?: boolean } = {},
	) {
		super(message);
		this.name = 'OmoCaptchaError';
		this.kind = kind;
		this.httpStatus = details.httpStatus;
		this.jobId = details.jobId;
		this.typeJobId = details.typeJobId;
		this.transient = details.transient ?? false;
	}

	/** Network failures, 5xx answers, garbled answers and the service's transient codes may pass; a poll can safely be sent again. */
	get isRetryable(): boolean {
		if (this.transient || this.kind === 'unexpectedAnswer') return true;
		return this.kind === 'transport' && (this.httpStatus === undefined || this.httpStatus >= 500);
	}
}
