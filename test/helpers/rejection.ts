import type { OmoCaptchaError } from '../../nodes/OmoCaptcha/transport/errors';

/** The settled rejection of `promise`, to inspect its kind and message (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<OmoCaptchaError> {
	try {
		await promise;
	} catch (error) {
		return error as OmoCaptchaError;
	}
	throw new Error('expected a rejection');
}
