import type { Agency } from '../application/contract';
import type { DomainEvent } from '../events/all';
import type {
  AdviceException,
  AdviceSection,
  AdviceSubmittedData,
  AdviserType,
  AssessmentRequester,
  CaseOfficerAssignedData,
  DraftPlanIssuedData,
  EhcAssessmentClosedData,
  TimelineClock,
  TimelineException,
} from '../events/ehc-assessment';
import type { ChildState } from './child';
import { addDays, addWeeks, dateOf, yearGroupOn } from '../validation/dates';
import type { DecisionContext, RecordedEvent } from './decision';
import { forbid, refuse } from './decision';

/** Regulation 8: advice is due six weeks after it is requested. */
export const ADVICE_DUE_WEEKS = 6;
/** Annual review: the decision is due within 4 weeks of the meeting, a final amended plan within 12. */
export const REVIEW_DECISION_DUE_WEEKS = 4;
export const AMENDED_PLAN_DUE_WEEKS = 12;
/** Advice on preparation for adulthood is sought for a child in or beyond Year 9 (regulation 6(1)(h)). */
export const PREPARATION_FOR_ADULTHOOD_FROM_YEAR = 9;
/** Regulation 5(1): the decision whether to assess is notified within 6 weeks of the request. */
export const DECISION_TO_ASSESS_DUE_WEEKS = 6;
/** Regulation 10(1): a decision not to issue a plan is notified within 16 weeks of the request. */
export const DECISION_NOT_TO_ISSUE_DUE_WEEKS = 16;
/** Regulation 13(2): the final plan is issued within 20 weeks of the request. */
export const FINAL_PLAN_DUE_WEEKS = 20;
/** Regulation 13(1)(a): at least 15 days, beginning with the day the draft was served, for representations. */
export const MIN_REPRESENTATION_DAYS = 15;

/** The statutory clocks of a needs assessment, counted from the day the request was received. */
export function needsAssessmentClocks(requestedOn: string) {
  return {
    decisionToAssessDueOn: addWeeks(requestedOn, DECISION_TO_ASSESS_DUE_WEEKS),
    decisionNotToIssueDueOn: addWeeks(requestedOn, DECISION_NOT_TO_ISSUE_DUE_WEEKS),
    finalPlanDueOn: addWeeks(requestedOn, FINAL_PLAN_DUE_WEEKS),
  };
}

/** The last day for representations on a draft served on issuedOn, given so many days (the first is the day of service). */
export const representationsEndOn = (issuedOn: string, days: number): string => addDays(issuedOn, days - 1);

/** The sections of an EHC plan each agency's advice may fill. */
export const adviceSectionsByAgency: Record<Agency, readonly AdviceSection[]> = {
  education: ['B', 'F'],
  health: ['C', 'G'],
  social_care: ['D', 'H1', 'H2'],
};

/** Adviser types whose advice can only come from one agency; the others may come from any. */
export const agencyOfAdviserType: Partial<Record<AdviserType, Agency>> = {
  education: 'education',
  educational_psychologist: 'education',
  health: 'health',
  social_care: 'social_care',
};

export interface AdviceRequestState {
  requestId: string;
  adviserType: AdviserType;
  adviserAgency: Agency;
  adviserOrganisationId: string;
  requestedOn: string;
  adviceDueOn: string;
  exceptionRecorded: boolean;
  submittedEventId: string | null;
  submitted: boolean;
  moderated: boolean;
  incorporatedInto: number[];
}

export interface EhcAssessmentState {
  status: 'not_started' | 'open' | 'closed';
  assessmentId: string | null;
  childId: string | null;
  kind: 'needs_assessment' | 'annual_review' | null;
  planVersion: number | null;
  requests: Record<string, AdviceRequestState>;
  meetingHeldOn: string | null;
  decisionDueOn: string | null;
  amendedPlanDueOn: string | null;
  decision: 'maintain' | 'amend' | 'cease' | null;
  amendedPlanIssued: boolean;
  /** The day the assessment (needs assessment: the request) started. */
  startedOn: string | null;
  /** Needs assessments: the timeline from request to final plan. */
  finalPlanDueOn: string | null;
  decisionToAssessDueOn: string | null;
  decisionNotToIssueDueOn: string | null;
  assessDecision: 'assess' | 'not_assess' | null;
  assessDecidedOn: string | null;
  notToIssueDecidedOn: string | null;
  draft: { planVersion: number; issuedOn: string; representationsEndOn: string } | null;
  representationsReceivedOn: string | null;
  finalPlanIssuedOn: string | null;
  timelineExceptions: Partial<Record<TimelineClock, TimelineException>>;
  /** The user id of the case officer named last. */
  caseOfficerUserId: string | null;
}

export const initialEhcAssessmentState = (): EhcAssessmentState => ({
  status: 'not_started',
  assessmentId: null,
  childId: null,
  kind: null,
  planVersion: null,
  requests: {},
  meetingHeldOn: null,
  decisionDueOn: null,
  amendedPlanDueOn: null,
  decision: null,
  amendedPlanIssued: false,
  startedOn: null,
  finalPlanDueOn: null,
  decisionToAssessDueOn: null,
  decisionNotToIssueDueOn: null,
  assessDecision: null,
  assessDecidedOn: null,
  notToIssueDecidedOn: null,
  draft: null,
  representationsReceivedOn: null,
  finalPlanIssuedOn: null,
  timelineExceptions: {},
  caseOfficerUserId: null,
});

export type EhcAssessmentCommand =
  | {
      type: 'startEhcAssessment';
      data: { assessmentId: string; childId: string; kind: 'needs_assessment' | 'annual_review'; planVersion?: number | undefined; requestedBy?: AssessmentRequester | undefined };
    }
  | { type: 'decideWhetherToAssess'; data: { decision: 'assess' | 'not_assess'; reasons?: string | undefined; rightOfAppealNotified?: boolean | undefined } }
  | { type: 'decideNotToIssuePlan'; data: { reasons: string; rightOfAppealNotified: boolean } }
  | { type: 'issueDraftPlan'; data: { planVersion: number; representationDays?: number | undefined; sections?: DraftPlanIssuedData['sections'] | undefined } }
  | { type: 'recordDraftPlanRepresentations'; data: { summary: string; preferredSchool?: string | undefined; meetingRequested: boolean } }
  | { type: 'issueFinalPlan'; data: { planVersion: number; namedSchool?: string | undefined; sections?: DraftPlanIssuedData['sections'] | undefined } }
  | { type: 'recordTimelineException'; data: { clock: TimelineClock; exception: TimelineException; appliedOn?: string | undefined; reason: string } }
  | { type: 'assignCaseOfficer'; data: Pick<CaseOfficerAssignedData, 'caseOfficer'> }
  | { type: 'requestAdvice'; data: { adviserType: AdviserType; adviserAgency: Agency; adviserOrganisationId: string } }
  | { type: 'recordAdviceException'; data: { requestId: string; exception: AdviceException; reason: string; appliedOn?: string | undefined } }
  | { type: 'submitAdvice'; data: { requestId: string; sections: AdviceSubmittedData['sections'] } }
  | { type: 'moderateAdvice'; data: { requestId: string; meetsQualityCriteria: boolean; feedback: string } }
  | { type: 'incorporateAdvice'; data: { requestId: string; planVersion: number } }
  | { type: 'recordAnnualReviewMeeting'; data: { agenciesPresent: Agency[]; summary: string } }
  | { type: 'decideAnnualReview'; data: { decision: 'maintain' | 'amend' | 'cease'; reasons: string } }
  | { type: 'issueAmendedPlan'; data: { planVersion: number } }
  | { type: 'closeEhcAssessment'; data: Pick<EhcAssessmentClosedData, 'reason' | 'detail'> };

const updateRequest = (state: EhcAssessmentState, requestId: string, change: Partial<AdviceRequestState>): EhcAssessmentState => {
  const request = state.requests[requestId];
  return request ? { ...state, requests: { ...state.requests, [requestId]: { ...request, ...change } } } : state;
};

export function evolveEhcAssessment(state: EhcAssessmentState, event: RecordedEvent): EhcAssessmentState {
  switch (event.type) {
    case 'EhcAssessmentStarted': {
      const d = event.data;
      const clocks = d.kind === 'needs_assessment' ? needsAssessmentClocks(d.startedOn) : null;
      return {
        ...state,
        status: 'open',
        assessmentId: d.assessmentId,
        childId: d.childId,
        kind: d.kind,
        planVersion: d.planVersion ?? null,
        startedOn: d.startedOn,
        decisionToAssessDueOn: d.decisionToAssessDueOn ?? clocks?.decisionToAssessDueOn ?? null,
        decisionNotToIssueDueOn: d.decisionNotToIssueDueOn ?? clocks?.decisionNotToIssueDueOn ?? null,
        finalPlanDueOn: d.finalPlanDueOn ?? clocks?.finalPlanDueOn ?? null,
      };
    }
    case 'AssessmentDecisionMade':
      return { ...state, assessDecision: event.data.decision, assessDecidedOn: event.data.decidedOn };
    case 'PlanNotToBeIssuedDecided':
      return { ...state, notToIssueDecidedOn: event.data.decidedOn };
    case 'DraftPlanIssued':
      return { ...state, draft: { planVersion: event.data.planVersion, issuedOn: event.data.issuedOn, representationsEndOn: event.data.representationsEndOn } };
    case 'DraftPlanRepresentationsReceived':
      return { ...state, representationsReceivedOn: event.data.receivedOn };
    case 'FinalPlanIssued':
      return { ...state, finalPlanIssuedOn: event.data.issuedOn, planVersion: event.data.planVersion };
    case 'TimelineExceptionRecorded':
      return { ...state, timelineExceptions: { ...state.timelineExceptions, [event.data.clock]: event.data.exception } };
    case 'CaseOfficerAssigned':
      return { ...state, caseOfficerUserId: event.data.caseOfficer.userId };
    case 'AdviceRequested': {
      const { requestId, adviserType, adviserAgency, adviserOrganisationId, adviceDueOn, requestedOn } = event.data;
      const request: AdviceRequestState = {
        requestId,
        adviserType,
        adviserAgency,
        adviserOrganisationId,
        requestedOn,
        adviceDueOn,
        exceptionRecorded: false,
        submittedEventId: null,
        submitted: false,
        moderated: false,
        incorporatedInto: [],
      };
      return { ...state, requests: { ...state.requests, [requestId]: request } };
    }
    case 'AdviceExceptionRecorded':
      return updateRequest(state, event.data.requestId, { exceptionRecorded: true });
    case 'AdviceSubmitted':
      return updateRequest(state, event.data.requestId, { submitted: true, submittedEventId: event.eventId ?? null });
    case 'AdviceModerated':
      return updateRequest(state, event.data.requestId, { moderated: true });
    case 'AdviceIncorporated':
      return updateRequest(state, event.data.requestId, { incorporatedInto: [...(state.requests[event.data.requestId]?.incorporatedInto ?? []), event.data.planVersion] });
    case 'ContributionWithdrawn': {
      // Withdrawn advice no longer counts: the adviser may submit again.
      const request = Object.values(state.requests).find((r) => r.submittedEventId !== null && r.submittedEventId === event.data.withdrawnEventId);
      return request ? updateRequest(state, request.requestId, { submitted: false, submittedEventId: null, moderated: false }) : state;
    }
    case 'AnnualReviewMeetingHeld':
      return { ...state, meetingHeldOn: event.data.heldOn, decisionDueOn: event.data.decisionDueOn, amendedPlanDueOn: event.data.amendedPlanDueOn };
    case 'AnnualReviewDecisionMade':
      return { ...state, decision: event.data.decision };
    case 'AmendedPlanIssued':
      return { ...state, amendedPlanIssued: true, planVersion: event.data.planVersion };
    case 'EhcAssessmentClosed':
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

function openAssessment(state: EhcAssessmentState): { assessmentId: string; childId: string } {
  if (state.status === 'not_started' || !state.assessmentId || !state.childId) refuse('ASSESSMENT_NOT_STARTED', 'the assessment has not been started');
  if (state.status === 'closed') refuse('ASSESSMENT_CLOSED', 'the assessment is closed');
  return { assessmentId: state.assessmentId, childId: state.childId };
}

function requested(state: EhcAssessmentState, requestId: string): AdviceRequestState {
  const request = state.requests[requestId];
  if (!request) refuse('ADVICE_NOT_REQUESTED', 'no advice was requested under that request id');
  return request;
}

function submitted(state: EhcAssessmentState, requestId: string): AdviceRequestState {
  const request = requested(state, requestId);
  if (!request.submitted) refuse('ADVICE_NOT_SUBMITTED', 'the advice has not been submitted');
  return request;
}

function annualReview(state: EhcAssessmentState): void {
  if (state.kind !== 'annual_review') refuse('NOT_AN_ANNUAL_REVIEW', 'this step belongs to an annual review');
}

function needsAssessment(state: EhcAssessmentState): { requestedOn: string } {
  if (state.kind !== 'needs_assessment' || state.startedOn === null) refuse('NOT_A_NEEDS_ASSESSMENT', 'this step belongs to an EHC needs assessment');
  return { requestedOn: state.startedOn };
}

function notBefore(day: string, earliest: string | null, rule: string, what: string): void {
  if (earliest !== null && day < earliest) refuse(rule, `${what} (${earliest}); this is dated ${day}`);
}

function agreedToAssess(state: EhcAssessmentState): string {
  if (state.assessDecision === null || state.assessDecidedOn === null) refuse('NO_DECISION_TO_ASSESS', 'no decision to assess is recorded');
  if (state.assessDecision === 'not_assess') refuse('ASSESSMENT_REFUSED', 'the authority decided not to assess');
  return state.assessDecidedOn;
}

function noOutcomeYet(state: EhcAssessmentState): void {
  if (state.notToIssueDecidedOn !== null) refuse('DECIDED_NOT_TO_ISSUE', 'the authority has decided not to issue a plan');
  if (state.finalPlanIssuedOn !== null) refuse('FINAL_PLAN_ALREADY_ISSUED', 'the final plan is already issued');
}

/** Whether preparation-for-adulthood advice applies: the child is in Year 9 or above on the date of the request. */
export function preparationForAdulthoodApplies(dateOfBirth: string | null, requestedOn: string): boolean {
  return dateOfBirth !== null && yearGroupOn(dateOfBirth, requestedOn) >= PREPARATION_FOR_ADULTHOOD_FROM_YEAR;
}

export interface EhcDecisionContext extends DecisionContext {
  child: ChildState;
}

export function decideEhcAssessment(command: EhcAssessmentCommand, state: EhcAssessmentState, ctx: EhcDecisionContext): DomainEvent[] {
  const today = dateOf(ctx.occurredAt);
  if (command.type === 'startEhcAssessment') {
    if (state.status !== 'not_started') refuse('ASSESSMENT_ALREADY_STARTED', 'the assessment has already started');
    if (command.data.kind === 'annual_review' && command.data.planVersion === undefined) refuse('PLAN_VERSION_REQUIRED', 'an annual review names the plan version it reviews');
    if (command.data.kind === 'annual_review' && command.data.requestedBy !== undefined) refuse('NOT_A_NEEDS_ASSESSMENT', 'who asked belongs to a request for a needs assessment');
    const clocks = command.data.kind === 'needs_assessment' ? needsAssessmentClocks(today) : {};
    return [{ type: 'EhcAssessmentStarted', data: { ...command.data, startedOn: today, ...clocks } }];
  }
  const ids = openAssessment(state);
  switch (command.type) {
    case 'decideWhetherToAssess': {
      const { requestedOn } = needsAssessment(state);
      if (state.assessDecision !== null) refuse('ALREADY_DECIDED', 'the decision whether to assess is already recorded');
      notBefore(today, requestedOn, 'DECISION_BEFORE_REQUEST', 'the decision cannot precede the request');
      const { decision, reasons, rightOfAppealNotified } = command.data;
      if (decision === 'not_assess') {
        if (reasons === undefined) refuse('REASONS_REQUIRED', 'a decision not to assess gives its reasons (Children and Families Act 2014 s36(5))');
        if (rightOfAppealNotified !== true) refuse('RIGHT_OF_APPEAL_REQUIRED', 'a decision not to assess tells the parent or young person of the right to appeal (regulation 5(3))');
      }
      return [
        {
          type: 'AssessmentDecisionMade',
          data: {
            ...ids,
            decision,
            decidedOn: today,
            decisionDueOn: state.decisionToAssessDueOn ?? needsAssessmentClocks(requestedOn).decisionToAssessDueOn,
            ...(reasons !== undefined ? { reasons } : {}),
            rightOfAppealNotified: rightOfAppealNotified ?? false,
          },
        },
      ];
    }
    case 'decideNotToIssuePlan': {
      const { requestedOn } = needsAssessment(state);
      const decidedToAssessOn = agreedToAssess(state);
      noOutcomeYet(state);
      if (state.draft !== null) refuse('DRAFT_ALREADY_ISSUED', 'a draft plan has been issued; the plan follows it');
      notBefore(today, decidedToAssessOn, 'DECISION_BEFORE_DECISION_TO_ASSESS', 'the decision not to issue follows the decision to assess');
      if (!command.data.rightOfAppealNotified) refuse('RIGHT_OF_APPEAL_REQUIRED', 'a decision not to issue a plan tells the parent or young person of the right to appeal (regulation 10(3))');
      return [
        {
          type: 'PlanNotToBeIssuedDecided',
          data: { ...ids, decidedOn: today, decisionDueOn: state.decisionNotToIssueDueOn ?? needsAssessmentClocks(requestedOn).decisionNotToIssueDueOn, reasons: command.data.reasons, rightOfAppealNotified: true },
        },
      ];
    }
    case 'issueDraftPlan': {
      needsAssessment(state);
      const decidedToAssessOn = agreedToAssess(state);
      noOutcomeYet(state);
      if (state.draft !== null) refuse('DRAFT_ALREADY_ISSUED', 'the draft plan is already issued');
      notBefore(today, decidedToAssessOn, 'DRAFT_BEFORE_DECISION_TO_ASSESS', 'the draft plan follows the decision to assess');
      const days = command.data.representationDays ?? MIN_REPRESENTATION_DAYS;
      if (days < MIN_REPRESENTATION_DAYS) refuse('REPRESENTATION_PERIOD_TOO_SHORT', `the draft plan gives at least ${MIN_REPRESENTATION_DAYS} days for representations (regulation 13(1)(a))`);
      return [
        {
          type: 'DraftPlanIssued',
          data: { ...ids, planVersion: command.data.planVersion, issuedOn: today, representationsEndOn: representationsEndOn(today, days), sections: command.data.sections ?? {} },
        },
      ];
    }
    case 'recordDraftPlanRepresentations': {
      needsAssessment(state);
      if (state.draft === null) refuse('DRAFT_NOT_ISSUED', 'representations answer a draft plan');
      if (state.finalPlanIssuedOn !== null) refuse('FINAL_PLAN_ALREADY_ISSUED', 'the final plan is already issued');
      notBefore(today, state.draft.issuedOn, 'REPRESENTATIONS_BEFORE_DRAFT', 'representations cannot precede the draft plan');
      const { summary, preferredSchool, meetingRequested } = command.data;
      return [{ type: 'DraftPlanRepresentationsReceived', data: { ...ids, receivedOn: today, summary, meetingRequested, ...(preferredSchool !== undefined ? { preferredSchool } : {}) } }];
    }
    case 'issueFinalPlan': {
      const { requestedOn } = needsAssessment(state);
      if (state.draft === null) refuse('DRAFT_NOT_ISSUED', 'the final plan follows a draft plan (regulation 13(1))');
      noOutcomeYet(state);
      notBefore(today, state.draft.issuedOn, 'FINAL_BEFORE_DRAFT', 'the final plan cannot precede the draft');
      if (command.data.planVersion < state.draft.planVersion) refuse('PLAN_VERSION_NOT_NEWER', `the final plan is at least the draft's version ${state.draft.planVersion}`);
      const { planVersion, namedSchool, sections } = command.data;
      return [
        {
          type: 'FinalPlanIssued',
          data: {
            ...ids,
            planVersion,
            issuedOn: today,
            finalPlanDueOn: state.finalPlanDueOn ?? needsAssessmentClocks(requestedOn).finalPlanDueOn,
            // Recorded as it happened: a plan finalised inside the period is written, and counted as not honouring it.
            representationsPeriodHonoured: today > state.draft.representationsEndOn,
            ...(namedSchool !== undefined ? { namedSchool } : {}),
            sections: { ...(sections ?? {}), ...(namedSchool !== undefined && sections?.I === undefined ? { I: namedSchool } : {}) },
          },
        },
      ];
    }
    case 'recordTimelineException': {
      const { requestedOn } = needsAssessment(state);
      const { clock, exception, reason } = command.data;
      const appliedOn = command.data.appliedOn ?? today;
      if (state.timelineExceptions[clock] !== undefined) refuse('EXCEPTION_ALREADY_RECORDED', `an exception is already recorded against the ${clock} clock`);
      notBefore(appliedOn, requestedOn, 'EXCEPTION_BEFORE_REQUEST', 'an exception applies after the request was received');
      if (appliedOn > today) refuse('EXCEPTION_IN_FUTURE', 'an exception is recorded once it has applied');
      const due = { decision_to_assess: state.decisionToAssessDueOn, decision_not_to_issue: state.decisionNotToIssueDueOn, final_plan: state.finalPlanDueOn }[clock];
      if (due !== null && appliedOn > due) refuse('EXCEPTION_AFTER_DEADLINE', `the exception must have applied before the ${clock} deadline (${due})`);
      return [{ type: 'TimelineExceptionRecorded', data: { ...ids, clock, exception, appliedOn, reason } }];
    }
    case 'assignCaseOfficer': {
      const previous = state.caseOfficerUserId;
      if (previous === command.data.caseOfficer.userId) refuse('CASE_OFFICER_UNCHANGED', 'that person is already the assessment\'s case officer');
      return [{ type: 'CaseOfficerAssigned', data: { ...ids, caseOfficer: command.data.caseOfficer, assignedOn: today, ...(previous ? { previousUserId: previous } : {}) } }];
    }
    case 'requestAdvice': {
      const { adviserType, adviserAgency, adviserOrganisationId } = command.data;
      const required = agencyOfAdviserType[adviserType];
      if (required !== undefined && required !== adviserAgency) refuse('ADVISER_AGENCY_MISMATCH', `${adviserType} advice comes from ${required}`);
      if (state.assessDecision === 'not_assess') refuse('ASSESSMENT_REFUSED', 'the authority decided not to assess');
      if (adviserType === 'preparation_for_adulthood') {
        if (!preparationForAdulthoodApplies(ctx.child.dateOfBirth, state.startedOn ?? today)) {
          refuse('PREPARATION_FOR_ADULTHOOD_BEFORE_YEAR_9', 'advice on preparation for adulthood is sought from Year 9');
        }
      }
      const duplicate = Object.values(state.requests).some((r) => r.adviserType === adviserType && r.adviserOrganisationId === adviserOrganisationId);
      if (duplicate) refuse('ADVICE_ALREADY_REQUESTED', 'this adviser has already been asked for this advice');
      return [
        {
          type: 'AdviceRequested',
          data: { ...ids, requestId: ctx.newId(), adviserType, adviserAgency, adviserOrganisationId, requestedOn: today, adviceDueOn: addWeeks(today, ADVICE_DUE_WEEKS) },
        },
      ];
    }
    case 'recordAdviceException': {
      // May be recorded after the advice arrived: late advice with a lawful reason is then no longer late.
      const request = requested(state, command.data.requestId);
      if (request.exceptionRecorded) refuse('EXCEPTION_ALREADY_RECORDED', 'an exception is already recorded for this request');
      const appliedOn = command.data.appliedOn ?? today;
      notBefore(appliedOn, request.requestedOn, 'EXCEPTION_BEFORE_REQUEST', 'a regulation 8(2) exception applies during the six weeks after the request');
      if (appliedOn > request.adviceDueOn) refuse('EXCEPTION_AFTER_DEADLINE', `a regulation 8(2) exception applies during the six weeks, which ended ${request.adviceDueOn}`);
      if (appliedOn > today) refuse('EXCEPTION_IN_FUTURE', 'an exception is recorded once it has applied');
      return [{ type: 'AdviceExceptionRecorded', data: { ...ids, requestId: command.data.requestId, exception: command.data.exception, reason: command.data.reason, appliedOn, adviserType: request.adviserType } }];
    }
    case 'submitAdvice': {
      const request = requested(state, command.data.requestId);
      if (request.adviserAgency !== ctx.caller.agency) forbid('AGENCY_MISMATCH', `this advice was requested from ${request.adviserAgency}`);
      if (request.submitted) refuse('ADVICE_ALREADY_SUBMITTED', 'the advice has already been submitted');
      notBefore(today, request.requestedOn, 'ADVICE_BEFORE_REQUEST', 'advice cannot precede its request');
      const allowed: readonly AdviceSection[] = request.adviserType === 'parent_young_person' ? ['A', ...adviceSectionsByAgency[ctx.caller.agency]] : adviceSectionsByAgency[ctx.caller.agency];
      const outside = Object.keys(command.data.sections).filter((s) => !allowed.includes(s as AdviceSection));
      if (outside.length > 0) forbid('AGENCY_MISMATCH', `sections ${outside.join(', ')} are another agency's advice: ${ctx.caller.agency} advice fills sections ${allowed.join(', ')}`);
      return [
        {
          type: 'AdviceSubmitted',
          data: {
            ...ids,
            requestId: request.requestId,
            adviserType: request.adviserType,
            agency: ctx.caller.agency,
            organisationId: ctx.caller.organisationId,
            submittedOn: today,
            adviceDueOn: request.adviceDueOn,
            sections: command.data.sections,
          },
        },
      ];
    }
    case 'moderateAdvice': {
      const request = submitted(state, command.data.requestId);
      return [{ type: 'AdviceModerated', data: { ...ids, ...command.data, adviserType: request.adviserType, agency: request.adviserAgency } }];
    }
    case 'incorporateAdvice': {
      const request = submitted(state, command.data.requestId);
      if (request.incorporatedInto.includes(command.data.planVersion)) refuse('ADVICE_ALREADY_INCORPORATED', 'the advice is already incorporated into that plan version');
      return [{ type: 'AdviceIncorporated', data: { ...ids, ...command.data, adviserType: request.adviserType, agency: request.adviserAgency } }];
    }
    case 'recordAnnualReviewMeeting':
      annualReview(state);
      if (state.meetingHeldOn !== null) refuse('MEETING_ALREADY_HELD', 'the annual review meeting is already recorded');
      return [
        {
          type: 'AnnualReviewMeetingHeld',
          data: {
            ...ids,
            heldOn: today,
            agenciesPresent: [...new Set(command.data.agenciesPresent)],
            summary: command.data.summary,
            decisionDueOn: addWeeks(today, REVIEW_DECISION_DUE_WEEKS),
            amendedPlanDueOn: addWeeks(today, AMENDED_PLAN_DUE_WEEKS),
          },
        },
      ];
    case 'decideAnnualReview':
      annualReview(state);
      if (state.meetingHeldOn === null || state.decisionDueOn === null) refuse('MEETING_NOT_HELD', 'the decision follows the annual review meeting');
      if (state.decision !== null) refuse('ALREADY_DECIDED', 'the annual review is already decided');
      if (today < state.meetingHeldOn) refuse('DECISION_BEFORE_MEETING', 'the decision cannot precede the meeting');
      return [{ type: 'AnnualReviewDecisionMade', data: { ...ids, ...command.data, decidedOn: today, decisionDueOn: state.decisionDueOn } }];
    case 'issueAmendedPlan':
      annualReview(state);
      if (state.decision !== 'amend' || state.amendedPlanDueOn === null) refuse('DECISION_NOT_TO_AMEND', 'an amended plan follows a decision to amend');
      if (state.amendedPlanIssued) refuse('AMENDED_PLAN_ALREADY_ISSUED', 'the amended plan is already issued');
      if (state.planVersion !== null && command.data.planVersion <= state.planVersion) refuse('PLAN_VERSION_NOT_NEWER', `the amended plan must be newer than version ${state.planVersion}`);
      return [{ type: 'AmendedPlanIssued', data: { ...ids, planVersion: command.data.planVersion, issuedOn: today, amendedPlanDueOn: state.amendedPlanDueOn } }];
    case 'closeEhcAssessment':
      return [{ type: 'EhcAssessmentClosed', data: { ...ids, closedOn: today, ...command.data } }];
  }
}
