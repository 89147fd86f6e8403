import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, findChromium, launchChromium, screenshot, type AxeFinding } from './testing/browser';
import { startWebHarness, type WebHarness } from './testing/web-harness';

/**
 * Each practitioner's journey in a real browser against the three real services on a temporary
 * store: signing in by choosing a person, then only clicking and typing what a practitioner
 * would (never an id or JSON). axe-core checks every page the journey shows against WCAG 2.2 AA.
 */
const chromiumFound = findChromium();
if ('missing' in chromiumFound) console.log(`browser journeys skipped: ${chromiumFound.missing}`);

describe.skipIf('missing' in chromiumFound)(`practitioners’ journeys in Chromium${'missing' in chromiumFound ? ` (skipped: no Chromium: ${chromiumFound.missing})` : ''}`, () => {
  let harness: WebHarness;
  let browser: Browser;
  const findings: AxeFinding[] = [];
  const pagesChecked = new Set<string>();

  beforeAll(async () => {
    harness = await startWebHarness();
    browser = await launchChromium((chromiumFound as { path: string }).path);
    await seedOverdueAdvice();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    console.log(`browser journeys: axe checked ${pagesChecked.size} distinct pages, ${findings.length} WCAG 2.2 AA violations`);
  });

  /** axe on the page now showing, once per distinct page (its path pattern, title and any error summary or banner). */
  /** Pages opened with JavaScript off: axe runs in the page's JavaScript, so those same pages are checked with it on. */
  const withoutScript = new WeakSet<Page>();

  async function check(page: Page, shot?: string) {
    await page.waitForLoadState('load');
    if (withoutScript.has(page)) return;
    const state = `${await page.locator('.govuk-error-summary').count()}${await page.locator('.govuk-notification-banner').count()}`;
    const key = `${new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id')} ${await page.title()} ${state}`;
    if (!pagesChecked.has(key)) {
      pagesChecked.add(key);
      findings.push(...(await axeViolations(page)));
    }
    if (shot) await screenshot(page, shot);
  }

  async function signInAs(name: string, { javaScript = true } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    if (!javaScript) withoutScript.add(page);
    await page.goto(harness.webUrl);
    await expect.poll(() => page.url()).toContain('/sign-in');
    await check(page, 'sign-in');
    await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your work' }).waitFor();
    await check(page, 'home');
    return page;
  }

  async function signOut(page: Page) {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await check(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  }

  it('the SEND officer registers a child, builds the team and starts an assessment; the social worker finds the child and writes the Family Help plan', { timeout: 300_000 }, async () => {
    const send = await signInAs('Priya Shah');
    await send.getByRole('button', { name: 'Register a child' }).click();
    await send.getByLabel('First name').fill('Maya');
    await send.getByRole('button', { name: 'Register child' }).click();
    // The record API refuses: the summary names each field at fault and links to it.
    const summary = send.locator('.govuk-error-summary');
    await expect.poll(() => summary.textContent()).toContain('Enter the child’s last name');
    expect(await summary.textContent()).toContain('Enter the child’s date of birth');
    expect(await send.title()).toMatch(/^Error: /);
    expect(await send.locator('#familyName-error').textContent()).toContain('Enter the child’s last name');
    await check(send, 'register-child-errors');
    await send.getByLabel('Last name').fill('Okonjo');
    await send.getByLabel('Day').fill('14');
    await send.getByLabel('Month').fill('6');
    await send.getByLabel('Year').fill('2016');
    await send.getByLabel('Primary need').selectOption({ label: 'Autistic spectrum disorder (ASD)' });
    await send.getByRole('button', { name: 'Register child' }).click();
    await send.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
    expect(await send.locator('.govuk-notification-banner--success').textContent()).toContain('Child registered');
    await check(send);

    await send.getByRole('link', { name: 'Add an organisation to the team' }).click();
    await check(send);
    await send.getByLabel('Organisation').selectOption({ label: "Disabled children's social care team (Social care)" });
    await send.getByRole('button', { name: 'Add to team' }).click();
    await send.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
    expect(await send.getByRole('table', { name: 'Organisations in the child’s team' }).textContent()).toContain("Disabled children's social care team");

    await send.getByRole('button', { name: 'Start an EHC assessment or review' }).click();
    await check(send);
    await send.getByLabel('EHC needs assessment').check();
    await send.getByRole('button', { name: 'Start' }).click();
    await send.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    await check(send, 'ehc-assessment-new');
    for (const [adviser, organisation] of [
      ['Social care', "Disabled children's social care team (Social care)"],
      ['Health', 'Integrated care board: designated clinical officer (Health)'],
      ['Education', 'Special school 1 (Education)'],
    ] as const) {
      await send.getByRole('link', { name: 'Request advice' }).click();
      await send.getByLabel(adviser, { exact: true }).check();
      await send.getByLabel('Which organisation should give it?').selectOption({ label: organisation });
      await send.getByRole('button', { name: 'Send request' }).click();
      await send.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    }
    // Each request starts its six-week clock.
    expect(await send.getByRole('table', { name: 'Each statutory clock and how it stands' }).textContent()).toMatch(/Due in 4[12] days/);
    await check(send, 'ehc-assessment');
    // Health and the school will write to the Family Help plan too: they join the team.
    await send.getByRole('link', { name: /^Back to Maya Okonjo/ }).click();
    for (const organisation of ['Integrated care board: designated clinical officer (Health)', 'Special school 1 (Education)']) {
      await send.getByRole('link', { name: 'Add an organisation to the team' }).click();
      await send.getByLabel('Organisation').selectOption({ label: organisation });
      await send.getByRole('button', { name: 'Add to team' }).click();
      await send.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
    }
    await signOut(send);

    const sw = await signInAs('Sam Lee');
    await sw.getByRole('link', { name: 'Find a child' }).first().click();
    await check(sw);
    // Searching asks why; a name search with a mistake in it still finds her.
    await sw.getByLabel('Name', { exact: true }).fill('Maia Okonjo');
    await sw.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => sw.locator('.govuk-error-summary').textContent()).toContain('Choose why you are looking for this child');
    await check(sw, 'find-a-child-errors');
    await sw.getByLabel('Safeguarding concern', { exact: false }).check();
    await sw.getByRole('button', { name: 'Search' }).click();
    await sw.getByRole('heading', { name: '1 child found' }).waitFor();
    expect(await sw.getByRole('table', { name: 'Children matching your search' }).textContent()).toContain('14 June 2016');
    await check(sw, 'find-a-child');
    await sw.getByRole('link', { name: 'Maya Okonjo' }).click();
    await sw.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
    expect(await sw.locator('.app-read-reason').textContent()).toContain('a safeguarding concern or enquiry');
    // Not a safeguarding matter after all: the reason is changed, and holds from here on.
    await sw.getByRole('link', { name: /Change/ }).click();
    await check(sw);
    await sw.getByLabel('Work with the child or family', { exact: false }).check();
    await sw.getByRole('button', { name: 'Continue' }).click();
    await sw.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
    expect(await sw.locator('.app-read-reason').textContent()).toContain('work with the child or family');
    await check(sw, 'child');
    await sw.getByRole('button', { name: 'Open a Family Help plan' }).click();
    await sw.getByLabel('Child in need').check();
    await sw.getByLabel('Lead practitioner’s name').fill('Sam Lee');
    await sw.getByRole('button', { name: 'Open plan' }).click();
    await sw.getByRole('heading', { name: 'Family Help plan', exact: true }).waitFor();
    const checklist = sw.locator('.govuk-task-list');
    expect(await checklist.textContent()).toMatch(/Missing/);
    await check(sw, 'family-help-plan-gaps');

    // A gap in the checklist links to the form that fills it.
    await sw.locator('.govuk-task-list').getByRole('link').first().click();
    await sw.getByRole('heading', { name: 'How the disability affects daily life' }).waitFor();
    await sw.getByRole('button', { name: 'Save impact' }).click();
    await expect.poll(() => sw.locator('.govuk-error-summary').textContent()).toContain('Choose which part of daily life this is about');
    expect(await sw.locator('#impact-error').textContent()).toContain('Describe how the disability affects');
    await check(sw, 'disability-impact-errors');
    await sw.getByLabel('Family functioning').check();
    await sw.getByLabel('How the disability affects it').fill('Maya sleeps four hours a night; both parents are exhausted and her brother misses school.');
    await sw.getByRole('button', { name: 'Save impact' }).click();
    await sw.getByRole('heading', { name: 'Family Help plan', exact: true }).waitFor();
    expect(await sw.locator('.govuk-notification-banner--success').textContent()).toContain('Disability impact recorded');
    expect(await sw.locator('main').textContent()).toContain('Maya sleeps four hours a night');
    await check(sw, 'family-help-plan');

    // Section D advice on the assessment, and a short-break request.
    await sw.getByRole('link', { name: /^Back to Maya Okonjo/ }).click();
    await sw.getByRole('link', { name: 'EHC needs assessment' }).click();
    await sw.getByRole('link', { name: 'Give your advice' }).click();
    await check(sw);
    await sw.getByLabel(/Social care advice from/).check();
    await sw.getByLabel('Section D: social care needs').fill('Maya needs overnight short breaks and a carer’s assessment for her parents.');
    await sw.getByRole('button', { name: 'Submit advice' }).click();
    await sw.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    expect(await sw.getByRole('table', { name: 'Each statutory clock and how it stands' }).textContent()).toContain('Done on time');
    await sw.getByRole('link', { name: /^Back to Maya Okonjo/ }).click();
    await sw.getByRole('button', { name: 'Request a short break' }).click();
    await sw.getByLabel('Social care assessment').check();
    await sw.getByLabel(/What the family is asking for/).fill('Two overnight stays a month.');
    await sw.getByRole('button', { name: 'Send request' }).click();
    await sw.getByRole('heading', { name: 'Short break', exact: true }).waitFor();
    await check(sw, 'short-break-requested');
    await signOut(sw);
  });

  it('the health practitioner gives health advice and records health’s contribution to the Family Help plan', { timeout: 120_000 }, async () => {
    const health = await signInAs('Chris Morgan');
    // Home: the advice asked of the ICB; opening it reads the assessment as answering an advice request.
    const asked = health.getByRole('table', { name: 'Advice asked of your organisation' });
    expect(await asked.textContent()).toContain('Health advice');
    await asked.getByRole('link', { name: 'Maya Okonjo' }).click();
    await health.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    expect(await health.locator('.app-read-reason').textContent()).toContain('answering a request for advice');
    await check(health);
    await health.getByRole('link', { name: 'Give your advice' }).click();
    await health.getByRole('button', { name: 'Submit advice' }).click();
    await expect.poll(() => health.locator('.govuk-error-summary').textContent()).toContain('Choose the request you are answering');
    await check(health);
    await health.getByLabel(/Health advice from/).check();
    await health.getByLabel('Section C: health care needs').fill('Sleep disorder; melatonin trial under community paediatrics.');
    await health.getByRole('button', { name: 'Submit advice' }).click();
    await health.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    await health.getByRole('link', { name: /^Back to Maya Okonjo/ }).click();
    await health.getByRole('link', { name: 'Child in need plan' }).click();
    await recordContribution(health, 'Sleep clinic appointments and a melatonin review.', 'Monthly');
    await signOut(health);
  });

  it('the education practitioner records the school’s contribution', { timeout: 120_000 }, async () => {
    const school = await signInAs('Alex Green');
    await openChild(school);
    await school.getByRole('link', { name: 'Child in need plan' }).click();
    await recordContribution(school, 'A quiet space and a key adult every morning.', 'Daily');
    await signOut(school);
  });

  it('the team manager decides the short break', { timeout: 120_000 }, async () => {
    const manager = await signInAs('Jo Patel');
    const waiting = manager.getByRole('table', { name: 'Short-break requests awaiting a decision' });
    expect(await waiting.textContent()).toContain('Social care assessment');
    await waiting.getByRole('link', { name: 'Maya Okonjo' }).click();
    await manager.getByRole('heading', { name: 'Short break', exact: true }).waitFor();
    await manager.getByRole('link', { name: 'Decide the request' }).click();
    await manager.getByRole('button', { name: 'Save decision' }).click();
    await expect.poll(() => manager.locator('.govuk-error-summary').textContent()).toContain('Choose the decision');
    await check(manager, 'short-break-decision-errors');
    await manager.getByLabel('Approved', { exact: true }).check();
    await manager.getByLabel('What is granted (leave blank if declined)').selectOption({ label: 'Overnight' });
    await manager.getByLabel('How much a year').fill('24');
    await manager.getByLabel('Nights per year').check();
    await manager.getByLabel('Version of the eligibility criteria you relied on').fill('2026-04');
    await manager.getByLabel('Version of the short breaks statement you relied on').fill('2026-01');
    await manager.getByLabel('Reasons for the decision').fill('Meets the criteria for overnight breaks; the family is under severe strain.');
    await manager.getByRole('button', { name: 'Save decision' }).click();
    await manager.getByRole('heading', { name: 'Short break', exact: true }).waitFor();
    expect(await manager.locator('main').textContent()).toContain('Overnight: 24 nights per year');
    await check(manager, 'short-break');
    await manager.getByRole('link', { name: 'Home' }).first().click();
    expect(await manager.locator('main').textContent()).toContain('No short-break request is waiting for a decision.');
    await signOut(manager);
  });

  it('the SEND officer moderates the advice and sees every agency has contributed', { timeout: 120_000 }, async () => {
    const send = await signInAs('Priya Shah');
    await openChild(send, 'An EHC needs assessment');
    expect(await send.locator('main').textContent()).toContain('Education, health and social care have all contributed.');
    await send.getByRole('link', { name: 'EHC needs assessment' }).click();
    await send.getByRole('link', { name: 'Moderate advice' }).click();
    await send.getByLabel(/Social care advice from/).check();
    await send.getByLabel('Yes').check();
    await send.getByLabel('Feedback to the adviser').fill('Clear and specific.');
    await send.getByRole('button', { name: 'Save moderation' }).click();
    await send.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    expect(await send.locator('main').textContent()).toContain('Meets the quality criteria');
    await check(send, 'ehc-assessment-moderated');
    await signOut(send);
  });

  it('the SEND officer chases overdue advice from Home and removes an organisation from a team', { timeout: 180_000 }, async () => {
    const send = await signInAs('Priya Shah');
    // Overdue first: Leo's health advice was asked for nine weeks ago.
    const requested = send.getByRole('table', { name: 'Advice you requested, not yet received' });
    expect(await requested.locator('tbody tr').first().textContent()).toMatch(/Leo Brandt.*days overdue/s);
    await send.getByRole('link', { name: /See all|Sort/ }).first().click();
    await send.getByRole('heading', { name: 'Advice you requested, not yet received' }).waitFor();
    await check(send, 'tray');
    await send.locator('tbody tr').first().getByRole('link', { name: 'Leo Brandt' }).click();
    await send.getByRole('heading', { name: 'EHC needs assessment' }).waitFor();
    expect(await send.getByRole('table', { name: 'Each statutory clock and how it stands' }).textContent()).toContain('Overdue by');
    expect(await send.locator('.app-read-reason').textContent()).toContain('an ehc needs assessment');
    await check(send);

    // Leo's team: the school leaves, after a first try without saying why.
    await send.getByRole('link', { name: /^Back to Leo Brandt/ }).click();
    await send.getByRole('heading', { name: 'Leo Brandt' }).waitFor();
    const team = send.getByRole('table', { name: 'Organisations in the child’s team' });
    await team.getByRole('link', { name: /Remove Special school 1/ }).click();
    await send.getByRole('heading', { name: 'Remove an organisation from the team' }).waitFor();
    expect(await send.locator('.govuk-warning-text').textContent()).toContain('will no longer see Leo Brandt’s records');
    await check(send, 'remove-team-member');
    await send.getByRole('button', { name: 'Remove from team' }).click();
    await expect.poll(() => send.locator('.govuk-error-summary').textContent()).toContain('Enter why the organisation is leaving the team');
    await check(send, 'remove-team-member-errors');
    await send.getByLabel('Why is the organisation leaving the team?').fill('Leo has moved to a school out of the area.');
    await send.getByRole('button', { name: 'Remove from team' }).click();
    await send.getByRole('heading', { name: 'Leo Brandt' }).waitFor();
    expect(await send.locator('.govuk-notification-banner--success').textContent()).toContain('Organisation removed from the child’s team');
    expect(await team.textContent()).not.toContain('Special school 1');
    await check(send);
    await signOut(send);
  });

  it('sorts a tray by its column headings without JavaScript', { timeout: 120_000 }, async () => {
    const send = await signInAs('Priya Shah', { javaScript: false });
    await send.getByRole('link', { name: /See all|Sort/ }).first().click();
    await send.getByRole('heading', { name: 'Advice you requested, not yet received' }).waitFor();
    expect(await send.locator('tbody tr').first().textContent()).toContain('Leo Brandt');
    await send.getByRole('link', { name: /^Due/ }).click();
    await expect.poll(() => send.locator('tbody tr').first().textContent()).toContain('Maya Okonjo');
    expect(await send.locator('th[aria-sort="descending"]').textContent()).toContain('Due');
    await send.getByRole('link', { name: /^Due/ }).click();
    await expect.poll(() => send.locator('tbody tr').first().textContent()).toContain('Leo Brandt');
    await signOut(send);
  });

  it('tells a person with nothing due so in a plain sentence', { timeout: 60_000 }, async () => {
    const school = await signInAs('Grace Adeyemi');
    expect(await school.locator('main').textContent()).toContain('You have nothing due');
    expect(await school.locator('main').textContent()).toContain('No advice is waiting for your organisation.');
    await check(school, 'home-nothing-due');
    await signOut(school);
  });

  it('records each read with the reason that fits what the person was doing', async () => {
    const identity = await getLocalIdentity({ dataDir: harness.dataDir });
    const auditor = demoPeople.find((p) => p.caller.role === 'auditor')!;
    const token = await identity.mintToken({ ...auditor.caller, expiresIn: '5m' });
    const gql = async <T>(query: string): Promise<T> => {
      const response = await fetch(`${harness.queryUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return ((await response.json()) as { data: T }).data;
    };
    const found = await gql<{ searchChildren: { hits: Array<{ childId: string }> } }>('{ searchChildren(name: "Maya Okonjo") { hits { childId } } }');
    const childId = found.searchChildren.hits[0]!.childId;
    type Read = { query: string; reason: string | null; by: { role: string } };
    const { childReads } = await gql<{ childReads: { reads: Read[] } }>(`{ childReads(childId: "${childId}") { reads { query reason outcome by { role } } } }`);
    const reasons = (role: string, query: string) => new Set(childReads.reads.filter((r) => r.by.role === role && r.query === query).map((r) => r.reason));
    expect(reasons('health_practitioner', 'ehcAssessment')).toContain('advice_request');
    expect(reasons('send_officer', 'ehcAssessment')).toEqual(new Set(['assessment']));
    expect(reasons('social_worker', 'child')).toEqual(new Set(['safeguarding', 'direct_work']));
    expect(reasons('team_manager', 'shortBreak')).toEqual(new Set(['direct_work']));
  });

  it('finds no WCAG 2.2 AA violation on any page', () => {
    expect(pagesChecked.size).toBeGreaterThan(10);
    expect(findings).toEqual([]);
  });

  async function openChild(page: Page, why = 'Work with the child or family') {
    await page.getByRole('link', { name: 'Find a child' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Okonjo');
    await page.getByLabel('Day').fill('14');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2016');
    await page.getByLabel(why, { exact: false }).check();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Maya Okonjo' }).click();
    await page.getByRole('heading', { name: 'Maya Okonjo' }).waitFor();
  }

  /**
   * A record with a past: Leo's needs assessment began ten weeks ago and his health advice was asked
   * for nine weeks ago (the commands' own occurredAt), so it is three weeks overdue. Sent to the
   * record API as the SEND officer would have sent them then; nobody types this in the browser.
   */
  async function seedOverdueAdvice() {
    const identity = await getLocalIdentity({ dataDir: harness.dataDir });
    const officer = demoPeople.find((p) => p.name === 'Priya Shah')!;
    const token = await identity.mintToken({ ...officer.caller, expiresIn: '5m' });
    const weeksAgo = (n: number) => new Date(Date.now() - n * 7 * 86_400_000).toISOString();
    const send = async (path: string, body: Record<string, unknown>) => {
      const response = await fetch(`${harness.recordUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const answer = (await response.json()) as { entityId: string };
      if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
      return answer.entityId;
    };
    const childId = await send('/v1/children', { givenName: 'Leo', familyName: 'Brandt', dateOfBirth: '2015-02-03', primaryNeed: 'SLCN', occurredAt: weeksAgo(11) });
    await send(`/v1/children/${childId}/team-members`, { organisationId: 'org-school-leicester-1', occurredAt: weeksAgo(11) });
    const assessmentId = await send('/v1/ehc-assessments', { childId, kind: 'needs_assessment', occurredAt: weeksAgo(10) });
    await send(`/v1/ehc-assessments/${assessmentId}/advice-requests`, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-nhs-llr-icb', occurredAt: weeksAgo(9) });
  }

  async function recordContribution(page: Page, support: string, frequency: string) {
    await page.getByRole('link', { name: 'Record your agency’s contribution' }).click();
    await page.getByLabel('What support your agency gives').fill(support);
    await page.getByLabel('How often').fill(frequency);
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('9');
    await from.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Save contribution' }).click();
    await page.getByRole('heading', { name: 'Family Help plan', exact: true }).waitFor();
    expect(await page.locator('main').textContent()).toContain(support);
  }
});
