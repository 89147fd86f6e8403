import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../testing/web-harness';
import { signInLocally, type Inject } from '../testing/local-sign-in';
import { webWithoutApis } from '../testing/web-without-apis';

async function signIn(inject: Inject): Promise<string> {
  const { answer, cookie } = await signInLocally(inject);
  expect(answer.statusCode).toBe(303);
  return cookie;
}

/** What a person sees when the query service turns a page's read away: its status and plain words, not a generic failure. */
describe('pages the query service turned away', () => {
  describe('when the query service cannot be reached', () => {
    let app: FastifyInstance;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ app, close } = await webWithoutApis('problem'));
    });
    afterAll(async () => {
      await close?.();
    });

    it('answers 503 saying the service is busy or cannot be reached, and to try again', async () => {
      const inject = app.inject.bind(app) as unknown as Inject;
      const cookie = await signIn(inject);
      const home = await inject({ url: '/', headers: { cookie } });
      expect(home.statusCode).toBe(503);
      expect(home.body).toContain('The service is busy or cannot be reached');
      expect(home.body).toContain('Try again in a moment.');
      expect(home.body).not.toContain('Sorry, there is a problem with the service');
    });
  });

  describe('when one person is over the query service’s request limit', () => {
    let harness: WebHarness;
    beforeAll(async () => {
      // Two requests a minute per person, so the third page read is turned away with 429.
      harness = await startWebHarness({ apiEnv: { PLANLEDGER_RATE_LIMIT_PER_MINUTE: '2' } });
    }, 120_000);
    afterAll(async () => harness?.close());

    it('answers 429 with the wait the query service gave, and says nothing entered is lost', async () => {
      const inject = harness.web.inject.bind(harness.web) as unknown as Inject;
      const cookie = await signIn(inject);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<Inject>> | undefined;
      for (let i = 0; i < 4 && last?.statusCode !== 429; i++) {
        last = await inject({ url: '/', headers: { cookie } });
        statuses.push(last.statusCode);
      }
      expect(statuses[0]).toBe(200);
      expect(last!.statusCode).toBe(429);
      expect(last!.body).toContain('You have made a lot of requests in a short time');
      expect(last!.body).toContain('Nothing you entered has been lost.');
      const wait = Number(last!.headers['retry-after']);
      expect(Number.isInteger(wait) && wait > 0).toBe(true);
      expect(last!.body).toContain(`Wait ${wait === 1 ? '1 second' : `${wait} seconds`}, then try again.`);
    }, 60_000);
  });
});
