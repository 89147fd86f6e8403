import { randomUUID } from 'node:crypto';
import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { recordedBy } from '../replay/as-of';
import { childViewAsOf } from '../replay/child-view-as-of';
import { foldEvents } from '../runner/read-model';
import { actors, recordedEvents } from '../testing/recorded-events';
import { childRegister, teamOf } from './child-register';
import { childCoverage, partnershipCoverage, planCoverage } from './coverage';
import { familyHelpPlans } from './family-help-plan';

describe('child register', () => {
  it('holds each child with their team and indexes every stream that names them', () => {
    const r = recordedEvents();
    const childId = randomUUID();
    const planId = randomUUID();
    const events = [
      r.record(`child-${childId}`, 'ChildRegistered', { childId, givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', primaryNeed: 'HI', registeringOrganisation: { organisationId: 'org-sc', agency: 'social_care' } }, { recordedAt: '2026-01-01T00:00:00.000Z' }),
      r.record(`child-${childId}`, 'TeamMemberAdded', { childId, organisationId: 'org-health', agency: 'health', reason: 'invited' }, { recordedAt: '2026-01-02T00:00:00.000Z' }),
      // The same organisation invited twice is one member.
      r.record(`child-${childId}`, 'TeamMemberAdded', { childId, organisationId: 'org-health', agency: 'health', reason: 'advice_requested' }, { recordedAt: '2026-01-03T00:00:00.000Z' }),
      r.record(`family-help-plan-${planId}`, 'FamilyHelpPlanOpened', { planId, childId, planType: 'early_help', leadPractitioner: { userId: 'u', name: 'N', organisationId: 'org-sc', agency: 'social_care' } }, { recordedAt: '2026-01-04T00:00:00.000Z' }),
      r.record(`family-help-plan-${planId}`, 'ChildViewsRecorded', { planId, childId, views: 'v', howGathered: 'observation' }, { recordedAt: '2026-01-05T00:00:00.000Z' }),
    ];
    const register = foldEvents(childRegister, events);
    const child = register.children.get(childId)!;
    expect(teamOf(child).map((m) => [m.organisationId, m.agency, m.reason])).toEqual([
      ['org-sc', 'social_care', 'registered'],
      ['org-health', 'health', 'invited'],
    ]);
    expect(register.childOfStream.get(`family-help-plan-${planId}`)).toBe(childId);
    expect(register.streamsOfChild.get(childId)).toEqual([`family-help-plan-${planId}`]);
  });
});

describe('the team as the query side sees it', () => {
  const childId = randomUUID();
  const assessmentId = randomUUID();
  const assessment = `ehc-assessment-${assessmentId}`;
  const adviceRequest = (r: ReturnType<typeof recordedEvents>, organisationId: string, agency: 'education' | 'health' | 'social_care', at: string) =>
    r.record(
      assessment,
      'AdviceRequested',
      { childId, assessmentId, requestId: randomUUID(), adviserType: agency, adviserAgency: agency, adviserOrganisationId: organisationId, requestedOn: at.slice(0, 10), adviceDueOn: '2026-03-01' },
      { actor: actors.sendOfficer, occurredAt: `${at.slice(0, 10)}T08:00:00.000Z`, recordedAt: at },
    );
  const story = () => {
    const r = recordedEvents();
    return [
      r.record(`child-${childId}`, 'ChildRegistered', { childId, givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', primaryNeed: 'HI', registeringOrganisation: { organisationId: 'org-sc', agency: 'social_care' } }, { recordedAt: '2026-01-01T00:00:00.000Z' }),
      r.record(`child-${childId}`, 'TeamMemberAdded', { childId, organisationId: 'org-la', agency: 'education', reason: 'invited' }, { recordedAt: '2026-01-02T00:00:00.000Z' }),
      r.record(assessment, 'EhcAssessmentStarted', { childId, assessmentId, kind: 'needs_assessment', startedOn: '2026-01-03' }, { actor: actors.sendOfficer, recordedAt: '2026-01-03T00:00:00.000Z' }),
      adviceRequest(r, 'org-clinic', 'health', '2026-01-04T00:00:00.000Z'),
      // A request to an organisation already in the team changes nothing.
      adviceRequest(r, 'org-sc', 'social_care', '2026-01-05T00:00:00.000Z'),
      r.record(`child-${childId}`, 'TeamMemberAdded', { childId, organisationId: 'org-school', agency: 'education', reason: 'invited' }, { recordedAt: '2026-01-06T00:00:00.000Z' }),
      // Added to the team after its request invited it: still one member, who joined by the request.
      r.record(`child-${childId}`, 'TeamMemberAdded', { childId, organisationId: 'org-clinic', agency: 'health', reason: 'invited' }, { recordedAt: '2026-01-07T00:00:00.000Z' }),
    ];
  };

  it('includes organisations invited by an advice request, with the reason and the time, in the order they joined', () => {
    const register = foldEvents(childRegister, story());
    const child = register.children.get(childId)!;
    expect(teamOf(child).map((m) => [m.organisationId, m.agency, m.reason, m.joinedAt])).toEqual([
      ['org-sc', 'social_care', 'registered', '2026-01-01T00:00:00.000Z'],
      ['org-la', 'education', 'invited', '2026-01-02T00:00:00.000Z'],
      ['org-clinic', 'health', 'advice_requested', '2026-01-04T08:00:00.000Z'],
      ['org-school', 'education', 'invited', '2026-01-06T00:00:00.000Z'],
    ]);
    expect([...child.teamMembers.values()].find((m) => m.data.organisationId === 'org-clinic')?.data.sourceStreamId).toBe(assessment);
    // The advice requests belong to the assessment: the child stream's own bookkeeping is untouched.
    expect([child.meta.revision, child.meta.lastRecordedAt]).toEqual([3, '2026-01-07T00:00:00.000Z']);
    expect(register.streamsOfChild.get(childId)).toEqual([assessment]);
  });

  it('replays the team at any instant from the child\'s stream and its assessments, as the live model had it then', async () => {
    let clock = '';
    const store = getMemoryEventStore({ now: () => new Date(clock) });
    for (const e of story()) {
      clock = e.recordedAt;
      await store.append(e.streamId, [{ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, actor: e.actor, correlationId: e.correlationId, causationId: e.causationId, data: e.data }], 'any');
    }
    const stored = await store.readAll({ after: -1 });
    const replayAt = async (instant: string) => teamOf((await childViewAsOf(store, childId, [assessment], new Date(instant)))!);
    const liveAt = (instant: string) => teamOf(foldEvents(childRegister, recordedBy(stored, new Date(instant))).children.get(childId)!);
    for (const instant of ['2026-01-03T12:00:00.000Z', '2026-01-04T12:00:00.000Z', '2026-02-01T00:00:00.000Z']) expect(await replayAt(instant)).toEqual(liveAt(instant));
    expect((await replayAt('2026-01-03T12:00:00.000Z')).map((m) => m.organisationId)).toEqual(['org-sc', 'org-la']);
    expect((await replayAt('2026-01-04T12:00:00.000Z')).map((m) => m.organisationId)).toEqual(['org-sc', 'org-la', 'org-clinic']);
    expect((await replayAt('2026-02-01T00:00:00.000Z')).map((m) => m.organisationId)).toEqual(['org-sc', 'org-la', 'org-clinic', 'org-school']);
    expect(await childViewAsOf(store, childId, [assessment], new Date('2025-12-31T00:00:00.000Z'))).toBeUndefined();
  });
});

describe('coverage across plans and the partnership', () => {
  it('merges a child across plans and lists the open plans missing each agency', () => {
    const r = recordedEvents();
    const childId = randomUUID();
    const open = (planId: string) =>
      r.record(`family-help-plan-${planId}`, 'FamilyHelpPlanOpened', { planId, childId, planType: 'early_help', leadPractitioner: { userId: 'u', name: 'N', organisationId: 'org-sc', agency: 'social_care' } }, { recordedAt: '2026-01-01T00:00:00.000Z' });
    const contribute = (planId: string, agency: 'education' | 'health' | 'social_care', at: string) =>
      r.record(`family-help-plan-${planId}`, 'AgencyContributionRecorded', { planId, childId, contributionId: randomUUID(), agency, organisationId: `org-${agency}`, support: 's', frequency: 'f', from: '2026-01-01' }, { recordedAt: at });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [
      open(a), contribute(a, 'education', '2026-01-02T00:00:00.000Z'), contribute(a, 'health', '2026-01-03T00:00:00.000Z'), contribute(a, 'social_care', '2026-01-04T00:00:00.000Z'),
      open(b), contribute(b, 'health', '2026-02-01T00:00:00.000Z'),
      open(c),
      r.record(`family-help-plan-${c}`, 'FamilyHelpPlanClosed', { planId: c, childId, closedOn: '2026-01-05', reason: 'needs_met' }, { recordedAt: '2026-01-05T00:00:00.000Z' }),
    ];
    const plans = foldEvents(familyHelpPlans, events);
    expect(planCoverage(plans.get(`family-help-plan-${a}`)!).allThree).toBe(true);
    const merged = childCoverage(plans.values());
    expect(merged.agencies.find((x) => x.agency === 'health')).toEqual({ agency: 'health', contributed: true, contributions: 2, lastContributedAt: '2026-02-01T00:00:00.000Z' });
    const partnership = partnershipCoverage(plans.values());
    expect([partnership.plans, partnership.withAllThree, partnership.share]).toEqual([2, 1, 0.5]);
    expect(partnership.missing.education.map((p) => p.streamId)).toEqual([`family-help-plan-${b}`]);
    expect(partnership.missing.health).toEqual([]);
  });
});
