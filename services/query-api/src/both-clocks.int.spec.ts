import { getMemoryEventStore } from '@planledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callers, startHarness, type Harness } from './testing/harness';

/**
 * Both clocks, with a story whose answers are worked out by hand: every fact has a day it happened
 * (occurredAt, given in the command) and a day it was written (the store's clock, set by the test).
 */
let h: Harness;
let clock = new Date('2026-01-01T09:00:00.000Z');
const at = (iso: string) => {
  clock = new Date(iso);
};

beforeEach(async () => {
  at('2026-01-01T09:00:00.000Z');
  const now = () => clock;
  h = await startHarness({ store: getMemoryEventStore({ now }), commandNow: now, now });
});
afterEach(async () => {
  await h.close();
  await h.store.close();
});

async function planStory() {
  at('2026-01-01T09:00:00.000Z');
  const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' });
  const plan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
    childId: child.entityId,
    planType: 'child_in_need',
    leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  // The child's views were gathered on 2 January and written up on 10 January.
  at('2026-01-10T12:00:00.000Z');
  const views = await h.command(callers.socialWorker, 'recordChildViews', { planId: plan.entityId }, { views: 'Likes trains.', howGathered: 'direct_conversation', occurredAt: '2026-01-02T10:00:00.000Z' });
  // The family's views were gathered and written on 11 January.
  at('2026-01-11T10:00:00.000Z');
  await h.command(callers.socialWorker, 'recordFamilyViews', { planId: plan.entityId }, { views: 'Needs more respite.', relationship: 'mother' });
  // On 1 March the child's views are corrected.
  at('2026-03-01T09:00:00.000Z');
  const original = (await h.store.readStream(plan.streamId)).find((e) => e.eventId === views.eventIds[0])!;
  await h.command(callers.socialWorker, 'correctEvent', {}, {
    streamId: plan.streamId,
    correctedEventId: views.eventIds[0],
    reason: 'Misheard.',
    correctedData: { ...(original.data as Record<string, unknown>), views: 'Likes buses.' },
  });
  at('2026-03-05T09:00:00.000Z');
  return { childId: child.entityId, planId: plan.entityId };
}

const planQuery = `query($id: ID!, $asOf: DateTime, $happenedBy: DateTime) {
  familyHelpPlan(id: $id, asOf: $asOf, happenedBy: $happenedBy) { asOf happenedBy childViews { views } familyViews { views } completeness { satisfied applicable } }
}`;

describe('both clocks on a Family Help plan', () => {
  it('answers what the record said then, what had happened by then, and both together', async () => {
    const { planId } = await planStory();
    const plan = async (variables: Record<string, string>) => (await h.gql(planQuery, { variables: { id: planId, ...variables } })).body.data?.familyHelpPlan;

    // What the record said on 5 January: nothing yet about views.
    expect(await plan({ asOf: '2026-01-05T00:00:00.000Z' })).toEqual({
      asOf: '2026-01-05T00:00:00.000Z', happenedBy: null, childViews: [], familyViews: [], completeness: { satisfied: 0, applicable: 6 },
    });
    // What had happened by 5 January, as we know now: the views gathered on 2 January, as corrected.
    expect(await plan({ happenedBy: '2026-01-05T00:00:00.000Z' })).toEqual({
      asOf: null, happenedBy: '2026-01-05T00:00:00.000Z', childViews: [{ views: 'Likes buses.' }], familyViews: [], completeness: { satisfied: 1, applicable: 6 },
    });
    // As known on 15 January about 5 January: written up, not yet corrected.
    expect(await plan({ asOf: '2026-01-15T00:00:00.000Z', happenedBy: '2026-01-05T00:00:00.000Z' })).toEqual({
      asOf: '2026-01-15T00:00:00.000Z', happenedBy: '2026-01-05T00:00:00.000Z', childViews: [{ views: 'Likes trains.' }], familyViews: [], completeness: { satisfied: 1, applicable: 6 },
    });
    // As known on 15 January, about then: both views.
    expect(await plan({ asOf: '2026-01-15T00:00:00.000Z' })).toEqual({
      asOf: '2026-01-15T00:00:00.000Z', happenedBy: null, childViews: [{ views: 'Likes trains.' }], familyViews: [{ views: 'Needs more respite.' }], completeness: { satisfied: 2, applicable: 6 },
    });
    // Live: both views, the child's as corrected.
    expect(await plan({})).toEqual({ asOf: null, happenedBy: null, childViews: [{ views: 'Likes buses.' }], familyViews: [{ views: 'Needs more respite.' }], completeness: { satisfied: 2, applicable: 6 } });
  });

  it('replays the child with its plans on both clocks, and the access log names both instants', async () => {
    const { childId } = await planStory();
    const query = `query($id: ID!, $asOf: DateTime, $happenedBy: DateTime) { child(id: $id, asOf: $asOf, happenedBy: $happenedBy) { id asOf happenedBy familyHelpPlans { asOf happenedBy childViews { views } } } }`;
    const child = async (variables: Record<string, string>) => (await h.gql(query, { variables: { id: childId, ...variables } })).body.data?.child;
    expect(await child({ asOf: '2026-01-15T00:00:00.000Z', happenedBy: '2026-01-05T00:00:00.000Z' })).toEqual({
      id: childId,
      asOf: '2026-01-15T00:00:00.000Z',
      happenedBy: '2026-01-05T00:00:00.000Z',
      familyHelpPlans: [{ asOf: '2026-01-15T00:00:00.000Z', happenedBy: '2026-01-05T00:00:00.000Z', childViews: [{ views: 'Likes trains.' }] }],
    });
    // Before the child was registered, on either clock, there is no child.
    expect(await child({ happenedBy: '2025-12-31T00:00:00.000Z' })).toBeNull();
    expect(await child({ asOf: '2025-12-31T00:00:00.000Z' })).toBeNull();
    const reads = (await h.store.readStream(`access-log-${childId}`)).map((e) => e.data as { asOf?: string; happenedBy?: string });
    expect(reads.map((r) => [r.asOf ?? null, r.happenedBy ?? null])).toEqual([
      ['2026-01-15T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
      [null, '2025-12-31T00:00:00.000Z'],
      ['2025-12-31T00:00:00.000Z', null],
    ]);
  });
});

describe('KPIs as at any day', () => {
  /** Health advice requested on 5 January (due 16 February), sent on 10 February, recorded on 20 February. */
  async function adviceStory() {
    at('2026-01-05T09:00:00.000Z');
    const child = await h.command(callers.sendOfficer, 'registerChild', {}, { givenName: 'Ben', familyName: 'Example', dateOfBirth: '2014-02-01', primaryNeed: 'SLCN' });
    const assessment = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId: child.entityId, kind: 'needs_assessment' });
    await h.command(callers.sendOfficer, 'requestAdvice', { assessmentId: assessment.entityId }, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-health' });
    const requestId = ((await h.store.readStream(assessment.streamId)).find((e) => e.type === 'AdviceRequested')!.data as { requestId: string }).requestId;
    at('2026-02-20T09:00:00.000Z');
    await h.command(callers.health, 'submitAdvice', { assessmentId: assessment.entityId }, { requestId, sections: { C: 'Needs speech therapy.' }, occurredAt: '2026-02-10T09:00:00.000Z' });
    at('2026-03-05T09:00:00.000Z');
    return { streamId: assessment.streamId, requestId, childId: child.entityId };
  }

  const kpiQuery = `query($asOf: DateTime, $happenedBy: DateTime) {
    kpis(from: "2026-02-01", to: "2026-02-28", asOf: $asOf, happenedBy: $happenedBy) {
      takenAt asOf happenedBy
      adviceWithinSixWeeks { numerator denominator records { itemId met dueOn doneOn } }
      advicePending { itemId dueOn }
    }
  }`;

  it('gives the figures as the partnership would have reported them on the day, and now', async () => {
    const { requestId } = await adviceStory();
    const kpis = async (variables: Record<string, string>) => (await h.gql(kpiQuery, { as: callers.auditor, variables })).body.data?.kpis;
    // On 10 February the advice was not due yet: pending.
    expect(await kpis({ asOf: '2026-02-10T12:00:00.000Z' })).toEqual({
      takenAt: '2026-02-10T12:00:00.000Z', asOf: '2026-02-10T12:00:00.000Z', happenedBy: null,
      adviceWithinSixWeeks: { numerator: 0, denominator: 0, records: [] },
      advicePending: [{ itemId: requestId, dueOn: '2026-02-16' }],
    });
    // On 18 February it was overdue as far as the record knew.
    expect(await kpis({ asOf: '2026-02-18T12:00:00.000Z' })).toEqual({
      takenAt: '2026-02-18T12:00:00.000Z', asOf: '2026-02-18T12:00:00.000Z', happenedBy: null,
      adviceWithinSixWeeks: { numerator: 0, denominator: 1, records: [{ itemId: requestId, met: false, dueOn: '2026-02-16', doneOn: null }] },
      advicePending: [],
    });
    // Now we know it was sent on 10 February, on time.
    expect(await kpis({})).toEqual({
      takenAt: '2026-03-05T09:00:00.000Z', asOf: null, happenedBy: null,
      adviceWithinSixWeeks: { numerator: 1, denominator: 1, records: [{ itemId: requestId, met: true, dueOn: '2026-02-16', doneOn: '2026-02-10' }] },
      advicePending: [],
    });
    // As things stood in the world on 18 February, as we know now: on time.
    expect(((await kpis({ happenedBy: '2026-02-18T12:00:00.000Z' })) as { adviceWithinSixWeeks: unknown }).adviceWithinSixWeeks).toEqual({ numerator: 1, denominator: 1, records: [{ itemId: requestId, met: true, dueOn: '2026-02-16', doneOn: '2026-02-10' }] });
  });

  it('lists how each figure changed since the day it was reported, record by record', async () => {
    const { requestId, streamId } = await adviceStory();
    const answer = await h.gql(
      `{ kpiChanges(from: "2026-02-01", to: "2026-02-28", asOf: "2026-02-18T12:00:00.000Z") { asOf since changes { measure then { numerator denominator } now { numerator denominator } records { change record { streamId itemId met } } } } }`,
      { as: callers.auditor },
    );
    const moved = [{ change: 'now_met', record: { streamId, itemId: requestId, met: true } }];
    expect(answer.body).toEqual({
      data: {
        kpiChanges: {
          asOf: '2026-02-18T12:00:00.000Z',
          since: '2026-03-05T09:00:00.000Z',
          changes: [
            { measure: 'adviceWithinSixWeeks', then: { numerator: 0, denominator: 1 }, now: { numerator: 1, denominator: 1 }, records: moved },
            { measure: 'adviceWithinSixWeeksByAdviserType.health', then: { numerator: 0, denominator: 1 }, now: { numerator: 1, denominator: 1 }, records: moved },
            { measure: 'adviceWithinSixWeeksByOrganisation.org-health', then: { numerator: 0, denominator: 1 }, now: { numerator: 1, denominator: 1 }, records: moved },
          ],
        },
      },
    });
    // Between two days on which nothing was recorded, nothing changed.
    const still = await h.gql(`{ kpiChanges(from: "2026-02-01", to: "2026-02-28", asOf: "2026-02-17T12:00:00.000Z", since: "2026-02-18T12:00:00.000Z") { changes { measure } } }`, { as: callers.auditor });
    expect(still.body).toEqual({ data: { kpiChanges: { changes: [] } } });
  });

  it('refuses a since before asOf', async () => {
    const answer = await h.gql(`{ kpiChanges(from: "2026-02-01", to: "2026-02-28", asOf: "2026-02-18T12:00:00.000Z", since: "2026-02-01T00:00:00.000Z") { since } }`, { as: callers.auditor });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('QL_ERR_BAD_INPUT');
  });
});
