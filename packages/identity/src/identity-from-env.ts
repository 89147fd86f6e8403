import type { JWSAlgorithm } from 'jose';
import { claimNamesWithPrefix } from './claims';
import { IdentityError, IdentityErrorCodes } from './errors';
import type { Identity } from './identity';
import { getLocalIdentity } from './local-identity';
import { getOidcIdentity } from './oidc-identity';

/**
 * OIDC when PLANLEDGER_OIDC_ISSUER is set (then the audience and JWKS URL are required too),
 * otherwise the embedded local key in `<dataDir>/keys/`.
 */
export async function identityFromEnv(env: NodeJS.ProcessEnv, dataDir: string): Promise<Identity> {
  const issuer = env.PLANLEDGER_OIDC_ISSUER?.trim();
  if (!issuer) return getLocalIdentity({ dataDir });
  const audience = env.PLANLEDGER_OIDC_AUDIENCE?.trim();
  const jwksUrl = env.PLANLEDGER_OIDC_JWKS_URL?.trim();
  if (!audience || !jwksUrl) {
    throw new IdentityError(IdentityErrorCodes.CONFIG, 'PLANLEDGER_OIDC_ISSUER needs PLANLEDGER_OIDC_AUDIENCE and PLANLEDGER_OIDC_JWKS_URL');
  }
  const algorithms = env.PLANLEDGER_OIDC_ALGORITHMS?.split(',').map((alg) => alg.trim()).filter(Boolean) as JWSAlgorithm[] | undefined;
  const prefix = env.PLANLEDGER_OIDC_CLAIM_PREFIX?.trim();
  return getOidcIdentity({
    issuer,
    audience,
    jwksUrl,
    ...(algorithms?.length ? { algorithms } : {}),
    ...(prefix ? { claimNames: claimNamesWithPrefix(prefix) } : {}),
  });
}
