/** A captcha that could not be solved on the page, said in words the user can act on. */
export class PageSolveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PageSolveError';
	}
}
