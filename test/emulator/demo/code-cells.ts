/**
 * A visible code that carries a demo captcha's id inside its image, so the emulator can tell which
 * captcha a screenshot shows (screenshots never have the served file's bytes). Ten square cells of
 * pure colours (each channel 0 or 255: 3 bits a cell): two sync cells, six digits of the id in base
 * 8, two check digits. Cells sit at fixed fractions of the image, so the code reads the same at any
 * scale; they are large enough (≥ 12 px at display size) that a screenshot's resampling leaves
 * their centres exact.
 */
import type { DecodedImage } from './png-decode';

export type CellLayout = 'row' | 'ring';

export interface Cell {
	/** Centre, in natural image px. */
	cx: number;
	cy: number;
	/** Side, natural px. */
	size: number;
	rgb: [number, number, number];
}

const SYNC = [5, 3];
const DIGITS = 6;
const CELL_COUNT = SYNC.length + DIGITS + 2;
export const MAX_CODE = 8 ** DIGITS - 1;

/** Cell centres as fractions of the image size, and the cell side as a fraction of the width. */
function geometry(layout: CellLayout, width: number, height: number): { fx: number; fy: number }[] {
	const centres: { fx: number; fy: number }[] = [];
	for (let k = 0; k < CELL_COUNT; k++) {
		if (layout === 'row') {
			const side = cellSide('row', width);
			centres.push({ fx: 0.3 + (k + 0.5) * 0.05, fy: (0.012 * width + side / 2) / height });
		} else {
			const angle = (k * 2 * Math.PI) / CELL_COUNT;
			centres.push({ fx: 0.5 + 0.41 * Math.cos(angle), fy: 0.5 + 0.41 * Math.sin(angle) });
		}
	}
	return centres;
}

function cellSide(layout: CellLayout, width: number): number {
	return Math.round((layout === 'row' ? 0.045 : 0.075) * width);
}

/** The bottom edge (natural px) of the row layout's cells: keep drawings that must stay visible below it. */
export function rowBottom(width: number): number {
	return Math.ceil(0.012 * width + cellSide('row', width));
}

function digitsOf(code: number): number[] {
	if (!Number.isInteger(code) || code < 0 || code > MAX_CODE) throw new Error(`code ${code} out of range`);
	const digits: number[] = [];
	for (let i = 0, rest = code; i < DIGITS; i++, rest = Math.floor(rest / 8)) digits.push(rest % 8);
	const check = digits.reduce((sum, digit, i) => sum + digit * (i + 1), 0) % 64;
	return [...SYNC, ...digits, check % 8, Math.floor(check / 8)];
}

const rgbOf = (digit: number): [number, number, number] => [digit & 4 ? 255 : 0, digit & 2 ? 255 : 0, digit & 1 ? 255 : 0];

/** The cells to paint for a code on an image of this natural size. */
export function codeCells(code: number, layout: CellLayout, width: number, height: number): Cell[] {
	const size = cellSide(layout, width);
	return digitsOf(code).map((digit, k) => {
		const { fx, fy } = geometry(layout, width, height)[k];
		return { cx: fx * width, cy: fy * height, size, rgb: rgbOf(digit) };
	});
}

/** The colour a cell paints at (x, y), or undefined outside every cell. */
export function cellColourAt(cells: Cell[], x: number, y: number): [number, number, number] | undefined {
	const half = cells[0].size / 2 + 1;
	if (!cells.some((cell) => Math.abs(y + 0.5 - cell.cy) <= half)) return undefined;
	for (const cell of cells) {
		if (Math.abs(x + 0.5 - cell.cx) <= cell.size / 2 && Math.abs(y + 0.5 - cell.cy) <= cell.size / 2) return cell.rgb;
	}
	return undefined;
}

/**
 * Reads a code from decoded pixels (a screenshot of an image served at naturalWidth × naturalHeight,
 * at any scale); undefined when the cells do not give valid sync and check digits.
 */
export function readCode(image: DecodedImage, layout: CellLayout, naturalWidth: number, naturalHeight: number): number | undefined {
	const { width, height } = image;
	const centres = geometry(layout, naturalWidth, naturalHeight);
	const digits: number[] = [];
	for (const { fx, fy } of centres) {
		const digit = sampleDigit(image, fx * width, fy * height);
		if (digit === undefined) return undefined;
		digits.push(digit);
	}
	if (digits[0] !== SYNC[0] || digits[1] !== SYNC[1]) return undefined;
	const data = digits.slice(2, 2 + DIGITS);
	const code = data.reduce((sum, digit, i) => sum + digit * 8 ** i, 0);
	const expected = digitsOf(code);
	return expected.every((digit, i) => digit === digits[i]) ? code : undefined;
}

/** Averages the 3×3 pixels around (x, y) and reads each channel as a bit. */
function sampleDigit(image: DecodedImage, x: number, y: number): number | undefined {
	const cx = Math.floor(x);
	const cy = Math.floor(y);
	const sum = [0, 0, 0];
	for (let dy = -1; dy <= 1; dy++) {
		for (let dx = -1; dx <= 1; dx++) {
			const px = Math.min(image.width - 1, Math.max(0, cx + dx));
			const py = Math.min(image.height - 1, Math.max(0, cy + dy));
			const offset = (py * image.width + px) * 4;
			if (image.rgba[offset + 3] < 128) return undefined;
			for (let c = 0; c < 3; c++) sum[c] += image.rgba[offset + c];
		}
	}
	const bit = (value: number): number | undefined => {
		const mean = value / 9;
		if (mean > 190) return 1;
		if (mean < 65) return 0;
		return undefined; // not a pure channel: not a cell
	};
	const [r, g, b] = sum.map(bit);
	if (r === undefined || g === undefined || b === undefined) return undefined;
	return (r << 2) | (g << 1) | b;
}
