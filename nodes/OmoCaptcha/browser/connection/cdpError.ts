/** How talking to the browser failed, by kind; the messages name the endpoint's host only. */

export type CdpErrorKind =
	/** Nothing listens there, or the connection dropped. */
	| 'unreachable'
	/** Something answered, but not a DevTools endpoint. */
	| 'notDevTools'
	/** The endpoint refused the credentials (HTTP 401 or 403), or wants some. */
	| 'refused'
	/** A command got no answer in time. */
	| 'timeout'
	/** The browser answered the command with an error. */
	| 'protocol'
	/** The socket closed while a command waited. */
	| 'closed'
	/** The execution was stopped. */
	| 'canceled';

export class CdpError extends Error {
	constructor(
		readonly kind: CdpErrorKind,
		message: string,
	) {
		super(message);
		this.name = 'CdpError';
	}
}
