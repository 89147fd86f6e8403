/** Stable codes for every way a bearer token can be refused; callers and tests match these, never messages. */
export const IdentityErrorCodes = {
  TOKEN_MISSING: 'ID_ERR_TOKEN_MISSING',
  TOKEN_MALFORMED: 'ID_ERR_TOKEN_MALFORMED',
  TOKEN_EXPIRED: 'ID_ERR_TOKEN_EXPIRED',
  TOKEN_NOT_YET_VALID: 'ID_ERR_TOKEN_NOT_YET_VALID',
  TOKEN_ISSUER: 'ID_ERR_TOKEN_ISSUER',
  TOKEN_AUDIENCE: 'ID_ERR_TOKEN_AUDIENCE',
  TOKEN_ALGORITHM: 'ID_ERR_TOKEN_ALGORITHM',
  TOKEN_KEY_UNKNOWN: 'ID_ERR_TOKEN_KEY_UNKNOWN',
  TOKEN_SIGNATURE: 'ID_ERR_TOKEN_SIGNATURE',
  TOKEN_CLAIMS: 'ID_ERR_TOKEN_CLAIMS',
  TOKEN_INVALID: 'ID_ERR_TOKEN_INVALID',
  /** The identity provider's keys could not be fetched: the caller is not at fault. */
  KEYS_UNAVAILABLE: 'ID_ERR_KEYS_UNAVAILABLE',
  CONFIG: 'ID_ERR_CONFIG',
} as const;

export type IdentityErrorCode = (typeof IdentityErrorCodes)[keyof typeof IdentityErrorCodes];

export class IdentityError extends Error {
  readonly code: IdentityErrorCode;
  constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityError';
    this.code = code;
  }
}

export function isIdentityError(error: unknown): error is IdentityError {
  return error instanceof IdentityError;
}
