import type { ElementInfo } from '../pageScripts';
import type { TravelPlan } from './kind';

/**
 * A puzzle piece that must reach `targetLeft` (viewport px) from where it is: its travel in px,
 * and the handle travel to drag first at `assumedRatio` px of piece per px of handle, until the
 * page shows the real ratio.
 */
export function pieceTravel(piece: ElementInfo, targetLeft: number, assumedRatio = 1): TravelPlan {
	const pieceStart = piece.x;
	return {
		target: targetLeft - pieceStart,
		unit: 'px',
		handleTravel: (targetLeft - pieceStart) / assumedRatio,
		measure: (element) => element.x - pieceStart,
		closeEnough: 0.75,
	};
}
