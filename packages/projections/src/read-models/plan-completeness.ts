import {
  ehcAssessmentCompletenessRules,
  evaluateCompleteness,
  familyHelpPlanCompletenessRules,
  needsAssessmentClocks,
  preparationForAdulthoodApplies,
  shortBreakCompletenessRules,
  type NeedsAssessmentTimelineFacts,
  type Agency,
  type AdviceFacts,
  type CompletenessReport,
  type EhcAssessmentFacts,
  type FamilyHelpPlanFacts,
  type ShortBreakFacts,
} from '@planledger/domain';
import type { EhcAssessmentView } from './ehc-assessment';
import { latestReview, type FamilyHelpPlanView } from './family-help-plan';
import type { ShortBreakView } from './short-break';

/** The facts the domain's completeness rules judge, read off the views. */

export function familyHelpPlanFacts(view: FamilyHelpPlanView): FamilyHelpPlanFacts {
  const domains = new Set<string>();
  for (const impact of view.disabilityImpacts.values()) domains.add(impact.data.domain);
  const agencies = new Set<Agency>();
  for (const c of view.contributions.values()) agencies.add(c.data.agency);
  return {
    status: view.closed ? 'closed' : 'open',
    disabilityImpactDomains: [...domains],
    childViewsRecorded: view.childViews.size,
    familyViewsRecorded: view.familyViews.size,
    outcomes: [...view.outcomes.values()].map((o) => ({ outcome: o.data.outcome, measure: o.data.measure, byWhen: o.data.byWhen })),
    contributingAgencies: [...agencies],
    nextReviewOn: latestReview(view)?.data.nextReviewOn ?? view.opened?.data.firstReviewOn ?? null,
  };
}

export function adviceFacts(view: EhcAssessmentView): AdviceFacts[] {
  const out: AdviceFacts[] = [];
  for (const thread of view.advice.values()) {
    const requested = thread.requested?.data;
    if (!requested) continue;
    out.push({
      requestId: thread.requestId,
      adviserType: requested.adviserType,
      agency: requested.adviserAgency,
      organisationId: requested.adviserOrganisationId,
      requestedOn: requested.requestedOn,
      adviceDueOn: requested.adviceDueOn,
      exception: thread.exception?.data.exception ?? null,
      submittedOn: thread.submitted?.data.submittedOn ?? null,
      moderation: thread.moderated ? { meetsQualityCriteria: thread.moderated.data.meetsQualityCriteria } : null,
      incorporatedIntoPlanVersion: thread.incorporated?.data.planVersion ?? null,
    });
  }
  return out;
}

/** A needs assessment's timeline facts, or null for annual reviews and needs assessments started without their due dates. */
export function needsAssessmentTimeline(view: EhcAssessmentView): NeedsAssessmentTimelineFacts | null {
  const started = view.started?.data;
  if (!started || started.kind !== 'needs_assessment') return null;
  const clocks = needsAssessmentClocks(started.startedOn);
  const exceptions: NeedsAssessmentTimelineFacts['exceptions'] = {};
  for (const e of view.timelineExceptions.values()) exceptions[e.data.clock] = { exception: e.data.exception, appliedOn: e.data.appliedOn, reason: e.data.reason };
  const decision = view.assessmentDecision?.data;
  const draft = view.draftPlan?.data;
  const final = view.finalPlan?.data;
  return {
    requestedOn: started.startedOn,
    decisionToAssessDueOn: started.decisionToAssessDueOn ?? clocks.decisionToAssessDueOn,
    decisionNotToIssueDueOn: started.decisionNotToIssueDueOn ?? clocks.decisionNotToIssueDueOn,
    finalPlanDueOn: started.finalPlanDueOn ?? clocks.finalPlanDueOn,
    assessDecision: decision ? { decision: decision.decision, decidedOn: decision.decidedOn } : null,
    notToIssueDecidedOn: view.notToIssue?.data.decidedOn ?? null,
    draft: draft ? { issuedOn: draft.issuedOn, representationsEndOn: draft.representationsEndOn } : null,
    finalPlan: final ? { issuedOn: final.issuedOn, representationsPeriodHonoured: final.representationsPeriodHonoured } : null,
    exceptions,
  };
}

export function ehcAssessmentFacts(view: EhcAssessmentView, dateOfBirth: string | null = null): EhcAssessmentFacts {
  const meeting = view.meeting?.data;
  const startedOn = view.started?.data.startedOn ?? null;
  return {
    timeline: needsAssessmentTimeline(view),
    preparationForAdulthoodRequired: startedOn !== null && preparationForAdulthoodApplies(dateOfBirth, startedOn),
    kind: view.started?.data.kind ?? 'needs_assessment',
    status: view.closed ? 'closed' : 'open',
    advice: adviceFacts(view),
    reviewMeeting: meeting ? { heldOn: meeting.heldOn, decisionDueOn: meeting.decisionDueOn, amendedPlanDueOn: meeting.amendedPlanDueOn } : null,
    decision: view.decision ? { decision: view.decision.data.decision, decidedOn: view.decision.data.decidedOn } : null,
    amendedPlanIssuedOn: view.amendedPlan?.data.issuedOn ?? null,
  };
}

export function shortBreakFacts(view: ShortBreakView): ShortBreakFacts {
  const d = view.decision?.data;
  let lastReviewedOn: string | null = null;
  for (const r of view.reviews.values()) if (lastReviewedOn === null || r.data.reviewedOn > lastReviewedOn) lastReviewedOn = r.data.reviewedOn;
  return {
    route: view.requested?.data.route ?? d?.route ?? 'local_offer',
    requestedOn: view.requested?.data.requestedOn ?? view.meta.firstRecordedAt.slice(0, 10),
    decision: d
      ? {
          outcome: d.outcome,
          granted: d.granted,
          eligibilityCriteriaVersion: d.eligibilityCriteriaVersion,
          shortBreaksStatementVersion: d.shortBreaksStatementVersion,
          decisionMaker: d.decisionMaker,
          decidedOn: d.decidedOn,
          reasons: d.reasons,
        }
      : null,
    lastReviewedOn,
    endedOn: view.ended?.data.endedOn ?? null,
  };
}

export const familyHelpPlanCompleteness = (view: FamilyHelpPlanView, asOf: Date, teamAgencies: readonly Agency[]): CompletenessReport =>
  evaluateCompleteness(familyHelpPlanCompletenessRules, familyHelpPlanFacts(view), { asOf, teamAgencies });

export const ehcAssessmentCompleteness = (view: EhcAssessmentView, asOf: Date, dateOfBirth: string | null = null): CompletenessReport =>
  evaluateCompleteness(ehcAssessmentCompletenessRules, ehcAssessmentFacts(view, dateOfBirth), { asOf });

export const shortBreakCompleteness = (view: ShortBreakView, asOf: Date): CompletenessReport =>
  evaluateCompleteness(shortBreakCompletenessRules, shortBreakFacts(view), { asOf });
