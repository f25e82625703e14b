/** A captcha that could not be solved on the page, said in words the user can act on. */
export class PageSolveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PageSolveError';
	}
}

/**
 * What befell the page or the tab (it navigated away, took no input), said together with the
 * step it happened in ("during the drag") once the attempts loop knows it.
 */
export class PageFault extends PageSolveError {
	/** Whether the message already names its step. */
	said = false;
}
