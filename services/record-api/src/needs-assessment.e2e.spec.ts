import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordApiHarness, organisationOf, type RecordApiHarness } from './testing/record-api-harness';

/**
 * The needs assessment timeline over HTTP: each statutory step with its occurredAt, each clock's due
 * date, and each rule's refusal (422 with its rule, nothing written).
 */
let harness: RecordApiHarness;
beforeAll(async () => {
  harness = await createRecordApiHarness();
});
afterAll(() => harness.close());

const at = (day: string, time = '10:00:00Z') => `${day}T${time}`;

async function ok(url: string, body: Record<string, unknown>, as: NonNullable<Parameters<RecordApiHarness['send']>[1]>['as'] = 'send_officer') {
  const response = await harness.send(url, { as, body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { streamId: string; entityId: string; eventIds: string[]; requestId?: string; adviceDueOn?: string };
}

async function refused(url: string, body: Record<string, unknown>, status: number, rule?: string, as: NonNullable<Parameters<RecordApiHarness['send']>[1]>['as'] = 'send_officer') {
  const before = await harness.store.headPosition();
  const response = await harness.send(url, { as, body });
  expect(response.statusCode, response.body).toBe(status);
  if (rule) expect(response.json().error.rule).toBe(rule);
  expect(await harness.store.headPosition()).toBe(before);
  return response.json() as { error: { code: string; rule?: string; issues?: Array<{ path: string; message: string }> } };
}

async function childBornOn(dateOfBirth: string) {
  const child = await ok('/v1/children', { givenName: 'Noor', familyName: 'Haddad', dateOfBirth, primaryNeed: 'SLCN', occurredAt: at('2024-09-02') }, 'social_worker');
  for (const role of ['send_officer', 'education_practitioner', 'health_practitioner'] as const) {
    await ok(`/v1/children/${child.entityId}/team-members`, { organisationId: organisationOf[role] }, 'team_manager');
  }
  return child.entityId;
}

async function dataOf(streamId: string, eventId: string) {
  return (await harness.store.readStream(streamId)).find((e) => e.eventId === eventId)!.data as Record<string, unknown>;
}

describe('needs assessment over HTTP: from request to final plan', () => {
  it('walks request, decision, draft, representations and final plan, each with its due date', async () => {
    const childId = await childBornOn('2016-05-01');
    const started = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'school_or_setting', occurredAt: at('2025-03-03') });
    expect(await dataOf(started.streamId, started.eventIds[0]!)).toMatchObject({ startedOn: '2025-03-03', requestedBy: 'school_or_setting', decisionToAssessDueOn: '2025-04-14', decisionNotToIssueDueOn: '2025-06-23', finalPlanDueOn: '2025-07-21' });
    const base = `/v1/ehc-assessments/${started.entityId}`;

    await refused(`${base}/draft-plan`, { planVersion: 1, occurredAt: at('2025-04-01') }, 422, 'NO_DECISION_TO_ASSESS');
    await refused(`${base}/assessment-decision`, { decision: 'assess', occurredAt: at('2025-03-01') }, 422, 'BEFORE_RECORD_BEGAN');
    const decided = await ok(`${base}/assessment-decision`, { decision: 'assess', occurredAt: at('2025-04-16') });
    expect(await dataOf(started.streamId, decided.eventIds[0]!)).toMatchObject({ decision: 'assess', decidedOn: '2025-04-16', decisionDueOn: '2025-04-14' });
    await ok(`${base}/timeline-exceptions`, { clock: 'decision_to_assess', exception: 'school_or_setting_closure', appliedOn: '2025-03-28', reason: 'School closed for four weeks for rebuilding', occurredAt: at('2025-04-17') });
    await refused(`${base}/timeline-exceptions`, { clock: 'decision_to_assess', exception: 'absent_from_area', reason: 'again', occurredAt: at('2025-04-17') }, 422, 'EXCEPTION_ALREADY_RECORDED');

    await refused(`${base}/draft-plan`, { planVersion: 1, representationDays: 10, occurredAt: at('2025-06-16') }, 422, 'REPRESENTATION_PERIOD_TOO_SHORT');
    const draft = await ok(`${base}/draft-plan`, { planVersion: 1, sections: { E: 'Speaks in sentences of five words by July' }, occurredAt: at('2025-06-16') });
    expect(await dataOf(started.streamId, draft.eventIds[0]!)).toMatchObject({ issuedOn: '2025-06-16', representationsEndOn: '2025-06-30' });
    await ok(`${base}/draft-plan-representations`, { summary: 'Asks for more speech therapy', preferredSchool: 'Oak Field School', meetingRequested: false, occurredAt: at('2025-06-25') });
    await refused(`${base}/decision-not-to-issue`, { reasons: 'r', rightOfAppealNotified: true, occurredAt: at('2025-06-26') }, 422, 'DRAFT_ALREADY_ISSUED');

    const final = await ok(`${base}/final-plan`, { planVersion: 1, namedSchool: 'Oak Field School', occurredAt: at('2025-07-14') });
    expect(await dataOf(started.streamId, final.eventIds[0]!)).toMatchObject({ issuedOn: '2025-07-14', finalPlanDueOn: '2025-07-21', representationsPeriodHonoured: true, namedSchool: 'Oak Field School' });
    await refused(`${base}/final-plan`, { planVersion: 2, occurredAt: at('2025-07-15') }, 422, 'FINAL_PLAN_ALREADY_ISSUED');
  });

  it('a refusal to assess needs reasons and the right of appeal; a decision not to issue likewise', async () => {
    const childId = await childBornOn('2016-05-01');
    const started = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2025-03-03') });
    const base = `/v1/ehc-assessments/${started.entityId}`;
    await refused(`${base}/assessment-decision`, { decision: 'not_assess', rightOfAppealNotified: true, occurredAt: at('2025-04-01') }, 422, 'REASONS_REQUIRED');
    await refused(`${base}/assessment-decision`, { decision: 'not_assess', reasons: 'Needs met by the school', occurredAt: at('2025-04-01') }, 422, 'RIGHT_OF_APPEAL_REQUIRED');
    await ok(`${base}/assessment-decision`, { decision: 'assess', occurredAt: at('2025-04-01') });
    await refused(`${base}/decision-not-to-issue`, { reasons: 'r', rightOfAppealNotified: false, occurredAt: at('2025-06-01') }, 422, 'RIGHT_OF_APPEAL_REQUIRED');
    await ok(`${base}/decision-not-to-issue`, { reasons: 'Needs met by the school', rightOfAppealNotified: true, occurredAt: at('2025-06-01') });
    await refused(`${base}/draft-plan`, { planVersion: 1, occurredAt: at('2025-06-02') }, 422, 'DECIDED_NOT_TO_ISSUE');
  });

  it('the same instant with Z or +01:00 gives the same due dates; a request just after midnight in summer is that day', async () => {
    const childId = await childBornOn('2016-05-01');
    const z = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'health', occurredAt: '2025-06-30T23:30:00Z' });
    const bst = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'health', occurredAt: '2025-07-01T00:30:00+01:00' });
    const due = async (r: { streamId: string; eventIds: string[] }) => {
      const { startedOn, decisionToAssessDueOn, finalPlanDueOn } = await dataOf(r.streamId, r.eventIds[0]!);
      return { startedOn, decisionToAssessDueOn, finalPlanDueOn };
    };
    expect(await due(z)).toEqual({ startedOn: '2025-07-01', decisionToAssessDueOn: '2025-08-12', finalPlanDueOn: '2025-11-18' });
    expect(await due(bst)).toEqual(await due(z));
  });
});

describe('advice rules over HTTP', () => {
  it('answers an advice request with its id and due date; refuses a school closure as a reg 8(2) ground; takes an exception after late advice', async () => {
    const childId = await childBornOn('2016-05-01');
    const started = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2025-03-03') });
    const base = `/v1/ehc-assessments/${started.entityId}`;
    await ok(`${base}/assessment-decision`, { decision: 'assess', occurredAt: at('2025-03-20') });
    const request = await ok(`${base}/advice-requests`, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: organisationOf.health_practitioner, occurredAt: at('2025-03-24') });
    expect(request).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), adviceDueOn: '2025-05-05' });

    await refused(`${base}/advice`, { requestId: request.requestId, sections: { C: 'Epilepsy' }, occurredAt: at('2025-03-21') }, 422, 'ADVICE_BEFORE_REQUEST', 'health_practitioner');
    await ok(`${base}/advice`, { requestId: request.requestId, sections: { C: 'Epilepsy', G: 'Rescue medication plan' }, occurredAt: at('2025-05-20') }, 'health_practitioner');
    const closure = await refused(`${base}/advice-exceptions`, { requestId: request.requestId, exception: 'school_closure_period', reason: 'Summer holidays' }, 400);
    expect(closure.error.issues?.map((i) => i.path)).toEqual(['body.exception']);
    await refused(`${base}/advice-exceptions`, { requestId: request.requestId, exception: 'missed_appointment', reason: 'r', appliedOn: '2025-05-06' }, 422, 'EXCEPTION_AFTER_DEADLINE');
    const exception = await ok(`${base}/advice-exceptions`, { requestId: request.requestId, exception: 'missed_appointment', reason: 'Missed the clinic appointment', appliedOn: '2025-04-15' });
    expect(await dataOf(started.streamId, exception.eventIds[0]!)).toMatchObject({ exception: 'missed_appointment', appliedOn: '2025-04-15' });
  });

  it('asks for preparation-for-adulthood advice for a child in Year 10 on the date of the request, not for Year 8', async () => {
    const year10 = await childBornOn('2009-11-20'); // Year 10 in 2024/25
    const year8 = await childBornOn('2011-11-20');
    const pfa = { adviserType: 'preparation_for_adulthood', adviserAgency: 'social_care', adviserOrganisationId: organisationOf.social_worker, occurredAt: at('2025-03-10') };
    const a = await ok('/v1/ehc-assessments', { childId: year10, kind: 'needs_assessment', requestedBy: 'young_person', occurredAt: at('2025-03-03') });
    await ok(`/v1/ehc-assessments/${a.entityId}/advice-requests`, pfa);
    const b = await ok('/v1/ehc-assessments', { childId: year8, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2025-03-03') });
    await refused(`/v1/ehc-assessments/${b.entityId}/advice-requests`, pfa, 422, 'PREPARATION_FOR_ADULTHOOD_BEFORE_YEAR_9');
  });

  it('takes section A from the parent\'s advice only', async () => {
    const childId = await childBornOn('2016-05-01');
    const started = await ok('/v1/ehc-assessments', { childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at('2025-03-03') });
    const base = `/v1/ehc-assessments/${started.entityId}`;
    const parent = await ok(`${base}/advice-requests`, { adviserType: 'parent_young_person', adviserAgency: 'education', adviserOrganisationId: organisationOf.education_practitioner, occurredAt: at('2025-03-10') });
    const school = await ok(`${base}/advice-requests`, { adviserType: 'education', adviserAgency: 'education', adviserOrganisationId: organisationOf.education_practitioner, occurredAt: at('2025-03-10') });
    await ok(`${base}/advice`, { requestId: parent.requestId, sections: { A: 'Noor loves drawing and wants to be an illustrator' }, occurredAt: at('2025-04-01') }, 'education_practitioner');
    await refused(`${base}/advice`, { requestId: school.requestId, sections: { A: 'x' }, occurredAt: at('2025-04-01') }, 403, 'AGENCY_MISMATCH', 'education_practitioner');
  });
});
