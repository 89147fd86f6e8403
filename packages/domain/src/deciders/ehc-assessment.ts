import type { Agency } from '../application/contract';
import type { DomainEvent } from '../events/all';
import type { AdviceSection, AdviceSubmittedData, AdviserType, CaseOfficerAssignedData, EhcAssessmentClosedData } from '../events/ehc-assessment';
import type { ChildState } from './child';
import { addWeeks, dateOf, yearGroupOn } from '../validation/dates';
import type { DecisionContext, RecordedEvent } from './decision';
import { forbid, refuse } from './decision';

/** Regulation 8: advice is due six weeks after it is requested. */
export const ADVICE_DUE_WEEKS = 6;
/** Annual review: the decision is due within 4 weeks of the meeting, a final amended plan within 12. */
export const REVIEW_DECISION_DUE_WEEKS = 4;
export const AMENDED_PLAN_DUE_WEEKS = 12;
/** Advice on preparation for adulthood is sought for a child in or beyond Year 9 (regulation 6(1)(h)). */
export const PREPARATION_FOR_ADULTHOOD_FROM_YEAR = 9;

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
  caseOfficerUserId: null,
});

export type EhcAssessmentCommand =
  | { type: 'startEhcAssessment'; data: { assessmentId: string; childId: string; kind: 'needs_assessment' | 'annual_review'; planVersion?: number | undefined } }
  | { type: 'assignCaseOfficer'; data: Pick<CaseOfficerAssignedData, 'caseOfficer'> }
  | { type: 'requestAdvice'; data: { adviserType: AdviserType; adviserAgency: Agency; adviserOrganisationId: string } }
  | { type: 'recordAdviceException'; data: { requestId: string; exception: 'exceptional_personal_circumstances' | 'absent_from_area' | 'missed_appointment' | 'school_closure_period'; reason: string } }
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
    case 'EhcAssessmentStarted':
      return { ...state, status: 'open', assessmentId: event.data.assessmentId, childId: event.data.childId, kind: event.data.kind, planVersion: event.data.planVersion ?? null };
    case 'CaseOfficerAssigned':
      return { ...state, caseOfficerUserId: event.data.caseOfficer.userId };
    case 'AdviceRequested': {
      const { requestId, adviserType, adviserAgency, adviserOrganisationId, adviceDueOn } = event.data;
      const request: AdviceRequestState = { requestId, adviserType, adviserAgency, adviserOrganisationId, adviceDueOn, exceptionRecorded: false, submittedEventId: null, submitted: false, moderated: false, incorporatedInto: [] };
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

export interface EhcDecisionContext extends DecisionContext {
  child: ChildState;
}

export function decideEhcAssessment(command: EhcAssessmentCommand, state: EhcAssessmentState, ctx: EhcDecisionContext): DomainEvent[] {
  const today = dateOf(ctx.occurredAt);
  if (command.type === 'startEhcAssessment') {
    if (state.status !== 'not_started') refuse('ASSESSMENT_ALREADY_STARTED', 'the assessment has already started');
    if (command.data.kind === 'annual_review' && command.data.planVersion === undefined) refuse('PLAN_VERSION_REQUIRED', 'an annual review names the plan version it reviews');
    return [{ type: 'EhcAssessmentStarted', data: { ...command.data, startedOn: today } }];
  }
  const ids = openAssessment(state);
  switch (command.type) {
    case 'assignCaseOfficer': {
      const previous = state.caseOfficerUserId;
      if (previous === command.data.caseOfficer.userId) refuse('CASE_OFFICER_UNCHANGED', 'that person is already the assessment\'s case officer');
      return [{ type: 'CaseOfficerAssigned', data: { ...ids, caseOfficer: command.data.caseOfficer, assignedOn: today, ...(previous ? { previousUserId: previous } : {}) } }];
    }
    case 'requestAdvice': {
      const { adviserType, adviserAgency, adviserOrganisationId } = command.data;
      const required = agencyOfAdviserType[adviserType];
      if (required !== undefined && required !== adviserAgency) refuse('ADVISER_AGENCY_MISMATCH', `${adviserType} advice comes from ${required}`);
      if (adviserType === 'preparation_for_adulthood') {
        const dateOfBirth = ctx.child.dateOfBirth;
        if (dateOfBirth === null || yearGroupOn(dateOfBirth, today) < PREPARATION_FOR_ADULTHOOD_FROM_YEAR) {
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
      const request = requested(state, command.data.requestId);
      if (request.submitted) refuse('ADVICE_ALREADY_SUBMITTED', 'the advice has already been submitted');
      if (request.exceptionRecorded) refuse('EXCEPTION_ALREADY_RECORDED', 'an exception is already recorded for this request');
      return [{ type: 'AdviceExceptionRecorded', data: { ...ids, ...command.data, adviserType: request.adviserType } }];
    }
    case 'submitAdvice': {
      const request = requested(state, command.data.requestId);
      if (request.adviserAgency !== ctx.caller.agency) forbid('AGENCY_MISMATCH', `this advice was requested from ${request.adviserAgency}`);
      if (request.submitted) refuse('ADVICE_ALREADY_SUBMITTED', 'the advice has already been submitted');
      const allowed = adviceSectionsByAgency[ctx.caller.agency];
      const outside = Object.keys(command.data.sections).filter((s) => !allowed.includes(s as AdviceSection));
      if (outside.length > 0) refuse('SECTION_NOT_FOR_AGENCY', `${ctx.caller.agency} advice fills sections ${allowed.join(', ')}, not ${outside.join(', ')}`);
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
