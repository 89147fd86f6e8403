import type { Agency } from '../application/contract';
import type { AdviserType } from '../events/ehc-assessment';
import { dayOf } from './calendar';
import { clockRegulations, needsAssessmentClockStates, type NeedsAssessmentTimelineFacts } from './needs-assessment-clocks';
import type { CompletenessRule } from './rule';


/** One advice request and what became of it. */
export interface AdviceFacts {
  requestId: string;
  adviserType: AdviserType;
  agency: Agency;
  organisationId: string;
  requestedOn: string;
  adviceDueOn: string;
  /** The regulation 8(2) exception recorded for this request, if any. */
  exception: string | null;
  submittedOn: string | null;
  moderation: { meetsQualityCriteria: boolean } | null;
  incorporatedIntoPlanVersion: number | null;
}

export interface EhcAssessmentFacts {
  kind: 'needs_assessment' | 'annual_review';
  status: 'open' | 'closed';
  advice: readonly AdviceFacts[];
  /** Annual reviews: the meeting and its two statutory clocks. */
  reviewMeeting: {
    heldOn: string;
    decisionDueOn: string;
    amendedPlanDueOn: string;
  } | null;
  decision: { decision: 'maintain' | 'amend' | 'cease'; decidedOn: string } | null;
  amendedPlanIssuedOn: string | null;
  /** Needs assessments recorded with their timeline: the request and every statutory step. */
  timeline?: NeedsAssessmentTimelineFacts | null;
  /** The child is in Year 9 or above on the date of the request, so preparation-for-adulthood advice is required (regulation 6(1)(h)). */
  preparationForAdulthoodRequired?: boolean;
}

export interface EhcAssessmentContext {
  asOf: Date;
}

export const adviserNames: Record<AdviserType, string> = {
  parent_young_person: 'the parent or young person',
  education: 'education',
  health: 'health',
  educational_psychologist: 'the educational psychologist',
  social_care: 'social care',
  preparation_for_adulthood: 'preparation for adulthood',
  other: 'other advisers',
};

/**
 * Regulation 6(1) advice a needs assessment must seek; an annual review (regulation 20) seeks the
 * views of the parent or young person, the school, health and social care. Preparation for adulthood
 * (from Year 9) and other advice become required once they are requested.
 */
export const requiredAdvisers: Record<EhcAssessmentFacts['kind'], readonly AdviserType[]> = {
  needs_assessment: ['parent_young_person', 'education', 'health', 'educational_psychologist', 'social_care'],
  annual_review: ['parent_young_person', 'education', 'health', 'social_care'],
};

type Rule = CompletenessRule<EhcAssessmentFacts, EhcAssessmentContext>;

const received = (facts: EhcAssessmentFacts) => facts.advice.filter((a) => a.submittedOn !== null);
const names = (advice: readonly AdviceFacts[]) => [...new Set(advice.map((a) => adviserNames[a.adviserType]))].join(', ');

/** Advice received, or its absence explained by a regulation 8(2) exception, from one adviser type. */
export function adviceReceivedRule(adviserType: AdviserType): Rule {
  return {
    id: `ehc.advice-received.${adviserType}`,
    title: `Advice from ${adviserNames[adviserType]} is received (or a regulation 8(2) exception is recorded)`,
    notApplicable: (facts) =>
      requiredAdvisers[facts.kind].includes(adviserType) ||
      facts.advice.some((a) => a.adviserType === adviserType) ||
      (adviserType === 'preparation_for_adulthood' && facts.preparationForAdulthoodRequired === true)
        ? null
        : adviserType === 'preparation_for_adulthood'
          ? 'the child was below Year 9 on the date of the request, and this advice was not requested'
          : `advice from ${adviserNames[adviserType]} is not required for ${facts.kind === 'annual_review' ? 'an annual review' : 'a needs assessment'} and was not requested`,
    missing: (facts) => {
      const requests = facts.advice.filter((a) => a.adviserType === adviserType);
      if (requests.length === 0) return `Advice from ${adviserNames[adviserType]} has not been requested.`;
      if (requests.some((a) => a.submittedOn !== null || a.exception !== null)) return null;
      const due = requests.map((a) => a.adviceDueOn).sort()[0]!;
      return `Advice from ${adviserNames[adviserType]} has not been received (due ${due}) and no regulation 8(2) exception is recorded.`;
    },
  };
}

export const adviceOnTimeRule: Rule = {
  id: 'ehc.advice-on-time',
  title: 'Advice arrives within six weeks of the request, unless a regulation 8(2) exception applies',
  notApplicable: (facts) => (facts.advice.length === 0 ? 'no advice has been requested' : null),
  missing: (facts, context) => {
    const today = dayOf(context.asOf);
    const late = facts.advice.filter(
      (a) => a.exception === null && (a.submittedOn !== null ? a.submittedOn > a.adviceDueOn : a.adviceDueOn < today),
    );
    return late.length === 0 ? null : `Advice from ${names(late)} was not received within six weeks and no regulation 8(2) exception is recorded.`;
  },
};

export const adviceModeratedRule: Rule = {
  id: 'ehc.advice-moderated',
  title: 'Every piece of advice received is moderated and meets the quality criteria',
  notApplicable: (facts) => (received(facts).length === 0 ? 'no advice has been received' : null),
  missing: (facts) => {
    const advice = received(facts);
    const unmoderated = advice.filter((a) => a.moderation === null);
    const failing = advice.filter((a) => a.moderation !== null && !a.moderation.meetsQualityCriteria);
    const parts: string[] = [];
    if (unmoderated.length > 0) parts.push(`Advice from ${names(unmoderated)} has not been moderated.`);
    if (failing.length > 0) parts.push(`Advice from ${names(failing)} does not meet the quality criteria.`);
    return parts.length === 0 ? null : parts.join(' ');
  },
};

export const adviceIncorporatedRule: Rule = {
  id: 'ehc.advice-incorporated',
  title: 'Every piece of advice received is incorporated into the plan',
  notApplicable: (facts) => (received(facts).length === 0 ? 'no advice has been received' : null),
  missing: (facts) => {
    const pending = received(facts).filter((a) => a.incorporatedIntoPlanVersion === null);
    return pending.length === 0 ? null : `Advice from ${names(pending)} has not been incorporated into a plan version.`;
  },
};

const annualReviewOnly = (facts: EhcAssessmentFacts) => (facts.kind === 'annual_review' ? null : 'this is a needs assessment, not an annual review');

export const reviewMeetingRule: Rule = {
  id: 'ehc.review-meeting',
  title: 'The annual review meeting is held and recorded',
  notApplicable: annualReviewOnly,
  missing: (facts) => (facts.reviewMeeting ? null : 'No annual review meeting is recorded.'),
};

export const reviewDecisionOnTimeRule: Rule = {
  id: 'ehc.review-decision-on-time',
  title: 'The decision to maintain, amend or cease is made within 4 weeks of the meeting',
  notApplicable: (facts) => annualReviewOnly(facts) ?? (facts.reviewMeeting ? null : 'the annual review meeting has not been held'),
  missing: (facts) => {
    const due = facts.reviewMeeting!.decisionDueOn;
    if (!facts.decision) return `No decision is recorded (due ${due}).`;
    return facts.decision.decidedOn <= due ? null : `The decision was made on ${facts.decision.decidedOn}, after it was due on ${due}.`;
  },
};

export const amendedPlanOnTimeRule: Rule = {
  id: 'ehc.amended-plan-on-time',
  title: 'The amended plan is issued within 12 weeks of the meeting',
  notApplicable: (facts) =>
    annualReviewOnly(facts) ?? (facts.reviewMeeting && facts.decision?.decision === 'amend' ? null : 'no decision to amend the plan is recorded'),
  missing: (facts) => {
    const due = facts.reviewMeeting!.amendedPlanDueOn;
    if (facts.amendedPlanIssuedOn === null) return `No amended plan has been issued (due ${due}).`;
    return facts.amendedPlanIssuedOn <= due ? null : `The amended plan was issued on ${facts.amendedPlanIssuedOn}, after it was due on ${due}.`;
  },
};

const timelineOnly = (facts: EhcAssessmentFacts) => (facts.kind === 'needs_assessment' && facts.timeline ? null : 'this is not a needs assessment recorded from its request');

/** One of the authority's own clocks: met, not yet due, or outside it with an exception recorded. */
export function timelineClockRule(clock: keyof typeof clockRegulations): Rule {
  const { regulation, exceptionRegulation, title } = clockRegulations[clock];
  return {
    id: `ehc.timeline.${clock.replaceAll('_', '-')}`,
    title: `${title} (regulation ${regulation}), unless a regulation ${exceptionRegulation} exception applies`,
    notApplicable: (facts, context) => {
      const reason = timelineOnly(facts);
      if (reason) return reason;
      const state = needsAssessmentClockStates(facts.timeline!, dayOf(context.asOf)).find((c) => c.clock === clock)!;
      return state.status === 'not_applicable' ? 'this step does not apply to the way the assessment went' : null;
    },
    missing: (facts, context) => {
      const state = needsAssessmentClockStates(facts.timeline!, dayOf(context.asOf)).find((c) => c.clock === clock)!;
      if (state.lawful) return null;
      return state.status === 'late'
        ? `Done on ${state.doneOn}, after it was due on ${state.dueOn}, and no regulation ${exceptionRegulation} exception is recorded.`
        : `Not done, and it was due on ${state.dueOn}; no regulation ${exceptionRegulation} exception is recorded.`;
    },
  };
}

export const representationsPeriodRule: Rule = {
  id: 'ehc.timeline.representations-period',
  title: "The final plan follows the end of the draft plan's representations period (at least 15 days, regulation 13(1))",
  notApplicable: (facts) => timelineOnly(facts) ?? (facts.timeline!.finalPlan ? null : 'no final plan has been issued'),
  missing: (facts) => {
    const { draft, finalPlan } = facts.timeline!;
    return finalPlan!.representationsPeriodHonoured ? null : `The final plan was issued on ${finalPlan!.issuedOn}, before the representations period ended on ${draft?.representationsEndOn ?? 'its last day'}.`;
  },
};

/** The checklist for an EHC needs assessment or annual review (DESIGN.md section 3). */
export const ehcAssessmentCompletenessRules: readonly Rule[] = [
  adviceReceivedRule('parent_young_person'),
  adviceReceivedRule('education'),
  adviceReceivedRule('health'),
  adviceReceivedRule('educational_psychologist'),
  adviceReceivedRule('social_care'),
  adviceReceivedRule('preparation_for_adulthood'),
  adviceReceivedRule('other'),
  adviceOnTimeRule,
  adviceModeratedRule,
  adviceIncorporatedRule,
  reviewMeetingRule,
  reviewDecisionOnTimeRule,
  amendedPlanOnTimeRule,
  timelineClockRule('decision_to_assess'),
  timelineClockRule('decision_not_to_issue'),
  timelineClockRule('final_plan'),
  representationsPeriodRule,
];
