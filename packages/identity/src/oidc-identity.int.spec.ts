import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityErrorCodes } from './errors';
import { identityFromEnv } from './identity-from-env';
import type { Identity } from './identity';
import { getOidcIdentity } from './oidc-identity';

const issuer = 'https://login.example.org/realms/leicester';
const audience = 'planledger-record';
let server: Server;
let jwksUrl: string;
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let jwksRequests = 0;

beforeAll(async () => {
  rsa = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'idp-2025', alg: 'RS256', use: 'sig' };
  server = createServer((request, response) => {
    jwksRequests += 1;
    if (request.url === '/broken') {
      response.writeHead(500).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const claims: JWTPayload = { role: 'send_officer', agency: 'education', organisation_id: 'org-la-leicester' };

function token(key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, payload: JWTPayload = claims) {
  return new SignJWT(payload).setProtectedHeader(header).setSubject('so-7').setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(key);
}

async function codeOf(identity: Identity, authorization: string) {
  return identity.authenticate(authorization).then(
    () => 'accepted',
    (error: { code: string }) => error.code,
  );
}

describe('OIDC identity', () => {
  it('verifies a provider token against the JWKS and fetches the keys once', async () => {
    const identity = getOidcIdentity({ issuer, audience, jwksUrl });
    const before = jwksRequests;
    const bearer = `Bearer ${await token(rsa.privateKey, { alg: 'RS256', kid: 'idp-2025' })}`;
    await expect(identity.authenticate(bearer)).resolves.toEqual({ userId: 'so-7', role: 'send_officer', agency: 'education', organisationId: 'org-la-leicester' });
    await identity.authenticate(`Bearer ${await token(rsa.privateKey, { alg: 'RS256', kid: 'idp-2025' })}`);
    expect(jwksRequests - before).toBe(1);
  });

  it('refuses HS256 signed with the RSA public key (RS256/HS256 confusion)', async () => {
    const identity = getOidcIdentity({ issuer, audience, jwksUrl });
    const pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    expect(await codeOf(identity, `Bearer ${await token(pem, { alg: 'HS256', kid: 'idp-2025' })}`)).toBe(IdentityErrorCodes.TOKEN_ALGORITHM);
  });

  it('refuses an algorithm outside its allow-list even when the key would verify it', async () => {
    const identity = getOidcIdentity({ issuer, audience, jwksUrl, algorithms: ['ES256'] });
    expect(await codeOf(identity, `Bearer ${await token(rsa.privateKey, { alg: 'RS256', kid: 'idp-2025' })}`)).toBe(IdentityErrorCodes.TOKEN_ALGORITHM);
  });

  it('refuses a kid the provider does not publish', async () => {
    const identity = getOidcIdentity({ issuer, audience, jwksUrl });
    const other = await generateKeyPair('RS256');
    expect(await codeOf(identity, `Bearer ${await token(other.privateKey, { alg: 'RS256', kid: 'idp-1999' })}`)).toBe(IdentityErrorCodes.TOKEN_KEY_UNKNOWN);
  });

  it('reports an unreachable key set as the service’s fault, not the caller’s', async () => {
    const identity = getOidcIdentity({ issuer, audience, jwksUrl: jwksUrl.replace('/jwks', '/broken') });
    expect(await codeOf(identity, `Bearer ${await token(rsa.privateKey, { alg: 'RS256', kid: 'idp-2025' })}`)).toBe(IdentityErrorCodes.KEYS_UNAVAILABLE);
  });

  it('reads namespaced claims when the provider needs a prefix', async () => {
    const identity = await identityFromEnv(
      { PLANLEDGER_OIDC_ISSUER: issuer, PLANLEDGER_OIDC_AUDIENCE: audience, PLANLEDGER_OIDC_JWKS_URL: jwksUrl, PLANLEDGER_OIDC_CLAIM_PREFIX: 'https://planledger.example/' },
      '/nonexistent',
    );
    expect(identity.mode).toBe('oidc');
    const namespaced = { 'https://planledger.example/role': 'auditor', 'https://planledger.example/agency': 'health', 'https://planledger.example/organisation_id': 'org-qa' };
    await expect(identity.authenticate(`Bearer ${await token(rsa.privateKey, { alg: 'RS256', kid: 'idp-2025' }, namespaced)}`)).resolves.toMatchObject({ role: 'auditor' });
  });

  it('refuses an incomplete OIDC configuration', async () => {
    await expect(identityFromEnv({ PLANLEDGER_OIDC_ISSUER: issuer }, '/nonexistent')).rejects.toMatchObject({ code: IdentityErrorCodes.CONFIG });
  });
});
