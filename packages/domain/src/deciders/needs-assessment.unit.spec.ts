import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';
import { AdviceExceptionRecorded, adviceExceptions } from '../events/ehc-assessment';
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
const school = callerFor('education_practitioner');
const child = (dateOfBirth = '2015-01-10'): ChildState => ({ registered: true, childId, dateOfBirth, nhsNumber: null, team: [], removed: new Set() });

// A request received on Monday 3 March 2025: 6 weeks is 14 April, 16 weeks 23 June, 20 weeks 21 July.
const requested: DomainEvent = {
  type: 'EhcAssessmentStarted',
  data: { ...ids, kind: 'needs_assessment', requestedBy: 'school_or_setting', startedOn: '2025-03-03', decisionToAssessDueOn: '2025-04-14', decisionNotToIssueDueOn: '2025-06-23', finalPlanDueOn: '2025-07-21' },
};
const agreed: DomainEvent = { type: 'AssessmentDecisionMade', data: { ...ids, decision: 'assess', decidedOn: '2025-04-10', decisionDueOn: '2025-04-14', rightOfAppealNotified: false } };
const refused: DomainEvent = { type: 'AssessmentDecisionMade', data: { ...ids, decision: 'not_assess', decidedOn: '2025-04-10', decisionDueOn: '2025-04-14', reasons: 'r', rightOfAppealNotified: true } };
const draft: DomainEvent = { type: 'DraftPlanIssued', data: { ...ids, planVersion: 1, issuedOn: '2025-06-16', representationsEndOn: '2025-06-30', sections: {} } };
const final: DomainEvent = {
  type: 'FinalPlanIssued',
  data: { ...ids, planVersion: 1, issuedOn: '2025-07-14', finalPlanDueOn: '2025-07-21', representationsPeriodHonoured: true, sections: {} },
};

const when = (given: DomainEvent[], command: EhcAssessmentCommand, on: string, caller = officer, dateOfBirth?: string) =>
  decideEhcAssessment(command, fold(evolveEhcAssessment, initialEhcAssessmentState(), given), { ...contextFor(caller, `${on}T10:00:00Z`), child: child(dateOfBirth) });

describe('needs assessment: the request and its clocks', () => {
  it('records who asked and computes the 6-, 16- and 20-week due dates from the day the request was received (regs 5(1), 10(1), 13(2))', () => {
    expect(when([], { type: 'startEhcAssessment', data: { ...ids, kind: 'needs_assessment', requestedBy: 'school_or_setting' } }, '2025-03-03')).toEqual([requested]);
  });

  it('counts the request day in England: 23:30 UTC on 30 June is 1 July in London', () => {
    const [event] = decideEhcAssessment(
      { type: 'startEhcAssessment', data: { ...ids, kind: 'needs_assessment', requestedBy: 'parent' } },
      initialEhcAssessmentState(),
      { ...contextFor(officer, '2025-06-30T23:30:00Z'), child: child() },
    );
    expect(event).toMatchObject({ data: { startedOn: '2025-07-01', decisionToAssessDueOn: '2025-08-12', finalPlanDueOn: '2025-11-18' } });
  });

  it('refuses who-asked on an annual review', () => {
    expectRefusal(() => when([], { type: 'startEhcAssessment', data: { ...ids, kind: 'annual_review', planVersion: 2, requestedBy: 'parent' } }, '2025-03-03'), DomainErrorCodes.RULE, 'NOT_A_NEEDS_ASSESSMENT');
  });
});

describe('needs assessment: the decision whether to assess (reg 5)', () => {
  it('records a decision to assess against its 6-week due date', () => {
    expect(when([requested], { type: 'decideWhetherToAssess', data: { decision: 'assess' } }, '2025-04-10')).toEqual([agreed]);
  });

  it('a refusal needs its reasons and the notice of the right of appeal (reg 5(3))', () => {
    expectRefusal(() => when([requested], { type: 'decideWhetherToAssess', data: { decision: 'not_assess', rightOfAppealNotified: true } }, '2025-04-10'), DomainErrorCodes.RULE, 'REASONS_REQUIRED');
    expectRefusal(() => when([requested], { type: 'decideWhetherToAssess', data: { decision: 'not_assess', reasons: 'r' } }, '2025-04-10'), DomainErrorCodes.RULE, 'RIGHT_OF_APPEAL_REQUIRED');
    expect(when([requested], { type: 'decideWhetherToAssess', data: { decision: 'not_assess', reasons: 'r', rightOfAppealNotified: true } }, '2025-04-10')).toEqual([refused]);
  });

  it('refuses a decision dated before the request, a second decision, and advice requests after a refusal', () => {
    expectRefusal(() => when([requested], { type: 'decideWhetherToAssess', data: { decision: 'assess' } }, '2025-03-02'), DomainErrorCodes.RULE, 'DECISION_BEFORE_REQUEST');
    expectRefusal(() => when([requested, agreed], { type: 'decideWhetherToAssess', data: { decision: 'assess' } }, '2025-04-11'), DomainErrorCodes.RULE, 'ALREADY_DECIDED');
    expectRefusal(
      () => when([requested, refused], { type: 'requestAdvice', data: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs' } }, '2025-04-11'),
      DomainErrorCodes.RULE,
      'ASSESSMENT_REFUSED',
    );
  });

  it('belongs to needs assessments only', () => {
    const review: DomainEvent = { type: 'EhcAssessmentStarted', data: { ...ids, kind: 'annual_review', planVersion: 1, startedOn: '2025-03-03' } };
    expectRefusal(() => when([review], { type: 'decideWhetherToAssess', data: { decision: 'assess' } }, '2025-04-10'), DomainErrorCodes.RULE, 'NOT_A_NEEDS_ASSESSMENT');
  });
});

describe('needs assessment: decision not to issue (reg 10) or a draft plan (reg 13(1))', () => {
  it('a decision not to issue follows a decision to assess, is due at 16 weeks, and names the right of appeal', () => {
    expectRefusal(() => when([requested], { type: 'decideNotToIssuePlan', data: { reasons: 'r', rightOfAppealNotified: true } }, '2025-06-01'), DomainErrorCodes.RULE, 'NO_DECISION_TO_ASSESS');
    expectRefusal(() => when([requested, agreed], { type: 'decideNotToIssuePlan', data: { reasons: 'r', rightOfAppealNotified: false } }, '2025-06-01'), DomainErrorCodes.RULE, 'RIGHT_OF_APPEAL_REQUIRED');
    expect(when([requested, agreed], { type: 'decideNotToIssuePlan', data: { reasons: 'r', rightOfAppealNotified: true } }, '2025-06-01')).toEqual([
      { type: 'PlanNotToBeIssuedDecided', data: { ...ids, decidedOn: '2025-06-01', decisionDueOn: '2025-06-23', reasons: 'r', rightOfAppealNotified: true } },
    ]);
    expectRefusal(() => when([requested, agreed, draft], { type: 'decideNotToIssuePlan', data: { reasons: 'r', rightOfAppealNotified: true } }, '2025-06-20'), DomainErrorCodes.RULE, 'DRAFT_ALREADY_ISSUED');
  });

  it('a draft gives 15 days beginning with the day it is served, or more, never fewer', () => {
    expect(when([requested, agreed], { type: 'issueDraftPlan', data: { planVersion: 1 } }, '2025-06-16')).toEqual([draft]);
    expect(when([requested, agreed], { type: 'issueDraftPlan', data: { planVersion: 1, representationDays: 21 } }, '2025-06-16')[0]).toMatchObject({ data: { representationsEndOn: '2025-07-06' } });
    expectRefusal(() => when([requested, agreed], { type: 'issueDraftPlan', data: { planVersion: 1, representationDays: 14 } }, '2025-06-16'), DomainErrorCodes.RULE, 'REPRESENTATION_PERIOD_TOO_SHORT');
  });

  it('a draft needs a decision to assess, dated on or after it', () => {
    expectRefusal(() => when([requested], { type: 'issueDraftPlan', data: { planVersion: 1 } }, '2025-06-16'), DomainErrorCodes.RULE, 'NO_DECISION_TO_ASSESS');
    expectRefusal(() => when([requested, refused], { type: 'issueDraftPlan', data: { planVersion: 1 } }, '2025-06-16'), DomainErrorCodes.RULE, 'ASSESSMENT_REFUSED');
    expectRefusal(() => when([requested, agreed], { type: 'issueDraftPlan', data: { planVersion: 1 } }, '2025-04-01'), DomainErrorCodes.RULE, 'DRAFT_BEFORE_DECISION_TO_ASSESS');
  });

  it('representations answer a draft, with the school the family asks to be named (CFA 2014 s38(2)(b)(ii))', () => {
    const command: EhcAssessmentCommand = { type: 'recordDraftPlanRepresentations', data: { summary: 's', preferredSchool: 'Oak Field School', meetingRequested: true } };
    expectRefusal(() => when([requested, agreed], command, '2025-06-20'), DomainErrorCodes.RULE, 'DRAFT_NOT_ISSUED');
    expectRefusal(() => when([requested, agreed, draft], command, '2025-06-15'), DomainErrorCodes.RULE, 'REPRESENTATIONS_BEFORE_DRAFT');
    expect(when([requested, agreed, draft], command, '2025-06-20')).toEqual([
      { type: 'DraftPlanRepresentationsReceived', data: { ...ids, receivedOn: '2025-06-20', summary: 's', preferredSchool: 'Oak Field School', meetingRequested: true } },
    ]);
  });
});

describe('needs assessment: the final plan (reg 13(2))', () => {
  it('follows the draft, due 20 weeks after the request, and says whether the representations period was honoured', () => {
    expect(when([requested, agreed, draft], { type: 'issueFinalPlan', data: { planVersion: 1 } }, '2025-07-14')).toEqual([final]);
    const early = when([requested, agreed, draft], { type: 'issueFinalPlan', data: { planVersion: 1, namedSchool: 'Oak Field School' } }, '2025-06-30');
    expect(early[0]).toMatchObject({ data: { representationsPeriodHonoured: false, namedSchool: 'Oak Field School', sections: { I: 'Oak Field School' } } });
  });

  it('refuses a final plan without a draft, before the draft, older than the draft, or twice', () => {
    expectRefusal(() => when([requested, agreed], { type: 'issueFinalPlan', data: { planVersion: 1 } }, '2025-07-14'), DomainErrorCodes.RULE, 'DRAFT_NOT_ISSUED');
    expectRefusal(() => when([requested, agreed, draft], { type: 'issueFinalPlan', data: { planVersion: 1 } }, '2025-06-15'), DomainErrorCodes.RULE, 'FINAL_BEFORE_DRAFT');
    const draft2: DomainEvent = { ...draft, data: { ...(draft.data as object), planVersion: 2 } } as DomainEvent;
    expectRefusal(() => when([requested, agreed, draft2], { type: 'issueFinalPlan', data: { planVersion: 1 } }, '2025-07-14'), DomainErrorCodes.RULE, 'PLAN_VERSION_NOT_NEWER');
    expectRefusal(() => when([requested, agreed, draft, final], { type: 'issueFinalPlan', data: { planVersion: 1 } }, '2025-07-15'), DomainErrorCodes.RULE, 'FINAL_PLAN_ALREADY_ISSUED');
  });
});

describe('needs assessment: exceptions to the authority\'s time limits (regs 5(4), 10(4), 13(3))', () => {
  it('records an exception against the clock it stops, dated when it applied, with the reason', () => {
    expect(
      when([requested, agreed, draft, final], { type: 'recordTimelineException', data: { clock: 'final_plan', exception: 'school_or_setting_closure', appliedOn: '2025-03-10', reason: 'School closed over Easter for 4 weeks' } }, '2025-08-01'),
    ).toEqual([{ type: 'TimelineExceptionRecorded', data: { ...ids, clock: 'final_plan', exception: 'school_or_setting_closure', appliedOn: '2025-03-10', reason: 'School closed over Easter for 4 weeks' } }]);
  });

  it('refuses an exception before the request, after the clock ran out, in the future, or twice on one clock', () => {
    const data = { clock: 'decision_to_assess' as const, exception: 'absent_from_area' as const, reason: 'r' };
    expectRefusal(() => when([requested], { type: 'recordTimelineException', data: { ...data, appliedOn: '2025-03-01' } }, '2025-04-01'), DomainErrorCodes.RULE, 'EXCEPTION_BEFORE_REQUEST');
    expectRefusal(() => when([requested], { type: 'recordTimelineException', data: { ...data, appliedOn: '2025-04-20' } }, '2025-05-01'), DomainErrorCodes.RULE, 'EXCEPTION_AFTER_DEADLINE');
    expectRefusal(() => when([requested], { type: 'recordTimelineException', data: { ...data, appliedOn: '2025-04-02' } }, '2025-04-01'), DomainErrorCodes.RULE, 'EXCEPTION_IN_FUTURE');
    const recorded: DomainEvent = { type: 'TimelineExceptionRecorded', data: { ...ids, ...data, appliedOn: '2025-03-20' } };
    expectRefusal(() => when([requested, recorded], { type: 'recordTimelineException', data: { ...data, appliedOn: '2025-03-21' } }, '2025-04-01'), DomainErrorCodes.RULE, 'EXCEPTION_ALREADY_RECORDED');
  });
});

describe('advice rules', () => {
  const healthRequested: DomainEvent = {
    type: 'AdviceRequested',
    data: { ...ids, requestId, adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs', requestedOn: '2025-04-14', adviceDueOn: '2025-05-26' },
  };
  const healthSubmitted: DomainEvent = {
    type: 'AdviceSubmitted',
    data: { ...ids, requestId, adviserType: 'health', agency: 'health', organisationId: 'nhs', submittedOn: '2025-06-10', adviceDueOn: '2025-05-26', sections: { C: 'c' } },
  };

  it('the regulation 8(2) grounds are exactly its three; a school closure is not one', () => {
    expect([...adviceExceptions].sort()).toEqual(['absent_from_area', 'exceptional_personal_circumstances', 'missed_appointment']);
    expect(AdviceExceptionRecorded.data.safeParse({ ...ids, requestId, adviserType: 'health', exception: 'school_closure_period', reason: 'r' }).success).toBe(false);
  });

  it('an exception can be recorded after late advice arrived, dated when it applied within the six weeks', () => {
    expect(
      when([requested, agreed, healthRequested, healthSubmitted], { type: 'recordAdviceException', data: { requestId, exception: 'missed_appointment', reason: 'Clinic appointment missed', appliedOn: '2025-05-02' } }, '2025-06-12'),
    ).toEqual([{ type: 'AdviceExceptionRecorded', data: { ...ids, requestId, adviserType: 'health', exception: 'missed_appointment', reason: 'Clinic appointment missed', appliedOn: '2025-05-02' } }]);
    const late = { requestId, exception: 'missed_appointment' as const, reason: 'r' };
    expectRefusal(() => when([requested, healthRequested], { type: 'recordAdviceException', data: { ...late, appliedOn: '2025-04-13' } }, '2025-06-12'), DomainErrorCodes.RULE, 'EXCEPTION_BEFORE_REQUEST');
    expectRefusal(() => when([requested, healthRequested], { type: 'recordAdviceException', data: { ...late, appliedOn: '2025-05-27' } }, '2025-06-12'), DomainErrorCodes.RULE, 'EXCEPTION_AFTER_DEADLINE');
  });

  it('preparation-for-adulthood advice applies from Year 9 on the date of the request, so Year 10 children get it too', () => {
    const pfa: EhcAssessmentCommand = { type: 'requestAdvice', data: { adviserType: 'preparation_for_adulthood', adviserAgency: 'social_care', adviserOrganisationId: 'pfa' } };
    // On 3 March 2025: born May 2010 is Year 10, born May 2011 Year 9, born May 2012 Year 8.
    expect(when([requested], pfa, '2025-04-10', officer, '2010-05-01')[0]?.type).toBe('AdviceRequested');
    expect(when([requested], pfa, '2025-04-10', officer, '2011-05-01')[0]?.type).toBe('AdviceRequested');
    expectRefusal(() => when([requested], pfa, '2025-04-10', officer, '2012-05-01'), DomainErrorCodes.RULE, 'PREPARATION_FOR_ADULTHOOD_BEFORE_YEAR_9');
    // Born 1 September 2011: Year 8 on the request date (3 March 2025), Year 9 by the time advice is asked for in September. The request date decides.
    expectRefusal(() => when([requested], pfa, '2025-09-02', officer, '2011-09-01'), DomainErrorCodes.RULE, 'PREPARATION_FOR_ADULTHOOD_BEFORE_YEAR_9');
  });

  it('section A (views, interests and aspirations) is filled by the parent\'s or young person\'s advice and by no other', () => {
    const parentRequested: DomainEvent = {
      type: 'AdviceRequested',
      data: { ...ids, requestId, adviserType: 'parent_young_person', adviserAgency: 'education', adviserOrganisationId: school.organisationId, requestedOn: '2025-04-14', adviceDueOn: '2025-05-26' },
    };
    expect(when([requested, parentRequested], { type: 'submitAdvice', data: { requestId, sections: { A: 'Wants to be a vet' } } }, '2025-05-01', school)[0]).toMatchObject({ data: { sections: { A: 'Wants to be a vet' } } });
    const schoolRequested: DomainEvent = { ...parentRequested, data: { ...(parentRequested.data as object), adviserType: 'education' } } as DomainEvent;
    expectRefusal(() => when([requested, schoolRequested], { type: 'submitAdvice', data: { requestId, sections: { A: 'x' } } }, '2025-05-01', school), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('advice cannot be dated before its request', () => {
    expectRefusal(() => when([requested, healthRequested], { type: 'submitAdvice', data: { requestId, sections: { C: 'c' } } }, '2025-04-13', callerFor('health_practitioner')), DomainErrorCodes.RULE, 'ADVICE_BEFORE_REQUEST');
  });
});
