/**
 * Every failure the transport reports, with what a user needs to act on it: which job (a job
 * id is never lost once the service has given one), which captcha type, and whether asking
 * again could help. The node turns these into NodeApiError / NodeOperationError.
 */
export type OmoCaptchaErrorKind =
	/** The service answered `error: true`; the message is the service's own. */
	| 'api'
	/** The request did not get through: network failure, non-2xx status, a body that is not the API's JSON. */
	| 'transport'
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

	/** Network failures and 5xx answers may be transient; a poll can safely be sent again. */
	get isRetryable(): boolean {
		return (
			this.kind === 'transport' && (this.httpStatus === undefined || this.httpStatus >= 500)
		);
	}
}
