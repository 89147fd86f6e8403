export { evaluateCompleteness, type CompletenessReport, type CompletenessRule, type RuleResult } from './rule';
export {
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
export {
  adviceIncorporatedRule,
  adviceModeratedRule,
  adviceOnTimeRule,
  adviceReceivedRule,
  adviserNames,
  amendedPlanOnTimeRule,
  ehcAssessmentCompletenessRules,
  requiredAdvisers,
  reviewDecisionOnTimeRule,
  reviewMeetingRule,
  representationsPeriodRule,
  timelineClockRule,
  type AdviceFacts,
  type EhcAssessmentContext,
  type EhcAssessmentFacts,
} from './ehc-assessment-rules';
export {
  criteriaAndStatementRule,
  decisionMakerAndReasonsRule,
  decisionRecordedRule,
  provisionQuantifiedRule,
  shortBreakCompletenessRules,
  yearlyReviewRule,
  type ShortBreakContext,
  type ShortBreakFacts,
} from './short-break-rules';
export {
  clockRegulations,
  clockStatus,
  needsAssessmentClockStates,
  type ClockState,
  type ClockStatus,
  type NeedsAssessmentTimelineFacts,
} from './needs-assessment-clocks';
