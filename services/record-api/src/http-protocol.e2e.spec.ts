import { commandCatalogue } from '@planledger/domain';
import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from './build-record-api';
import { buildWorld, commandExamples, registration, useCatalogue } from './testing/command-examples';
import { callerOf, createRecordApiHarness, type RecordApiHarness } from './testing/record-api-harness';

// These tests are about HTTP, so their child has no NHS number: a number is claimed in a stream of its own (one more event).
const { nhsNumber: _nhsNumber, ...unnumbered } = registration;

let harness: RecordApiHarness;
useCatalogue(commandCatalogue);
beforeAll(async () => {
  harness = await createRecordApiHarness();
});
afterAll(() => harness.close());

/** Runs `send` and checks the log did not move: refusals never write. */
async function writesNothing<T>(send: () => Promise<T>): Promise<T> {
  const before = await harness.store.headPosition();
  const result = await send();
  expect(await harness.store.headPosition()).toBe(before);
  return result;
}

const needBody = commandExamples.recordNeed!.body;

describe('Idempotency-Key', () => {
  // As a client retries after a lost answer: the same body, which does not say when it happened.
  it('writes a retried command once and answers the retry with the first answer', async () => {
    const before = await harness.store.headPosition();
    const first = await harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'idempotency-key': 'register-amira-1' } });
    const retry = await harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'idempotency-key': 'register-amira-1' } });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(first.headers.location);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await harness.store.headPosition()).toBe(before + 1);
  });

  it('writes once when the same request arrives several times at once', async () => {
    const before = await harness.store.headPosition();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'idempotency-key': 'register-amira-burst' } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().streamId)).size).toBe(1);
    expect(await harness.store.headPosition()).toBe(before + 1);
  });

  it('refuses the same key with a different body with 409, writing nothing', async () => {
    await harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'idempotency-key': 'register-amira-2' } });
    const reused = await writesNothing(() =>
      harness.send('/v1/children', { as: 'social_worker', body: { ...unnumbered, givenName: 'Zara' }, headers: { 'idempotency-key': 'register-amira-2' } }),
    );
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('PL_ERR_IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a key that is too long or not printable, naming the header', async () => {
    for (const key of ['k'.repeat(129), 'tab\there']) {
      const response = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'idempotency-key': key } }));
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'API_ERR_IDEMPOTENCY_KEY_INVALID', issues: [{ path: 'headers.idempotency-key' }] });
    }
  });
});

describe('If-Match', () => {
  it('appends at the revision the caller saw and answers 409 with the current revision once the stream has moved on', async () => {
    const { planId } = await buildWorld(harness, ['planId']);
    const url = `/v1/family-help-plans/${planId}/needs`;
    const first = await harness.send(url, { as: 'social_worker', body: needBody({} as never, callerOf('social_worker')), headers: { 'if-match': '"0"' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers.etag).toBe('"1"');

    const stale = await writesNothing(() => harness.send(url, { as: 'social_worker', body: needBody({} as never, callerOf('social_worker')), headers: { 'if-match': '"0"' } }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'PL_ERR_CONFLICT', currentRevision: 1 });

    const bare = await harness.send(url, { as: 'social_worker', body: needBody({} as never, callerOf('social_worker')), headers: { 'if-match': '1' } });
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.headers.etag).toBe('"2"');
  });

  it('refuses anything but a revision, naming the header', async () => {
    for (const value of ['W/"1"', 'abc', '-1', '"1', '*', '1.5']) {
      const response = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'if-match': value } }));
      expect(response.statusCode, value).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'API_ERR_IF_MATCH_INVALID', issues: [{ path: 'headers.if-match' }] });
    }
  });
});

describe('authentication', () => {
  it('answers 401 with a Bearer challenge when there is no token, writing nothing', async () => {
    const response = await writesNothing(() => harness.send('/v1/children', { as: null, body: unnumbered }));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="planledger"');
    expect(response.json().error.code).toBe('ID_ERR_TOKEN_MISSING');
  });

  it('answers 401 invalid_token to an expired or forged token, writing nothing', async () => {
    const { signingKey, issuer, audience } = harness.identity;
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ role: 'social_worker', agency: 'social_care', organisation_id: 'org-sc-leicester' })
      .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid })
      .setSubject('social-worker-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(signingKey.privateKey);
    const valid = await harness.tokenFor(callerOf('social_worker'));
    const payload = valid.split('.')[1];
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const cases: Array<[string, string]> = [
      [expired, 'ID_ERR_TOKEN_EXPIRED'],
      [unsigned, 'ID_ERR_TOKEN_ALGORITHM'],
      ['not-a-jwt', 'ID_ERR_TOKEN_MALFORMED'],
      [`${valid.slice(0, -4)}AAAA`, 'ID_ERR_TOKEN_SIGNATURE'],
    ];
    for (const [token, code] of cases) {
      const response = await writesNothing(() => harness.send('/v1/children', { body: unnumbered, headers: { authorization: `Bearer ${token}` } }));
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="planledger", error="invalid_token"');
      expect(response.json().error.code).toBe(code);
    }
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 and a plain message, writing nothing', async () => {
    const response = await writesNothing(() =>
      harness.send('/v1/children', { as: 'social_worker', body: '{"givenName": "Amira", ', headers: { 'content-type': 'application/json' } }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'API_ERR_JSON_INVALID', message: 'the request body is not valid JSON' } });
  });

  it('refuses prototype pollution attempts as invalid JSON', async () => {
    const response = await writesNothing(() =>
      harness.send('/v1/children', { as: 'social_worker', body: '{"__proto__": {"role": "auditor"}}', headers: { 'content-type': 'application/json' } }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('API_ERR_JSON_INVALID');
  });

  it('answers a body over the limit with 413, writing nothing', async () => {
    const huge = { ...unnumbered, givenName: 'A'.repeat(DEFAULT_BODY_LIMIT) };
    const response = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker', body: huge }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('API_ERR_BODY_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415, writing nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker', body: 'givenName=Amira', headers: { 'content-type': type } }));
      expect(response.statusCode, type).toBe(415);
      expect(response.json().error.code).toBe('API_ERR_MEDIA_TYPE');
    }
  });

  it('answers a missing body with 400 naming the body', async () => {
    const response = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues).toContainEqual(expect.objectContaining({ path: 'body' }));
  });
});

describe('correlation', () => {
  it('carries X-Correlation-Id into the events and back to the caller', async () => {
    const response = await harness.send('/v1/children', { as: 'social_worker', body: unnumbered, headers: { 'x-correlation-id': '0b6c3d1e-2f4a-4b5c-9d6e-7f8a9b0c1d2e' } });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-correlation-id']).toBe('0b6c3d1e-2f4a-4b5c-9d6e-7f8a9b0c1d2e');
    const [event] = await harness.store.readStream(response.json().streamId);
    expect(event?.correlationId).toBe('0b6c3d1e-2f4a-4b5c-9d6e-7f8a9b0c1d2e');
  });
});

describe('errors nobody planned for', () => {
  it('answer 500 with an error id and no detail, and write nothing', async () => {
    const broken = await createRecordApiHarness({
      execute: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'team')");
      },
    });
    const head = await broken.store.headPosition();
    try {
      const response = await broken.send('/v1/children', { as: 'social_worker', body: unnumbered });
      expect(response.statusCode).toBe(500);
      const { error } = response.json();
      expect(error).toEqual({ code: 'API_ERR_INTERNAL', message: expect.any(String), errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(response.body).not.toContain('team');
      expect(response.body).not.toContain('at ');
      expect(await broken.store.headPosition()).toBe(head);
    } finally {
      await broken.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a caller is over the limit, and only that caller', async () => {
    const limited = await createRecordApiHarness({ rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.send('/v1/children', { as: 'social_worker', body: unnumbered })).statusCode);
      expect(statuses).toEqual([201, 201, 429]);
      const before = await limited.store.headPosition();
      const over = await limited.send('/v1/children', { as: 'social_worker', body: unnumbered });
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.json().error.code).toBe('API_ERR_RATE_LIMITED');
      expect(await limited.store.headPosition()).toBe(before);
      expect((await limited.send('/v1/children', { as: 'send_officer', body: unnumbered })).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('the per-address limit behind a proxy', () => {
  /** Statuses of unauthenticated commands (401, counted by the per-address limit first) sent by the proxy on 127.0.0.1 for each address in turn. */
  async function statusesFor(limited: RecordApiHarness, addresses: readonly string[]) {
    const statuses: number[] = [];
    for (const address of addresses) statuses.push((await limited.app.inject({ method: 'POST', url: '/v1/children', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': address, 'content-type': 'application/json' }, payload: unnumbered })).statusCode);
    return statuses;
  }

  it('counts each person a trusted proxy names, and ignores the header from anyone else', async () => {
    const trusting = await createRecordApiHarness({ ipRateLimit: { max: 2, windowMs: 60_000 }, trustedProxies: ['127.0.0.1'] });
    const trustingNobody = await createRecordApiHarness({ ipRateLimit: { max: 2, windowMs: 60_000 } });
    try {
      // Behind the web service: one person over the limit, the next still served.
      expect(await statusesFor(trusting, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([401, 401, 429, 401]);
      // No proxy trusted: the header is anyone's to write, so the connection's address counts.
      expect(await statusesFor(trustingNobody, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([401, 401, 429]);
    } finally {
      await trusting.close();
      await trustingNobody.close();
    }
  });
});

describe('routes', () => {
  it('answers an unknown route with 404 and a code', async () => {
    const response = await harness.send('/v1/children/nowhere/else', { as: 'social_worker', body: {} });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('API_ERR_ROUTE_NOT_FOUND');
  });

  it('refuses a path that does not decode in its own error shape, without echoing the path', async () => {
    const before = await harness.store.headPosition();
    const response = await harness.send('/v1/family-help-plans/Patelworth%FF/needs', { as: 'social_worker', body: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('API_ERR_BAD_URL');
    expect(response.body).not.toContain('Patelworth');
    expect(await harness.store.headPosition()).toBe(before);
  });

  it('reports liveness, and readiness from the store', async () => {
    expect((await harness.send('/health/live', { method: 'GET' })).statusCode).toBe(200);
    const ready = await harness.send('/health/ready', { method: 'GET' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', headPosition: await harness.store.headPosition() });
  });

  it('is not ready when the store cannot be reached', async () => {
    const unreachable: EventStore = { ...getMemoryEventStore(), headPosition: () => Promise.reject(new Error('disk gone')) };
    const down = await createRecordApiHarness({ store: unreachable });
    try {
      expect((await down.send('/health/ready', { method: 'GET' })).statusCode).toBe(503);
      expect((await down.send('/health/live', { method: 'GET' })).statusCode).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('OpenAPI', () => {
  let documented: RecordApiHarness;
  beforeAll(async () => {
    documented = await createRecordApiHarness({ docs: true });
  });
  afterAll(() => documented.close());

  it('describes every command from the same zod schemas the domain validates with', async () => {
    const response = await documented.send('/docs/json', { method: 'GET' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const definition of commandCatalogue) {
      const operation = document.paths[definition.path.replace(/:(\w+)/g, '{$1}')]?.post;
      expect(operation, definition.name).toBeDefined();
      expect(operation.operationId).toBe(definition.name);
      const { $schema: _ignored, ...body } = z.toJSONSchema(definition.body, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      expect(operation.requestBody.content['application/json'].schema).toEqual(body);
      expect(operation['x-roles']).toEqual(definition.roles);
      expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['If-Match', 'Idempotency-Key']));
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await documented.send('/docs/', { method: 'GET' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
  });
});

describe('recorded time', () => {
  // Backdating (the store's AppendOptions.recordedAt) is for loading history; nothing a client sends reaches it.
  it('cannot be backdated by a client: not in the body, not by a header; every event is recorded at the time of writing', async () => {
    const past = '2020-01-01T09:00:00.000Z';
    for (const field of ['recordedAt', 'recorded_at', 'options']) {
      const refused = await writesNothing(() => harness.send('/v1/children', { as: 'social_worker', body: { ...registration, [field]: field === 'options' ? { recordedAt: past } : past } }));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues.map((i: { path: string }) => i.path)).toContain(`body.${field}`);
    }
    const before = Date.now();
    const sent = await harness.send('/v1/children', {
      as: 'social_worker',
      body: { ...registration, occurredAt: past },
      headers: { 'x-recorded-at': past, 'recorded-at': past, date: 'Wed, 01 Jan 2020 09:00:00 GMT', 'x-planledger-recorded-at': past },
    });
    expect(sent.statusCode).toBe(201);
    const [event] = await harness.store.readStream(sent.json().streamId);
    expect(event!.occurredAt).toBe(past);
    expect(Date.parse(event!.recordedAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(event!.recordedAt)).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});
