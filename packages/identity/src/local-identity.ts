import { createLocalJWKSet, SignJWT } from 'jose';
import type { Agency, Role } from './caller';
import { defaultClaimNames } from './claims';
import type { Identity } from './identity';
import { LOCAL_ALGORITHM, loadLocalSigningKey, type LocalSigningKey } from './local-signing-key';
import { createBearerVerifier } from './verify-bearer';

export const LOCAL_ISSUER = 'urn:planledger:local';
export const LOCAL_AUDIENCE = 'planledger';

export interface MintTokenInput {
  userId: string;
  role: Role;
  agency: Agency;
  organisationId: string;
  /** A duration such as '8h' or '15m', or a number of seconds. Default '8h'. */
  expiresIn?: string | number;
}

export interface LocalIdentity extends Identity {
  readonly mode: 'local';
  readonly signingKey: LocalSigningKey;
  mintToken(input: MintTokenInput): Promise<string>;
}

export interface LocalIdentityOptions {
  /** Folder holding `keys/`; created on first use. */
  dataDir: string;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** The embedded default: tokens signed and verified with a key pair kept in the data folder. */
export async function getLocalIdentity(options: LocalIdentityOptions): Promise<LocalIdentity> {
  const { dataDir, issuer = LOCAL_ISSUER, audience = LOCAL_AUDIENCE, now = () => new Date() } = options;
  const signingKey = await loadLocalSigningKey(dataDir);
  // A key set rather than the bare key so a token naming another kid is refused as an unknown key.
  const keys = createLocalJWKSet({ keys: [signingKey.publicJwk] });
  const authenticate = createBearerVerifier({
    issuer,
    audience,
    algorithms: [LOCAL_ALGORITHM],
    keys,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 5,
    now,
  });
  return {
    mode: 'local',
    issuer,
    audience,
    signingKey,
    authenticate,
    async mintToken({ userId, role, agency, organisationId, expiresIn = '8h' }) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiry = typeof expiresIn === 'number' ? issuedAt + expiresIn : expiresIn;
      return new SignJWT({
        [defaultClaimNames.role]: role,
        [defaultClaimNames.agency]: agency,
        [defaultClaimNames.organisationId]: organisationId,
      })
        .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: signingKey.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(typeof expiry === 'number' ? expiry : new Date((issuedAt + durationSeconds(expiry)) * 1000))
        .sign(signingKey.privateKey);
    },
  };
}

function durationSeconds(duration: string): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(duration.trim());
  if (!match) throw new RangeError(`expiresIn must look like 90s, 15m, 8h or 7d, got ${JSON.stringify(duration)}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
