/**
 * The demo captchas: their geometry (display sizes match the real sites' DOM, images are served at
 * twice that), how each challenge's images are drawn from a seeded random stream, and where its
 * answer is. Images are PNGs written with the project's PNG writer (examples/images.ts).
 */
import { encodePng } from '../../fixtures/images';
import { cellColourAt, codeCells, rowBottom, type CellLayout } from './code-cells';

export type DemoKind = 'tiktok-slider' | 'tiktok-rotate' | 'tiktok-select' | 'shopee-slider';
export const DEMO_KINDS: DemoKind[] = ['tiktok-slider', 'tiktok-rotate', 'tiktok-select', 'shopee-slider'];

type Rgba = [number, number, number, number];
type Rng = (min: number, max: number) => number;

/** Display sizes (CSS px) and natural image sizes. */
export const GEOMETRY = {
	'tiktok-slider': { display: { width: 348, height: 216 }, natural: { width: 696, height: 432 }, piece: 69, pieceNatural: 138, track: 348, handle: 64 },
	'tiktok-rotate': { display: { width: 210, height: 210 }, natural: { width: 420, height: 420 }, inner: 128, innerNatural: 256, track: 348, handle: 64 },
	'tiktok-select': { display: { width: 340, height: 212 }, natural: { width: 680, height: 424 } },
	'shopee-slider': { display: { width: 280, height: 150 }, natural: { width: 560, height: 300 }, piece: 50, pieceNatural: 100, track: 280, handle: 40 },
} as const;

/** Which image carries the code cells, and how they are laid out. */
export const CODE_IMAGE: Record<DemoKind, { name: string; layout: CellLayout }> = {
	'tiktok-slider': { name: 'background', layout: 'row' },
	'tiktok-rotate': { name: 'outer', layout: 'ring' },
	'tiktok-select': { name: 'picture', layout: 'row' },
	'shopee-slider': { name: 'background', layout: 'row' },
};

export type ShapeKind = 'circle' | 'square' | 'triangle' | 'diamond' | 'hexagon' | 'star';
export interface PlacedShape {
	kind: ShapeKind;
	cx: number;
	cy: number;
	r: number;
	rgb: [number, number, number];
}

/** The solution, in natural image px (degrees for rotate). */
export type DemoAnswer =
	| { kind: 'tiktok-slider' | 'shopee-slider'; gapX: number; gapY: number }
	| { kind: 'tiktok-rotate'; angle: number }
	| { kind: 'tiktok-select'; points: [{ x: number; y: number; r: number }, { x: number; y: number; r: number }]; shapes: PlacedShape[] };

export interface DrawnCaptcha {
	answer: DemoAnswer;
	/** PNG files by name (background/piece, outer/inner, picture). */
	images: Record<string, Buffer>;
	/** Where the piece starts (display px from the image box's top), for sliders. */
	pieceTop?: number;
}

/** Draws one challenge of a kind; `code` is painted into it (the emulator's challenge id). */
export function drawCaptcha(kind: DemoKind, code: number, rng: Rng): DrawnCaptcha {
	switch (kind) {
		case 'tiktok-slider':
			return drawSlider(kind, code, rng, GEOMETRY[kind].natural, GEOMETRY[kind].pieceNatural);
		case 'shopee-slider':
			return drawSlider(kind, code, rng, GEOMETRY[kind].natural, GEOMETRY[kind].pieceNatural);
		case 'tiktok-rotate':
			return drawRotate(code, rng);
		case 'tiktok-select':
			return drawSelect(code, rng);
	}
}

// --- Sliders: a landscape with a piece-shaped gap, and the piece cut from it ---------------------

/** The puzzle piece inside its square box of side `size`: a body with a knob on top and on the right. */
function inPiece(x: number, y: number, size: number): boolean {
	const unit = size / 138;
	const body = x >= 19 * unit && x < 119 * unit && y >= 19 * unit && y < 119 * unit;
	const knob = (cx: number, cy: number) => (x - cx * unit) ** 2 + (y - cy * unit) ** 2 <= (18 * unit) ** 2;
	return body || knob(69, 19) || knob(119, 69);
}

function landscape(rng: Rng, width: number, height: number): (x: number, y: number) => [number, number, number] {
	const hue = rng(0, 2);
	const hillPhase = rng(0, 628) / 100;
	const hillHeight = height * (0.55 + rng(0, 15) / 100);
	const blobs = Array.from({ length: 9 }, () => ({ x: rng(0, width), y: rng(0, height), r: rng(width / 30, width / 9), shade: rng(-40, 40) }));
	const sky: [number, number, number] = hue === 0 ? [120, 170, 235] : hue === 1 ? [240, 170, 120] : [150, 130, 220];
	const ridges = Array.from({ length: width + 200 }, (_, x) => hillHeight + (height / 9) * Math.sin(x / (width / 7) + hillPhase) + (height / 25) * Math.sin(x / (width / 29)));
	const grass = Array.from({ length: width + 200 }, (_, x) => 60 + 40 * Math.sin(x / 37));
	return (x, y) => {
		const t = y / height;
		let r: number, g: number, b: number;
		if (y > ridges[x]) [r, g, b] = [grass[x], 130 + 30 * t, 70];
		else [r, g, b] = [sky[0] + 60 * t, sky[1] + 40 * t, sky[2] - 20 * t];
		for (const blob of blobs) {
			const dx = x - blob.x;
			const dy = y - blob.y;
			if (dx * dx + dy * dy < blob.r * blob.r) {
				r += blob.shade;
				g += blob.shade;
				b += blob.shade / 2;
			}
		}
		// fine texture, so the gap cannot be found by a flat-colour search
		const grain = ((x * 7919 + y * 104729) % 17) - 8;
		return [r + grain, g + grain, b + grain];
	};
}

function drawSlider(
	kind: 'tiktok-slider' | 'shopee-slider',
	code: number,
	rng: Rng,
	natural: { width: number; height: number },
	piece: number,
): DrawnCaptcha {
	const { width, height } = natural;
	const scene = landscape(rng, width, height);
	const gapX = rng(Math.round(width * 0.32), width - piece - Math.round(width * 0.06));
	const gapY = rng(rowBottom(width) + 8, height - piece - 6);
	const cells = codeCells(code, CODE_IMAGE[kind].layout, width, height);
	const edge = (x: number, y: number) =>
		!inPiece(x - 3, y, piece) || !inPiece(x + 3, y, piece) || !inPiece(x, y - 3, piece) || !inPiece(x, y + 3, piece);

	const background = paintPng(width, height, (x, y): Rgba => {
		const cell = cellColourAt(cells, x, y);
		if (cell) return [...cell, 255];
		const [r, g, b] = scene(x, y);
		const px = x - gapX;
		const py = y - gapY;
		if (px >= 0 && py >= 0 && px < piece && py < piece && inPiece(px, py, piece)) {
			return edge(px, py) ? [235, 235, 235, 255] : [r * 0.42, g * 0.42, b * 0.42, 255];
		}
		return [r, g, b, 255];
	});
	const pieceImage = paintPng(piece, piece, (x, y): Rgba => {
		if (!inPiece(x, y, piece)) return [0, 0, 0, 0];
		if (edge(x, y)) return [255, 255, 255, 255];
		const [r, g, b] = scene(x + gapX, y + gapY);
		return [r, g, b, 255];
	});
	const scale = GEOMETRY[kind].display.width / width;
	return { answer: { kind, gapX, gapY }, images: { background, piece: pieceImage }, pieceTop: round2(gapY * scale) };
}

// --- Rotate: a round picture; the outer ring upright, the inner disc turned back by the answer ---

function drawRotate(code: number, rng: Rng): DrawnCaptcha {
	const { width } = GEOMETRY['tiktok-rotate'].natural;
	const innerSize = GEOMETRY['tiktok-rotate'].innerNatural;
	const angle = rng(20, 340);
	const sunAngle = rng(0, 359) * (Math.PI / 180);
	const horizon = rng(-30, 40);
	const palette = rng(0, 2);
	const cells = codeCells(code, 'ring', width, width);
	/** The upright picture, (u, v) relative to the centre, natural px of the outer image. */
	const picture = (u: number, v: number): [number, number, number] => {
		const sun = { u: Math.cos(sunAngle) * 95, v: Math.sin(sunAngle) * 95 - 40 };
		if ((u - sun.u) ** 2 + (v - sun.v) ** 2 < 30 ** 2) return [255, 214, 60];
		if (Math.abs(u + 20) < 9 && v > horizon - 70 && v < horizon) return [110, 70, 40]; // a tree trunk
		if ((u + 20) ** 2 + (v - horizon + 85) ** 2 < 38 ** 2) return [40, 140, 60]; // its crown
		if (v > horizon) {
			const road = Math.abs(u - 40) < (v - horizon) * 0.45;
			return road ? [90, 90, 95] : palette === 0 ? [80, 160, 70] : palette === 1 ? [190, 160, 90] : [120, 150, 90];
		}
		const t = (v + 210) / 420;
		return [110 + 80 * t, 160 + 60 * t, 240];
	};
	const centre = width / 2;
	const outer = paintPng(width, width, (x, y): Rgba => {
		const u = x + 0.5 - centre;
		const v = y + 0.5 - centre;
		const r2 = u * u + v * v;
		if (r2 > centre ** 2) return [0, 0, 0, 0];
		const cell = cellColourAt(cells, x, y);
		if (cell) return [...cell, 255];
		if (r2 < (innerSize / 2 - 2) ** 2) return [200, 200, 200, 255]; // covered by the inner disc
		return [...picture(u, v), 255];
	});
	// The page turns the inner image clockwise by θ; at θ = angle it must show the upright picture,
	// so the inner image holds the picture turned by −angle: inner(q) = picture(R(angle)·q).
	const a = (angle * Math.PI) / 180;
	const innerCentre = innerSize / 2;
	const innerScale = 1; // the inner disc shows the picture's centre at the same natural scale as the outer
	const inner = paintPng(innerSize, innerSize, (x, y): Rgba => {
		const qx = (x + 0.5 - innerCentre) * innerScale;
		const qy = (y + 0.5 - innerCentre) * innerScale;
		if (qx * qx + qy * qy > innerCentre ** 2) return [0, 0, 0, 0];
		const u = Math.cos(a) * qx - Math.sin(a) * qy;
		const v = Math.sin(a) * qx + Math.cos(a) * qy;
		return [...picture(u, v), 255];
	});
	return { answer: { kind: 'tiktok-rotate', angle }, images: { outer, inner } };
}

// --- Select two: six shaded shapes, exactly two of the same kind ------------------------------

const SHAPE_KINDS: ShapeKind[] = ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star'];
const SHAPE_COLOURS: [number, number, number][] = [
	[52, 120, 246], [246, 173, 52], [128, 52, 246], [52, 200, 120], [230, 60, 90], [40, 180, 200], [160, 110, 60],
];

export function insideShape(shape: PlacedShape, x: number, y: number): boolean {
	const dx = x - shape.cx;
	const dy = y - shape.cy;
	const r = shape.r;
	switch (shape.kind) {
		case 'circle':
			return dx * dx + dy * dy <= r * r;
		case 'square':
			return Math.abs(dx) <= r * 0.8 && Math.abs(dy) <= r * 0.8;
		case 'diamond':
			return Math.abs(dx) + Math.abs(dy) <= r;
		case 'triangle':
			return dy >= -r && dy <= r * 0.8 && Math.abs(dx) <= ((dy + r) / 1.8) * 1.1;
		case 'hexagon':
			return Math.abs(dy) <= r * 0.87 && Math.abs(dx) * 0.87 + Math.abs(dy) * 0.5 <= r * 0.87;
		case 'star': {
			const angle = Math.atan2(dy, dx);
			const reach = r * (0.55 + 0.45 * Math.abs(Math.cos((5 * angle) / 2 + Math.PI / 4)));
			return dx * dx + dy * dy <= reach * reach;
		}
	}
}

function drawSelect(code: number, rng: Rng): DrawnCaptcha {
	const { width, height } = GEOMETRY['tiktok-select'].natural;
	const top = rowBottom(width) + 10;
	const columns = 3;
	const rows = 2;
	const cellW = width / columns;
	const cellH = (height - top) / rows;
	const twin = SHAPE_KINDS[rng(0, SHAPE_KINDS.length - 1)];
	const others = SHAPE_KINDS.filter((kind) => kind !== twin);
	for (let i = others.length - 1; i > 0; i--) {
		const j = rng(0, i);
		[others[i], others[j]] = [others[j], others[i]];
	}
	const slots = [0, 1, 2, 3, 4, 5];
	for (let i = slots.length - 1; i > 0; i--) {
		const j = rng(0, i);
		[slots[i], slots[j]] = [slots[j], slots[i]];
	}
	const kinds: ShapeKind[] = [twin, twin, ...others.slice(0, 3)];
	const shapes: PlacedShape[] = kinds.map((kind, i) => {
		const slot = slots[i];
		const r = rng(Math.round(cellH * 0.26), Math.round(cellH * 0.36));
		const cx = (slot % columns) * cellW + cellW / 2 + rng(-Math.round(cellW * 0.12), Math.round(cellW * 0.12));
		const cy = top + Math.floor(slot / columns) * cellH + cellH / 2 + rng(-Math.round(cellH * 0.08), Math.round(cellH * 0.08));
		return { kind, cx, cy, r, rgb: SHAPE_COLOURS[rng(0, SHAPE_COLOURS.length - 1)] };
	});
	const cells = codeCells(code, 'row', width, height);
	const picture = paintPng(width, height, (x, y): Rgba => {
		const cell = cellColourAt(cells, x, y);
		if (cell) return [...cell, 255];
		for (const shape of shapes) {
			if (insideShape(shape, x, y)) {
				// light from the top left: a cheap 3D look
				const light = 0.8 + 0.35 * ((shape.cx - x) + (shape.cy - y)) / (2 * shape.r);
				return [shape.rgb[0] * light, shape.rgb[1] * light, shape.rgb[2] * light, 255];
			}
		}
		const checker = (Math.floor(x / 40) + Math.floor(y / 40)) % 2 ? 236 : 226;
		return [checker, checker + 4, checker + 9, 255];
	});
	const [a, b] = shapes;
	return {
		answer: {
			kind: 'tiktok-select',
			points: [
				{ x: Math.round(a.cx), y: Math.round(a.cy), r: a.r },
				{ x: Math.round(b.cx), y: Math.round(b.cy), r: b.r },
			],
			shapes,
		},
		images: { picture },
	};
}

/**
 * An 8-bit RGBA PNG painted pixel by pixel, written with the project's PNG writer. Like
 * examples/images.ts's paintPng, but with fast deflate: a page waits for each new captcha.
 */
function paintPng(width: number, height: number, paint: (x: number, y: number) => Rgba): Buffer {
	const rowLength = 1 + width * 4;
	const raw = Buffer.alloc(rowLength * height);
	for (let y = 0; y < height; y++) {
		let offset = y * rowLength + 1;
		for (let x = 0; x < width; x++) {
			const pixel = paint(x, y);
			raw[offset++] = clampByte(pixel[0]);
			raw[offset++] = clampByte(pixel[1]);
			raw[offset++] = clampByte(pixel[2]);
			raw[offset++] = clampByte(pixel[3]);
		}
	}
	return encodePng(width, height, raw, { colourType: 6, level: 1 });
}

function clampByte(value: number): number {
	return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
