import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityErrorCodes, type IdentityErrorCode } from './errors';
import { getLocalIdentity, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalIdentity } from './local-identity';
import { loadLocalSigningKey } from './local-signing-key';

let dataDir: string;
let clock = new Date('2025-03-01T09:00:00Z');
let identity: LocalIdentity;
const nowSeconds = () => Math.floor(clock.getTime() / 1000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'planledger-identity-'));
  identity = await getLocalIdentity({ dataDir, now: () => clock });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const claims = { role: 'social_worker', agency: 'social_care', organisation_id: 'org-sc-leicester' };

function signed(overrides: { claims?: Record<string, unknown>; key?: CryptoKey; kid?: string; issuer?: string; audience?: string; exp?: number; nbf?: number; subject?: string | null } = {}) {
  const jwt = new SignJWT(overrides.claims ?? claims)
    .setProtectedHeader({ alg: 'ES256', kid: overrides.kid ?? identity.signingKey.kid })
    .setIssuer(overrides.issuer ?? LOCAL_ISSUER)
    .setAudience(overrides.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt(nowSeconds())
    .setExpirationTime(overrides.exp ?? nowSeconds() + 600);
  if (overrides.subject !== null) jwt.setSubject(overrides.subject ?? 'user-1');
  if (overrides.nbf !== undefined) jwt.setNotBefore(overrides.nbf);
  return jwt.sign(overrides.key ?? identity.signingKey.privateKey);
}

async function refusal(authorization: string | undefined): Promise<IdentityErrorCode | 'accepted'> {
  try {
    await identity.authenticate(authorization);
    return 'accepted';
  } catch (error) {
    return (error as { code: IdentityErrorCode }).code;
  }
}

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('local identity', () => {
  it('turns a token it minted into the caller it names', async () => {
    const token = await identity.mintToken({ userId: 'sw-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc-leicester' });
    await expect(identity.authenticate(`Bearer ${token}`)).resolves.toEqual({
      userId: 'sw-1',
      role: 'social_worker',
      agency: 'social_care',
      organisationId: 'org-sc-leicester',
    });
    // The scheme name is case-insensitive (RFC 7235).
    await expect(identity.authenticate(`bearer ${token}`)).resolves.toMatchObject({ userId: 'sw-1' });
  });

  it('keeps the private key owner-only and reuses it on the next start', async () => {
    const mode = statSync(join(dataDir, 'keys', 'local-signing-key.jwk.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    const again = await loadLocalSigningKey(dataDir);
    expect(again.kid).toBe(identity.signingKey.kid);
    const token = await identity.mintToken({ userId: 'hp-1', role: 'health_practitioner', agency: 'health', organisationId: 'org-icb' });
    const restarted = await getLocalIdentity({ dataDir, now: () => clock });
    await expect(restarted.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: 'health_practitioner' });
  });

  it('agrees on one key when two processes create it at the same moment', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'planledger-identity-race-'));
    try {
      const keys = await Promise.all(Array.from({ length: 5 }, () => loadLocalSigningKey(fresh)));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('accepts a token expired within the clock tolerance', async () => {
    expect(await refusal(`Bearer ${await signed({ exp: nowSeconds() - 3 })}`)).toBe('accepted');
  });

  it('refuses a missing or empty Authorization header', async () => {
    expect(await refusal(undefined)).toBe(IdentityErrorCodes.TOKEN_MISSING);
    expect(await refusal('')).toBe(IdentityErrorCodes.TOKEN_MISSING);
  });

  it('refuses other schemes and junk', async () => {
    expect(await refusal('Basic dXNlcjpwYXNz')).toBe(IdentityErrorCodes.TOKEN_MALFORMED);
    expect(await refusal('Bearer not-a-jwt')).toBe(IdentityErrorCodes.TOKEN_MALFORMED);
    expect(await refusal(`Bearer ${'a'.repeat(20_000)}`)).toBe(IdentityErrorCodes.TOKEN_MALFORMED);
  });

  it('refuses an expired token', async () => {
    expect(await refusal(`Bearer ${await signed({ exp: nowSeconds() - 60 })}`)).toBe(IdentityErrorCodes.TOKEN_EXPIRED);
  });

  it('refuses a token that expires after it was first accepted', async () => {
    const saved = clock;
    const token = `Bearer ${await signed({ exp: nowSeconds() + 30 })}`;
    expect(await refusal(token)).toBe('accepted');
    clock = new Date(saved.getTime() + 120_000);
    try {
      expect(await refusal(token)).toBe(IdentityErrorCodes.TOKEN_EXPIRED);
    } finally {
      clock = saved;
    }
  });

  it('refuses a token that is not valid yet', async () => {
    expect(await refusal(`Bearer ${await signed({ nbf: nowSeconds() + 300 })}`)).toBe(IdentityErrorCodes.TOKEN_NOT_YET_VALID);
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(`Bearer ${await signed({ issuer: 'https://login.example.org' })}`)).toBe(IdentityErrorCodes.TOKEN_ISSUER);
  });

  it('refuses a token meant for another audience', async () => {
    expect(await refusal(`Bearer ${await signed({ audience: 'another-service' })}`)).toBe(IdentityErrorCodes.TOKEN_AUDIENCE);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const payload = { ...claims, sub: 'user-1', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: nowSeconds(), exp: nowSeconds() + 600 };
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
    expect(await refusal(`Bearer ${unsigned}`)).toBe(IdentityErrorCodes.TOKEN_ALGORITHM);
    const unsignedWithKid = `${encode({ alg: 'none', kid: identity.signingKey.kid })}.${encode(payload)}.`;
    expect(await refusal(`Bearer ${unsignedWithKid}`)).toBe(IdentityErrorCodes.TOKEN_ALGORITHM);
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const asSecrets = [
      new TextEncoder().encode(JSON.stringify(identity.signingKey.publicJwk)),
      new TextEncoder().encode(await exportSPKI(identity.signingKey.publicKey)),
    ];
    for (const secret of asSecrets) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: identity.signingKey.kid })
        .setSubject('user-1')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime(nowSeconds() + 600)
        .sign(secret);
      expect(await refusal(`Bearer ${token}`)).toBe(IdentityErrorCodes.TOKEN_ALGORITHM);
    }
  });

  it('refuses a token naming a key it does not know', async () => {
    const stranger = await generateKeyPair('ES256');
    expect(await refusal(`Bearer ${await signed({ key: stranger.privateKey, kid: 'stranger-key' })}`)).toBe(IdentityErrorCodes.TOKEN_KEY_UNKNOWN);
  });

  it('refuses a token signed by another key under our kid', async () => {
    const stranger = await generateKeyPair('ES256');
    expect(await refusal(`Bearer ${await signed({ key: stranger.privateKey })}`)).toBe(IdentityErrorCodes.TOKEN_SIGNATURE);
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const token = await signed();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await refusal(`Bearer ${header}.${payload}.${flipped}`)).toBe(IdentityErrorCodes.TOKEN_SIGNATURE);
    const elevated = encode({ ...JSON.parse(new TextDecoder().decode(base64url.decode(payload))), role: 'team_manager' });
    expect(await refusal(`Bearer ${header}.${elevated}.${signature}`)).toBe(IdentityErrorCodes.TOKEN_SIGNATURE);
  });

  it('refuses a token whose role, agency, organisation or subject is missing or unknown', async () => {
    expect(await refusal(`Bearer ${await signed({ claims: { ...claims, role: 'administrator' } })}`)).toBe(IdentityErrorCodes.TOKEN_CLAIMS);
    expect(await refusal(`Bearer ${await signed({ claims: { ...claims, agency: 'police' } })}`)).toBe(IdentityErrorCodes.TOKEN_CLAIMS);
    expect(await refusal(`Bearer ${await signed({ claims: { role: 'auditor', agency: 'health' } })}`)).toBe(IdentityErrorCodes.TOKEN_CLAIMS);
    expect(await refusal(`Bearer ${await signed({ subject: null })}`)).toBe(IdentityErrorCodes.TOKEN_CLAIMS);
    expect(await refusal(`Bearer ${await signed({ claims: { ...claims, organisation_id: 'org with spaces' } })}`)).toBe(IdentityErrorCodes.TOKEN_CLAIMS);
  });
});
