import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../runner/read-model';
import { recordedEvents } from '../testing/recorded-events';
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
