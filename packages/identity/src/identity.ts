import type { VerifyBearer } from './verify-bearer';

/** How a service learns who is calling. */
export interface Identity {
  readonly mode: 'local' | 'oidc';
  readonly issuer: string;
  readonly audience: string;
  /** Verifies the value of an Authorization header; throws IdentityError with a stable code. */
  authenticate: VerifyBearer;
}
