import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordApiClient } from '../api/record-api-client';
import { cookieOf, csrfOf, signInLocally } from '../testing/local-sign-in';
import { webWithoutApis } from '../testing/web-without-apis';

/** A form the record API turns away for a while: the person reads the wait, and the browser gets it as Retry-After. */
describe('a command form refused with a wait', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const record: RecordApiClient = {
    send: async () => ({ ok: false, status: 429, code: 'API_ERR_RATE_LIMITED', message: 'too many requests', issues: [], retryAfterSeconds: 12 }),
  };

  beforeAll(async () => {
    ({ app, close } = await webWithoutApis('form-wait', {}, { record }));
  });
  afterAll(async () => {
    await close?.();
  });

  it('says the wait in the error summary and passes it on as Retry-After', async () => {
    const { cookie } = await signInLocally((options) => app.inject(options));
    const form = await app.inject({ url: '/children/new', headers: { cookie } });
    expect(form.statusCode).toBe(200);
    // The form's page may renew the session cookie (its CSRF secret): send the newest.
    const formCookie = form.headers['set-cookie'] ? cookieOf(form) : cookie;
    const refused = await app.inject({ method: 'POST', url: '/children/new', headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfOf(form.body))}&givenName=Sam` });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('12');
    expect(refused.body).toContain('You have made a lot of requests in a short time. Wait 12 seconds, then try again.');
  });
});
