/**
 * JavaScript run inside the page with Runtime.evaluate. Kept as plain source text (not compiled
 * TypeScript functions turned into strings) so what runs in the page is exactly what is read here.
 *
 * Every element is looked up in the top document and in same-origin iframes; positions are CSS px
 * relative to the top viewport (what Input.dispatchMouseEvent takes), iframe offsets included.
 */

/** What the page reports of one element. */
export interface ElementInfo {
	/** Viewport rectangle, CSS px, in the top frame's coordinates. */
	x: number;
	y: number;
	width: number;
	height: number;
	tag: string;
	/** Image source (img.currentSrc), for images. */
	src?: string;
	/** Whether an image finished loading with pixels. */
	loaded?: boolean;
	naturalWidth?: number;
	naturalHeight?: number;
	/** Current rotation in degrees (inline rotate(), else the computed matrix), 0–360. */
	rotation: number;
	/** The element or an ancestor is an HTML5 draggable (draggable="true"). */
	draggable: boolean;
}

export interface PageSnapshot {
	/** Each asked role's first visible match, or null. */
	elements: Record<string, ElementInfo | null>;
	/** Roles whose selector the page could not parse. */
	invalid: string[];
	/** Origins of iframes whose document the page may not read. */
	crossOriginFrames: string[];
	devicePixelRatio: number;
	pageLeft: number;
	pageTop: number;
	/** When the document began (performance.timeOrigin): another number is another document. */
	timeOrigin: number;
}

const FIND_FUNCTION = `function (selectors) {
	const frames = [{ doc: document, dx: 0, dy: 0 }];
	const crossOriginFrames = [];
	for (let i = 0; i < frames.length; i++) {
		const { doc, dx, dy } = frames[i];
		for (const frame of doc.querySelectorAll('iframe, frame')) {
			const rect = frame.getBoundingClientRect();
			const style = frame.ownerDocument.defaultView.getComputedStyle(frame);
			const ox = dx + rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
			const oy = dy + rect.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
			let inner = null;
			try { inner = frame.contentDocument; } catch (error) { inner = null; }
			if (inner) frames.push({ doc: inner, dx: ox, dy: oy });
			else {
				let origin = '(no src)';
				try { origin = new URL(frame.src, location.href).origin; } catch (error) { origin = '(unreadable src)'; }
				crossOriginFrames.push(origin);
			}
		}
	}
	const visible = (el) => {
		const rect = el.getBoundingClientRect();
		if (rect.width < 1 || rect.height < 1) return false;
		const style = el.ownerDocument.defaultView.getComputedStyle(el);
		return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
	};
	const rotationOf = (el) => {
		const inline = /rotate\\(\\s*(-?[\\d.]+)deg/.exec(el.style.transform || '');
		let degrees = 0;
		if (inline) degrees = Number(inline[1]);
		else {
			const matrix = el.ownerDocument.defaultView.getComputedStyle(el).transform;
			const parts = /matrix\\(([^)]+)\\)/.exec(matrix || '');
			if (parts) {
				const [a, b] = parts[1].split(',').map(Number);
				degrees = Math.atan2(b, a) * 180 / Math.PI;
			}
		}
		return ((degrees % 360) + 360) % 360;
	};
	const elements = {};
	const invalid = [];
	for (const role of Object.keys(selectors)) {
		elements[role] = null;
		for (const frame of frames) {
			let list;
			try { list = frame.doc.querySelectorAll(selectors[role]); } catch (error) { invalid.push(role); break; }
			const el = Array.from(list).find(visible);
			if (!el) continue;
			const rect = el.getBoundingClientRect();
			const info = {
				x: rect.left + frame.dx, y: rect.top + frame.dy, width: rect.width, height: rect.height,
				tag: el.tagName.toLowerCase(), rotation: rotationOf(el), draggable: !!el.closest('[draggable=true]'),
			};
			if (info.tag === 'img') {
				info.src = el.currentSrc || el.src;
				info.loaded = el.complete && el.naturalWidth > 0;
				info.naturalWidth = el.naturalWidth;
				info.naturalHeight = el.naturalHeight;
			} else if (info.tag === 'canvas') {
				info.loaded = el.width > 0;
				info.naturalWidth = el.width;
				info.naturalHeight = el.height;
			}
			elements[role] = info;
			break;
		}
	}
	const viewport = window.visualViewport;
	return {
		elements, invalid, crossOriginFrames, devicePixelRatio: window.devicePixelRatio || 1,
		pageLeft: viewport ? viewport.pageLeft : window.scrollX, pageTop: viewport ? viewport.pageTop : window.scrollY,
		timeOrigin: performance.timeOrigin,
	};
}`;

/** An expression that reports the first visible match of each selector. */
export function findElementsExpression(selectors: Record<string, string>): string {
	return `(${FIND_FUNCTION})(${JSON.stringify(selectors)})`;
}

/**
 * An expression resolving with a snapshot as soon as the page differs from `from` in what it
 * shows (which elements are there, which image each shows), or after `maxMs`: it looks at once,
 * then at each change of the document (a MutationObserver), so a verdict is read the moment the
 * page shows it rather than a poll later, and a change between two looks is never missed.
 */
export function changedElementsExpression(selectors: Record<string, string>, from: PageSnapshot, maxMs: number): string {
	return `(async (find, selectors, from, maxMs) => {
	const shown = (snapshot) => JSON.stringify(Object.keys(snapshot.elements).map((role) => { const el = snapshot.elements[role]; return el && (el.src || el.tag); }));
	const before = shown({ elements: from });
	const deadline = performance.now() + maxMs;
	for (;;) {
		const now = find(selectors);
		const left = deadline - performance.now();
		if (shown(now) !== before || left <= 0) return now;
		await new Promise((resolve) => {
			const done = () => { observer.disconnect(); clearTimeout(timer); resolve(); };
			const observer = new MutationObserver(done);
			observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
			const timer = setTimeout(done, left);
		});
	}
})(${FIND_FUNCTION}, ${JSON.stringify(selectors)}, ${JSON.stringify(from.elements)}, ${Math.max(0, Math.round(maxMs))})`;
}

/**
 * An expression resolving with the bytes an image or canvas shows, as base64 (the served file for
 * images: `blob:` and `data:` sources included; a PNG for canvases), or null when the page cannot
 * read them (a cross-origin image without CORS): the caller then takes a screenshot.
 */
export function readImageExpression(selector: string): string {
	return `(async (selector) => {
	const find = ${FIND_ELEMENT};
	const el = find(selector);
	if (!el) return null;
	if (el.tagName === 'CANVAS') {
		try { const url = el.toDataURL('image/png'); return { base64: url.slice(url.indexOf(',') + 1) }; } catch (error) { return null; }
	}
	const src = el.currentSrc || el.src;
	if (!src) return null;
	try {
		const response = await fetch(src);
		if (!response.ok) return null;
		const bytes = new Uint8Array(await response.arrayBuffer());
		let text = '';
		for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
		return { base64: btoa(text) };
	} catch (error) {
		return null;
	}
})(${JSON.stringify(selector)})`;
}

/** The first visible match in the top document or a same-origin iframe (for readImageExpression). */
const FIND_ELEMENT = `(selector) => {
	const docs = [document];
	for (let i = 0; i < docs.length; i++) {
		for (const frame of docs[i].querySelectorAll('iframe, frame')) {
			try { if (frame.contentDocument) docs.push(frame.contentDocument); } catch (error) { /* cross-origin */ }
		}
	}
	for (const doc of docs) {
		for (const el of doc.querySelectorAll(selector)) {
			const rect = el.getBoundingClientRect();
			if (rect.width >= 1 && rect.height >= 1) return el;
		}
	}
	return null;
}`;
