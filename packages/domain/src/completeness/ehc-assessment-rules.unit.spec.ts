import { describe, expect, it } from 'vitest';
import {
  adviceIncorporatedRule,
  adviceModeratedRule,
  adviceOnTimeRule,
  adviceReceivedRule,
  amendedPlanOnTimeRule,
  ehcAssessmentCompletenessRules,
  reviewDecisionOnTimeRule,
  reviewMeetingRule,
  representationsPeriodRule,
  timelineClockRule,
  type AdviceFacts,
  type EhcAssessmentFacts,
} from './ehc-assessment-rules';
import { evaluateCompleteness } from './rule';

const advice = (over: Partial<AdviceFacts>): AdviceFacts => ({
  requestId: 'r',
  adviserType: 'health',
  agency: 'health',
  organisationId: 'org-h',
  requestedOn: '2026-01-01',
  adviceDueOn: '2026-02-12',
  exception: null,
  submittedOn: '2026-02-01',
  moderation: { meetsQualityCriteria: true },
  incorporatedIntoPlanVersion: 1,
  ...over,
});
const needs: EhcAssessmentFacts = {
  kind: 'needs_assessment',
  status: 'open',
  advice: (['parent_young_person', 'education', 'health', 'educational_psychologist', 'social_care'] as const).map((t) => advice({ adviserType: t, requestId: t })),
  reviewMeeting: null,
  decision: null,
  amendedPlanIssuedOn: null,
};
const context = { asOf: new Date('2026-03-01T00:00:00Z') };

describe('EHC assessment completeness rules', () => {
  it('advice received: requested and received, or explained by a reg 8(2) exception', () => {
    const rule = adviceReceivedRule('social_care');
    expect(rule.missing(needs, context)).toBeNull();
    const without = { ...needs, advice: needs.advice.filter((a) => a.adviserType !== 'social_care') };
    expect(rule.missing(without, context)).toBe('Advice from social care has not been requested.');
    const pending = { ...needs, advice: [...without.advice, advice({ adviserType: 'social_care', submittedOn: null })] };
    expect(rule.missing(pending, context)).toMatch(/not been received \(due 2026-02-12\)/);
    const excepted = { ...needs, advice: [...without.advice, advice({ adviserType: 'social_care', submittedOn: null, exception: 'absent_from_area' })] };
    expect(rule.missing(excepted, context)).toBeNull();
  });

  it('advice received: required advisers depend on the kind; optional ones apply once requested', () => {
    expect(adviceReceivedRule('educational_psychologist').notApplicable?.({ ...needs, kind: 'annual_review', advice: [] }, context)).toMatch(/not required/);
    expect(adviceReceivedRule('educational_psychologist').notApplicable?.(needs, context)).toBeNull();
    expect(adviceReceivedRule('preparation_for_adulthood').notApplicable?.(needs, context)).toMatch(/below Year 9/);
    const withPfa = { ...needs, advice: [...needs.advice, advice({ adviserType: 'preparation_for_adulthood', submittedOn: null })] };
    expect(adviceReceivedRule('preparation_for_adulthood').notApplicable?.(withPfa, context)).toBeNull();
  });

  it('advice on time: late or overdue advice without an exception is named', () => {
    expect(adviceOnTimeRule.missing(needs, context)).toBeNull();
    const late = { ...needs, advice: [advice({ submittedOn: '2026-02-13' })] };
    expect(adviceOnTimeRule.missing(late, context)).toMatch(/from health was not received within six weeks/);
    const overdue = { ...needs, advice: [advice({ submittedOn: null })] };
    expect(adviceOnTimeRule.missing(overdue, context)).toMatch(/health/);
    expect(adviceOnTimeRule.missing(overdue, { asOf: new Date('2026-02-12T12:00:00Z') })).toBeNull();
    expect(adviceOnTimeRule.missing({ ...needs, advice: [advice({ submittedOn: '2026-03-01', exception: 'missed_appointment' })] }, context)).toBeNull();
    expect(adviceOnTimeRule.notApplicable?.({ ...needs, advice: [] }, context)).toMatch(/no advice/);
  });

  it('advice moderated: every received piece moderated and meeting the criteria', () => {
    expect(adviceModeratedRule.missing(needs, context)).toBeNull();
    expect(adviceModeratedRule.missing({ ...needs, advice: [advice({ moderation: null })] }, context)).toBe('Advice from health has not been moderated.');
    expect(adviceModeratedRule.missing({ ...needs, advice: [advice({ moderation: { meetsQualityCriteria: false } })] }, context)).toMatch(/quality criteria/);
    expect(adviceModeratedRule.notApplicable?.({ ...needs, advice: [advice({ submittedOn: null })] }, context)).toMatch(/no advice has been received/);
  });

  it('advice incorporated: every received piece in a plan version', () => {
    expect(adviceIncorporatedRule.missing(needs, context)).toBeNull();
    expect(adviceIncorporatedRule.missing({ ...needs, advice: [advice({ incorporatedIntoPlanVersion: null, adviserType: 'social_care' })] }, context)).toBe(
      'Advice from social care has not been incorporated into a plan version.',
    );
  });

  const review: EhcAssessmentFacts = {
    ...needs,
    kind: 'annual_review',
    reviewMeeting: { heldOn: '2026-01-10', decisionDueOn: '2026-02-07', amendedPlanDueOn: '2026-04-04' },
    decision: { decision: 'amend', decidedOn: '2026-02-01' },
    amendedPlanIssuedOn: '2026-03-20',
  };

  it('review meeting: only for annual reviews', () => {
    expect(reviewMeetingRule.notApplicable?.(needs, context)).toMatch(/needs assessment/);
    expect(reviewMeetingRule.missing(review, context)).toBeNull();
    expect(reviewMeetingRule.missing({ ...review, reviewMeeting: null }, context)).toMatch(/No annual review meeting/);
  });

  it('review decision: within 4 weeks of the meeting', () => {
    expect(reviewDecisionOnTimeRule.missing(review, context)).toBeNull();
    expect(reviewDecisionOnTimeRule.missing({ ...review, decision: { decision: 'amend', decidedOn: '2026-02-08' } }, context)).toMatch(/after it was due on 2026-02-07/);
    expect(reviewDecisionOnTimeRule.missing({ ...review, decision: null }, context)).toBe('No decision is recorded (due 2026-02-07).');
    expect(reviewDecisionOnTimeRule.notApplicable?.({ ...review, reviewMeeting: null }, context)).toMatch(/not been held/);
  });

  it('amended plan: within 12 weeks, only after a decision to amend', () => {
    expect(amendedPlanOnTimeRule.missing(review, context)).toBeNull();
    expect(amendedPlanOnTimeRule.missing({ ...review, amendedPlanIssuedOn: '2026-04-05' }, context)).toMatch(/after it was due on 2026-04-04/);
    expect(amendedPlanOnTimeRule.missing({ ...review, amendedPlanIssuedOn: null }, context)).toMatch(/No amended plan/);
    expect(amendedPlanOnTimeRule.notApplicable?.({ ...review, decision: { decision: 'maintain', decidedOn: '2026-02-01' } }, context)).toMatch(/no decision to amend/);
  });

  it('a needs assessment with all five advisers complete scores 1 over the rules that apply', () => {
    const report = evaluateCompleteness(ehcAssessmentCompletenessRules, needs, context);
    expect(report.applicable).toBe(8);
    expect(report.satisfied).toBe(8);
    expect(report.score).toBe(1);
  });
});

describe('needs assessment rules: preparation for adulthood and the statutory clocks', () => {
  it('requires preparation-for-adulthood advice when the child was in Year 9 or above on the date of the request', () => {
    const rule = adviceReceivedRule('preparation_for_adulthood');
    expect(rule.notApplicable?.({ ...needs, preparationForAdulthoodRequired: true }, context)).toBeNull();
    expect(rule.missing({ ...needs, preparationForAdulthoodRequired: true }, context)).toMatch(/not been requested/);
  });

  const timeline = {
    requestedOn: '2025-09-01',
    decisionToAssessDueOn: '2025-10-13',
    decisionNotToIssueDueOn: '2025-12-22',
    finalPlanDueOn: '2026-01-19',
    assessDecision: { decision: 'assess' as const, decidedOn: '2025-10-20' },
    notToIssueDecidedOn: null,
    draft: { issuedOn: '2026-01-05', representationsEndOn: '2026-01-19' },
    finalPlan: { issuedOn: '2026-01-16', representationsPeriodHonoured: false },
    exceptions: {},
  };
  const withTimeline: EhcAssessmentFacts = { ...needs, timeline };

  it('a late decision to assess is missing until a regulation 5(4) exception is recorded against that clock', () => {
    const rule = timelineClockRule('decision_to_assess');
    expect(rule.missing(withTimeline, context)).toMatch(/2025-10-20, after it was due on 2025-10-13.*5\(4\)/);
    const excepted = { ...withTimeline, timeline: { ...timeline, exceptions: { decision_to_assess: { exception: 'absent_from_area' as const, appliedOn: '2025-09-10', reason: 'r' } } } };
    expect(rule.missing(excepted, context)).toBeNull();
  });

  it('the final plan within 20 weeks is met; the 16-week clock stops applying once a draft is issued', () => {
    expect(timelineClockRule('final_plan').missing(withTimeline, context)).toBeNull();
    expect(timelineClockRule('decision_not_to_issue').notApplicable?.(withTimeline, context)).toMatch(/does not apply/);
  });

  it('a final plan issued inside the representations period does not honour it', () => {
    expect(representationsPeriodRule.missing(withTimeline, context)).toMatch(/before the representations period ended on 2026-01-19/);
    expect(representationsPeriodRule.missing({ ...withTimeline, timeline: { ...timeline, finalPlan: { issuedOn: '2026-01-20', representationsPeriodHonoured: true } } }, context)).toBeNull();
  });

  it('annual reviews have no needs assessment clocks', () => {
    expect(timelineClockRule('final_plan').notApplicable?.({ ...needs, kind: 'annual_review' }, context)).toMatch(/not a needs assessment/);
  });
});
