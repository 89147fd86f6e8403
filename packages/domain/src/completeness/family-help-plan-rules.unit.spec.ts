import { describe, expect, it } from 'vitest';
import {
  agencyContributionsRule,
  childViewsRule,
  disabilityImpactRule,
  familyHelpPlanCompletenessRules,
  familyViewsRule,
  futureReviewRule,
  measurableOutcomeRule,
  type FamilyHelpPlanContext,
  type FamilyHelpPlanFacts,
} from './family-help-plan-rules';
import { evaluateCompleteness } from './rule';

const complete: FamilyHelpPlanFacts = {
  status: 'open',
  disabilityImpactDomains: ['communication', 'family_functioning'],
  childViewsRecorded: 1,
  familyViewsRecorded: 1,
  outcomes: [{ outcome: 'Sleeps through', measure: 'Nights a week slept through, from the sleep diary', byWhen: '2026-06-30' }],
  contributingAgencies: ['social_care', 'health', 'education'],
  nextReviewOn: '2026-03-01',
};
const context: FamilyHelpPlanContext = { asOf: new Date('2026-01-15T10:00:00Z'), teamAgencies: ['social_care', 'health', 'education'] };

describe('Family Help plan completeness rules', () => {
  it('disability impact: needs some domain, and family functioning among them', () => {
    expect(disabilityImpactRule.missing(complete, context)).toBeNull();
    expect(disabilityImpactRule.missing({ ...complete, disabilityImpactDomains: [] }, context)).toMatch(/No disability impact/);
    expect(disabilityImpactRule.missing({ ...complete, disabilityImpactDomains: ['mobility'] }, context)).toMatch(/family functioning/);
  });

  it("child's views: recorded at least once", () => {
    expect(childViewsRule.missing(complete, context)).toBeNull();
    expect(childViewsRule.missing({ ...complete, childViewsRecorded: 0 }, context)).toMatch(/child's own views/);
  });

  it("family's views: recorded at least once", () => {
    expect(familyViewsRule.missing(complete, context)).toBeNull();
    expect(familyViewsRule.missing({ ...complete, familyViewsRecorded: 0 }, context)).toMatch(/carer's views/);
  });

  it('outcome: at least one with a measure and a date', () => {
    expect(measurableOutcomeRule.missing(complete, context)).toBeNull();
    expect(measurableOutcomeRule.missing({ ...complete, outcomes: [] }, context)).toBe('No outcome is set.');
    expect(measurableOutcomeRule.missing({ ...complete, outcomes: [{ outcome: 'x', measure: ' ', byWhen: '2026-01-01' }] }, context)).toMatch(/measured/);
  });

  it("contributions: one from each agency in the child's team, naming the missing ones", () => {
    expect(agencyContributionsRule.missing(complete, context)).toBeNull();
    expect(agencyContributionsRule.missing({ ...complete, contributingAgencies: ['social_care'] }, context)).toBe(
      "No contribution is recorded from education and health, though they are in the child's team.",
    );
    // An agency outside the team is not asked for.
    expect(agencyContributionsRule.missing({ ...complete, contributingAgencies: ['social_care'] }, { ...context, teamAgencies: ['social_care'] })).toBeNull();
    expect(agencyContributionsRule.notApplicable?.(complete, { ...context, teamAgencies: [] })).toMatch(/team is empty/);
  });

  it('review date: set and not before the day judged, and only for an open plan', () => {
    expect(futureReviewRule.missing(complete, context)).toBeNull();
    expect(futureReviewRule.missing(complete, { ...context, asOf: new Date('2026-03-01T23:00:00Z') })).toBeNull();
    expect(futureReviewRule.missing(complete, { ...context, asOf: new Date('2026-03-02T00:00:00Z') })).toMatch(/2026-03-01 has passed/);
    expect(futureReviewRule.missing({ ...complete, nextReviewOn: null }, context)).toBe('No review date is set.');
    expect(futureReviewRule.notApplicable?.({ ...complete, status: 'closed' }, context)).toMatch(/closed/);
  });

  it('scores satisfied over applicable and explains every gap', () => {
    const report = evaluateCompleteness(familyHelpPlanCompletenessRules, { ...complete, childViewsRecorded: 0, status: 'closed' }, context);
    expect(report.applicable).toBe(5);
    expect(report.satisfied).toBe(4);
    expect(report.score).toBeCloseTo(0.8);
    expect(report.rules.find((r) => r.id === 'fhp.child-views')).toMatchObject({ applies: true, satisfied: false });
    expect(report.rules.find((r) => r.id === 'fhp.review-date')).toMatchObject({ applies: false, satisfied: false });
  });
});
