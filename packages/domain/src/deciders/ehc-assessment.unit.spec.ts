import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import type { ChildState } from './child';
import { fold } from './decision';
import type { EhcAssessmentCommand } from './ehc-assessment';
import { decideEhcAssessment, evolveEhcAssessment, initialEhcAssessmentState } from './ehc-assessment';

const childId = entityId(100);
const assessmentId = entityId(300);
const requestId = entityId(1);
const ids = { assessmentId, childId };
const officer = callerFor('send_officer');
const socialWorker = callerFor('social_worker');
const health = callerFor('health_practitioner');
const child = (dateOfBirth: string): ChildState => ({ registered: true, childId, dateOfBirth, nhsNumber: null, team: [], removed: new Set() });

const started = (kind: 'needs_assessment' | 'annual_review' = 'needs_assessment'): DomainEvent => ({
  type: 'EhcAssessmentStarted',
  data: { ...ids, kind, startedOn: '2025-05-01', ...(kind === 'annual_review' ? { planVersion: 3 } : {}) },
});
const socialCareRequested: DomainEvent = {
  type: 'AdviceRequested',
  data: { ...ids, requestId, adviserType: 'social_care', adviserAgency: 'social_care', adviserOrganisationId: 'la-social-care', requestedOn: '2025-05-02', adviceDueOn: '2025-06-13' },
};
const socialCareSubmitted: DomainEvent = {
  type: 'AdviceSubmitted',
  data: { ...ids, requestId, adviserType: 'social_care', agency: 'social_care', organisationId: 'la-social-care', submittedOn: '2025-06-01', adviceDueOn: '2025-06-13', sections: { D: 'needs', H1: 'overnight short breaks' } },
};
const meeting: DomainEvent = {
  type: 'AnnualReviewMeetingHeld',
  data: { ...ids, heldOn: '2025-05-20', agenciesPresent: ['education'], summary: 'ok', decisionDueOn: '2025-06-17', amendedPlanDueOn: '2025-08-12' },
};
const decided = (decision: 'maintain' | 'amend' | 'cease'): DomainEvent => ({
  type: 'AnnualReviewDecisionMade',
  data: { ...ids, decision, decidedOn: '2025-06-01', decisionDueOn: '2025-06-17', reasons: 'r' },
});
const closed: DomainEvent = { type: 'EhcAssessmentClosed', data: { ...ids, closedOn: '2025-06-01', reason: 'withdrawn' } };

const when = (given: DomainEvent[], command: EhcAssessmentCommand, caller = officer, dateOfBirth = '2012-03-14') =>
  decideEhcAssessment(command, fold(evolveEhcAssessment, initialEhcAssessmentState(), given), { ...contextFor(caller), child: child(dateOfBirth) });

describe('EHC assessment decider: starting and advice requests', () => {
  it('starts a needs assessment on the day given', () => {
    expect(when([], { type: 'startEhcAssessment', data: { ...ids, kind: 'needs_assessment' } })).toEqual([
      {
        type: 'EhcAssessmentStarted',
        data: { ...ids, kind: 'needs_assessment', startedOn: '2025-06-02', decisionToAssessDueOn: '2025-07-14', decisionNotToIssueDueOn: '2025-09-22', finalPlanDueOn: '2025-10-20' },
      },
    ]);
  });

  it('refuses an annual review that does not name the plan version, and a second start', () => {
    expectRefusal(() => when([], { type: 'startEhcAssessment', data: { ...ids, kind: 'annual_review' } }), DomainErrorCodes.RULE, 'PLAN_VERSION_REQUIRED');
    expectRefusal(() => when([started()], { type: 'startEhcAssessment', data: { ...ids, kind: 'needs_assessment' } }), DomainErrorCodes.RULE, 'ASSESSMENT_ALREADY_STARTED');
  });

  it('requests advice due six weeks later (regulation 8)', () => {
    expect(when([started()], { type: 'requestAdvice', data: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs-trust' } })).toEqual([
      { type: 'AdviceRequested', data: { ...ids, requestId, adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs-trust', requestedOn: '2025-06-02', adviceDueOn: '2025-07-14' } },
    ]);
  });

  it('refuses advice requests on a closed or unstarted assessment', () => {
    const command: EhcAssessmentCommand = { type: 'requestAdvice', data: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs' } };
    expectRefusal(() => when([started(), closed], command), DomainErrorCodes.RULE, 'ASSESSMENT_CLOSED');
    expectRefusal(() => when([], command), DomainErrorCodes.RULE, 'ASSESSMENT_NOT_STARTED');
  });

  it('refuses an adviser type from the wrong agency, and asking the same adviser twice', () => {
    expectRefusal(
      () => when([started()], { type: 'requestAdvice', data: { adviserType: 'health', adviserAgency: 'education', adviserOrganisationId: 'x' } }),
      DomainErrorCodes.RULE,
      'ADVISER_AGENCY_MISMATCH',
    );
    expectRefusal(
      () => when([started(), socialCareRequested], { type: 'requestAdvice', data: { adviserType: 'social_care', adviserAgency: 'social_care', adviserOrganisationId: 'la-social-care' } }),
      DomainErrorCodes.RULE,
      'ADVICE_ALREADY_REQUESTED',
    );
  });

  it('asks for preparation-for-adulthood advice only from Year 9', () => {
    const command: EhcAssessmentCommand = { type: 'requestAdvice', data: { adviserType: 'preparation_for_adulthood', adviserAgency: 'social_care', adviserOrganisationId: 'pfa' } };
    // On 2 June 2025 a child born March 2012 is in Year 8; one born March 2011 is in Year 9.
    expectRefusal(() => when([started()], command, officer, '2012-03-14'), DomainErrorCodes.RULE, 'PREPARATION_FOR_ADULTHOOD_BEFORE_YEAR_9');
    expect(when([started()], command, officer, '2011-03-14')[0]?.type).toBe('AdviceRequested');
  });
});

describe('EHC assessment decider: case officer', () => {
  it('names a case officer, then reassigns naming the one before, and refuses the same person twice', () => {
    const first = { userId: 'send-1', name: 'Priya Shah', organisationId: 'la-send' };
    const second = { userId: 'send-2', name: 'Tom Reed', organisationId: 'la-send' };
    const assigned: DomainEvent = { type: 'CaseOfficerAssigned', data: { ...ids, caseOfficer: first, assignedOn: '2025-06-02' } };
    expect(when([started()], { type: 'assignCaseOfficer', data: { caseOfficer: first } })).toEqual([assigned]);
    expectRefusal(() => when([started(), assigned], { type: 'assignCaseOfficer', data: { caseOfficer: first } }), DomainErrorCodes.RULE, 'CASE_OFFICER_UNCHANGED');
    expect(when([started(), assigned], { type: 'assignCaseOfficer', data: { caseOfficer: second } })).toEqual([
      { type: 'CaseOfficerAssigned', data: { ...ids, caseOfficer: second, assignedOn: '2025-06-02', previousUserId: 'send-1' } },
    ]);
    expectRefusal(() => when([started(), closed], { type: 'assignCaseOfficer', data: { caseOfficer: first } }), DomainErrorCodes.RULE, 'ASSESSMENT_CLOSED');
  });
});

describe('EHC assessment decider: advice', () => {
  it('records a regulation 8(2) exception against a request', () => {
    expect(when([started(), socialCareRequested], { type: 'recordAdviceException', data: { requestId, exception: 'absent_from_area', reason: 'Family abroad for 5 weeks' } })).toEqual([
      { type: 'AdviceExceptionRecorded', data: { ...ids, requestId, adviserType: 'social_care', exception: 'absent_from_area', reason: 'Family abroad for 5 weeks', appliedOn: '2025-06-02' } },
    ]);
  });

  it('refuses an exception for advice never requested, or one twice', () => {
    const data = { requestId, exception: 'missed_appointment' as const, reason: 'r' };
    expectRefusal(() => when([started()], { type: 'recordAdviceException', data }), DomainErrorCodes.RULE, 'ADVICE_NOT_REQUESTED');
    const excepted: DomainEvent = { type: 'AdviceExceptionRecorded', data: { ...ids, requestId, adviserType: 'social_care', exception: 'missed_appointment', reason: 'r', appliedOn: '2025-05-10' } };
    expectRefusal(() => when([started(), socialCareRequested, excepted], { type: 'recordAdviceException', data }), DomainErrorCodes.RULE, 'EXCEPTION_ALREADY_RECORDED');
  });

  it('takes social care advice for sections D, H1 and H2 with the request\'s due date', () => {
    expect(when([started(), socialCareRequested], { type: 'submitAdvice', data: { requestId, sections: { D: 'needs', H1: 'overnight short breaks' } } }, { ...socialWorker, organisationId: 'la-social-care' })).toEqual([
      { ...socialCareSubmitted, data: { ...socialCareSubmitted.data, submittedOn: '2025-06-02' } },
    ]);
  });

  it('refuses advice from an agency the request was not made to', () => {
    expectRefusal(() => when([started(), socialCareRequested], { type: 'submitAdvice', data: { requestId, sections: { C: 'x' } } }, health), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('refuses sections outside the adviser\'s agency', () => {
    expectRefusal(() => when([started(), socialCareRequested], { type: 'submitAdvice', data: { requestId, sections: { D: 'x', C: 'health' } } }, socialWorker), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('refuses advice on a closed assessment, unrequested advice and a second submission', () => {
    const command: EhcAssessmentCommand = { type: 'submitAdvice', data: { requestId, sections: { D: 'x' } } };
    expectRefusal(() => when([started(), socialCareRequested, closed], command, socialWorker), DomainErrorCodes.RULE, 'ASSESSMENT_CLOSED');
    expectRefusal(() => when([started()], command, socialWorker), DomainErrorCodes.RULE, 'ADVICE_NOT_REQUESTED');
    expectRefusal(() => when([started(), socialCareRequested, socialCareSubmitted], command, socialWorker), DomainErrorCodes.RULE, 'ADVICE_ALREADY_SUBMITTED');
  });

  it('lets withdrawn advice be submitted again', () => {
    const submitted = { ...socialCareSubmitted, eventId: entityId(77) };
    const withdrawn: DomainEvent = { type: 'ContributionWithdrawn', data: { childId, streamId: `ehc-assessment-${assessmentId}`, withdrawnEventId: entityId(77), withdrawnEventType: 'AdviceSubmitted', reason: 'wrong child' } };
    const state = fold(evolveEhcAssessment, initialEhcAssessmentState(), [started(), socialCareRequested, submitted, withdrawn]);
    expect(decideEhcAssessment({ type: 'submitAdvice', data: { requestId, sections: { D: 'x' } } }, state, { ...contextFor(socialWorker), child: child('2012-03-14') })[0]?.type).toBe('AdviceSubmitted');
  });

  it('moderates and incorporates submitted advice, carrying the adviser for read models', () => {
    const given = [started(), socialCareRequested, socialCareSubmitted];
    expect(when(given, { type: 'moderateAdvice', data: { requestId, meetsQualityCriteria: false, feedback: 'Outcomes not SMART' } })).toEqual([
      { type: 'AdviceModerated', data: { ...ids, requestId, adviserType: 'social_care', agency: 'social_care', meetsQualityCriteria: false, feedback: 'Outcomes not SMART' } },
    ]);
    const incorporated = when(given, { type: 'incorporateAdvice', data: { requestId, planVersion: 2 } });
    expect(incorporated).toEqual([{ type: 'AdviceIncorporated', data: { ...ids, requestId, adviserType: 'social_care', agency: 'social_care', planVersion: 2 } }]);
    expectRefusal(() => when([...given, ...incorporated], { type: 'incorporateAdvice', data: { requestId, planVersion: 2 } }), DomainErrorCodes.RULE, 'ADVICE_ALREADY_INCORPORATED');
  });

  it('refuses to moderate or incorporate advice not yet submitted', () => {
    expectRefusal(() => when([started(), socialCareRequested], { type: 'moderateAdvice', data: { requestId, meetsQualityCriteria: true, feedback: 'f' } }), DomainErrorCodes.RULE, 'ADVICE_NOT_SUBMITTED');
    expectRefusal(() => when([started(), socialCareRequested], { type: 'incorporateAdvice', data: { requestId, planVersion: 1 } }), DomainErrorCodes.RULE, 'ADVICE_NOT_SUBMITTED');
  });
});

describe('EHC assessment decider: annual review', () => {
  it('holds the meeting and starts the 4- and 12-week clocks', () => {
    expect(when([started('annual_review')], { type: 'recordAnnualReviewMeeting', data: { agenciesPresent: ['education', 'health', 'health'], summary: 'ok' } })).toEqual([
      { type: 'AnnualReviewMeetingHeld', data: { ...ids, heldOn: '2025-06-02', agenciesPresent: ['education', 'health'], summary: 'ok', decisionDueOn: '2025-06-30', amendedPlanDueOn: '2025-08-25' } },
    ]);
  });

  it('refuses a meeting on a needs assessment, and a second meeting', () => {
    const command: EhcAssessmentCommand = { type: 'recordAnnualReviewMeeting', data: { agenciesPresent: [], summary: 's' } };
    expectRefusal(() => when([started()], command), DomainErrorCodes.RULE, 'NOT_AN_ANNUAL_REVIEW');
    expectRefusal(() => when([started('annual_review'), meeting], command), DomainErrorCodes.RULE, 'MEETING_ALREADY_HELD');
  });

  it('decides after the meeting, once', () => {
    expect(when([started('annual_review'), meeting], { type: 'decideAnnualReview', data: { decision: 'amend', reasons: 'New needs' } })).toEqual([
      { type: 'AnnualReviewDecisionMade', data: { ...ids, decision: 'amend', reasons: 'New needs', decidedOn: '2025-06-02', decisionDueOn: '2025-06-17' } },
    ]);
    expectRefusal(() => when([started('annual_review')], { type: 'decideAnnualReview', data: { decision: 'amend', reasons: 'r' } }), DomainErrorCodes.RULE, 'MEETING_NOT_HELD');
    expectRefusal(() => when([started('annual_review'), meeting, decided('maintain')], { type: 'decideAnnualReview', data: { decision: 'amend', reasons: 'r' } }), DomainErrorCodes.RULE, 'ALREADY_DECIDED');
  });

  it('issues an amended plan only after a decision to amend, with a newer version, once', () => {
    const given = [started('annual_review'), meeting, decided('amend')];
    const issued = when(given, { type: 'issueAmendedPlan', data: { planVersion: 4 } });
    expect(issued).toEqual([{ type: 'AmendedPlanIssued', data: { ...ids, planVersion: 4, issuedOn: '2025-06-02', amendedPlanDueOn: '2025-08-12' } }]);
    expectRefusal(() => when([started('annual_review'), meeting, decided('maintain')], { type: 'issueAmendedPlan', data: { planVersion: 4 } }), DomainErrorCodes.RULE, 'DECISION_NOT_TO_AMEND');
    expectRefusal(() => when(given, { type: 'issueAmendedPlan', data: { planVersion: 3 } }), DomainErrorCodes.RULE, 'PLAN_VERSION_NOT_NEWER');
    expectRefusal(() => when([...given, ...issued], { type: 'issueAmendedPlan', data: { planVersion: 5 } }), DomainErrorCodes.RULE, 'AMENDED_PLAN_ALREADY_ISSUED');
  });

  it('closes once', () => {
    expect(when([started()], { type: 'closeEhcAssessment', data: { reason: 'plan_issued' } })).toEqual([{ type: 'EhcAssessmentClosed', data: { ...ids, closedOn: '2025-06-02', reason: 'plan_issued' } }]);
    expectRefusal(() => when([started(), closed], { type: 'closeEhcAssessment', data: { reason: 'plan_issued' } }), DomainErrorCodes.RULE, 'ASSESSMENT_CLOSED');
  });
});
