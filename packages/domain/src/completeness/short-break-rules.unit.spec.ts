import { describe, expect, it } from 'vitest';
import { evaluateCompleteness } from './rule';
import {
  criteriaAndStatementRule,
  decisionMakerAndReasonsRule,
  decisionRecordedRule,
  provisionQuantifiedRule,
  shortBreakCompletenessRules,
  yearlyReviewRule,
  type ShortBreakFacts,
} from './short-break-rules';

const decided: ShortBreakFacts = {
  route: 'local_offer',
  requestedOn: '2026-01-05',
  decision: {
    outcome: 'approved',
    granted: [{ type: 'overnight', amount: 24, unit: 'nights_per_year' }],
    eligibilityCriteriaVersion: 'criteria-2025',
    shortBreaksStatementVersion: '2025-v2',
    decisionMaker: { userId: 'u-tm', role: 'team_manager' },
    decidedOn: '2026-01-20',
    reasons: 'Meets the criteria for overnight breaks.',
  },
  lastReviewedOn: null,
  endedOn: null,
};
const context = { asOf: new Date('2026-06-01T00:00:00Z') };

describe('short break completeness rules', () => {
  it('decision recorded', () => {
    expect(decisionRecordedRule.missing(decided, context)).toBeNull();
    expect(decisionRecordedRule.missing({ ...decided, decision: null }, context)).toBe('No decision is recorded on the request made on 2026-01-05.');
  });

  it('criteria and statement version named', () => {
    expect(criteriaAndStatementRule.missing(decided, context)).toBeNull();
    expect(criteriaAndStatementRule.missing({ ...decided, decision: { ...decided.decision!, shortBreaksStatementVersion: ' ' } }, context)).toMatch(/statement version/);
    expect(criteriaAndStatementRule.notApplicable?.({ ...decided, decision: null }, context)).toMatch(/no decision/);
  });

  it('decision maker and reasons', () => {
    expect(decisionMakerAndReasonsRule.missing(decided, context)).toBeNull();
    expect(decisionMakerAndReasonsRule.missing({ ...decided, decision: { ...decided.decision!, reasons: '' } }, context)).toMatch(/the reasons/);
  });

  it('provision quantified when something is granted', () => {
    expect(provisionQuantifiedRule.missing(decided, context)).toBeNull();
    expect(provisionQuantifiedRule.missing({ ...decided, decision: { ...decided.decision!, granted: [] } }, context)).toMatch(/does not say what or how much/);
    expect(provisionQuantifiedRule.notApplicable?.({ ...decided, decision: { ...decided.decision!, outcome: 'declined', granted: [] } }, context)).toMatch(/declined/);
  });

  it('yearly review of a granted break that has not ended', () => {
    expect(yearlyReviewRule.missing(decided, context)).toBeNull();
    expect(yearlyReviewRule.missing(decided, { asOf: new Date('2027-01-21T00:00:00Z') })).toBe('No review since 2026-01-20; one was due by 2027-01-20.');
    expect(yearlyReviewRule.missing({ ...decided, lastReviewedOn: '2026-12-01' }, { asOf: new Date('2027-01-21T00:00:00Z') })).toBeNull();
    expect(yearlyReviewRule.notApplicable?.({ ...decided, endedOn: '2026-05-01' }, context)).toMatch(/ended/);
  });

  it('an undecided request scores 0 of 1', () => {
    const report = evaluateCompleteness(shortBreakCompletenessRules, { ...decided, decision: null }, context);
    expect([report.satisfied, report.applicable]).toEqual([0, 1]);
  });
});
