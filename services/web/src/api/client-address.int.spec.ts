import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../build-web';
import { createWebLogger } from '../logger';
import { forwardedFor } from './client-address';
import { signInLocally } from '../testing/local-sign-in';
import { createQueryApiClient } from './query-api-client';

/** Every API call a page makes names the person's address, so the APIs' per-address limit counts people, not the web service. */
describe("the person's address on API calls", () => {
  const sent: Array<Record<string, string>> = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-web-address-'));
  let app: Awaited<ReturnType<typeof buildWeb>>;

  beforeAll(async () => {
    const recordingFetch = (async (_url: unknown, init?: RequestInit) => {
      sent.push({ ...(init?.headers as Record<string, string>) });
      return new Response(JSON.stringify({ errors: [{ message: 'not here', extensions: { code: 'QL_ERR_NOT_READY' } }] }), { status: 503, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    app = await buildWeb({
      recordApiUrl: 'http://127.0.0.1:9',
      queryApiUrl: 'http://127.0.0.1:9',
      query: createQueryApiClient('http://127.0.0.1:9', recordingFetch),
      signIn: { mode: 'local', identity: await getLocalIdentity({ dataDir }), people: demoPeople },
      logger: createWebLogger(undefined, 'silent'),
    });
    // A form post whose body is parsed first: the address must survive body parsing too.
    app.post('/echo-address', async () => forwardedFor());
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(remoteAddress: string) {
    const { answer, cookie } = await signInLocally((options) => app.inject(options), { remoteAddress });
    expect(answer.statusCode).toBe(303);
    return cookie;
  }

  it("sends the person's address as X-Forwarded-For on a page's GraphQL call, and on nothing outside a request", async () => {
    const remoteAddress = '203.0.113.9';
    const cookie = await signIn(remoteAddress);
    await app.inject({ url: '/', remoteAddress, headers: { cookie } });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((headers) => headers['x-forwarded-for'])).toEqual(sent.map(() => remoteAddress));
    expect(forwardedFor()).toEqual({});
  });

  it('keeps the address through a parsed form body', async () => {
    const cookie = await signIn('198.51.100.4');
    const answer = await app.inject({ method: 'POST', url: '/echo-address', remoteAddress: '198.51.100.4', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect(answer.json()).toEqual({ 'x-forwarded-for': '198.51.100.4' });
  });
});
