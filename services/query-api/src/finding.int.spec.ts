import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryErrorCodes } from './errors';
import type { Caller } from '@planledger/domain';
import { callers, closeHarness, dataOf, startHarnessAt, type Harness } from './testing/harness';

/**
 * Search, caseloads and work trays over a small record written through the command path: two children
 * of the social care team (org-sc), and a child of another council (org-elsewhere) with the same name
 * and date of birth as one of them, who must never appear to anyone outside that council but auditors.
 */

const NOW = new Date('2026-06-01T09:00:00Z');
const at = (day: string) => `${day}T10:00:00Z`;

let h: Harness;
let ids: Awaited<ReturnType<typeof writeRecord>>;

const lead = (userId: string, name: string, organisationId = 'org-sc') => ({ userId, name, organisationId, agency: 'social_care' });

async function writeRecord() {
  const zoe = (
    await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Zoë', familyName: "O'Brien-Núñez", dateOfBirth: '2015-04-01', nhsNumber: '9434765919', upn: 'H801200001001', primaryNeed: 'ASD' })
  ).entityId;
  const thomas = (await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Thomas', familyName: 'Jones', dateOfBirth: '2014-02-02', primaryNeed: 'SLCN' })).entityId;
  const stranger = (await h.command(callers.outsider, 'registerChild', {}, { givenName: 'Thomas', familyName: 'Jones', dateOfBirth: '2014-02-02', primaryNeed: 'MLD' })).entityId;
  for (const childId of [zoe, thomas]) await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-la' });

  const zoePlan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, { childId: zoe, planType: 'child_in_need', leadPractitioner: lead('u-sw', 'Sam Worker'), occurredAt: at('2026-01-10') });
  await h.command(callers.socialWorker, 'reviewFamilyHelpPlan', { planId: zoePlan.entityId }, { summary: 'Going well.', nextReviewOn: '2026-06-10', occurredAt: at('2026-05-01') });
  const thomasPlan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, { childId: thomas, planType: 'family_help', leadPractitioner: lead('u-sw', 'Sam Worker'), occurredAt: at('2026-01-12') });
  await h.command(callers.socialWorker, 'reviewFamilyHelpPlan', { planId: thomasPlan.entityId }, { summary: 'Stalled.', nextReviewOn: '2026-05-15', occurredAt: at('2026-03-01') });
  // Reassigned to the team manager: no longer the social worker's.
  await h.command(callers.teamManager, 'assignLeadPractitioner', { planId: thomasPlan.entityId }, { leadPractitioner: lead('u-tm', 'Tess Manager'), occurredAt: at('2026-04-01') });
  const strangerPlan = await h.command(callers.outsider, 'openFamilyHelpPlan', {}, { childId: stranger, planType: 'family_help', leadPractitioner: lead('u-sw', 'Sam Elsewhere', 'org-elsewhere'), occurredAt: at('2026-01-12') });
  await h.command(callers.outsider, 'reviewFamilyHelpPlan', { planId: strangerPlan.entityId }, { summary: 'x', nextReviewOn: '2026-05-20', occurredAt: at('2026-03-01') });
  await h.command(callers.outsider, 'requestShortBreak', {}, { childId: stranger, route: 'local_offer', occurredAt: at('2026-05-01') });

  const review = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId: thomas, kind: 'annual_review', planVersion: 1, occurredAt: at('2026-02-20') });
  await h.command(callers.sendOfficer, 'assignCaseOfficer', { assessmentId: review.entityId }, { caseOfficer: { userId: 'u-send', name: 'Priya Shah', organisationId: 'org-la' }, occurredAt: at('2026-02-20') });
  await h.command(callers.sendOfficer, 'requestAdvice', { assessmentId: review.entityId }, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-health', occurredAt: at('2026-03-02') });
  await h.command(callers.sendOfficer, 'requestAdvice', { assessmentId: review.entityId }, { adviserType: 'social_care', adviserAgency: 'social_care', adviserOrganisationId: 'org-sc', occurredAt: at('2026-05-25') });
  await h.command(callers.sendOfficer, 'recordAnnualReviewMeeting', { assessmentId: review.entityId }, { agenciesPresent: ['education'], summary: 'Held.', occurredAt: at('2026-04-01') });
  const requests = (await h.store.readStream(review.streamId)).filter((e) => e.type === 'AdviceRequested').map((e) => (e.data as { requestId: string }).requestId);

  const shortBreak = await h.command(callers.socialWorker, 'requestShortBreak', {}, { childId: zoe, route: 'self_assessment', occurredAt: at('2026-05-20') });
  await h.command(callers.auditor, 'recordQualityAudit', { }, { childId: zoe, planStreamId: zoePlan.streamId, asOf: NOW.toISOString(), grade: 'good', findings: [{ area: 'views', finding: 'Views recorded.' }], occurredAt: at('2026-05-02') });
  return { zoe, thomas, stranger, zoePlan, thomasPlan, strangerPlan, review, healthRequest: requests[0]!, socialCareRequest: requests[1]!, shortBreak };
}

beforeEach(async () => {
  h = await startHarnessAt(NOW);
  ids = await writeRecord();
});
afterEach(() => closeHarness(h));

const data = <T>(query: string, as: Caller = callers.socialWorker, variables: Record<string, unknown> = {}) => dataOf<T>(h, query, as, variables);

type Hits = { searchChildren: { totalCount: number; hits: Array<{ childId: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
const search = `query($nhs: String, $upn: String, $name: String, $dob: Date, $first: Int, $after: String) {
  searchChildren(nhsNumber: $nhs, upn: $upn, name: $name, dateOfBirth: $dob, first: $first, after: $after, reason: DIRECT_WORK) {
    totalCount hits { childId givenName familyName dateOfBirth primaryNeed matchedBy teamOrganisations { id name } } pageInfo { endCursor hasNextPage } } }`;
const hitIds = async (variables: Record<string, unknown>, as: Caller = callers.socialWorker) => (await data<Hits>(search, as, variables)).searchChildren.hits.map((hit) => hit.childId);

describe('searchChildren', () => {
  it('finds a child by NHS number with spaces and by UPN in any case, showing only what tells children apart', async () => {
    const answer = await data<Hits>(search, callers.socialWorker, { nhs: '943 476 5919' });
    expect(answer.searchChildren).toEqual({
      totalCount: 1,
      pageInfo: { endCursor: null, hasNextPage: false },
      hits: [
        {
          childId: ids.zoe,
          givenName: 'Zoë',
          familyName: "O'Brien-Núñez",
          dateOfBirth: '2015-04-01',
          primaryNeed: 'ASD',
          matchedBy: 'nhs_number',
          teamOrganisations: [
            { id: 'org-sc', name: 'Test org-sc' },
            { id: 'org-la', name: 'Test org-la' },
          ],
        },
      ],
    });
    expect(await hitIds({ upn: 'h801200001001' })).toEqual([ids.zoe]);
    expect(await hitIds({ nhs: '9434765918' })).toEqual([]);
  });

  it('finds a name despite case, accents, hyphens, apostrophes, a transposed letter and sound-alike spellings', async () => {
    for (const name of ['zoe obrien-nunez', 'ZOE O BRIEN NUNEZ', 'Zoe Obriennunez', "Zoë O'Brien", 'Zeo Nunez', 'Zoey Obrian']) {
      expect({ name, hits: await hitIds({ name }) }).toEqual({ name, hits: [ids.zoe] });
    }
    for (const name of ['Tohmas Jnoes', 'Tomas Jones', 'thomas JONES']) {
      expect({ name, hits: await hitIds({ name }) }).toEqual({ name, hits: [ids.thomas] });
    }
    expect(await hitIds({ name: 'Thomas Jones', dob: '2014-02-02' })).toEqual([ids.thomas]);
    expect(await hitIds({ name: 'Thomas Jones', dob: '2014-02-03' })).toEqual([]);
    expect(await hitIds({ name: 'Zoe Jones' })).toEqual([]);
  });

  it('never shows a child outside the caller\'s team; the other council and auditors see theirs', async () => {
    expect(await hitIds({ name: 'Thomas Jones' }, callers.outsider)).toEqual([ids.stranger]);
    expect(await hitIds({ nhs: '9434765919' }, callers.outsider)).toEqual([]);
    expect((await hitIds({ name: 'Thomas Jones' }, callers.auditor)).sort()).toEqual([ids.thomas, ids.stranger].sort());
  });

  it('pages the hits', async () => {
    const first = (await data<Hits>(search, callers.auditor, { name: 'Thomas Jones', first: 1 })).searchChildren;
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await data<Hits>(search, callers.auditor, { name: 'Thomas Jones', first: 1, after: first.pageInfo.endCursor })).searchChildren;
    expect([...first.hits, ...second.hits].map((x) => x.childId).sort()).toEqual([ids.thomas, ids.stranger].sort());
    expect(second.pageInfo).toEqual({ endCursor: null, hasNextPage: false });
  });

  it('logs each search (who, when, how many hits, why) without the search terms, and refuses a search without exactly one criterion', async () => {
    await data(search, callers.socialWorker, { name: 'Tohmas Jnoes' });
    const log = await h.store.readStream('access-log-lists-org-sc');
    expect(log.map((e) => ({ type: e.type, actor: e.actor.userId, at: e.occurredAt, data: e.data }))).toEqual([
      { type: 'ChildrenListed', actor: 'u-sw', at: NOW.toISOString(), data: { query: 'searchChildren', searchedBy: 'name', hits: 1, shownChildIds: [ids.thomas], reason: 'direct_work' } },
    ]);
    expect(JSON.stringify(log)).not.toMatch(/tohmas|jnoes|thomas|jones/i);
    const bad = await h.gql(search, { variables: { nhs: '9434765919', name: 'Zoe' } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.BAD_INPUT);
    expect((await h.gql(search, { variables: { dob: '2015-04-01', upn: 'H801200001001' } })).body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.BAD_INPUT);
  });
});

describe('caseload', () => {
  const query = `query($scope: CaseloadScope, $sort: CaseloadSort) { caseload(scope: $scope, sort: $sort) { totalCount childCount
    rows { child { id familyName } recordKind recordId namedRole namedPerson { userId name organisation { id } } completenessScore nextDue { what dueOn overdue } } } }`;
  type Caseload = { caseload: { totalCount: number; childCount: number; rows: Array<Record<string, unknown>> } };

  it('lists the open records where I am the named person, and my organisation\'s, with completeness and the next due date', async () => {
    expect((await data<Caseload>(query, callers.socialWorker, { scope: 'MINE' })).caseload).toEqual({
      totalCount: 1,
      childCount: 1,
      rows: [
        {
          child: { id: ids.zoe, familyName: "O'Brien-Núñez" },
          recordKind: 'family_help_plan',
          recordId: ids.zoePlan.entityId,
          namedRole: 'lead_practitioner',
          namedPerson: { userId: 'u-sw', name: 'Sam Worker', organisation: { id: 'org-sc' } },
          completenessScore: 1 / 6,
          nextDue: { what: 'plan_review', dueOn: '2026-06-10', overdue: false },
        },
      ],
    });
    const team = (await data<Caseload>(query, callers.socialWorker, { scope: 'ORGANISATION' })).caseload;
    expect(team.rows.map((r) => [r.recordId, r.namedRole, (r.namedPerson as { userId: string }).userId, r.nextDue])).toEqual([
      [ids.thomasPlan.entityId, 'lead_practitioner', 'u-tm', { what: 'plan_review', dueOn: '2026-05-15', overdue: true }],
      [ids.zoePlan.entityId, 'lead_practitioner', 'u-sw', { what: 'plan_review', dueOn: '2026-06-10', overdue: false }],
    ]);
    const byName = (await data<Caseload>(query, callers.socialWorker, { scope: 'ORGANISATION', sort: 'CHILD_NAME' })).caseload;
    expect(byName.rows.map((r) => (r.child as { id: string }).id)).toEqual([ids.thomas, ids.zoe]);
    expect((await data<Caseload>(query, callers.sendOfficer, { scope: 'MINE' })).caseload.rows).toEqual([
      {
        child: { id: ids.thomas, familyName: 'Jones' },
        recordKind: 'ehc_assessment',
        recordId: ids.review.entityId,
        namedRole: 'case_officer',
        namedPerson: { userId: 'u-send', name: 'Priya Shah', organisation: { id: 'org-la' } },
        // Of the annual review's seven rules only "meeting held" is met.
        completenessScore: 1 / 7,
        nextDue: { what: 'advice', dueOn: '2026-04-13', overdue: true },
      },
    ]);
  });

  it('never shows another council\'s child, even to someone with the same user id there', async () => {
    const outsiderAsSw = { ...callers.outsider, userId: 'u-sw' };
    const rows = (await data<Caseload>(query, outsiderAsSw, { scope: 'MINE' })).caseload.rows;
    expect(rows.map((r) => r.recordId)).toEqual([ids.strangerPlan.entityId]);
    const ours = (await data<Caseload>(query, callers.socialWorker, { scope: 'MINE' })).caseload.rows;
    expect(ours.map((r) => r.recordId)).not.toContain(ids.strangerPlan.entityId);
  });
});

describe('work trays', () => {
  const advice = `query($side: AdviceTraySide, $filter: TrayFilter) { adviceTray(side: $side, filter: $filter) { totalCount
    rows { child { id } assessmentId requestId adviserType adviser { id name } requestedBy { userId organisationId } requestedOn dueOn overdue daysOverdue exception } } }`;
  type Tray = { [k: string]: { totalCount: number; rows: Array<Record<string, unknown>> } };

  it('shows a SEND officer the advice they requested, soonest due first, and an adviser organisation what is asked of it', async () => {
    const mine = (await data<Tray>(advice, callers.sendOfficer, { side: 'REQUESTED_BY_ME' })).adviceTray!;
    expect(mine).toEqual({
      totalCount: 2,
      rows: [
        {
          child: { id: ids.thomas },
          assessmentId: ids.review.entityId,
          requestId: ids.healthRequest,
          adviserType: 'health',
          adviser: { id: 'org-health', name: 'Test org-health' },
          requestedBy: { userId: 'u-send', organisationId: 'org-la' },
          requestedOn: '2026-03-02',
          dueOn: '2026-04-13',
          overdue: true,
          daysOverdue: 49,
          exception: null,
        },
        {
          child: { id: ids.thomas },
          assessmentId: ids.review.entityId,
          requestId: ids.socialCareRequest,
          adviserType: 'social_care',
          adviser: { id: 'org-sc', name: 'Test org-sc' },
          requestedBy: { userId: 'u-send', organisationId: 'org-la' },
          requestedOn: '2026-05-25',
          dueOn: '2026-07-06',
          overdue: false,
          daysOverdue: 0,
          exception: null,
        },
      ],
    });
    const overdue = (await data<Tray>(advice, callers.sendOfficer, { filter: { state: 'overdue' } })).adviceTray!;
    expect(overdue.rows.map((r) => r.requestId)).toEqual([ids.healthRequest]);
    const within = (await data<Tray>(advice, callers.sendOfficer, { filter: { state: 'due_within', withinDays: 40 } })).adviceTray!;
    expect(within.rows.map((r) => r.requestId)).toEqual([ids.socialCareRequest]);
    expect((await data<Tray>(advice, callers.sendOfficer, { filter: { organisationId: 'org-sc' } })).adviceTray!.rows.map((r) => r.requestId)).toEqual([ids.socialCareRequest]);
    const asked = (await data<Tray>(advice, callers.health, { side: 'ASKED_OF_MY_ORGANISATION' })).adviceTray!;
    expect(asked.rows.map((r) => r.requestId)).toEqual([ids.healthRequest]);
    // Once an exception is recorded the row says so; once advice is submitted it leaves the tray.
    await h.command(callers.sendOfficer, 'recordAdviceException', { assessmentId: ids.review.entityId }, { requestId: ids.healthRequest, exception: 'missed_appointment', reason: 'Two missed.', appliedOn: '2026-04-01' });
    expect((await data<Tray>(advice, callers.sendOfficer, { filter: { state: 'exception_recorded' } })).adviceTray!.rows.map((r) => [r.requestId, r.exception])).toEqual([[ids.healthRequest, 'missed_appointment']]);
    await h.command(callers.health, 'submitAdvice', { assessmentId: ids.review.entityId }, { requestId: ids.healthRequest, sections: { C: 'Needs.' } });
    expect((await data<Tray>(advice, callers.health, { side: 'ASKED_OF_MY_ORGANISATION' })).adviceTray!.rows).toEqual([]);
    expect((await data<Tray>(advice, callers.outsider, { side: 'ASKED_OF_MY_ORGANISATION' })).adviceTray!.rows).toEqual([]);
  });

  it('shows every running statutory clock of the records the caller may read', async () => {
    const query = '{ statutoryClockTray { totalCount rows { child { id } recordId clock startedOn dueOn overdue daysOverdue organisation { id } caseOfficer { userId } } } }';
    const expected = {
      statutoryClockTray: {
        totalCount: 1,
        rows: [{ child: { id: ids.thomas }, recordId: ids.review.entityId, clock: 'annual_review_decision', startedOn: '2026-04-01', dueOn: '2026-04-29', overdue: true, daysOverdue: 33, organisation: { id: 'org-la' }, caseOfficer: { userId: 'u-send' } }],
      },
    };
    expect(await data(query, callers.sendOfficer)).toEqual(expected);
    expect(await data(query, callers.socialWorker)).toEqual(expected);
    expect(await data(query, callers.outsider)).toEqual({ statutoryClockTray: { totalCount: 0, rows: [] } });
    await h.command(callers.sendOfficer, 'decideAnnualReview', { assessmentId: ids.review.entityId }, { decision: 'amend', reasons: 'Needs changed.', occurredAt: at('2026-05-10') });
    expect((await data<Tray>(query, callers.sendOfficer)).statutoryClockTray!.rows.map((r) => [r.clock, r.dueOn])).toEqual([['amended_plan', '2026-06-24']]);
  });

  it('shows Family Help plan reviews due and overdue, and open plans failing completeness rules with the rules', async () => {
    const reviews = await data<Tray>('query($f: TrayFilter) { planReviewTray(filter: $f) { totalCount rows { planId dueOn overdue lastReviewedOn leadPractitioner { userId } organisation { id } } } }', callers.socialWorker);
    expect(reviews.planReviewTray).toEqual({
      totalCount: 2,
      rows: [
        { planId: ids.thomasPlan.entityId, dueOn: '2026-05-15', overdue: true, lastReviewedOn: '2026-03-01', leadPractitioner: { userId: 'u-tm' }, organisation: { id: 'org-sc' } },
        { planId: ids.zoePlan.entityId, dueOn: '2026-06-10', overdue: false, lastReviewedOn: '2026-05-01', leadPractitioner: { userId: 'u-sw' }, organisation: { id: 'org-sc' } },
      ],
    });
    const soon = await data<Tray>('query($f: TrayFilter) { planReviewTray(filter: $f, descending: true) { rows { planId } } }', callers.socialWorker, { f: { state: 'due_within', withinDays: 14 } });
    expect(soon.planReviewTray!.rows).toEqual([{ planId: ids.zoePlan.entityId }]);
    const incomplete = await data<Tray>('{ incompletePlanTray { totalCount rows { planId completenessScore failingRules { id } } } }', callers.socialWorker);
    const failing = ['fhp.disability-impact', 'fhp.child-views', 'fhp.family-views', 'fhp.measurable-outcome', 'fhp.agency-contributions'];
    expect(incomplete.incompletePlanTray).toEqual({
      totalCount: 2,
      rows: [
        { planId: ids.thomasPlan.entityId, completenessScore: 0, failingRules: [...failing, 'fhp.review-date'].map((id) => ({ id })) },
        { planId: ids.zoePlan.entityId, completenessScore: 1 / 6, failingRules: failing.map((id) => ({ id })) },
      ],
    });
  });

  it('shows team managers the short breaks awaiting a decision, and auditors a reproducible audit sample', async () => {
    const tray = await data<Tray>('{ shortBreakDecisionTray { totalCount rows { child { id } shortBreakId route requestedOn waitingDays requestedBy { userId } organisation { id } } } }', callers.teamManager);
    expect(tray.shortBreakDecisionTray).toEqual({
      totalCount: 1,
      rows: [{ child: { id: ids.zoe }, shortBreakId: ids.shortBreak.entityId, route: 'self_assessment', requestedOn: '2026-05-20', waitingDays: 12, requestedBy: { userId: 'u-sw' }, organisation: { id: 'org-sc' } }],
    });
    const sample = `query($seed: String!) { auditSample(notAuditedWithinMonths: 12, share: 0.5, seed: $seed) { population sampleSize rows { streamId lastAuditedAt } } }`;
    type Sample = { auditSample: { population: number; sampleSize: number; rows: Array<{ streamId: string; lastAuditedAt: string | null }> } };
    const first = (await data<Sample>(sample, callers.auditor, { seed: '2026' })).auditSample;
    // Open plans: three Family Help plans and one annual review; Zoë's plan was audited a month ago.
    expect({ population: first.population, sampleSize: first.sampleSize }).toEqual({ population: 3, sampleSize: 2 });
    const audited = [ids.zoePlan.streamId];
    const population = [ids.thomasPlan.streamId, ids.strangerPlan.streamId, ids.review.streamId];
    for (const row of first.rows) expect(population).toContain(row.streamId);
    expect(first.rows.map((r) => r.streamId)).not.toContain(audited[0]);
    expect((await data<Sample>(sample, callers.auditor, { seed: '2026' })).auditSample).toEqual(first);
    const all = (await data<Sample>('{ auditSample(notAuditedWithinMonths: 0, share: 1, seed: "x") { population rows { streamId lastAuditedAt } } }', callers.auditor)).auditSample;
    expect(all.population).toBe(4);
    expect(all.rows.find((r) => r.streamId === ids.zoePlan.streamId)?.lastAuditedAt).toBe('2026-05-02T10:00:00Z');
    const refused = await h.gql(sample, { as: callers.teamManager, variables: { seed: '2026' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.FORBIDDEN);
  });

  it('never shows the other council\'s child in any tray of the social care team', async () => {
    const queries = [
      '{ statutoryClockTray { rows { child { id } } } }',
      '{ planReviewTray { rows { child { id } } } }',
      '{ incompletePlanTray { rows { child { id } } } }',
      '{ shortBreakDecisionTray { rows { child { id } } } }',
      '{ adviceTray(side: ASKED_OF_MY_ORGANISATION) { rows { child { id } } } }',
    ];
    for (const as of [callers.socialWorker, callers.teamManager, callers.sendOfficer, callers.health]) {
      for (const query of queries) {
        const answer = JSON.stringify(await data(query, as));
        expect({ query, as: as.userId, stranger: answer.includes(ids.stranger) }).toEqual({ query, as: as.userId, stranger: false });
      }
    }
    // ...while the other council does see it.
    expect(JSON.stringify(await data('{ shortBreakDecisionTray { rows { child { id } } } }', callers.outsider))).toContain(ids.stranger);
  });
});
