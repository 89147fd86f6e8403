import { ehcPlanSectionDefinitions, londonDateOf, needsAssessmentClockStates, type Agency } from '@planledger/domain';
import {
  needsAssessmentTimeline,
  ehcAssessmentCompleteness,
  familyHelpPlanCompleteness,
  currentCaseOfficer,
  currentLeadPractitioner,
  latestReview,
  planCoverage,
  shortBreakCompleteness,
  teamOf,
  type ChildView,
  type EhcAssessmentView,
  type Entry,
  type FamilyHelpPlanView,
  type ShortBreakView,
} from '@planledger/projections';

/**
 * Views as the schema shapes them. Completeness and coverage are functions so they are only computed
 * when a query selects them (graphql's default resolver calls a function-valued field).
 */

export const recorded = (entry: Entry<unknown>) => ({
  eventId: entry.eventId,
  occurredAt: entry.occurredAt,
  recordedAt: entry.recordedAt,
  corrected: entry.corrected,
  by: entry.actor,
});

const withRecorded = <D extends object>(entry: Entry<D>) => ({ ...entry.data, recorded: recorded(entry) });
const byOccurrence = <D>(entries: Iterable<Entry<D>>) => [...entries].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.recordedAt < b.recordedAt ? -1 : 1));

export interface Judgement {
  /** The instant completeness is judged at: the asOf of a replay, or now. */
  at: Date;
  /** Whether this is a replay (its instant is shown) or the live record. */
  replay: boolean;
  /** The replay's recorded-time instant (asOf) and world-time instant (happenedBy), when given. */
  asOf?: Date | null;
  happenedBy?: Date | null;
  /** The agencies of the child's team at that instant. */
  teamAgencies: readonly Agency[];
  /** The child's date of birth, for rules that depend on the year group. */
  dateOfBirth?: string | null;
}

function presentTimeline(view: EhcAssessmentView, at: Date) {
  const facts = needsAssessmentTimeline(view);
  if (!facts) return null;
  const exceptionEntries = [...view.timelineExceptions.values()];
  const exceptionOf = (clock: string) => {
    const e = exceptionEntries.find((x) => x.data.clock === clock);
    return e ? withRecorded(e) : null;
  };
  return {
    requestedOn: facts.requestedOn,
    requestedBy: view.started?.data.requestedBy ?? null,
    decision: view.assessmentDecision ? withRecorded(view.assessmentDecision) : null,
    decisionNotToIssue: view.notToIssue ? withRecorded(view.notToIssue) : null,
    draftPlan: view.draftPlan ? withRecorded(view.draftPlan) : null,
    representations: byOccurrence(view.representations.values()).map(withRecorded),
    finalPlan: view.finalPlan ? withRecorded(view.finalPlan) : null,
    clocks: needsAssessmentClockStates(facts, londonDateOf(at)).map((c) => ({ ...c, exception: c.exception ? exceptionOf(c.clock) : null })),
    exceptions: byOccurrence(exceptionEntries).map(withRecorded),
  };
}

/** Sections A to K: the final plan's text, else the draft's, else the advice that fills the section. */
function presentPlanSections(view: EhcAssessmentView) {
  const fromPlan = { ...(view.draftPlan?.data.sections ?? {}), ...(view.finalPlan?.data.sections ?? {}) } as Record<string, string | undefined>;
  const received = [...view.advice.values()].filter((t) => t.submitted).sort((a, b) => (a.submitted!.occurredAt < b.submitted!.occurredAt ? -1 : 1));
  return ehcPlanSectionDefinitions.map(({ section, regulation, title }) => {
    const filling = section === 'K' ? received : received.filter((t) => (t.submitted!.data.sections as Record<string, string | undefined>)[section] !== undefined);
    const fromAdvice = section === 'K' ? undefined : filling.map((t) => (t.submitted!.data.sections as Record<string, string>)[section]).at(-1);
    return { section, regulation, title, text: fromPlan[section] ?? fromAdvice ?? null, adviceRequestIds: filling.map((t) => t.requestId) };
  });
}

export function presentFamilyHelpPlan(view: FamilyHelpPlanView, judgement: Judgement) {
  const opened = view.opened;
  return {
    id: view.planId,
    streamId: view.meta.streamId,
    childId: view.childId,
    asOf: judgement.asOf ?? null,
    happenedBy: judgement.happenedBy ?? null,
    revision: view.meta.revision,
    planType: opened?.data.planType ?? null,
    status: view.closed ? 'closed' : 'open',
    leadPractitioner: currentLeadPractitioner(view),
    opened: opened ? recorded(opened) : null,
    closedOn: view.closed?.data.closedOn ?? null,
    closureReason: view.closed?.data.reason ?? null,
    disabilityImpacts: byOccurrence(view.disabilityImpacts.values()).map(withRecorded),
    childViews: byOccurrence(view.childViews.values()).map(withRecorded),
    familyViews: byOccurrence(view.familyViews.values()).map(withRecorded),
    needs: byOccurrence(view.needs.values()).map(withRecorded),
    outcomes: byOccurrence(view.outcomes.values()).map(withRecorded),
    contributions: byOccurrence(view.contributions.values()).map(withRecorded),
    reviews: byOccurrence(view.reviews.values()).map(withRecorded),
    nextReviewOn: latestReview(view)?.data.nextReviewOn ?? opened?.data.firstReviewOn ?? null,
    completeness: () => familyHelpPlanCompleteness(view, judgement.at, judgement.teamAgencies),
    coverage: () => planCoverage(view),
  };
}

export function presentEhcAssessment(view: EhcAssessmentView, judgement: Judgement) {
  const started = view.started?.data;
  return {
    id: view.assessmentId,
    streamId: view.meta.streamId,
    childId: view.childId,
    asOf: judgement.asOf ?? null,
    happenedBy: judgement.happenedBy ?? null,
    revision: view.meta.revision,
    kind: started?.kind ?? null,
    status: view.closed ? 'closed' : 'open',
    startedOn: started?.startedOn ?? null,
    planVersion: view.finalPlan?.data.planVersion ?? started?.planVersion ?? null,
    timeline: () => presentTimeline(view, judgement.at),
    planSections: () => presentPlanSections(view),
    caseOfficer: currentCaseOfficer(view),
    advice: [...view.advice.values()]
      .filter((t) => t.requested)
      .map((t) => {
        const req = t.requested!.data;
        const submitted = t.submitted?.data;
        return {
          requestId: t.requestId,
          adviserType: req.adviserType,
          agency: req.adviserAgency,
          organisationId: req.adviserOrganisationId,
          requestedOn: req.requestedOn,
          adviceDueOn: req.adviceDueOn,
          exception: t.exception ? withRecorded(t.exception) : null,
          submittedOn: submitted?.submittedOn ?? null,
          onTime: submitted ? submitted.submittedOn <= req.adviceDueOn : null,
          sections: submitted ? Object.entries(submitted.sections).map(([section, text]) => ({ section, text })) : [],
          moderation: t.moderated ? withRecorded(t.moderated) : null,
          incorporatedIntoPlanVersion: t.incorporated?.data.planVersion ?? null,
        };
      })
      .sort((a, b) => (a.requestedOn < b.requestedOn ? -1 : a.requestedOn > b.requestedOn ? 1 : a.adviserType.localeCompare(b.adviserType))),
    reviewMeeting: view.meeting ? withRecorded(view.meeting) : null,
    decision: view.decision ? withRecorded(view.decision) : null,
    amendedPlan: view.amendedPlan ? withRecorded(view.amendedPlan) : null,
    closedOn: view.closed?.data.closedOn ?? null,
    closureReason: view.closed?.data.reason ?? null,
    completeness: () => ehcAssessmentCompleteness(view, judgement.at, judgement.dateOfBirth ?? null),
    coverage: () => planCoverage(view),
  };
}

export function presentShortBreak(view: ShortBreakView, judgement: Judgement) {
  const challenges = [
    ...[...view.appeals.values()].map((e) => ({ kind: 'appeal', ...withRecorded(e) })),
    ...[...view.complaints.values()].map((e) => ({ kind: 'complaint', ...withRecorded(e) })),
  ].sort((a, b) => (a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : 0));
  return {
    id: view.shortBreakId,
    streamId: view.meta.streamId,
    childId: view.childId,
    asOf: judgement.asOf ?? null,
    happenedBy: judgement.happenedBy ?? null,
    revision: view.meta.revision,
    route: view.requested?.data.route ?? null,
    requestedOn: view.requested?.data.requestedOn ?? null,
    status: view.ended ? 'ended' : view.decision ? 'decided' : 'requested',
    decision: view.decision ? withRecorded(view.decision) : null,
    reviews: byOccurrence(view.reviews.values()).map(withRecorded),
    challenges,
    endedOn: view.ended?.data.endedOn ?? null,
    endReason: view.ended?.data.reason ?? null,
    completeness: () => shortBreakCompleteness(view, judgement.at),
    coverage: () => planCoverage(view),
  };
}

export function presentChildDetails(child: ChildView) {
  const r = child.registered;
  return {
    id: child.childId,
    streamId: child.meta.streamId,
    givenName: r?.data.givenName ?? null,
    familyName: r?.data.familyName ?? null,
    dateOfBirth: r?.data.dateOfBirth ?? null,
    nhsNumber: r?.data.nhsNumber ?? null,
    upn: r?.data.upn ?? null,
    primaryNeed: r?.data.primaryNeed ?? null,
    registered: r ? recorded(r) : null,
    team: teamOf(child),
  };
}
