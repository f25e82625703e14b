import type { CaptchaResource, CaptchaSite, CaptchaType, V2Form } from '../types';
import { amazon } from './amazon';
import { funcaptcha } from './funcaptcha';
import { geetest } from './geetest';
import { hcaptcha } from './hcaptcha';
import { imageToText } from './imageToText';
import { recaptcha } from './recaptcha';
import { shopee } from './shopee';
import { sliderAll } from './sliderAll';
import { tencent } from './tencent';
import { tiktok } from './tiktok';
import { zalo } from './zalo';

/**
 * The catalog: every captcha kind the node offers, each one entry saying how it travels on the
 * v1 job API (type id, `data` fields, `|`-joined images) and on the v2 task API (task type, its
 * own image fields), and how both answers become the same output fields. Each site has its own
 * file here (`tiktok.ts`, `shopee.ts`, …), what several sites share is in `shared.ts`. Adding a
 * kind is one entry in its site's file (plus its test); adding a site is one file and one line in
 * `sites` below. The node's dropdowns, fields, payloads and parsing come from this list.
 *
 * Units: where the service is sent the display size (widthView/heightView, v1 width_view), its
 * answer is already in page px and is passed on as is. Elsewhere it answers in pixels of the
 * submitted image; an optional Display Width adds the same answer in page px (`*OnPage`).
 */

/** In dropdown order: the resources as listed, each site's kinds as its file lists them. */
const sites: CaptchaSite[] = [shopee, tiktok, zalo, amazon, geetest, tencent, sliderAll, imageToText, recaptcha, hcaptcha, funcaptcha];

export const captchaResources: CaptchaResource[] = sites.map((site) => site.resource);

export const captchaTypes: CaptchaType[] = sites.flatMap((site) => site.types);

export type ApiName = 'v1' | 'v2';

/** The API's form of a kind, or an explanation naming the API that offers it. */
export function formOf(type: CaptchaType, api: ApiName): { v1: NonNullable<CaptchaType['v1']> } | { v2: V2Form } | { unavailable: string } {
	if (api === 'v1' && type.v1) return { v1: type.v1 };
	if (api === 'v2' && type.v2) return { v2: type.v2 };
	const other = api === 'v1' ? `the v2 API (task type ${type.v2?.taskType})` : `the v1 API (type ID ${type.v1?.typeJobId})`;
	return {
		unavailable: `${captchaLabel(type)} is offered only on ${other}; this credential uses the ${api} API: choose the other API in the OmoCaptcha credential`,
	};
}

export function findCaptchaType(resource: string, operation: string): CaptchaType | undefined {
	return captchaTypes.find((type) => type.resource === resource && type.operation === operation);
}

/**
 * The value identifying a kind in Job → Create / Get Result: its v1 type ID when it has one (what
 * saved workflows already hold), else "resource.operation".
 */
export function captchaTypeKey(type: CaptchaType): string {
	return type.v1 ? String(type.v1.typeJobId) : `${type.resource}.${type.operation}`;
}

/** The kind of a key from captchaTypeKey ("26" or 26, "geetest.icon"), if the catalog has it. */
export function findCaptchaTypeByKey(key: unknown): CaptchaType | undefined {
	return captchaTypes.find((type) => captchaTypeKey(type) === String(key));
}

/** The kind a v2 task type stands for, when exactly one kind uses it as is. */
export function findCaptchaTypeByTaskType(taskType: unknown): CaptchaType | undefined {
	const matches = captchaTypes.filter((type) => type.v2?.taskType === String(taskType));
	return matches.length === 1 ? matches[0] : undefined;
}

/** "26 / ShopeeSliderWebTask", "— / GeetestIconWebTask". */
export function apiIds(type: CaptchaType): string {
	return `${type.v1 ? type.v1.typeJobId : '—'} / ${type.v2 ? type.v2.taskType : '—'}`;
}

export function resourceName(resource: string): string {
	return captchaResources.find((entry) => entry.value === resource)?.name ?? resource;
}

/** "TikTok: Rotate (Web)", for dropdowns and messages. */
export function captchaLabel(type: CaptchaType): string {
	return `${resourceName(type.resource)}: ${type.name}`;
}
