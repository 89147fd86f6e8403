import { administratorOf, executeCommand, type Caller } from '@planledger/domain';
import { registerCallers, testPartnershipOffice } from '@planledger/domain/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callers, closeHarness, dataOf, startHarnessAt, type Harness } from './testing/harness';

/**
 * The statutory clock tray over needs assessments and an annual review, and organisation names from the
 * register. Amira's and Ben's records are the SEND team's (org-la) and the social care team's (org-sc);
 * Cara is known only to another council's SEND team (org-la-east) and must never appear to ours.
 */

const NOW = new Date('2026-06-01T09:00:00Z');
const at = (day: string) => `${day}T10:00:00Z`;
const eastSend: Caller = { userId: 'u-send-east', role: 'send_officer', agency: 'education', organisationId: 'org-la-east' };
const administrator = administratorOf(testPartnershipOffice);
const caseOfficer = { userId: 'u-send', name: 'Priya Shah', organisationId: 'org-la' };

let h: Harness;
let ids: Awaited<ReturnType<typeof writeRecord>>;

async function writeRecord() {
  await registerCallers(h.store, [eastSend]);
  const child = async (as: Caller, givenName: string, familyName: string) => (await h.command(as, 'registerChild', {}, { givenName, familyName, dateOfBirth: '2016-09-09', primaryNeed: 'SLCN' })).entityId;
  const amira = await child(callers.socialWorker, 'Amira', 'Patel');
  const ben = await child(callers.socialWorker, 'Ben', 'Okafor');
  const cara = await child(eastSend, 'Cara', 'Lewis');
  for (const childId of [amira, ben]) await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-la' });

  // Amira: requested on 11 May, nothing decided yet.
  const amiraAssessment = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId: amira, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2026-05-11') });
  await h.command(callers.sendOfficer, 'assignCaseOfficer', { assessmentId: amiraAssessment.entityId }, { caseOfficer, occurredAt: at('2026-05-11') });
  // Ben: requested on 5 January, assessed in time, no draft; an exception stops the final plan's clock.
  const benAssessment = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId: ben, kind: 'needs_assessment', requestedBy: 'school_or_setting', occurredAt: at('2026-01-05') });
  await h.command(callers.sendOfficer, 'assignCaseOfficer', { assessmentId: benAssessment.entityId }, { caseOfficer, occurredAt: at('2026-01-05') });
  await h.command(callers.sendOfficer, 'decideWhetherToAssess', { assessmentId: benAssessment.entityId }, { decision: 'assess', occurredAt: at('2026-02-10') });
  await h.command(
    callers.sendOfficer,
    'recordTimelineException',
    { assessmentId: benAssessment.entityId },
    { clock: 'final_plan', exception: 'exceptional_personal_circumstances', appliedOn: '2026-05-01', reason: 'A stay in hospital.', occurredAt: at('2026-05-02') },
  );
  // Ben's annual review of an earlier plan: the meeting on 4 May, the decision due today.
  const benReview = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId: ben, kind: 'annual_review', planVersion: 1, occurredAt: at('2026-04-20') });
  await h.command(callers.sendOfficer, 'recordAnnualReviewMeeting', { assessmentId: benReview.entityId }, { agenciesPresent: ['education'], summary: 'Held.', occurredAt: at('2026-05-04') });
  // Cara: the other council's.
  const caraAssessment = await h.command(eastSend, 'startEhcAssessment', {}, { childId: cara, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2026-05-18') });
  return { amira, ben, cara, amiraAssessment, benAssessment, benReview, caraAssessment };
}

beforeEach(async () => {
  h = await startHarnessAt(NOW);
  ids = await writeRecord();
});
afterEach(() => closeHarness(h));

const data = <T>(query: string, as: Caller = callers.sendOfficer, variables: Record<string, unknown> = {}) => dataOf<T>(h, query, as, variables);

type Row = Record<string, unknown> & { child: { id: string }; clock: string; recordId: string };
type Tray = { statutoryClockTray: { totalCount: number; rows: Row[] } };
const tray = `query($filter: TrayFilter, $descending: Boolean) { statutoryClockTray(filter: $filter, descending: $descending) { totalCount rows {
  child { id } recordKind recordId assessmentKind clock regulation exceptionRegulation startedOn dueOn overdue daysOverdue daysLeft status state lawful
  organisation { id name } caseOfficer { userId organisation { name } } exception exceptionAppliedOn } } }`;
const rowsOf = async (as: Caller, variables: Record<string, unknown> = {}) => (await data<Tray>(tray, as, variables)).statutoryClockTray.rows;
const keys = (rows: Row[]) => rows.map((r) => `${r.child.id === ids.amira ? 'amira' : r.child.id === ids.ben ? 'ben' : 'cara'}:${r.clock}`);

describe('statutory clock tray', () => {
  it("shows every running clock of a needs assessment and an annual review, each with its state, soonest due first", async () => {
    const la = { id: 'org-la', name: 'Test org-la' };
    const officer = { userId: 'u-send', organisation: { name: 'Test org-la' } };
    const needs = { recordKind: 'ehc_assessment', assessmentKind: 'needs_assessment', organisation: la, caseOfficer: officer };
    const ben = { child: { id: ids.ben }, recordId: ids.benAssessment.entityId, startedOn: '2026-01-05', ...needs };
    const amira = { child: { id: ids.amira }, recordId: ids.amiraAssessment.entityId, startedOn: '2026-05-11', ...needs };
    const pending = { overdue: false, daysOverdue: 0, status: 'pending', state: 'on_time', lawful: true, exception: null, exceptionAppliedOn: null };
    const expected = {
      totalCount: 6,
      rows: [
        { ...ben, clock: 'decision_not_to_issue', regulation: '10(1)', exceptionRegulation: '10(4)', dueOn: '2026-04-27', overdue: true, daysOverdue: 35, daysLeft: 0, status: 'overdue', state: 'overdue', lawful: false, exception: null, exceptionAppliedOn: null },
        {
          ...ben,
          clock: 'final_plan',
          regulation: '13(2)',
          exceptionRegulation: '13(3)',
          dueOn: '2026-05-25',
          overdue: true,
          daysOverdue: 7,
          daysLeft: 0,
          status: 'overdue',
          state: 'exception_recorded',
          lawful: true,
          exception: 'exceptional_personal_circumstances',
          exceptionAppliedOn: '2026-05-01',
        },
        {
          child: { id: ids.ben },
          recordKind: 'ehc_assessment',
          recordId: ids.benReview.entityId,
          assessmentKind: 'annual_review',
          clock: 'annual_review_decision',
          regulation: null,
          exceptionRegulation: null,
          startedOn: '2026-05-04',
          dueOn: '2026-06-01',
          daysLeft: 0,
          organisation: la,
          caseOfficer: null,
          ...pending,
        },
        { ...amira, clock: 'decision_to_assess', regulation: '5(1)', exceptionRegulation: '5(4)', dueOn: '2026-06-22', daysLeft: 21, ...pending },
        { ...amira, clock: 'decision_not_to_issue', regulation: '10(1)', exceptionRegulation: '10(4)', dueOn: '2026-08-31', daysLeft: 91, ...pending },
        { ...amira, clock: 'final_plan', regulation: '13(2)', exceptionRegulation: '13(3)', dueOn: '2026-09-28', daysLeft: 119, ...pending },
      ],
    };
    expect((await data<Tray>(tray, callers.sendOfficer)).statutoryClockTray).toEqual(expected);
    // The social care team is in both children's teams: the same rows.
    expect((await data<Tray>(tray, callers.socialWorker)).statutoryClockTray).toEqual(expected);
  });

  it('filters by state, due within N days, organisation and record kind, and sorts either way', async () => {
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { state: 'overdue' } }))).toEqual(['ben:decision_not_to_issue', 'ben:final_plan']);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { state: 'exception_recorded' } }))).toEqual(['ben:final_plan']);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { state: 'due_within', withinDays: 21 } }))).toEqual(['ben:annual_review_decision', 'amira:decision_to_assess']);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { state: 'due_within', withinDays: 20 } }))).toEqual(['ben:annual_review_decision']);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { organisationId: 'org-sc' } }))).toEqual([]);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { organisationId: 'org-la', recordKind: 'family_help_plan' } }))).toEqual([]);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { recordKind: 'ehc_assessment', state: 'overdue' }, descending: true }))).toEqual(['ben:final_plan', 'ben:decision_not_to_issue']);
  });

  it("follows the assessment: a decision stops its clock, a draft plan ends the 16-week clock; the case officer's caseload shows the next due", async () => {
    await h.command(callers.sendOfficer, 'decideWhetherToAssess', { assessmentId: ids.amiraAssessment.entityId }, { decision: 'assess', occurredAt: NOW.toISOString() });
    expect(keys(await rowsOf(callers.sendOfficer)).filter((k) => k.startsWith('amira'))).toEqual(['amira:decision_not_to_issue', 'amira:final_plan']);
    await h.command(callers.sendOfficer, 'issueDraftPlan', { assessmentId: ids.amiraAssessment.entityId }, { planVersion: 1, occurredAt: NOW.toISOString() });
    expect(keys(await rowsOf(callers.sendOfficer)).filter((k) => k.startsWith('amira'))).toEqual(['amira:final_plan']);
    const caseload = await data<{ caseload: { rows: Array<{ recordId: string; nextDue: unknown }> } }>('{ caseload(scope: MINE) { rows { recordId nextDue { what dueOn overdue } } } }');
    expect(caseload.caseload.rows).toEqual([
      { recordId: ids.benAssessment.entityId, nextDue: { what: 'decision_not_to_issue', dueOn: '2026-04-27', overdue: true } },
      { recordId: ids.amiraAssessment.entityId, nextDue: { what: 'final_plan', dueOn: '2026-09-28', overdue: false } },
    ]);
  });

  it("never shows a child outside the caller's team; the other council and auditors see theirs", async () => {
    for (const as of [callers.sendOfficer, callers.socialWorker, callers.teamManager, callers.health]) {
      const answer = JSON.stringify(await data(tray, as));
      expect({ as: as.userId, cara: answer.includes(ids.cara) }).toEqual({ as: as.userId, cara: false });
    }
    expect(keys(await rowsOf(eastSend))).toEqual(['cara:decision_to_assess', 'cara:decision_not_to_issue', 'cara:final_plan']);
    expect((await rowsOf(eastSend))[0]).toMatchObject({ dueOn: '2026-06-29', organisation: { id: 'org-la-east', name: 'Test org-la-east' } });
    expect((await rowsOf(callers.auditor)).length).toBe(9);
    // A tray read once is not kept past a change of team: removed from Ben's team, the social care team no longer sees his clocks.
    expect(keys(await rowsOf(callers.socialWorker, { filter: { state: 'overdue' } }))).toEqual(['ben:decision_not_to_issue', 'ben:final_plan']);
    await h.command(callers.teamManager, 'removeTeamMember', { childId: ids.ben }, { organisationId: 'org-sc', reason: 'Case closed to social care.' });
    expect(keys(await rowsOf(callers.socialWorker, { filter: { state: 'overdue' } }))).toEqual([]);
    expect(keys(await rowsOf(callers.sendOfficer, { filter: { state: 'overdue' } }))).toEqual(['ben:decision_not_to_issue', 'ben:final_plan']);
  });
});

describe('organisation names', () => {
  it("answers with the register's current name: a renamed organisation its new name, a retired one still its name", async () => {
    await h.command(callers.teamManager, 'addTeamMember', { childId: ids.amira }, { organisationId: 'org-school' });
    // The harness wrote the register on the real clock, so its later events are dated on that clock too.
    const byAdministrator = (command: string, body: Record<string, unknown>) => executeCommand(h.store, { command, params: {}, body, caller: administrator });
    await byAdministrator('renameOrganisation', { organisationId: 'org-la', name: 'Leicester SEND team' });
    await byAdministrator('retireOrganisation', { organisationId: 'org-school', reason: 'Merged into another trust.' });
    const search = await data<{ searchChildren: { hits: Array<{ teamOrganisations: unknown }> } }>(
      '{ searchChildren(name: "Amira Patel") { hits { teamOrganisations { id name active } } } }',
      callers.socialWorker,
    );
    expect(search.searchChildren.hits).toEqual([
      {
        teamOrganisations: [
          { id: 'org-sc', name: 'Test org-sc', active: true },
          { id: 'org-la', name: 'Leicester SEND team', active: true },
          { id: 'org-school', name: 'Test org-school', active: false },
        ],
      },
    ]);
    const rows = await rowsOf(callers.sendOfficer, { filter: { state: 'overdue' } });
    expect(rows.map((r) => [r.organisation, r.caseOfficer])).toEqual([
      [{ id: 'org-la', name: 'Leicester SEND team' }, { userId: 'u-send', organisation: { name: 'Leicester SEND team' } }],
      [{ id: 'org-la', name: 'Leicester SEND team' }, { userId: 'u-send', organisation: { name: 'Leicester SEND team' } }],
    ]);
    const caseload = await data<{ caseload: { rows: Array<{ namedPerson: unknown }> } }>('{ caseload(scope: ORGANISATION) { rows { namedPerson { organisation { id name } } } } }');
    expect(caseload.caseload.rows.map((r) => r.namedPerson)).toEqual([{ organisation: { id: 'org-la', name: 'Leicester SEND team' } }, { organisation: { id: 'org-la', name: 'Leicester SEND team' } }]);
    const child = await data<{ child: { team: unknown } }>('query($id: ID!) { child(id: $id) { team { organisationId organisationName } } }', callers.socialWorker, { id: ids.amira });
    expect(child.child.team).toEqual([
      { organisationId: 'org-sc', organisationName: 'Test org-sc' },
      { organisationId: 'org-la', organisationName: 'Leicester SEND team' },
      { organisationId: 'org-school', organisationName: 'Test org-school' },
    ]);
    const sample = await data<{ auditSample: { rows: Array<{ organisation: unknown }> } }>('{ auditSample(notAuditedWithinMonths: 12, share: 1, seed: "x") { rows { organisation { id name } } } }', callers.auditor);
    expect(sample.auditSample.rows.map((r) => r.organisation)).toContainEqual({ id: 'org-la', name: 'Leicester SEND team' });
  });
});
