export { evaluateCompleteness, type CompletenessReport, type CompletenessRule, type RuleResult } from './rule';
export { addDays, dateOf, onOrBefore } from './dates';
export {
  agencyContributionsRule,
  childViewsRule,
  disabilityImpactRule,
  familyHelpPlanRules,
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
  ehcAssessmentRules,
  requiredAdvisers,
  reviewDecisionOnTimeRule,
  reviewMeetingRule,
  type AdviceFacts,
  type AdviserTypeName,
  type EhcAssessmentContext,
  type EhcAssessmentFacts,
} from './ehc-assessment-rules';
export {
  criteriaAndStatementRule,
  decisionMakerAndReasonsRule,
  decisionRecordedRule,
  provisionQuantifiedRule,
  shortBreakRules,
  yearlyReviewRule,
  type ShortBreakContext,
  type ShortBreakFacts,
} from './short-break-rules';
