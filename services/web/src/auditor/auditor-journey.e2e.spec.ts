import { demoPeople, type DemoPerson } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, findChromium, launchChromium, screenshot, type AxeFinding } from '../testing/browser';
import { startWebHarness, type WebHarness } from '../testing/web-harness';
import { pickerValue } from './instants';

/**
 * The auditor's journey in a real browser against the three real services on a temporary store:
 * the test writes one Family Help plan's history over the last five months (each fact with the day
 * it happened, one corrected later), then an auditor picks it from the audit sample, reads its
 * timeline, views it as at three past days, checks its integrity, sees who viewed it, grades it,
 * has it moderated by a second auditor, and opens the dashboard, drills into a figure and downloads
 * its CSV. Nobody types an id or JSON. axe-core checks every page against WCAG 2.2 AA.
 */
const chromiumFound = findChromium();
if ('missing' in chromiumFound) console.log(`auditor journey skipped: ${chromiumFound.missing}`);

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const at = (n: number) => new Date(Math.floor(daysAgo(n).getTime() / DAY) * DAY + 10 * 3_600_000).toISOString();

const auditor = demoPeople.find((p) => p.caller.role === 'auditor')!;
const socialWorker = demoPeople.find((p) => p.caller.role === 'social_worker')!;
// A second auditor of the same QA team, so one auditor's audit can be moderated by another.
const secondAuditor: DemoPerson = { ...auditor, name: 'Ola Bello', caller: { ...auditor.caller, userId: `${auditor.caller.userId}-second` } };

describe.skipIf('missing' in chromiumFound)(`the auditor’s journey in Chromium${'missing' in chromiumFound ? ` (skipped: ${chromiumFound.missing})` : ''}`, () => {
  let harness: WebHarness;
  let browser: Browser;
  let planStreamId = '';
  let lastPosition = 0;
  // Whole days between the child's views happening (10:00 UTC, 100 days back) and being recorded: 99 before 10:00 UTC, 100 after.
  let viewsRecordedLate = 0;
  const findings: AxeFinding[] = [];
  const pagesChecked = new Set<string>();

  async function send(person: DemoPerson, path: string, body: Record<string, unknown>) {
    const identity = await getLocalIdentity({ dataDir: harness.dataDir });
    const token = await identity.mintToken({ ...person.caller });
    const response = await fetch(new URL(path, harness.recordUrl), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { entityId: string; streamId: string; eventIds: string[]; globalPosition: number };
    if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    lastPosition = Math.max(lastPosition, answer.globalPosition);
    return answer;
  }

  beforeAll(async () => {
    harness = await startWebHarness({ people: [...demoPeople, secondAuditor] });
    browser = await launchChromium((chromiumFound as { path: string }).path);
    // The plan's history: opened 150 days ago, the child's views gathered 100 days ago, the family's
    // 50 days ago, and 20 days ago the child's views corrected.
    const child = await send(socialWorker, '/v1/children', { givenName: 'Lena', familyName: 'Marsh', dateOfBirth: '2015-04-09', primaryNeed: 'SLCN', occurredAt: at(200) });
    const lead = { userId: socialWorker.caller.userId, name: socialWorker.name, organisationId: socialWorker.caller.organisationId, agency: socialWorker.caller.agency };
    const plan = await send(socialWorker, '/v1/family-help-plans', { childId: child.entityId, planType: 'family_help', leadPractitioner: lead, firstReviewOn: isoDay(daysAgo(-60)), occurredAt: at(150) });
    planStreamId = plan.streamId;
    const views = await send(socialWorker, `/v1/family-help-plans/${plan.entityId}/child-views`, { views: 'Likes trains.', howGathered: 'direct_conversation', occurredAt: at(100) });
    viewsRecordedLate = Math.floor((Date.now() - Date.parse(at(100))) / DAY);
    await send(socialWorker, `/v1/family-help-plans/${plan.entityId}/family-views`, { views: 'Needs more respite.', relationship: 'mother', occurredAt: at(50) });
    await send(socialWorker, '/v1/corrections', { streamId: plan.streamId, correctedEventId: views.eventIds[0], reason: 'Buses, not trains', correctedData: { views: 'Likes buses.' }, occurredAt: at(20) });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    if (findings.length) console.log(JSON.stringify(findings, null, 1));
    console.log(`auditor journey: axe checked ${pagesChecked.size} distinct pages, ${findings.length} WCAG 2.2 AA violations`);
  });

  async function check(page: Page, shot?: string) {
    await page.waitForLoadState('load');
    const key = `${new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id')} ${await page.title()} ${await page.locator('.govuk-error-summary').count()}`;
    if (!pagesChecked.has(key)) {
      pagesChecked.add(key);
      findings.push(...(await axeViolations(page)));
    }
    if (shot) await screenshot(page, shot);
  }

  async function signInAs(name: string): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${harness.webUrl}/sign-in`);
    await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  async function viewAsAt(page: Page, clock: 'Recorded time' | 'World time', day: Date) {
    const [field, other] = clock === 'Recorded time' ? ['#recordedBy', '#happenedBy'] : ['#happenedBy', '#recordedBy'];
    expect(await page.locator(`label[for="${field.slice(1)}"]`).textContent()).toContain(clock);
    await page.locator(other).fill('');
    await page.locator(field).fill(pickerValue(isoDay(day)));
    await page.getByRole('button', { name: 'View as at these dates' }).click();
    await page.locator('#as-at-summary').waitFor();
    await check(page);
  }

  const detail = (page: Page, key: string) => page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: key }) }).locator('dd').textContent();

  it('an auditor picks a plan from the sample, replays it, checks it, sees who viewed it, grades it; a second auditor moderates; the dashboard drills into the figure and its CSV', { timeout: 300_000 }, async () => {
    // Someone else reads the plan first: the social worker, on the plan's page.
    const worker = await signInAs(socialWorker.name);
    // Read after the last write, so the query API has applied the whole history first.
    await worker.goto(`${harness.webUrl}/family-help-plans/${encodeURIComponent(planStreamId)}?at=${lastPosition}`);
    await worker.getByRole('heading', { name: 'Family Help plan' }).waitFor();

    const page = await signInAs(auditor.name);
    await page.getByRole('link', { name: 'Audit sample' }).click();
    await page.getByRole('heading', { name: 'Audit sample' }).waitFor();
    await check(page, 'audit-sample');
    expect(await page.locator('#sample-summary').textContent()).toContain('1 open plan not audited');
    await page.getByRole('link', { name: /Lena Marsh/ }).click();

    // The timeline: newest first, who, both clocks, the correction linked both ways.
    await page.getByRole('heading', { name: 'History of this Family Help plan' }).waitFor();
    await check(page, 'auditor-history');
    const items = page.locator('.moj-timeline__item');
    expect(await items.count()).toBe(4);
    expect(await items.nth(0).locator('.moj-timeline__title').textContent()).toContain('Event corrected');
    expect(await items.nth(0).textContent()).toContain('Corrects child views recorded (entry 2): Buses, not trains');
    expect(await items.nth(2).textContent()).toContain('Corrected by event corrected (entry 4)');
    expect(await items.nth(2).locator('.moj-timeline__byline').textContent()).toContain(`Social worker, ${socialWorker.organisation.description}`);
    expect(await items.nth(2).textContent()).toContain(`Recorded ${viewsRecordedLate} days after it happened.`);
    await page.locator('#clocks-explained').waitFor();

    // World time at three past days: what had happened by then, as the record knows it now.
    await viewAsAt(page, 'World time', daysAgo(120));
    expect(await detail(page, 'The child’s views')).toContain('None recorded');
    await check(page, 'auditor-as-at');
    await viewAsAt(page, 'World time', daysAgo(75));
    expect(await detail(page, 'The child’s views')).toContain('Likes buses.');
    expect(await detail(page, 'The family’s views')).toContain('None recorded');
    await viewAsAt(page, 'World time', daysAgo(30));
    expect(await detail(page, 'The family’s views')).toContain('Needs more respite.');
    // Recorded time before anything was written: nothing yet (all of it was written today).
    await viewAsAt(page, 'Recorded time', daysAgo(30));
    expect(await page.locator('#as-at-summary').textContent()).toContain('Nothing of this Family Help plan had been recorded');
    // The record as it stood when the child's views were first recorded, before the correction.
    await page.getByRole('link', { name: 'Back to the history' }).click();
    await page.getByRole('link', { name: 'See the record as it stood when this was recorded (entry 2)' }).click();
    await page.locator('#as-at-summary').waitFor();
    expect(await detail(page, 'The child’s views')).toContain('Likes trains.');

    // The integrity check.
    await page.getByRole('link', { name: 'Back to the history' }).click();
    await page.getByRole('button', { name: 'Check integrity' }).click();
    await page.getByRole('heading', { name: 'This record has not been altered' }).waitFor();
    expect(await page.locator('#integrity-result').textContent()).toContain('All 4 entries were checked');
    await check(page, 'auditor-integrity');

    // Who viewed it: the social worker's read is there, beside the auditor's own.
    await page.getByRole('link', { name: 'Back to the history' }).click();
    await page.getByRole('link', { name: 'Who has viewed this child’s record' }).click();
    await page.getByRole('heading', { name: 'Who has viewed this record' }).waitFor();
    const readers = await page.locator('table').textContent();
    expect(readers).toContain(`Social worker, ${socialWorker.organisation.description}`);
    expect(readers).toContain('Direct work');
    expect(readers).toContain('Audit');
    await check(page, 'auditor-readers');

    // Someone else changes the plan while its history is open: the banner says so.
    await page.getByRole('link', { name: 'Back' }).click();
    const banner = page.locator('[data-module="app-live-updates"]');
    expect(await banner.isHidden()).toBe(true);
    // The page's script has subscribed once the relay answers; a change then shows the banner.
    await expect.poll(async () => {
      await send(socialWorker, `/v1/family-help-plans/${planStreamId.replace('family-help-plan-', '')}/needs`, { description: `Respite at weekends ${Date.now()}`, agency: 'social_care' });
      return banner.isVisible();
    }, { timeout: 20_000, interval: 1_000 }).toBe(true);
    expect(await banner.textContent()).toContain('Someone has changed this record since you opened it');

    // Grading the plan as the record stands today (all its history was recorded today: a day before
    // is refused by the record API, the plan not yet recorded then).
    await page.getByRole('link', { name: 'Audit this Family Help plan' }).click();
    await page.getByRole('heading', { name: 'Audit this Family Help plan' }).waitFor();
    await page.getByRole('button', { name: 'Record the audit' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await check(page, 'audit-form-errors');
    await page.locator('#asOf').fill(pickerValue(isoDay(daysAgo(30))));
    await page.getByLabel('Good', { exact: true }).check();
    await page.locator('#findings-0-area').fill('The child’s views');
    await page.locator('#findings-0-finding').fill('Views gathered directly.');
    await page.getByRole('button', { name: 'Record the audit' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'the plan was not yet recorded at that time' }).waitFor();
    await page.locator('#asOf').fill(pickerValue(isoDay(new Date())));
    await page.locator('#findings-0-area').fill('The child’s views');
    await page.locator('#findings-0-finding').fill('Views gathered directly and corrected promptly.');
    await page.getByRole('button', { name: 'Record the audit' }).click();
    await page.locator('h1').waitFor();
    if (await page.locator('.govuk-error-summary').count()) throw new Error(`the audit was refused: ${await page.locator('.govuk-error-summary').textContent()}`);
    await page.getByRole('heading', { name: 'Audit: Good' }).waitFor();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Audit recorded');
    expect(await detail(page, 'Checks met then')).toMatch(/\d+ of \d+/);
    expect(await page.getByRole('button', { name: 'Record the moderation' }).count()).toBe(0);
    await check(page, 'audit');
    const auditUrl = page.url().split('?')[0]!;

    // A second auditor moderates it.
    const second = await signInAs(secondAuditor.name);
    await second.goto(auditUrl);
    await second.getByLabel('No').check();
    await second.getByLabel('Requires improvement').check();
    await second.getByLabel('Comments').fill('The family’s views came late.');
    await second.getByRole('button', { name: 'Record the moderation' }).click();
    await second.locator('.govuk-notification-banner', { hasText: 'Moderation recorded' }).waitFor();
    expect(await detail(second, 'Agreement')).toContain('0 of 1 moderations agree');
    await check(second, 'audit-moderated');
    await second.goto(`${harness.webUrl}/quality/agreement`);
    expect(await second.locator('table').textContent()).toContain('0 of 1');
    expect(await second.locator('svg[role="img"] title').count()).toBe(1);
    await check(second, 'agreement');

    // The dashboard: the audit is counted, with the record behind it, and its CSV.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Partnership dashboard' }).waitFor();
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Audits graded good or outstanding' }) });
    expect((await row.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['1', '1', '100%']);
    await check(page, 'dashboard');
    // As reported before the audit was recorded, it is not counted.
    await page.locator('#asOf').fill(pickerValue(isoDay(daysAgo(2))));
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.locator('#dashboard-period', { hasText: 'as reported on' }).waitFor();
    const before = page.locator('tr', { has: page.getByRole('link', { name: 'Audits graded good or outstanding' }) });
    expect((await before.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['0', '0', 'None counted']);
    await page.locator('#asOf').fill('');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.locator('#dashboard-period', { hasText: 'as recorded now' }).waitFor();
    await page.getByRole('link', { name: 'Audits graded good or outstanding' }).click();
    await page.locator('#figure-summary', { hasText: '1 met of 1 counted' }).waitFor();
    await check(page, 'dashboard-figure');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these records as CSV' }).click()]);
    const csv = await new Response((await download.createReadStream()) as unknown as ReadableStream).text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('measure,group,record_kind,stream_id,child_id,item_id,record_group,met,due_on,done_on');
    expect(lines).toHaveLength(3);
    // The audit behind the figure, naming the plan it graded.
    expect(lines[1]).toMatch(new RegExp(`^auditsGoodOrOutstanding,,audit,audit-[0-9a-f-]{36},[0-9a-f-]{36},${planStreamId},good,true,,\\d{4}-\\d{2}-\\d{2}$`));
    expect(lines[2]).toBe('');
    expect(download.suggestedFilename()).toMatch(/^auditsGoodOrOutstanding-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);

    expect(findings).toEqual([]);
  });
});
