/**
 * Tabs of one browser window share one foreground: only the tab in front paints and takes input
 * (a hidden tab answers each mouse event after seconds, and its screenshots wait for a frame).
 * So a tab acts in turns: while one holds its window's turn, it is in front, and another tab of
 * the same window (another item, or another execution in this n8n process) waits for its turn
 * instead of pulling its own tab in front mid-drag. Tabs in windows of their own never wait for
 * each other.
 */

/** The turn each window is at: the work of the last tab that asked, to run after. */
const turns = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier turn of `window` has ended (in the order asked), and gives
 * the turn on when it ends, however it ends.
 */
export async function inTurn<T>(window: string, work: () => Promise<T>): Promise<T> {
	const before = turns.get(window) ?? Promise.resolve();
	const mine = before.catch(() => undefined).then(work);
	const after = mine.catch(() => undefined);
	turns.set(window, after);
	try {
		return await mine;
	} finally {
		if (turns.get(window) === after) turns.delete(window);
	}
}
