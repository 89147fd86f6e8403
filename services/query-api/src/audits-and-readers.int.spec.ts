import { getMemoryEventStore } from '@planledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callers, startHarness, type Harness } from './testing/harness';

let h: Harness;
let clock = new Date('2026-01-01T09:00:00.000Z');
const at = (iso: string) => {
  clock = new Date(iso);
};
const secondAuditor = { ...callers.auditor, userId: 'u-aud-2' };

beforeEach(async () => {
  at('2026-01-01T09:00:00.000Z');
  const now = () => clock;
  h = await startHarness({ store: getMemoryEventStore({ now }), commandNow: now, now });
});
afterEach(async () => {
  await h.close();
  await h.store.close();
});

/** A plan registered by the social care team; the child's views recorded on 10 January; graded on 20 January as at 5 January. */
async function auditedPlan() {
  const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' });
  const plan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
    childId: child.entityId,
    planType: 'child_in_need',
    leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  await h.command(callers.teamManager, 'addTeamMember', { childId: child.entityId }, { organisationId: 'org-health' });
  at('2026-01-10T09:00:00.000Z');
  await h.command(callers.socialWorker, 'recordChildViews', { planId: plan.entityId }, { views: 'Likes trains.', howGathered: 'direct_conversation' });
  at('2026-01-20T09:00:00.000Z');
  const audit = await h.command(callers.auditor, 'recordQualityAudit', {}, {
    childId: child.entityId,
    planStreamId: plan.streamId,
    asOf: '2026-01-05T00:00:00.000Z',
    grade: 'requires_improvement',
    findings: [{ area: 'child’s voice', finding: 'No views recorded.' }],
  });
  at('2026-01-21T09:00:00.000Z');
  await h.command(secondAuditor, 'moderateAudit', { auditId: audit.entityId }, { agreesWithGrade: false, moderatedGrade: 'inadequate', comments: 'Graver than graded.' });
  return { childId: child.entityId, planId: plan.entityId, planStreamId: plan.streamId, auditId: audit.entityId };
}

const auditQuery = `query($id: ID!) { audit(id: $id) {
  id planStreamId planAsOf grade findings { area finding } recorded { by { userId } }
  moderations { originalGrade agreesWithGrade moderatedGrade recorded { by { userId } } }
  agreement { moderations agreeing rate }
  plan { ... on FamilyHelpPlan { id asOf childViews { views } completeness { satisfied applicable } } }
} }`;

describe('audits in GraphQL', () => {
  it('answers grade, findings, moderation and agreement, with the plan as it stood when graded', async () => {
    const { auditId, planId, planStreamId } = await auditedPlan();
    const answer = await h.gql(auditQuery, { as: callers.auditor, variables: { id: auditId } });
    expect(answer.body).toEqual({
      data: {
        audit: {
          id: auditId,
          planStreamId,
          planAsOf: '2026-01-05T00:00:00.000Z',
          grade: 'requires_improvement',
          findings: [{ area: 'child’s voice', finding: 'No views recorded.' }],
          recorded: { by: { userId: 'u-aud' } },
          moderations: [{ originalGrade: 'requires_improvement', agreesWithGrade: false, moderatedGrade: 'inadequate', recorded: { by: { userId: 'u-aud-2' } } }],
          agreement: { moderations: 1, agreeing: 0, rate: 0 },
          // On 5 January the child's views (recorded 10 January) were not in the plan.
          plan: { id: planId, asOf: '2026-01-05T00:00:00.000Z', childViews: [], completeness: { satisfied: 0, applicable: 6 } },
        },
      },
    });
    const list = await h.gql(`query($id: ID!) { audits(planId: $id) { id grade } }`, { as: callers.socialWorker, variables: { id: planStreamId } });
    expect(list.body).toEqual({ data: { audits: [{ id: auditId, grade: 'requires_improvement' }] } });
    // Outside the child's team, an audit is a missing record.
    expect((await h.gql(auditQuery, { as: callers.outsider, variables: { id: auditId } })).body).toEqual({ data: { audit: null } });
  });
});

describe('who viewed this child', () => {
  const readsQuery = `query($id: ID!) { childReads(childId: $id) { childId reads { at by { userId role } organisationId query streamId asOf outcome reason } } }`;

  it('lists every read, granted or refused, to auditors and the lead organisation only', async () => {
    const { childId, planId, planStreamId } = await auditedPlan();
    at('2026-02-01T09:00:00.000Z');
    await h.gql(`query($id: ID!) { familyHelpPlan(id: $id, asOf: "2026-01-15T00:00:00.000Z", reason: ASSESSMENT) { id } }`, { as: callers.health, variables: { id: planId } });
    at('2026-02-02T09:00:00.000Z');
    await h.gql(`query($id: ID!) { child(id: $id) { id } }`, { as: callers.outsider, variables: { id: childId } });
    at('2026-02-03T09:00:00.000Z');
    const byLead = await h.gql(readsQuery, { as: callers.socialWorker, variables: { id: childId } });
    expect(byLead.body).toEqual({
      data: {
        childReads: {
          childId,
          reads: [
            { at: '2026-02-01T09:00:00.000Z', by: { userId: 'u-health', role: 'health_practitioner' }, organisationId: 'org-health', query: 'familyHelpPlan', streamId: planStreamId, asOf: '2026-01-15T00:00:00.000Z', outcome: 'granted', reason: 'assessment' },
            { at: '2026-02-02T09:00:00.000Z', by: { userId: 'u-out', role: 'social_worker' }, organisationId: 'org-elsewhere', query: 'child', streamId: `child-${childId}`, asOf: null, outcome: 'refused', reason: null },
            // Asking who read the child is a read too, and is listed.
            { at: '2026-02-03T09:00:00.000Z', by: { userId: 'u-sw', role: 'social_worker' }, organisationId: 'org-sc', query: 'childReads', streamId: `access-log-${childId}`, asOf: null, outcome: 'granted', reason: null },
          ],
        },
      },
    });
    const byAuditor = await h.gql(readsQuery, { as: callers.auditor, variables: { id: childId } });
    expect((byAuditor.body.data?.childReads as { reads: unknown[] }).reads).toHaveLength(4);
    // A team member that is not the lead organisation, and a stranger: as if there were no child.
    expect((await h.gql(readsQuery, { as: callers.health, variables: { id: childId } })).body).toEqual({ data: { childReads: null } });
    expect((await h.gql(readsQuery, { as: callers.outsider, variables: { id: childId } })).body).toEqual({ data: { childReads: null } });
    // Nor can a team member read the raw access log through history.
    const history = await h.gql(`query($s: ID!) { history(streamId: $s) { streamId } }`, { as: callers.health, variables: { s: `access-log-${childId}` } });
    expect(history.body).toEqual({ data: { history: null } });
    const historyByLead = await h.gql(`query($s: ID!) { history(streamId: $s) { streamId } }`, { as: callers.socialWorker, variables: { s: `access-log-${childId}` } });
    expect(historyByLead.body).toEqual({ data: { history: { streamId: `access-log-${childId}` } } });
  });

  it('answers null for a child that does not exist', async () => {
    expect((await h.gql(readsQuery, { as: callers.auditor, variables: { id: '00000000-0000-4000-8000-000000000000' } })).body).toEqual({ data: { childReads: null } });
  });
});
