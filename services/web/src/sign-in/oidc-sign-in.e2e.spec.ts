import { demoPeople } from '@planledger/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, findChromium, launchChromium } from '../testing/browser';
import { freePort, startWebHarness, type WebHarness } from '../testing/web-harness';
import { startTestOpenIdProvider, type TestOpenIdProvider } from './testing-openid-provider';

/**
 * Signing in with OpenID Connect (authorization code and PKCE) through a real OpenID Provider on
 * 127.0.0.1, in Chromium; both APIs verify its access tokens through its JWKS.
 */
const chromiumFound = findChromium();
if ('missing' in chromiumFound) console.log(`OIDC browser test skipped: ${chromiumFound.missing}`);

describe.skipIf('missing' in chromiumFound)(`OIDC sign-in in Chromium${'missing' in chromiumFound ? ` (skipped: no Chromium: ${chromiumFound.missing})` : ''}`, () => {
  let provider: TestOpenIdProvider;
  let harness: WebHarness;
  let browser: Browser;
  const audience = 'urn:planledger:apis';

  beforeAll(async () => {
    const [providerPort, webPort] = [await freePort(), await freePort()];
    const webUrl = `http://127.0.0.1:${webPort}`;
    provider = await startTestOpenIdProvider({ port: providerPort, webUrl, people: demoPeople, audience });
    harness = await startWebHarness({
      webPort,
      apiEnv: { PLANLEDGER_OIDC_ISSUER: provider.issuer, PLANLEDGER_OIDC_AUDIENCE: audience, PLANLEDGER_OIDC_JWKS_URL: provider.jwksUrl },
      signIn: { mode: 'oidc', issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, publicUrl: webUrl, resource: audience },
    });
    browser = await launchChromium((chromiumFound as { path: string }).path);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await provider?.close();
  });

  it('offers no local sign-in: the sign-in page sends the browser to the provider', async () => {
    const local = await fetch(`${harness.webUrl}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=0' });
    expect(local.status).toBe(404);
    const start = await fetch(`${harness.webUrl}/sign-in`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const location = new URL(start.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('resource')).toBe(audience);
  });

  it('signs a social worker in through the provider; the APIs accept the provider’s token; signing out ends the session there too', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(harness.webUrl);
    // The provider's own (development) sign-in page.
    await page.locator('input[name="login"]').fill('social-worker-1');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Your work' }).waitFor();
    expect(await page.locator('.govuk-phase-banner').textContent()).toContain('Sam Lee');
    const cookie = (await context.cookies()).find((c) => c.name === 'planledger-session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await axeViolations(page)).toEqual([]);

    // A write and a read with the provider's token, through both APIs.
    await page.getByRole('button', { name: 'Register a child' }).click();
    await page.getByLabel('First name').fill('Leo');
    await page.getByLabel('Last name').fill('Marsh');
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2017');
    await page.getByLabel('Primary need').selectOption('PD');
    await page.getByRole('button', { name: 'Register child' }).click();
    await page.getByRole('heading', { name: 'Leo Marsh' }).waitFor();

    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    await page.goto(`${harness.webUrl}/find-a-child`);
    await expect.poll(() => page.url()).toContain(provider.issuer);
    await context.close();
  });
});
