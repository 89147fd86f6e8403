import { base64url, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { IdentityErrorCodes, type IdentityErrorCode } from '../errors';
import type { LocalSigningKey } from '../local-signing-key';

/** What a forger knows of the local identity: its key (for near-valid tokens), issuer and audience. */
export interface ForgeryTarget {
  signingKey: LocalSigningKey;
  issuer: string;
  audience: string;
}

export interface HostileToken {
  name: string;
  /** The bearer value to send, or undefined for no Authorization header at all. */
  make(): Promise<string | undefined>;
  /** The refusal code the identity layer must answer with. */
  code: IdentityErrorCode;
}

const claims = { role: 'social_worker', agency: 'social_care', organisation_id: 'org-sc-leicester' };
const now = () => Math.floor(Date.now() / 1000);

/**
 * Every kind of bad bearer token the services must refuse with 401, built against one local identity:
 * missing, expired, not yet valid, wrong issuer or audience, `alg: none`, algorithm confusion (HS256
 * signed with the public key, RS256), unknown key id, our key id with another key, a flipped
 * signature, and claims raised after signing.
 */
export function hostileTokens(target: () => ForgeryTarget): HostileToken[] {
  // `target` is read only when a token is made: test files list the cases before their identity exists.
  const sign = (options: { key?: CryptoKey | Uint8Array; alg?: string; kid?: string; issuer?: string; audience?: string; exp?: number; nbf?: number } = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: options.kid ?? target().signingKey.kid })
      .setSubject('social-worker-1')
      .setIssuer(options.issuer ?? target().issuer)
      .setAudience(options.audience ?? target().audience)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? now() + 600);
    if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
    return jwt.sign(options.key ?? target().signingKey.privateKey);
  };
  const payload = (extra: Record<string, unknown> = {}) =>
    base64url.encode(JSON.stringify({ ...claims, sub: 'social-worker-1', iss: target().issuer, aud: target().audience, exp: now() + 600, ...extra }));
  const C = IdentityErrorCodes;
  return [
    { name: 'no token', make: async () => undefined, code: C.TOKEN_MISSING },
    { name: 'expired', make: () => sign({ exp: now() - 600 }), code: C.TOKEN_EXPIRED },
    { name: 'not yet valid', make: () => sign({ nbf: now() + 600 }), code: C.TOKEN_NOT_YET_VALID },
    { name: 'wrong issuer', make: () => sign({ issuer: 'https://evil.example' }), code: C.TOKEN_ISSUER },
    { name: 'wrong audience', make: () => sign({ audience: 'someone-else' }), code: C.TOKEN_AUDIENCE },
    { name: 'alg none', make: async () => `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload()}.`, code: C.TOKEN_ALGORITHM },
    {
      name: 'HS256 signed with the public key (algorithm confusion)',
      make: async () => sign({ alg: 'HS256', key: new TextEncoder().encode(await exportSPKI(target().signingKey.publicKey)) }),
      code: C.TOKEN_ALGORITHM,
    },
    { name: 'RS256 from a key of our own', make: async () => sign({ alg: 'RS256', key: (await generateKeyPair('RS256')).privateKey }), code: C.TOKEN_ALGORITHM },
    { name: 'unknown key id', make: async () => sign({ key: (await generateKeyPair('ES256')).privateKey, kid: 'rotated-away' }), code: C.TOKEN_KEY_UNKNOWN },
    { name: 'our key id, another key', make: async () => sign({ key: (await generateKeyPair('ES256')).privateKey }), code: C.TOKEN_SIGNATURE },
    {
      name: 'tampered signature',
      make: async () => {
        const token = await sign();
        const flipped = token.at(-5) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -5)}${flipped}${token.slice(-4)}`;
      },
      code: C.TOKEN_SIGNATURE,
    },
    {
      name: 'tampered claims (role raised to auditor)',
      make: async () => {
        const [header, , signature] = (await sign()).split('.');
        return `${header}.${payload({ role: 'auditor' })}.${signature}`;
      },
      code: C.TOKEN_SIGNATURE,
    },
  ];
}
