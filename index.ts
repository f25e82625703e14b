// The package's entry point; n8n itself loads the files listed in package.json's `n8n` section.
export { OmoCaptcha } from './nodes/OmoCaptcha/OmoCaptcha.node';
export { BrowserConnectionApi } from './credentials/BrowserConnectionApi.credentials';
export { OmoCaptchaApi } from './credentials/OmoCaptchaApi.credentials';
