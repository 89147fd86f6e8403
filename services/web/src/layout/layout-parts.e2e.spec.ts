import { randomBytes } from 'node:crypto';
import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../build-web';
import { createWebLogger } from '../logger';
import { startWebHarness, type WebHarness } from '../testing/web-harness';
import { cookieOf, csrfOf, signInLocally, type Inject } from '../testing/local-sign-in';

/** Every form's CSRF token is new on each request, so two renders are compared with the tokens set aside. */
const withoutTokens = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
const indexOf = (name: string) => demoPeople.findIndex((p) => p.name === name);

/**
 * The web service renders the layout's skip link, service navigation and footer once per
 * navigation and reuses the HTML. Against the real APIs, the same pages rendered by a second web
 * service that renders every part on every page (the layout's own includes) must be identical,
 * for people of several roles and every navigation state; and what is the person's or the
 * request's own (the name in the banner, the CSRF tokens) must still be theirs alone.
 */
describe('the layout’s cached parts', () => {
  let harness: WebHarness;
  let uncached: FastifyInstance;
  const sessionKey = randomBytes(32);

  beforeAll(async () => {
    harness = await startWebHarness({ sessionKey });
    uncached = await buildWeb({
      recordApiUrl: harness.recordUrl,
      queryApiUrl: harness.queryUrl,
      signIn: { mode: 'local', identity: await getLocalIdentity({ dataDir: harness.dataDir }), people: demoPeople },
      secureCookies: false,
      sessionKey,
      logger: createWebLogger(undefined, 'warn'),
      cacheLayoutParts: false,
    });
  }, 120_000);
  afterAll(async () => {
    await uncached?.close();
    await harness?.close();
  });

  const injectOf = (app: FastifyInstance) => app.inject.bind(app) as unknown as Inject;

  /** Signs in on the caching service; the session cookie then opens the same session on both. */
  async function signIn(person: number) {
    const signedIn = await signInLocally(injectOf(harness.web), { person: String(person) });
    expect(signedIn.answer.statusCode).toBe(303);
    let cookie = signedIn.cookie;
    return async (app: FastifyInstance, url: string) => {
      const response = await injectOf(app)({ url, headers: { cookie } });
      if (response.headers['set-cookie']) cookie = cookieOf(response);
      return response;
    };
  }

  const everyPage = ['/', '/find-a-child', '/dashboard', '/sign-out', '/accessibility', '/read-reason', '/children/new', '/no-such-page'];
  const people = ['Sam Lee', 'Jo Patel', 'Priya Shah', 'Chris Morgan', 'Ruth Okafor', 'Nadia Khan'];

  it('renders every page byte for byte as the layout alone does, for each role and navigation state', { timeout: 120_000 }, async () => {
    const compared = new Set<string>();
    for (const name of people) {
      const get = await signIn(indexOf(name));
      const pages = demoPeople[indexOf(name)]!.caller.role === 'auditor' ? [...everyPage, '/quality/audit-sample'] : everyPage;
      for (const url of pages) {
        // Twice on the caching service: the first may render a part, the second reuses it.
        for (const round of [1, 2]) {
          const cached = await get(harness.web, url);
          const alone = await get(uncached, url);
          expect(`${name} ${url} ${round}: ${cached.statusCode}`).toBe(`${name} ${url} ${round}: ${alone.statusCode}`);
          expect(withoutTokens(cached.body)).toBe(withoutTokens(alone.body));
          expect(cached.body).toContain(`Signed in as <strong>${name}</strong>`);
          compared.add(/<nav[\s\S]*?<\/nav>/.exec(cached.body)?.[0] ?? 'no navigation');
        }
      }
    }
    // Signed out: the sign-in page has no navigation and names no one.
    for (const app of [harness.web, uncached]) expect((await injectOf(app)({ url: '/sign-in' })).body).not.toContain('Signed in as');
    expect(withoutTokens((await injectOf(harness.web)({ url: '/sign-in' })).body)).toBe(withoutTokens((await injectOf(uncached)({ url: '/sign-in' })).body));
    // Each role's navigation with each item active, and with none: enough states for the cache to matter.
    expect(compared.size).toBeGreaterThanOrEqual(8);
  });

  it('gives each person their own name and each request its own CSRF token', async () => {
    const sam = await signIn(indexOf('Sam Lee'));
    const ruth = await signIn(indexOf('Ruth Okafor'));
    // Find a child: a page with a form, so with a CSRF token.
    const samPage = (await sam(harness.web, '/find-a-child')).body;
    const ruthPage = (await ruth(harness.web, '/find-a-child')).body;
    const samAgain = (await sam(harness.web, '/find-a-child')).body;
    expect(samPage).toContain('Signed in as <strong>Sam Lee</strong>');
    expect(samPage).not.toContain('Ruth Okafor');
    expect(ruthPage).toContain('Signed in as <strong>Ruth Okafor</strong>');
    expect(ruthPage).not.toContain('Sam Lee');
    // The auditor's navigation has the audit sample; the social worker's does not.
    expect(ruthPage).toContain('href="/quality/audit-sample"');
    expect(samPage).not.toContain('href="/quality/audit-sample"');
    const tokens = [samPage, ruthPage, samAgain].map((html) => csrfOf(html));
    expect(tokens.every(Boolean)).toBe(true);
    expect(new Set(tokens).size).toBe(3);
    // The same page for the same person differs in nothing but its token.
    expect(withoutTokens(samAgain)).toBe(withoutTokens(samPage));
  });

  it('marks the page the person is on as active in the navigation', async () => {
    const sam = await signIn(indexOf('Sam Lee'));
    const active = (html: string) => /<li class="govuk-service-navigation__item govuk-service-navigation__item--active">[\s\S]*?<\/li>/.exec(html)?.[0] ?? '';
    expect(active((await sam(harness.web, '/dashboard')).body)).toContain('Dashboard');
    expect(active((await sam(harness.web, '/find-a-child')).body)).toContain('Find a child');
    expect(active((await sam(harness.web, '/')).body)).toContain('Home');
    expect(active((await sam(harness.web, '/accessibility')).body)).toBe('');
  });
});
