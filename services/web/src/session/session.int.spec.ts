import { demoPeople } from '@planledger/demo';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, signInLocally } from '../testing/local-sign-in';
import { webWithoutApis } from '../testing/web-without-apis';

/** The session cookie, CSRF and CSP in-process (no API is called by these pages). */
describe('sessions, CSRF and the content security policy', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, close } = await webWithoutApis('session', { expiresIn: '3s' }));
  });
  afterAll(async () => {
    await close?.();
  });

  const signIn = (person = '0') => signInLocally((options) => app.inject(options), { person });

  it('sets a secure, HttpOnly, SameSite session cookie and a CSP with no inline script', async () => {
    const page = await app.inject({ url: '/sign-in' });
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.body).toContain('for local use only');
  });

  it('refuses a form sent without its CSRF token, and signs in with it', async () => {
    const page = await app.inject({ url: '/sign-in' });
    const forged = await app.inject({ method: 'POST', url: '/sign-in', headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'person=0' });
    expect(forged.statusCode).toBe(403);
    const { answer } = await signIn();
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/');
  });

  it('asks who to sign in as when no one is chosen', async () => {
    const page = await app.inject({ url: '/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const answer = await app.inject({ method: 'POST', url: '/sign-in', headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('href="#person"');
  });

  it('ends the session when its token expires', { timeout: 15_000 }, async () => {
    const { cookie } = await signIn();
    // A signed-in page that asks no API (Home asks the query API for the work trays).
    const home = await app.inject({ url: '/read-reason', headers: { cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(demoPeople[0]!.name);
    let after = home;
    await expect
      .poll(async () => {
        after = await app.inject({ url: '/read-reason', headers: { cookie } });
        return after.statusCode;
      }, { timeout: 10_000, interval: 250 })
      .toBe(303);
    expect(after.headers.location).toBe('/sign-in?ended=1');
  });

  it('sends anyone not signed in to the sign-in page', async () => {
    const answer = await app.inject({ url: '/children/some-child' });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/sign-in');
  });
});
