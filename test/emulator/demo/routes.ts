/**
 * HTTP routes of the demo captcha pages (see docs/demo-captcha-pages.md): the pages under /demo/,
 * their script, the challenge images, the JSON endpoints the pages call, and /demo/account, the
 * address behind the captcha that only a session which solved one may read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_KINDS, type DemoKind } from './captchas';
import type { DemoCaptchas, VerifyRequest } from './registry';

export interface DemoRequest {
	method: string;
	url: URL;
	/** The request body text (POST). */
	body: string;
	/** The Host header (the cross-site frame points at the other loopback name). */
	host?: string;
	/** The Cookie header. */
	cookie?: string;
}

export interface DemoResponse {
	status: number;
	contentType: string;
	body: string | Buffer;
	headers?: Record<string, string>;
}

/** The visitor session's cookie: set when a page is served, sent back by the page's requests. */
const DEMO_SESSION_COOKIE = 'demo_session';

const PAGE_SCRIPT = readFileSync(join(__dirname, 'page.js'), 'utf8');

const TITLES: Record<DemoKind, string> = {
	'tiktok-slider': 'TikTok Slider (demo)',
	'tiktok-rotate': 'TikTok Rotate (demo)',
	'tiktok-select': 'TikTok Select Two Same Shapes (demo)',
	'shopee-slider': 'Shopee Slider (demo)',
};

const html = (body: string): DemoResponse => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
const json = (status: number, value: unknown): DemoResponse => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

/** Answers a /demo/… request. */
export function demoRoute(demo: DemoCaptchas, request: DemoRequest): DemoResponse {
	const { method, url } = request;
	const path = url.pathname;
	if (method === 'GET' && (path === '/demo' || path === '/demo/')) return html(indexPage());
	if (method === 'GET' && path === '/demo/page.js') return { status: 200, contentType: 'text/javascript; charset=utf-8', body: PAGE_SCRIPT };
	if (method === 'GET' && path === '/demo/account') return account(demo, request);

	const page = /^\/demo\/([a-z-]+)$/.exec(path)?.[1];
	if (method === 'GET' && page && (DEMO_KINDS as string[]).includes(page)) {
		const kind = page as DemoKind;
		const iframe = url.searchParams.get('iframe');
		const response = html(iframe === '1' || iframe === 'cross' ? framingPage(kind, url, request.host ?? '') : captchaPage(kind));
		return withSession(demo, request, response);
	}

	const image = /^\/demo\/img\/(\d+)\/([a-z]+)\.png$/.exec(path);
	if (method === 'GET' && image) {
		const bytes = demo.challenges.get(Number(image[1]))?.images[image[2]];
		return bytes ? { status: 200, contentType: 'image/png', body: bytes } : json(404, { error: 'no such image' });
	}

	if (method === 'POST' && (path === '/demo/api/challenge' || path === '/demo/api/verify')) {
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(request.body || '{}');
		} catch {
			return json(400, { error: 'body is not JSON' });
		}
		if (path === '/demo/api/challenge') {
			const kind = body.kind as DemoKind;
			if (!DEMO_KINDS.includes(kind)) return json(400, { error: `unknown kind ${String(kind)}` });
			const seed = typeof body.seed === 'string' && body.seed !== '' ? body.seed : undefined;
			const challenge = demo.create(kind, seed, Number(body.sequence) || 0);
			const images: Record<string, string> = {};
			for (const [name, bytes] of Object.entries(challenge.images)) {
				// TikTok pages fetch and show blob: URLs; Shopee's come inline as data: URLs
				images[name] = kind.startsWith('tiktok-') ? `/demo/img/${challenge.id}/${name}.png` : `data:image/png;base64,${bytes.toString('base64')}`;
			}
			return json(200, { id: challenge.id, kind, images, pieceTop: challenge.pieceTop });
		}
		try {
			return json(200, demo.verify(body as unknown as VerifyRequest, sessionIdOf(request)));
		} catch (error) {
			return json(400, { error: (error as Error).message });
		}
	}
	return json(404, { error: `Not found: ${path}` });
}

/** The session id the request's Cookie header names, if any. */
function sessionIdOf(request: DemoRequest): string | undefined {
	for (const pair of (request.cookie ?? '').split(';')) {
		const [name, ...value] = pair.trim().split('=');
		if (name === DEMO_SESSION_COOKIE) return value.join('=');
	}
	return undefined;
}

/**
 * A page keeps the visitor's session, or starts one with a cookie. HttpOnly, as sites keep their
 * session cookies: the page's scripts cannot read it, DevTools (Network.getCookies) can.
 */
function withSession(demo: DemoCaptchas, request: DemoRequest, response: DemoResponse): DemoResponse {
	const known = sessionIdOf(request);
	if (known !== undefined && demo.sessions.has(known)) return response;
	const session = demo.openSession();
	return { ...response, headers: { 'set-cookie': `${DEMO_SESSION_COOKIE}=${session.id}; Path=/demo; HttpOnly; SameSite=Lax` } };
}

/** The address behind the captcha: 200 for a session that solved one, else 403. */
function account(demo: DemoCaptchas, request: DemoRequest): DemoResponse {
	const id = sessionIdOf(request);
	const session = id === undefined ? undefined : demo.sessions.get(id);
	if (!session) {
		const error = id === undefined ? `no ${DEMO_SESSION_COOKIE} cookie: open a demo captcha page first and send its cookie` : `unknown ${DEMO_SESSION_COOKIE}: this emulator never started that session`;
		return json(403, { error });
	}
	if (session.solved.length === 0) return json(403, { error: 'the captcha was not solved in this session', session: session.id });
	const last = session.solved[session.solved.length - 1];
	return json(200, {
		session: session.id,
		solved: true,
		captcha: { id: last.captchaId, kind: last.kind, solvedAt: new Date(last.solvedAt).toISOString() },
		solvedCaptchas: session.solved.length,
	});
}

function indexPage(): string {
	const links = DEMO_KINDS.map((kind) => `<li><a href="/demo/${kind}">${TITLES[kind]}</a></li>`).join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><title>OmoCaptcha demo captchas</title></head>
<body><h1>OmoCaptcha demo captchas</h1><ul>${links}</ul>
<p>Behind the captcha: <a href="/demo/account">/demo/account</a> (only for a session that solved one).</p>
<p>Options: ?reject=first, ?captcha=none, ?delay=ms, ?iframe=1|cross, ?images=broken, ?seed=text, ?tolerance=n, ?botcheck=off, ?success=mark, ?ratio=r, ?drag=pointer|html5|both</p></body></html>`;
}

function hostContent(kind: DemoKind): string {
	const shop = kind.startsWith('shopee') ? 'Shopee-like shop' : 'TikTok-like feed';
	return `<header class="demo-header"><strong>${shop}</strong> <span id="demo-status" role="status">Loading…</span></header>
<main class="demo-main"><h1>${TITLES[kind]}</h1><p>This page stands in for a site that asks for a captcha. Solve it to continue.</p>
<div class="demo-cards">${Array.from({ length: 6 }, (_, i) => `<div class="demo-card">Item ${i + 1}</div>`).join('')}</div></main>`;
}

function captchaPage(kind: DemoKind): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>${TITLES[kind]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body data-kind="${kind}" data-captcha="pending">${hostContent(kind)}
<script src="/demo/page.js"></script></body></html>`;
}

/**
 * The captcha page inside an iframe (the Douyin layout: #captcha_container > iframe): same-origin
 * with iframe=1; with iframe=cross the frame is on the other loopback name (127.0.0.1 ↔ localhost),
 * another site, so Chromium runs it out of process as its own target.
 */
function framingPage(kind: DemoKind, url: URL, hostHeader: string): string {
	const inner = new URLSearchParams(url.searchParams);
	const cross = inner.get('iframe') === 'cross';
	inner.delete('iframe');
	const path = `/demo/${kind}${inner.size ? `?${inner}` : ''}`;
	const [hostname, port] = hostHeader.split(':');
	const otherHost = hostname === 'localhost' ? '127.0.0.1' : 'localhost';
	const src = cross ? `http://${otherHost}:${port}${path}` : path;
	return `<!doctype html><html><head><meta charset="utf-8"><title>${TITLES[kind]} (in a frame)</title><style>${STYLE}
#captcha_container { margin: 16px auto; width: 440px; } #captcha_container iframe { width: 440px; height: 560px; border: 1px solid #ccc; }</style></head>
<body data-kind="${kind}" data-captcha="pending" data-framed="1"><header class="demo-header"><strong>Framed captcha</strong> <span id="demo-status">see the frame</span></header>
<div id="captcha_container"><iframe src="${src}" title="captcha"></iframe></div>
<script>
(() => {
	const frame = document.querySelector('#captcha_container iframe');
	let posted;
	window.addEventListener('message', (event) => {
		if (event.source === frame.contentWindow && event.data && event.data.type === 'captcha-log') {
			posted = event.data.log;
			document.body.dataset.captcha = posted.state;
		}
	});
	// Same origin: the frame's live log; cross-origin: the last copy it posted.
	Object.defineProperty(window, '__captchaLog', {
		get: () => {
			try {
				return (frame.contentWindow && frame.contentWindow.__captchaLog) || posted;
			} catch {
				return posted;
			}
		},
	});
})();
</script></body></html>`;
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; background: #f4f5f7; color: #161823; }
.demo-header { display: flex; justify-content: space-between; padding: 10px 16px; background: #fff; border-bottom: 1px solid #ddd; }
.demo-main { padding: 12px 16px; }
.demo-cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.demo-card { background: #fff; border-radius: 8px; height: 80px; padding: 8px; }
/* TikTok V2 modal */
.TUXModal.captcha-verify-container { position: fixed; left: 50%; top: 40px; transform: translateX(-50%); width: 380px; background: #fff; border-radius: 8px; box-shadow: 0 4px 24px rgba(0,0,0,.3); z-index: 1000; }
#captcha-verify-container-main-page { display: flex; flex-direction: column; padding: 16px; gap: 12px; }
.captcha-header { display: flex; justify-content: space-between; align-items: center; font-size: 15px; }
.captcha-header button { border: 0; background: none; font-size: 20px; cursor: pointer; }
.captcha-body { display: flex; flex-direction: column; gap: 14px; position: relative; }
.captcha-image-box { position: relative; width: 348px; height: 216px; }
#captcha-verify-image { display: block; width: 348px; height: 216px; }
.captcha-piece { position: absolute; left: 0; width: 69px; height: 69px; }
.captcha-piece img { display: block; width: 69px; height: 69px; }
.captcha-whirl { position: relative; width: 210px; height: 210px; margin: 3px auto; }
.captcha-whirl img:first-child { display: block; width: 210px; height: 210px; }
.captcha-whirl img.cap-absolute { position: absolute; left: 41px; top: 41px; width: 128px; height: 128px; }
.captcha-select-box { position: relative; width: 340px; height: 212px; margin: 0 auto; cursor: pointer; }
.captcha-select-box img { display: block; width: 340px; height: 212px; }
.captcha-select-mark { position: absolute; width: 24px; height: 24px; margin: -12px 0 0 -12px; border-radius: 50%; background: #fe2c55; color: #fff; font-size: 13px; line-height: 24px; text-align: center; }
.captcha-confirm button { width: 100%; height: 40px; border: 0; border-radius: 4px; background: #fe2c55; color: #fff; font-size: 15px; }
.captcha-confirm button[aria-disabled="true"] { background: #f1f1f2; color: #a0a0a6; }
.captcha-track-wrapper { width: 348px; }
.cap-bg-UISheetGrouped3 { position: relative; width: 348px; height: 40px; border-radius: 20px; background: #f1f1f2; }
.captcha-handle { position: absolute; left: 0; top: 0; touch-action: none; }
#captcha_slide_button { width: 64px; height: 40px; border: 0; border-radius: 20px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 18px; cursor: grab; }
.captcha-footer { display: flex; gap: 8px; font-size: 12px; }
.captcha-footer button { border: 0; background: none; color: #555; cursor: pointer; }
.captcha_verify_message { position: absolute; left: 0; right: 0; top: 0; padding: 8px; text-align: center; color: #fff; }
.captcha_verify_message-pass { background: rgba(37, 180, 90, .92); }
.captcha_verify_message-fail { background: rgba(230, 50, 70, .92); }
/* Shopee puzzle */
aside.shopee-captcha { position: fixed; inset: 0; background: rgba(0,0,0,.4); display: flex; align-items: flex-start; justify-content: center; padding-top: 40px; z-index: 1000; }
.shopee-captcha-dialog { width: 320px; background: #fff; border-radius: 4px; padding: 20px; display: flex; flex-direction: column; gap: 12px; }
.shopee-captcha-title { font-size: 14px; }
.shopee-captcha-frame, .shopee-captcha-images { position: relative; width: 280px; height: 150px; }
.shopee-captcha-images img[draggable=false] { display: block; width: 280px; height: 150px; }
.shopee-captcha-images img[draggable=true] { position: absolute; left: 0; width: 50px; height: 50px; }
.shopee-captcha-track { position: relative; width: 280px; height: 40px; background: #eee; border-radius: 2px; }
.shopee-captcha-track > div { touch-action: none; position: absolute; left: 0; top: 0; background: #ee4d2d; color: #fff; display: flex; align-items: center; justify-content: center; cursor: grab; }
.shopee-captcha-message { min-height: 18px; font-size: 13px; }
.shopee-captcha-message[data-result=fail] { color: #d0011b; }
.shopee-captcha-message[data-result=pass] { color: #26aa99; }
.shopee-captcha-refresh { align-self: flex-start; border: 0; background: none; color: #05a; cursor: pointer; }
`;
