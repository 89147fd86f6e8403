import { createRemoteJWKSet, type JWSAlgorithm } from 'jose';
import { defaultClaimNames, type ClaimNames } from './claims';
import type { Identity } from './identity';
import { createBearerVerifier } from './verify-bearer';

export interface OidcIdentityOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  algorithms?: readonly JWSAlgorithm[];
  claimNames?: ClaimNames;
  clockToleranceSeconds?: number;
}

/** Production: tokens from an OpenID Connect provider, keys fetched (and cached) from its JWKS URL. */
export function getOidcIdentity(options: OidcIdentityOptions): Identity {
  const { issuer, audience, jwksUrl, algorithms = ['RS256', 'PS256', 'ES256'], claimNames = defaultClaimNames } = options;
  const keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return {
    mode: 'oidc',
    issuer,
    audience,
    authenticate: createBearerVerifier({ issuer, audience, algorithms, keys, claimNames, clockToleranceSeconds: options.clockToleranceSeconds ?? 5 }),
  };
}
