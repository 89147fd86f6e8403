/** Test support for other packages: bad bearer tokens, each with the refusal it must get. */
export { hostileTokens, type ForgeryTarget, type HostileToken } from './hostile-tokens';
