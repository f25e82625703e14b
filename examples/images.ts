/**
 * Draws the small PNG images the example workflows send: look-alikes of the seed captchas
 * (Shopee slider, TikTok select-two web and phone, TikTok rotate, TikTok slider in the app), not
 * real captchas. They only
 * need to be real PNG files of plausible sizes, because the emulator (and OmoCaptcha) check the
 * image format and read the pixel size. Pure Node: a tiny PNG encoder over node:zlib.
 */
import { encodePng } from '../test/fixtures/images';

type Rgba = [number, number, number, number];
/** Colour of the pixel at (x, y); shapes are tested per pixel, which is plenty for these sizes. */
type Painter = (x: number, y: number) => Rgba;

const TRANSPARENT: Rgba = [0, 0, 0, 0];

/** The example images by file name (under examples/images/). */
export function drawExampleImages(): Record<string, Buffer> {
	return {
		'shopee-mask.png': paintPng(50, 50, shopeeMask),
		'shopee-background.png': paintPng(280, 170, shopeeBackground),
		'tiktok-select-two.png': paintPng(348, 216, selectTwoPicture),
		'tiktok-select-two-phone.png': paintPng(270, 480, phoneScreenshot),
		'tiktok-rotate-inner.png': paintPng(212, 212, rotateInner),
		'tiktok-rotate-outer.png': paintPng(347, 347, rotateOuter),
		'tiktok-slider-phone.png': paintPng(360, 780, sliderPhoneScreenshot),
	};
}

// --- Shopee slider: a puzzle piece and the background with the hole it fits into ---------------

function puzzlePiece(x: number, y: number, left: number, top: number): boolean {
	const inSquare = x >= left && x < left + 40 && y >= top + 10 && y < top + 50;
	const inKnob = (x - (left + 20)) ** 2 + (y - (top + 10)) ** 2 <= 8 ** 2;
	return inSquare || inKnob;
}

function shopeeMask(x: number, y: number): Rgba {
	if (!puzzlePiece(x, y, 5, 0)) return TRANSPARENT;
	const edge = !puzzlePiece(x - 2, y, 5, 0) || !puzzlePiece(x + 2, y, 5, 0) || !puzzlePiece(x, y + 2, 5, 0);
	return edge ? [255, 255, 255, 255] : [238, 77, 45, 255];
}

function shopeeBackground(x: number, y: number): Rgba {
	if (puzzlePiece(x, y, 180, 60)) return [90, 90, 90, 255]; // the hole
	if (y > 120 + 12 * Math.sin(x / 25)) return [76, 153, 76, 255]; // hills
	const sky = Math.round(170 + (y / 170) * 70);
	return [sky - 60, sky - 20, 250, 255];
}

// --- TikTok select two: six shapes, two of them the same ----------------------------------------

type Shape = { kind: 'circle' | 'square' | 'triangle' | 'diamond'; cx: number; cy: number; r: number; color: Rgba };

const SELECT_TWO_SHAPES: Shape[] = [
	{ kind: 'triangle', cx: 60, cy: 60, r: 30, color: [52, 120, 246, 255] },
	{ kind: 'circle', cx: 170, cy: 55, r: 28, color: [246, 173, 52, 255] },
	{ kind: 'diamond', cx: 280, cy: 70, r: 32, color: [128, 52, 246, 255] },
	{ kind: 'square', cx: 80, cy: 160, r: 26, color: [52, 200, 120, 255] },
	{ kind: 'triangle', cx: 190, cy: 160, r: 30, color: [52, 120, 246, 255] }, // the twin
	{ kind: 'circle', cx: 290, cy: 165, r: 22, color: [230, 60, 90, 255] },
];

function insideShape(shape: Shape, x: number, y: number): boolean {
	const dx = x - shape.cx;
	const dy = y - shape.cy;
	switch (shape.kind) {
		case 'circle':
			return dx * dx + dy * dy <= shape.r * shape.r;
		case 'square':
			return Math.abs(dx) <= shape.r && Math.abs(dy) <= shape.r;
		case 'diamond':
			return Math.abs(dx) + Math.abs(dy) <= shape.r;
		case 'triangle': // point up: the half-width grows from the apex to the base
			return dy >= -shape.r && dy <= shape.r && Math.abs(dx) <= (dy + shape.r) / 2;
	}
}

function selectTwoPicture(x: number, y: number): Rgba {
	const shape = SELECT_TWO_SHAPES.find((candidate) => insideShape(candidate, x, y));
	if (shape) return shape.color;
	return (Math.floor(x / 29) + Math.floor(y / 27)) % 2 ? [236, 240, 245, 255] : [226, 232, 240, 255];
}

/** A phone screen: a status bar, the captcha dialog with the same picture, a button. */
function phoneScreenshot(x: number, y: number): Rgba {
	if (y < 24) return [20, 20, 20, 255];
	const dialog = { left: 10, top: 120, width: 250, height: 260 };
	const inDialog = x >= dialog.left && x < dialog.left + dialog.width && y >= dialog.top && y < dialog.top + dialog.height;
	if (!inDialog) return [60, 60, 66, 255];
	const picture = { left: 15, top: 150, scale: 240 / 348 };
	const px = (x - picture.left) / picture.scale;
	const py = (y - picture.top) / picture.scale;
	if (px >= 0 && px < 348 && py >= 0 && py < 216) return selectTwoPicture(Math.floor(px), Math.floor(py));
	if (y >= 335 && y < 365 && x >= 30 && x < 240) return [254, 44, 85, 255]; // "Confirm"
	return [255, 255, 255, 255];
}

// --- TikTok slider in the app: what `adb exec-out screencap -p` gives on a (small) phone -----------

/** A phone screen: status bar, the puzzle with its gap and the loose piece, the slider track and handle. */
function sliderPhoneScreenshot(x: number, y: number): Rgba {
	if (y < 30) return [20, 20, 20, 255];
	const dialog = { left: 20, top: 220, right: 340, bottom: 600 };
	if (x < dialog.left || x >= dialog.right || y < dialog.top || y >= dialog.bottom) return [60, 60, 66, 255];
	if (x >= 40 && x < 320 && y >= 260 && y < 430) {
		if (puzzlePiece(x, y, 230, 300)) return [90, 90, 90, 255]; // the gap
		if (puzzlePiece(x, y, 45, 300)) return [238, 77, 45, 255]; // the piece, still at the start
		if (y > 380 + 12 * Math.sin(x / 25)) return [76, 153, 76, 255]; // hills
		const sky = Math.round(170 + ((y - 260) / 170) * 70);
		return [sky - 60, sky - 20, 250, 255];
	}
	const track = { left: 40, right: 320, top: 470, bottom: 510 };
	if (x >= 48 && x < 100 && y >= track.top - 4 && y < track.bottom + 4) return [254, 44, 85, 255]; // the handle
	if (x >= track.left && x < track.right && y >= track.top && y < track.bottom) return [230, 230, 235, 255];
	return [255, 255, 255, 255];
}

// --- TikTok rotate: an inner disc and an outer ring, the picture turned by 50 degrees ------------

function rotatedStripes(x: number, y: number, cx: number, cy: number, degrees: number): Rgba {
	const angle = (degrees * Math.PI) / 180;
	const u = (x - cx) * Math.cos(angle) + (y - cy) * Math.sin(angle);
	const band = Math.floor((u + 400) / 30) % 3;
	return band === 0 ? [255, 196, 0, 255] : band === 1 ? [0, 150, 200, 255] : [245, 245, 245, 255];
}

function rotateInner(x: number, y: number): Rgba {
	const c = 105.5;
	if ((x - c) ** 2 + (y - c) ** 2 > 105 ** 2) return TRANSPARENT;
	return rotatedStripes(x, y, c, c, 50);
}

function rotateOuter(x: number, y: number): Rgba {
	const c = 173;
	const distance2 = (x - c) ** 2 + (y - c) ** 2;
	if (distance2 > 173 ** 2 || distance2 < 106 ** 2) return TRANSPARENT;
	return rotatedStripes(x, y, c, c, 0);
}

// --- PNG encoding --------------------------------------------------------------------------------

/** Paints an 8-bit RGBA PNG (filter 0 on every row: simple, and flat colours compress well). */
function paintPng(width: number, height: number, paint: Painter): Buffer {
	const rowLength = 1 + width * 4;
	const raw = Buffer.alloc(rowLength * height);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const offset = y * rowLength + 1 + x * 4;
			raw.set(paint(x, y).map((channel) => Math.max(0, Math.min(255, Math.round(channel)))), offset);
		}
	}
	return encodePng(width, height, raw, { colourType: 6, level: 9 });
}
