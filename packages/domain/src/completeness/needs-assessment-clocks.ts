import type { TimelineClock, TimelineException } from '../events/ehc-assessment';

/** What a needs assessment's record says about its statutory steps. */
export interface NeedsAssessmentTimelineFacts {
  requestedOn: string;
  decisionToAssessDueOn: string;
  decisionNotToIssueDueOn: string;
  finalPlanDueOn: string;
  assessDecision: { decision: 'assess' | 'not_assess'; decidedOn: string } | null;
  notToIssueDecidedOn: string | null;
  draft: { issuedOn: string; representationsEndOn: string } | null;
  finalPlan: { issuedOn: string; representationsPeriodHonoured: boolean } | null;
  exceptions: Partial<Record<TimelineClock, { exception: TimelineException; appliedOn: string; reason: string }>>;
}

export type ClockStatus = 'met' | 'late' | 'pending' | 'overdue' | 'not_applicable';

export interface ClockState {
  clock: TimelineClock;
  /** The regulation that sets the time limit, and the one whose exceptions stop it. */
  regulation: string;
  exceptionRegulation: string;
  weeks: number;
  dueOn: string;
  doneOn: string | null;
  status: ClockStatus;
  exception: { exception: TimelineException; appliedOn: string; reason: string } | null;
  /** Within the time limit, or outside it with an exception recorded, or not (yet) applicable. */
  lawful: boolean;
}

export const clockRegulations: Record<TimelineClock, { regulation: string; exceptionRegulation: string; weeks: number; title: string }> = {
  decision_to_assess: { regulation: '5(1)', exceptionRegulation: '5(4)', weeks: 6, title: 'Decision whether to assess, within 6 weeks of the request' },
  decision_not_to_issue: { regulation: '10(1)', exceptionRegulation: '10(4)', weeks: 16, title: 'Decision not to issue a plan, within 16 weeks of the request' },
  final_plan: { regulation: '13(2)', exceptionRegulation: '13(3)', weeks: 20, title: 'Final EHC plan, within 20 weeks of the request' },
};

/** Where a clock stands on `today`: done in time or late, or not done and still due (the due day included) or overdue. */
export function clockStatus(dueOn: string, doneOn: string | null, applies: boolean, today: string): ClockStatus {
  if (!applies) return 'not_applicable';
  if (doneOn !== null) return doneOn <= dueOn ? 'met' : 'late';
  return today <= dueOn ? 'pending' : 'overdue';
}

function stateOf(facts: NeedsAssessmentTimelineFacts, clock: TimelineClock, dueOn: string, doneOn: string | null, applies: boolean, today: string): ClockState {
  const exception = facts.exceptions[clock] ?? null;
  const status = clockStatus(dueOn, doneOn, applies, today);
  const { regulation, exceptionRegulation, weeks } = clockRegulations[clock];
  return { clock, regulation, exceptionRegulation, weeks, dueOn, doneOn, status, exception, lawful: status === 'met' || status === 'pending' || status === 'not_applicable' || exception !== null };
}

/**
 * The three clocks of a needs assessment as they stand on `today` (a calendar date in England):
 * the decision whether to assess (reg 5(1)); a decision not to issue, which stops applying once a
 * draft plan is issued or the authority refused to assess (reg 10(1)); the final plan, which stops
 * applying once the authority refused to assess or decided not to issue (reg 13(2)).
 */
export function needsAssessmentClockStates(facts: NeedsAssessmentTimelineFacts, today: string): ClockState[] {
  const refused = facts.assessDecision?.decision === 'not_assess';
  const notToIssue = facts.notToIssueDecidedOn !== null;
  return [
    stateOf(facts, 'decision_to_assess', facts.decisionToAssessDueOn, facts.assessDecision?.decidedOn ?? null, true, today),
    stateOf(facts, 'decision_not_to_issue', facts.decisionNotToIssueDueOn, facts.notToIssueDecidedOn, !refused && (notToIssue || facts.draft === null), today),
    stateOf(facts, 'final_plan', facts.finalPlanDueOn, facts.finalPlan?.issuedOn ?? null, !refused && !notToIssue, today),
  ];
}
