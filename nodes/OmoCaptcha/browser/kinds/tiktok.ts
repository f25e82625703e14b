/**
 * What TikTok's captchas share, as its sites showed them 2024–2026 (gathered in the project's
 * notes from public solvers' sources): the "V2" modal's selectors first, with V1 fall-backs.
 */

export const TIKTOK_CONTAINER = 'div.captcha-verify-container, .captcha-disable-scroll, .captcha_verify_container';
export const TIKTOK_HANDLE = '.secsdk-captcha-drag-icon';
export const TIKTOK_TRACK = '.captcha-verify-container div.cap-w-full > div.cap-rounded-full, .captcha_verify_slide--slidebar';
export const TIKTOK_SUCCESS = '.captcha_verify_message-pass';
export const TIKTOK_REFRESH = '#captcha_refresh_button, .secsdk_captcha_refresh';
