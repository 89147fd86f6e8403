import { Writable } from 'node:stream';
import { commandCatalogue } from '@planledger/domain';
import { base64url, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordApiLogger } from './logger';
import { registration, useCatalogue } from './testing/command-examples';
import { createRecordApiHarness, type RecordApiHarness } from './testing/record-api-harness';

/** Every way a token can be wrong, through HTTP: 401 with its code, nothing written, the refusal logged. */
useCatalogue(commandCatalogue);
const lines: string[] = [];
let harness: RecordApiHarness;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  harness = await createRecordApiHarness({ logger: createRecordApiLogger(sink) });
});
afterAll(() => harness.close());

const claims = { role: 'social_worker', agency: 'social_care', organisation_id: 'org-sc-leicester' };
const now = () => Math.floor(Date.now() / 1000);

function sign(options: { key?: CryptoKey | Uint8Array; alg?: string; kid?: string; issuer?: string; audience?: string; exp?: number; nbf?: number } = {}) {
  const { signingKey, issuer, audience } = harness.identity;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: options.kid ?? signingKey.kid })
    .setSubject('social-worker-1')
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.key ?? signingKey.privateKey);
}

const cases: Array<[string, () => Promise<string | undefined>, string]> = [
  ['none', async () => undefined, 'ID_ERR_TOKEN_MISSING'],
  ['expired', () => sign({ exp: now() - 600 }), 'ID_ERR_TOKEN_EXPIRED'],
  ['not yet valid', () => sign({ nbf: now() + 600 }), 'ID_ERR_TOKEN_NOT_YET_VALID'],
  ['wrong issuer', () => sign({ issuer: 'https://evil.example' }), 'ID_ERR_TOKEN_ISSUER'],
  ['wrong audience', () => sign({ audience: 'query-api' }), 'ID_ERR_TOKEN_AUDIENCE'],
  [
    'alg none',
    async () => {
      const payload = { ...claims, sub: 'social-worker-1', iss: harness.identity.issuer, aud: harness.identity.audience, exp: now() + 600 };
      return `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${base64url.encode(JSON.stringify(payload))}.`;
    },
    'ID_ERR_TOKEN_ALGORITHM',
  ],
  ['HS256 with the public key', async () => sign({ alg: 'HS256', key: new TextEncoder().encode(await exportSPKI(harness.identity.signingKey.publicKey)) }), 'ID_ERR_TOKEN_ALGORITHM'],
  ['unknown key id', async () => sign({ key: (await generateKeyPair('ES256')).privateKey, kid: 'rotated-away' }), 'ID_ERR_TOKEN_KEY_UNKNOWN'],
  [
    'tampered signature',
    async () => {
      const token = await sign();
      const flipped = token.at(-5) === 'A' ? 'B' : 'A';
      return `${token.slice(0, -5)}${flipped}${token.slice(-4)}`;
    },
    'ID_ERR_TOKEN_SIGNATURE',
  ],
];

describe('bearer tokens over HTTP', () => {
  it.each(cases)('refuses %s with 401, writes nothing and logs the refusal', async (_name, token, code) => {
    const value = await token();
    const before = await harness.store.headPosition();
    const logged = lines.length;
    const response = await harness.send('/v1/children', { body: registration, headers: value === undefined ? {} : { authorization: `Bearer ${value}` } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe(code);
    expect(await harness.store.headPosition()).toBe(before);
    const line = lines.slice(logged).map((l) => JSON.parse(l)).find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({ status: 401, route: '/v1/children', refusal: { code } });
    if (value) expect(JSON.stringify(line)).not.toContain(value);
  });
});
