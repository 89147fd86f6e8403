import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../runner/read-model';
import { actors, recordedEvents } from '../testing/recorded-events';
import { childRegister, teamOf } from './child-register';
import { planCoverage } from './coverage';
import { familyHelpPlans } from './family-help-plan';
import { familyHelpPlanCompleteness } from './plan-completeness';

const childId = randomUUID();
const planId = randomUUID();
const plan = `family-help-plan-${planId}`;
const child = `child-${childId}`;
const ids = { planId, childId };

function scenario() {
  const r = recordedEvents();
  const events = [
    r.record(child, 'ChildRegistered', {
      childId,
      givenName: 'Amira',
      familyName: 'Example',
      dateOfBirth: '2015-04-01',
      primaryNeed: 'ASD',
      registeringOrganisation: { organisationId: 'org-sc', agency: 'social_care' },
    }, { recordedAt: '2026-01-01T09:00:00.000Z' }),
    r.record(child, 'TeamMemberAdded', { childId, organisationId: 'org-health', agency: 'health', reason: 'invited' }, { recordedAt: '2026-01-01T09:05:00.000Z' }),
    r.record(plan, 'FamilyHelpPlanOpened', {
      ...ids,
      planType: 'child_in_need',
      leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
    }, { recordedAt: '2026-01-02T09:00:00.000Z' }),
    r.record(plan, 'DisabilityImpactRecorded', { ...ids, domain: 'communication', impact: 'Uses a few signs.' }, { recordedAt: '2026-01-02T10:00:00.000Z' }),
    r.record(plan, 'ChildViewsRecorded', { ...ids, views: 'Likes swimming.', howGathered: 'communication_aid' }, { recordedAt: '2026-01-02T11:00:00.000Z' }),
    r.record(plan, 'OutcomeSet', {
      ...ids,
      outcomeId: randomUUID(),
      outcome: 'Asks for help with a sign',
      measure: 'Signs a day, from the home diary',
      byWhen: '2026-06-30',
      responsible: { agency: 'social_care', role: 'lead practitioner' },
    }, { recordedAt: '2026-01-03T09:00:00.000Z' }),
    r.record(plan, 'AgencyContributionRecorded', {
      ...ids,
      contributionId: randomUUID(),
      agency: 'social_care',
      organisationId: 'org-sc',
      support: 'Family support worker',
      frequency: 'weekly',
      from: '2026-01-05',
    }, { recordedAt: '2026-01-03T10:00:00.000Z', occurredAt: '2026-01-03T08:00:00.000Z' }),
    r.record(plan, 'AgencyContributionRecorded', {
      ...ids,
      contributionId: randomUUID(),
      agency: 'health',
      organisationId: 'org-health',
      support: 'Speech and language therapy',
      frequency: 'fortnightly',
      from: '2026-01-10',
    }, { actor: actors.health, recordedAt: '2026-01-04T10:00:00.000Z', occurredAt: '2026-01-04T09:00:00.000Z' }),
    r.record(plan, 'PlanReviewed', { ...ids, reviewedOn: '2026-01-20', summary: 'Going well.', nextReviewOn: '2026-04-20' }, { recordedAt: '2026-01-20T15:00:00.000Z' }),
  ];
  return { r, events };
}

describe('Family Help plan read model', () => {
  it('holds every fact of the plan and judges it against the domain rules', () => {
    const { events } = scenario();
    const plans = foldEvents(familyHelpPlans, events);
    const register = foldEvents(childRegister, events);
    const view = plans.get(plan)!;
    expect(view.childId).toBe(childId);
    expect(view.opened?.data.planType).toBe('child_in_need');
    expect(view.contributions.size).toBe(2);
    expect(view.meta.revision).toBe(6);

    const team = teamOf(register.children.get(childId)!);
    expect(team.map((m) => m.organisationId)).toEqual(['org-sc', 'org-health']);
    const report = familyHelpPlanCompleteness(view, new Date('2026-02-01T00:00:00Z'), team.map((m) => m.agency));
    expect(report.rules.filter((r) => !r.satisfied).map((r) => [r.id, r.explanation])).toEqual([
      ['fhp.disability-impact', 'The disability impact does not yet cover family functioning.'],
      ['fhp.family-views', "No parent's or carer's views are recorded."],
    ]);
    expect([report.satisfied, report.applicable]).toEqual([4, 6]);
  });

  it('reports which agencies contributed and when last', () => {
    const { events } = scenario();
    const view = foldEvents(familyHelpPlans, events).get(plan)!;
    expect(planCoverage(view)).toEqual({
      agencies: [
        { agency: 'education', contributed: false, contributions: 0, lastContributedAt: null },
        { agency: 'health', contributed: true, contributions: 1, lastContributedAt: '2026-01-04T09:00:00.000Z' },
        { agency: 'social_care', contributed: true, contributions: 1, lastContributedAt: '2026-01-03T08:00:00.000Z' },
      ],
      allThree: false,
      missing: ['education'],
    });
  });

  it('drops a withdrawn contribution and applies a correction in place of the original', () => {
    const { r, events } = scenario();
    const healthContribution = events[7]!;
    const impact = events[3]!;
    const more = [
      r.record(plan, 'ContributionWithdrawn', {
        childId,
        streamId: plan,
        withdrawnEventId: healthContribution.eventId,
        withdrawnEventType: 'AgencyContributionRecorded',
        reason: 'Recorded against the wrong plan.',
      }, { actor: actors.health, recordedAt: '2026-01-21T09:00:00.000Z' }),
      r.record(plan, 'EventCorrected', {
        childId,
        streamId: plan,
        correctedEventId: impact.eventId,
        correctedEventType: 'DisabilityImpactRecorded',
        reason: 'Domain chosen wrongly.',
        correctedData: { ...(impact.data as object), domain: 'family_functioning' },
      }, { recordedAt: '2026-01-21T10:00:00.000Z' }),
    ];
    const view = foldEvents(familyHelpPlans, [...events, ...more]).get(plan)!;
    expect(planCoverage(view).missing).toEqual(['education', 'health']);
    const corrected = view.disabilityImpacts.get(impact.eventId)!;
    expect(corrected).toMatchObject({ corrected: true, recordedAt: impact.recordedAt, data: { domain: 'family_functioning' } });
    expect(view.meta).toMatchObject({ corrections: 1, withdrawals: 1 });
    const report = familyHelpPlanCompleteness(view, new Date('2026-02-01T00:00:00Z'), ['social_care', 'health']);
    expect(report.rules.find((x) => x.id === 'fhp.disability-impact')!.satisfied).toBe(true);
    expect(report.rules.find((x) => x.id === 'fhp.agency-contributions')!.explanation).toMatch(/from health/);
  });

  it('ignores events of other streams and plan events before the plan was opened', () => {
    const r = recordedEvents();
    const stray = r.record(plan, 'ChildViewsRecorded', { ...ids, views: 'x', howGathered: 'other' }, { recordedAt: '2026-01-01T00:00:00.000Z' });
    expect(foldEvents(familyHelpPlans, [stray]).size).toBe(0);
  });
});
