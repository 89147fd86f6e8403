export { buildWeb, type WebOptions } from './build-web';
export { webOptionsFromEnv } from './web-options-from-env';
export type { LocalSignIn } from './sign-in/local-sign-in';
export type { OidcSignIn } from './sign-in/oidc-sign-in';
