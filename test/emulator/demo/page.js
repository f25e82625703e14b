// The demo captcha page's script (served as /demo/page.js; plain browser JavaScript, no build step).
// It builds the captcha with the real sites' DOM structure and selectors, moves the piece / turns
// the inner image while the handle is dragged, sends the answer and the pointer trace to the
// emulator (POST /demo/api/verify), and shows success or a new captcha. Everything that happens is
// recorded in window.__captchaLog for tests. See docs/demo-captcha-pages.md.
(() => {
	'use strict';
	const kind = document.body.dataset.kind;
	const params = new URLSearchParams(location.search);
	const numberParam = (name) => (params.has(name) && params.get(name) !== '' ? Number(params.get(name)) : undefined);
	const options = {
		reject: params.get('reject') || undefined,
		captcha: params.get('captcha') || undefined,
		delay: numberParam('delay') || 0,
		seed: params.get('seed') || undefined,
		tolerance: numberParam('tolerance'),
		botcheck: params.get('botcheck') !== 'off',
		success: params.get('success') === 'mark' ? 'mark' : 'remove',
		ratio: numberParam('ratio'),
		// How the slider's handlers listen (docs/demo-captcha-pages.md, "HTML5 draggable=true handles")
		drag: ['pointer', 'html5', 'prevent'].includes(params.get('drag')) ? params.get('drag') : 'both',
		images: params.get('images') === 'broken' ? 'broken' : 'ok',
	};
	const log = { kind, options, state: 'pending', solved: false, challenges: [], attempts: [], events: [] };
	window.__captchaLog = log;

	const isTikTok = kind.startsWith('tiktok-');
	const GEOMETRY = {
		'tiktok-slider': { imageWidth: 348, piece: 69, track: 348, handle: 64 },
		'tiktok-rotate': { imageWidth: 210, track: 348, handle: 64 },
		'tiktok-select': { imageWidth: 340, imageHeight: 212 },
		'shopee-slider': { imageWidth: 280, piece: 50, track: 280, handle: 40 },
	}[kind];
	const INSTRUCTION = {
		'tiktok-slider': 'Drag the puzzle piece into place',
		'tiktok-rotate': 'Drag the slider to fit the puzzle',
		'tiktok-select': 'Select 2 objects that are the same shape',
	}[kind];

	const now = () => performance.now();
	const note = (type, extra) => log.events.push(Object.assign({ type, t: Math.round(now()) }, extra || {}));
	// In a frame, the framing page gets the log by message too (a cross-origin parent cannot read it).
	const tellParent = () => {
		if (window.parent !== window) window.parent.postMessage({ type: 'captcha-log', log: JSON.parse(JSON.stringify(log)) }, '*');
	};
	const title = document.title;
	const setState = (state) => {
		log.state = state;
		document.body.dataset.captcha = state;
		// The tab's title shows a solve to whoever lists the browser's tabs (/json/list), without DevTools.
		document.title = state === 'solved' ? `${title} (solved)` : title;
		tellParent();
		const status = document.getElementById('demo-status');
		if (status) status.textContent = { pending: 'Loading…', shown: 'Please verify you are human', checking: 'Checking…', refreshing: 'Try again', solved: 'Verified: welcome back!', none: 'No verification needed', closed: 'Verification closed' }[state] || state;
	};
	const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
	const post = async (path, body) => {
		const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
		return response.json();
	};

	let root; // the captcha's outermost element (TikTok modal / Shopee aside)
	let challenge; // { id, images: {name: url}, pieceTop }
	let handleX = 0; // current handle offset, CSS px
	let drag; // the drag in progress
	let lastPointerMove; // timeStamp of the last pointermove anywhere (select's approach check)
	let busy = false;
	const objectUrls = [];

	// --- DOM ----------------------------------------------------------------------------------------

	function tiktokModal() {
		const imageBox = {
			'tiktok-slider': `<div class="cap-relative captcha-image-box">
					<img id="captcha-verify-image" class="cap-w-full" alt="captcha_whirl_title" draggable="false">
					<div draggable="true" class="cap-absolute captcha-piece" style="transform: translateX(0px); top: 0px;"><img alt="captcha_piece" draggable="false"></div>
				</div>`,
			'tiktok-rotate': `<div class="cap-relative captcha-whirl">
					<img class="cap-h-[170px] sm:cap-h-[210px]" alt="Captcha" draggable="false" style="clip-path: circle(50%); transform: rotate(0deg);">
					<img class="cap-absolute cap-h-[105px] sm:cap-h-[128px]" alt="Captcha" draggable="false" style="clip-path: circle(50%); transform: rotate(0deg);">
				</div>`,
			'tiktok-select': `<div class="cap-relative captcha-select-box">
					<img class="cap-w-full" alt="Verify that you're not a robot" draggable="false">
				</div>`,
		}[kind];
		const control =
			kind === 'tiktok-select'
				? `<div class="cap-relative captcha-confirm"><button type="button" class="TUXButton TUXButton--primary cap-w-full" aria-disabled="true">Confirm</button></div>`
				: `<div class="cap-w-full captcha-track-wrapper">
					<div class="cap-w-full cap-h-40 cap-rounded-full cap-bg-UISheetGrouped3">
						<div draggable="true" class="cap-absolute captcha-handle" style="transform: translateX(0px);">
							<button id="captcha_slide_button" type="button" class="secsdk-captcha-drag-icon TUXButton" aria-label="slider">&#10140;</button>
						</div>
					</div>
				</div>`;
		const modal = document.createElement('div');
		modal.className = 'TUXModal captcha-verify-container';
		modal.setAttribute('role', 'dialog');
		modal.setAttribute('aria-modal', 'true');
		modal.innerHTML = `<div id="captcha-verify-container-main-page" class="cap-flex cap-flex-col">
				<div class="cap-flex captcha-header"><span>${INSTRUCTION}</span><button id="captcha_close_button" type="button" aria-label="Close">&#215;</button></div>
				<div class="cap-flex cap-flex-col captcha-body">${imageBox}${control}</div>
				<div class="cap-flex captcha-footer">
					<button id="captcha_refresh_button" type="button">Refresh</button>
					<button id="captcha_switch_button" type="button">Audio</button>
					<button id="captcha_feedback_button" type="button">Report a problem</button>
				</div>
			</div>`;
		return modal;
	}

	function shopeeAside() {
		const aside = document.createElement('aside');
		aside.setAttribute('aria-modal', 'true');
		aside.setAttribute('role', 'dialog');
		aside.className = 'shopee-captcha';
		aside.innerHTML = `<div class="shopee-captcha-dialog">
				<div class="shopee-captcha-title">Drag the slider to complete the puzzle</div>
				<div aria-hidden="true"><div class="shopee-captcha-frame"><div class="shopee-captcha-images">
					<img draggable="false" alt="">
					<img draggable="true" alt="" style="transform: translateX(0px); top: 0px;">
				</div></div></div>
				<div class="shopee-captcha-track">
					<div style="width: 40px; height: 40px; transform: translateX(0px);"><span class="shopee-captcha-arrow">&#10140;</span></div>
				</div>
				<div class="shopee-captcha-message" role="status"></div>
				<button type="button" class="shopee-captcha-refresh">Refresh</button>
			</div>`;
		return aside;
	}

	const q = (selector) => root && root.querySelector(selector);
	const parts = () => {
		if (kind === 'tiktok-slider') return { bg: q('#captcha-verify-image'), pieceWrap: q('.captcha-piece'), piece: q('.captcha-piece img'), handleWrap: q('div[draggable=true].captcha-handle'), track: q('.cap-bg-UISheetGrouped3') };
		if (kind === 'tiktok-rotate') return { outer: q('.captcha-whirl img:first-child'), inner: q('.captcha-whirl img.cap-absolute'), handleWrap: q('div[draggable=true].captcha-handle'), track: q('.cap-bg-UISheetGrouped3') };
		if (kind === 'tiktok-select') return { picture: q('.captcha-select-box img'), box: q('.captcha-select-box'), confirm: q('.captcha-confirm button') };
		return { bg: q('img[draggable=false]'), piece: q('img[draggable=true]'), handleWrap: q('.shopee-captcha-track > div'), track: q('.shopee-captcha-track') };
	};

	// --- Challenges -------------------------------------------------------------------------------

	async function loadChallenge() {
		challenge = await post('/demo/api/challenge', { kind, seed: options.seed, sequence: log.challenges.length });
		log.challenges.push(challenge.id);
		while (objectUrls.length) URL.revokeObjectURL(objectUrls.pop());
		const sources = {};
		for (const [name, image] of Object.entries(challenge.images)) {
			// ?images=broken: the images never load (the node must say so, not send them)
			const url = options.images === 'broken' ? `/demo/img/0/${name}.png` : image;
			if (isTikTok) {
				// TikTok serves its images as blob: URLs (notes, pitfall 2)
				const blob = await (await fetch(url)).blob();
				sources[name] = URL.createObjectURL(blob);
				objectUrls.push(sources[name]);
			} else sources[name] = url; // Shopee: data: URLs
		}
		const p = parts();
		const images = [];
		const show = (img, src) => {
			img.src = src;
			images.push(img.decode().catch(() => undefined));
		};
		if (kind === 'tiktok-slider' || kind === 'shopee-slider') {
			show(p.bg, sources.background);
			show(p.piece, sources.piece);
			const pieceStyle = `transform: translateX(0px); top: ${challenge.pieceTop}px;`;
			(kind === 'tiktok-slider' ? p.pieceWrap : p.piece).setAttribute('style', pieceStyle);
		} else if (kind === 'tiktok-rotate') {
			show(p.outer, sources.outer);
			show(p.inner, sources.inner);
		} else {
			show(p.picture, sources.picture);
			for (const mark of root.querySelectorAll('.captcha-select-mark')) mark.remove();
			clicks.length = 0;
			updateConfirm();
		}
		setHandle(0);
		await Promise.all(images);
	}

	function setHandle(x) {
		const p = parts();
		if (!p.handleWrap) return;
		const max = GEOMETRY.track - GEOMETRY.handle;
		handleX = Math.max(0, Math.min(max, x));
		const px = round2(handleX);
		if (kind === 'shopee-slider') {
			// Shopee's handle keeps this exact inline style string (its selector matches on it at 0)
			p.handleWrap.setAttribute('style', `width: 40px; height: 40px; transform: translateX(${px}px);`);
			p.piece.style.transform = `translateX(${round2(Math.min(handleX, GEOMETRY.imageWidth - GEOMETRY.piece))}px)`;
		} else {
			p.handleWrap.style.transform = `translateX(${px}px)`;
			if (kind === 'tiktok-slider') {
				const ratio = options.ratio !== undefined ? options.ratio : (GEOMETRY.imageWidth - GEOMETRY.piece) / max;
				p.pieceWrap.style.transform = `translateX(${round2(Math.min(handleX * ratio, GEOMETRY.imageWidth - GEOMETRY.piece))}px)`;
			} else {
				p.inner.style.transform = `rotate(${round2(currentAngle())}deg)`;
			}
		}
	}

	const currentAngle = () => (handleX / (GEOMETRY.track - GEOMETRY.handle)) * 360;
	const round2 = (v) => Math.round(v * 100) / 100;
	const pieceOffset = () => {
		const p = parts();
		const element = kind === 'tiktok-slider' ? p.pieceWrap : p.piece;
		const match = /translateX\((-?[\d.]+)px\)/.exec(element.style.transform);
		return match ? Number(match[1]) : 0;
	};

	// --- Dragging: pointer events, and HTML5 drag events for the draggable=true handle ----------

	function startDrag(source, event) {
		drag = { source, startX: event.clientX, startHandle: handleX, sawDragEvent: false, trace: [{ type: 'down', x: event.clientX, y: event.clientY, t: event.timeStamp }] };
	}

	function moveDrag(event) {
		const last = drag.trace[drag.trace.length - 1];
		if (drag.source === 'html5-drag' && last.x === event.clientX && last.y === event.clientY) return; // drag events repeat while the pointer rests
		drag.trace.push({ type: 'move', x: event.clientX, y: event.clientY, t: event.timeStamp });
		setHandle(drag.startHandle + event.clientX - drag.startX);
	}

	function endDrag(event, x, y) {
		const finished = drag;
		drag = undefined;
		finished.trace.push({ type: 'up', x, y, t: event.timeStamp });
		submit({ input: finished.source, trace: finished.trace });
	}

	function bindSlider() {
		const { handleWrap } = parts();
		const usePointer = options.drag !== 'html5';
		const useHtml5 = (options.drag === 'both' || options.drag === 'html5') && handleWrap.getAttribute('draggable') === 'true';
		handleWrap.addEventListener('pointerdown', (event) => {
			note('pointerdown', { pointerType: event.pointerType });
			if (!usePointer || busy || drag || event.button !== 0) return;
			startDrag('pointer', event);
		});
		document.addEventListener('pointermove', (event) => {
			if (drag && drag.source === 'pointer') moveDrag(event);
		});
		document.addEventListener('pointerup', (event) => {
			if (drag && drag.source === 'pointer') endDrag(event, event.clientX, event.clientY);
		});
		document.addEventListener('pointercancel', (event) => {
			note('pointercancel', { pointerType: event.pointerType });
			// a native drag-and-drop took over: continue from the drag events if we listen to them
			if (drag && drag.source === 'pointer') {
				if (useHtml5) drag.source = 'html5-drag';
				else {
					note('drag-lost');
					const lost = drag;
					drag = undefined;
					submit({ input: 'pointer-cancelled', trace: lost.trace });
				}
			}
		});
		handleWrap.addEventListener('dragstart', (event) => {
			note('dragstart');
			if (options.drag === 'prevent') {
				event.preventDefault(); // no native drag-and-drop: pointer events go on
				return;
			}
			if (!useHtml5) return; // this page's handlers ignore HTML5 drags (?drag=pointer)
			if (event.dataTransfer) {
				event.dataTransfer.effectAllowed = 'move';
				event.dataTransfer.setData('text/plain', 'captcha');
				const ghost = new Image();
				ghost.src = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
				event.dataTransfer.setDragImage(ghost, 0, 0);
			}
			if (!drag && !busy) startDrag('html5-drag', event);
			else if (drag) drag.source = 'html5-drag';
		});
		handleWrap.addEventListener('drag', (event) => {
			if (!drag || drag.source !== 'html5-drag') return;
			if (event.clientX === 0 && event.clientY === 0 && event.screenX === 0 && event.screenY === 0) return; // Chromium's last drag event
			drag.sawDragEvent = true;
			moveDrag(event);
		});
		document.addEventListener('dragover', (event) => {
			if (!drag || drag.source !== 'html5-drag') return;
			event.preventDefault(); // allow the drop anywhere
			// An intercepted drag (CDP Input.dispatchDragEvent) fires no 'drag' on the source: follow dragover then.
			if (!drag.sawDragEvent) moveDrag(event);
		});
		document.addEventListener('drop', (event) => {
			note('drop');
			if (drag && drag.source === 'html5-drag') event.preventDefault();
		});
		handleWrap.addEventListener('dragend', (event) => {
			note('dragend', { x: event.clientX, y: event.clientY });
			if (drag && drag.source === 'html5-drag') {
				// Chromium can drop 'drag' events when moves come faster than it handles them, the last
				// one included; dragend carries where the pointer was released.
				const last = drag.trace[drag.trace.length - 1];
				const released = event.clientX !== 0 || event.clientY !== 0;
				const x = released ? event.clientX : last.x;
				const y = released ? event.clientY : last.y;
				setHandle(drag.startHandle + x - drag.startX);
				endDrag(event, x, y);
			}
		});
	}

	// --- Select: clicks mark points, Confirm sends them ------------------------------------------

	const clicks = [];
	function updateConfirm() {
		const { confirm } = parts();
		const marks = root.querySelectorAll('.captcha-select-mark');
		confirm.setAttribute('aria-disabled', marks.length >= 2 ? 'false' : 'true');
		confirm.classList.toggle('TUXButton--disabled', marks.length < 2);
	}

	function bindSelect() {
		const { box, confirm } = parts();
		document.addEventListener('pointermove', (event) => {
			lastPointerMove = event.timeStamp;
		});
		let pressAgo = null;
		box.addEventListener('pointerdown', (event) => {
			pressAgo = lastPointerMove === undefined ? null : Math.round(event.timeStamp - lastPointerMove);
		});
		box.addEventListener('click', (event) => {
			if (busy) return;
			if (event.target.classList.contains('captcha-select-mark')) {
				const index = Number(event.target.dataset.index);
				clicks.splice(index, 1);
				event.target.remove();
				renumber();
				return;
			}
			if (clicks.length >= 2) return;
			const rect = parts().picture.getBoundingClientRect();
			const point = { x: round2(event.clientX - rect.left), y: round2(event.clientY - rect.top), lastMoveAgoMs: pressAgo };
			clicks.push(point);
			const mark = document.createElement('div');
			mark.className = 'captcha-select-mark';
			mark.style.left = `${point.x}px`;
			mark.style.top = `${point.y}px`;
			box.appendChild(mark);
			renumber();
		});
		confirm.addEventListener('click', () => {
			if (busy || confirm.getAttribute('aria-disabled') === 'true') return;
			const points = clicks.splice(0, clicks.length);
			submit({ input: 'click', points });
		});
	}

	function renumber() {
		root.querySelectorAll('.captcha-select-mark').forEach((mark, i) => {
			mark.dataset.index = String(i);
			mark.textContent = String(i + 1);
		});
		updateConfirm();
	}

	// --- Verdict ----------------------------------------------------------------------------------

	async function submit({ input, trace, points }) {
		busy = true;
		setState('checking');
		const attempt = log.attempts.length + 1;
		const p = parts();
		const image = p.bg || p.picture || p.outer;
		const rect = image.getBoundingClientRect();
		const body = {
			id: challenge.id,
			attempt,
			input,
			trace,
			points,
			pieceX: kind.endsWith('slider') ? pieceOffset() : undefined,
			angle: kind === 'tiktok-rotate' ? currentAngle() : undefined,
			imageWidth: rect.width,
			imageHeight: rect.height,
			tolerance: options.tolerance,
			botcheck: options.botcheck,
			forceReject: options.reject === 'first' && attempt === 1,
		};
		let verdict;
		try {
			verdict = await post('/demo/api/verify', body);
		} catch (error) {
			verdict = { verdict: 'fail', reasons: ['verify-request-failed: ' + error.message] };
		}
		log.attempts.push({ n: attempt, challengeId: challenge.id, verdict: verdict.verdict, reasons: verdict.reasons, value: verdict.value, expected: verdict.expected, input, trace: verdict.trace });
		tellParent();
		if (verdict.verdict === 'pass') await succeed();
		else await fail();
	}

	function message(pass) {
		if (isTikTok) {
			const div = document.createElement('div');
			div.className = `captcha_verify_message ${pass ? 'captcha_verify_message-pass' : 'captcha_verify_message-fail'}`;
			div.textContent = pass ? 'Verification complete' : 'Verification failed. Please try again.';
			q('.captcha-body').appendChild(div);
			return div;
		}
		const status = q('.shopee-captcha-message');
		status.textContent = pass ? 'Verified' : 'Verification failed, please try again';
		status.dataset.result = pass ? 'pass' : 'fail';
		return { remove: () => { status.textContent = ''; delete status.dataset.result; } };
	}

	async function succeed() {
		log.solved = true;
		message(true);
		if (options.success === 'remove') {
			await sleep(isTikTok ? 300 : 150);
			root.remove();
			root = undefined;
		}
		busy = false;
		setState('solved');
	}

	async function fail() {
		setState('refreshing');
		const shown = message(false);
		await sleep(800);
		shown.remove();
		await loadChallenge();
		busy = false;
		setState('shown');
	}

	// --- Start --------------------------------------------------------------------------------------

	async function showCaptcha() {
		root = isTikTok ? tiktokModal() : shopeeAside();
		document.body.appendChild(root);
		if (kind === 'tiktok-select') bindSelect();
		else bindSlider();
		const refresh = q('#captcha_refresh_button') || q('.shopee-captcha-refresh');
		refresh.addEventListener('click', async () => {
			if (busy) return;
			note('refresh');
			busy = true;
			await loadChallenge();
			busy = false;
		});
		const close = q('#captcha_close_button');
		if (close) close.addEventListener('click', () => {
			note('close');
			root.remove();
			root = undefined;
			setState('closed');
		});
		await loadChallenge();
		setState('shown');
	}

	if (options.captcha === 'none') {
		setState('none');
		return;
	}
	setState('pending');
	setTimeout(() => {
		showCaptcha().catch((error) => {
			note('error', { message: String(error && error.message) });
			setState('error');
		});
	}, options.delay);
})();
