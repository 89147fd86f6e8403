import { errors, jwtVerify, type JWSAlgorithm, type JWTVerifyGetKey } from 'jose';
import type { Caller } from './caller';
import { callerFromClaims, defaultClaimNames, type ClaimNames } from './claims';
import { IdentityError, IdentityErrorCodes, type IdentityErrorCode } from './errors';
import { createVerifiedTokenCache } from './verified-token-cache';

export interface BearerVerifierOptions {
  issuer: string;
  audience: string;
  /** The allow-list; a token signed with anything else (including `none` and HS* against a public key) is refused. */
  algorithms: readonly JWSAlgorithm[];
  /** Resolves the verification key from the token header (`kid`, `alg`). */
  keys: JWTVerifyGetKey;
  claimNames?: ClaimNames;
  /** Seconds of clock skew accepted on exp and nbf. */
  clockToleranceSeconds?: number;
  /** For tests: the current time. */
  now?: () => Date;
}

/** Verifies the value of an Authorization header and yields the caller it names, or throws IdentityError. */
export type VerifyBearer = (authorization: string | undefined) => Promise<Caller>;

// Far above any real token (a few hundred bytes) yet small enough that parsing junk costs nothing.
const MAX_TOKEN_LENGTH = 8192;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function createBearerVerifier(options: BearerVerifierOptions): VerifyBearer {
  const { issuer, audience, keys, claimNames = defaultClaimNames, clockToleranceSeconds = 5, now = () => new Date() } = options;
  const algorithms = [...options.algorithms];
  if (algorithms.length === 0 || algorithms.some((alg) => alg === 'none' || alg.startsWith('HS'))) {
    throw new IdentityError(IdentityErrorCodes.CONFIG, 'the algorithm allow-list must name asymmetric algorithms only');
  }
  const cache = createVerifiedTokenCache({ now: () => now().getTime(), clockToleranceMs: clockToleranceSeconds * 1000 });

  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') {
      throw new IdentityError(IdentityErrorCodes.TOKEN_MISSING, 'an Authorization: Bearer token is required');
    }
    const match = authorization.length <= MAX_TOKEN_LENGTH + 16 ? BEARER.exec(authorization) : null;
    const token = match?.[1];
    if (token === undefined || token.length > MAX_TOKEN_LENGTH) {
      throw new IdentityError(IdentityErrorCodes.TOKEN_MALFORMED, 'the Authorization header must be "Bearer <jwt>"');
    }
    const cached = cache.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
        currentDate: now(),
      });
      const caller = callerFromClaims(payload, claimNames);
      cache.set(token, caller, (payload.exp ?? 0) * 1000);
      return caller;
    } catch (error) {
      throw toIdentityError(error);
    }
  };
}

function toIdentityError(error: unknown): IdentityError {
  if (error instanceof IdentityError) return error;
  const refuse = (code: IdentityErrorCode, message: string) => new IdentityError(code, message, { cause: error });
  if (error instanceof errors.JWTExpired) return refuse(IdentityErrorCodes.TOKEN_EXPIRED, 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return refuse(IdentityErrorCodes.TOKEN_NOT_YET_VALID, 'the token is not valid yet');
      case 'iat':
        return refuse(IdentityErrorCodes.TOKEN_NOT_YET_VALID, 'the token was issued in the future');
      case 'iss':
        return refuse(IdentityErrorCodes.TOKEN_ISSUER, 'the token was issued by an issuer this service does not trust');
      case 'aud':
        return refuse(IdentityErrorCodes.TOKEN_AUDIENCE, 'the token is meant for another audience');
      default:
        return refuse(IdentityErrorCodes.TOKEN_CLAIMS, `the token claim "${error.claim}" is missing or invalid`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return refuse(IdentityErrorCodes.TOKEN_ALGORITHM, 'the token is signed with an algorithm this service does not accept');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse(IdentityErrorCodes.TOKEN_KEY_UNKNOWN, 'the token names a signing key this service does not know');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse(IdentityErrorCodes.TOKEN_SIGNATURE, 'the token signature does not verify');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return refuse(IdentityErrorCodes.TOKEN_MALFORMED, 'the token is not a well-formed signed JWT');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return refuse(IdentityErrorCodes.KEYS_UNAVAILABLE, 'the identity provider keys could not be loaded');
  }
  // A JWKS fetch that fails at the network level surfaces as a plain error from fetch.
  if (error instanceof TypeError || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
    return refuse(IdentityErrorCodes.KEYS_UNAVAILABLE, 'the identity provider keys could not be loaded');
  }
  return refuse(IdentityErrorCodes.TOKEN_INVALID, 'the token could not be verified');
}
