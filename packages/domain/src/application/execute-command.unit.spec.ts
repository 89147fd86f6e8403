import type { EventStore } from '@planledger/event-store';
import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { NOT_FOUND_MESSAGE } from '../access/policy';
import { childRegistration, siblingRegistration } from '../testing/fixtures';
import type { Scenario } from '../testing/scenario';
import { buildScenario, now, people } from '../testing/scenario';
import type { Caller, CommandRequest } from './contract';
import { DomainErrorCodes } from './contract';
import { executeCommand } from './execute-command';

const fresh = async () => {
  const store = getMemoryEventStore({ now });
  return { store, scenario: await buildScenario(store) };
};

/** Runs the request, expects a refusal matching `error`, and proves the log did not move. */
async function expectNothingWritten(store: EventStore, request: CommandRequest, error: Record<string, unknown>, options: Parameters<typeof executeCommand>[2] = { now }) {
  const head = await store.headPosition();
  let thrown: unknown;
  await executeCommand(store, request, options).catch((e: unknown) => (thrown = e));
  expect(thrown).toMatchObject(error);
  expect(await store.headPosition()).toBe(head);
  return thrown as { issues?: Array<{ path: string; message: string }>; currentRevision?: number; message: string };
}

const needRequest = (s: Scenario, extra: Partial<CommandRequest> = {}): CommandRequest => ({
  command: 'recordNeed',
  params: { planId: s.planId },
  body: { description: 'Overnight support' },
  caller: people.socialWorker,
  ...extra,
});

describe('executeCommand: validation', () => {
  it('answers UNKNOWN_COMMAND for a command not in the catalogue', async () => {
    const { store } = await fresh();
    await expectNothingWritten(store, { command: 'deleteChild', params: {}, body: {}, caller: people.socialWorker }, { code: DomainErrorCodes.UNKNOWN_COMMAND });
  });

  it('names every failing field of params and body, unknown fields included', async () => {
    const { store } = await fresh();
    const error = await expectNothingWritten(
      store,
      {
        command: 'openFamilyHelpPlan',
        params: {},
        body: { childId: 'not-a-uuid', planType: 'respite', leadPractitioner: { userId: 'u', name: 'n', organisationId: 'o', agency: 'police' }, colour: 'red' },
        caller: people.socialWorker,
      },
      { code: DomainErrorCodes.VALIDATION },
    );
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['body.childId', 'body.colour', 'body.leadPractitioner.agency', 'body.planType']);
  });

  it('names an unknown EHC plan section', async () => {
    const { store, scenario } = await fresh();
    const error = await expectNothingWritten(
      store,
      { command: 'submitAdvice', params: { assessmentId: scenario.assessmentId }, body: { requestId: scenario.healthRequestId, sections: { C: 'x', Z: 'y' } }, caller: people.health },
      { code: DomainErrorCodes.VALIDATION },
    );
    expect(error.issues).toEqual([{ path: 'body.sections.Z', message: 'unknown field' }]);
  });

  it('names a bad route parameter and a missing body', async () => {
    const { store } = await fresh();
    const error = await expectNothingWritten(store, { command: 'recordNeed', params: { planId: '42' }, body: undefined, caller: people.socialWorker }, { code: DomainErrorCodes.VALIDATION });
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['body', 'params.planId']);
  });

  it('checks the NHS number check digit, the UPN check letter and the SEN2 code', async () => {
    const { store } = await fresh();
    const error = await expectNothingWritten(
      store,
      { command: 'registerChild', params: {}, body: { ...childRegistration, nhsNumber: '9434765918', upn: 'A801200001001', primaryNeed: 'ADHD' }, caller: people.socialWorker },
      { code: DomainErrorCodes.VALIDATION },
    );
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['body.nhsNumber', 'body.primaryNeed', 'body.upn']);
  });

  it('refuses a date of birth in the future and an occurredAt in the future', async () => {
    const { store, scenario } = await fresh();
    const dob = await expectNothingWritten(store, { command: 'registerChild', params: {}, body: { ...childRegistration, dateOfBirth: '2025-07-01' }, caller: people.socialWorker }, { code: DomainErrorCodes.VALIDATION });
    expect(dob.issues).toEqual([{ path: 'body.dateOfBirth', message: 'must not be in the future' }]);
    const occurred = await expectNothingWritten(store, needRequest(scenario, { body: { description: 'x', occurredAt: '2025-06-02T10:00:00Z' } }), { code: DomainErrorCodes.VALIDATION });
    expect(occurred.issues).toEqual([{ path: 'body.occurredAt', message: 'must not be in the future' }]);
  });

  it('records occurredAt as given, or now when absent', async () => {
    const { store, scenario } = await fresh();
    const given = await executeCommand(store, needRequest(scenario, { body: { description: 'x', occurredAt: '2025-05-30T14:00:00+01:00' } }), { now });
    const absent = await executeCommand(store, needRequest(scenario), { now });
    const events = await store.readStream(given.streamId);
    expect(events.find((e) => e.eventId === given.eventIds[0])?.occurredAt).toBe('2025-05-30T14:00:00+01:00');
    expect(events.find((e) => e.eventId === absent.eventIds[0])?.occurredAt).toBe(now().toISOString());
  });
});

describe('executeCommand: access', () => {
  it('forbids writing another agency\'s contribution', async () => {
    const { store, scenario } = await fresh();
    await expectNothingWritten(
      store,
      { command: 'recordContribution', params: { planId: scenario.planId }, body: { agency: 'social_care', support: 's', frequency: 'f', from: '2025-06-01' }, caller: people.health },
      { code: DomainErrorCodes.FORBIDDEN, rule: 'AGENCY_MISMATCH' },
    );
  });

  it('forbids submitting advice requested from another agency', async () => {
    const { store, scenario } = await fresh();
    await expectNothingWritten(
      store,
      { command: 'submitAdvice', params: { assessmentId: scenario.assessmentId }, body: { requestId: scenario.socialCareRequestId, sections: { C: 'x' } }, caller: people.health },
      { code: DomainErrorCodes.FORBIDDEN, rule: 'AGENCY_MISMATCH' },
    );
  });

  it('answers the same NOT_FOUND for a record that does not exist and one outside the caller\'s team', async () => {
    const { store, scenario } = await fresh();
    const missing = await expectNothingWritten(store, { ...needRequest(scenario), params: { planId: '00000000-0000-4000-8000-000000000001' } }, { code: DomainErrorCodes.NOT_FOUND });
    const outside = await expectNothingWritten(store, needRequest(scenario, { caller: people.outsider }), { code: DomainErrorCodes.NOT_FOUND });
    const noChild = await expectNothingWritten(
      store,
      { command: 'requestShortBreak', params: {}, body: { childId: '00000000-0000-4000-8000-000000000002', route: 'local_offer' }, caller: people.socialWorker },
      { code: DomainErrorCodes.NOT_FOUND },
    );
    expect(new Set([missing.message, outside.message, noChild.message])).toEqual(new Set([NOT_FOUND_MESSAGE]));
  });

  it('answers NOT_FOUND, not FORBIDDEN, to an outsider whose agency does not match', async () => {
    const { store, scenario } = await fresh();
    await expectNothingWritten(
      store,
      { command: 'recordContribution', params: { planId: scenario.planId }, body: { agency: 'health', support: 's', frequency: 'f', from: '2025-06-01' }, caller: people.outsider },
      { code: DomainErrorCodes.NOT_FOUND },
    );
  });

  it('refuses a domain rule with its name and writes nothing', async () => {
    const { store, scenario } = await fresh();
    await scenario.run('closeFamilyHelpPlan', people.teamManager, { reason: 'needs_met' }, { planId: scenario.planId });
    await expectNothingWritten(store, needRequest(scenario), { code: DomainErrorCodes.RULE, rule: 'PLAN_CLOSED' });
  });
});

describe('executeCommand: time that makes sense', () => {
  it('refuses a fact dated before the record it belongs to began (a need before its plan), and writes nothing', async () => {
    const { store, scenario } = await fresh();
    // The plan was opened on 1 May 2025.
    const refused = await expectNothingWritten(store, needRequest(scenario, { body: { description: 'x', occurredAt: '2025-04-30T12:00:00Z' } }), { code: DomainErrorCodes.RULE, rule: 'BEFORE_RECORD_BEGAN' });
    expect(refused.message).toContain('2025-05-01');
    await expect(executeCommand(store, needRequest(scenario, { body: { description: 'x', occurredAt: '2025-05-01T08:00:00Z' } }), { now })).resolves.toMatchObject({ revision: expect.any(Number) });
  });

  it('gives the same due dates for the same instant written with Z or +01:00, and dates a summer "now" just after midnight today', async () => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const start = (occurredAt: string) => scenario.run('startEhcAssessment', people.sendOfficer, { childId: scenario.childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt });
    const dueOf = async (streamId: string) => {
      const { startedOn, decisionToAssessDueOn, decisionNotToIssueDueOn, finalPlanDueOn } = (await store.readStream(streamId))[0]!.data as Record<string, string>;
      return { startedOn, decisionToAssessDueOn, decisionNotToIssueDueOn, finalPlanDueOn };
    };
    const z = await dueOf((await start('2025-05-31T23:30:00Z')).streamId);
    const bst = await dueOf((await start('2025-06-01T00:30:00+01:00')).streamId);
    expect(z).toMatchObject({ startedOn: '2025-06-01', finalPlanDueOn: '2025-10-19' });
    expect(bst).toEqual(z);
    const justAfterMidnight = () => new Date('2025-06-01T23:20:00Z'); // 00:20 on 2 June in London
    const started = await executeCommand(store, { command: 'startEhcAssessment', params: {}, body: { childId: scenario.childId, kind: 'needs_assessment' }, caller: people.sendOfficer }, { now: justAfterMidnight });
    expect(await dueOf(started.streamId)).toMatchObject({ startedOn: '2025-06-02' });
  });
});

describe('executeCommand: an advice request invites its adviser, in one append', () => {
  const psychologist: Caller = { userId: 'ep-1', role: 'education_practitioner', agency: 'education', organisationId: 'ep-service' };
  const epAdvice = { sections: { B: 'Processes spoken language slowly', F: 'Visual timetable, small group work' } };
  const requestEp = (s: Scenario, extra: Partial<CommandRequest> = {}): CommandRequest => ({
    command: 'requestAdvice',
    params: { assessmentId: s.assessmentId },
    body: { adviserType: 'educational_psychologist', adviserAgency: 'education', adviserOrganisationId: psychologist.organisationId },
    caller: people.sendOfficer,
    ...extra,
  });

  it('given an open assessment, when advice is requested from a new organisation, then one AdviceRequested naming it is the only event written', async () => {
    const { store, scenario } = await fresh();
    const head = await store.headPosition();
    const result = await executeCommand(store, requestEp(scenario), { now });
    const written = await store.readAll({ after: head });
    expect(written.map((e) => [e.streamId, e.type])).toEqual([[`ehc-assessment-${scenario.assessmentId}`, 'AdviceRequested']]);
    expect(result.eventIds).toEqual([written[0]!.eventId]);
    expect(written[0]!.data).toMatchObject({ childId: scenario.childId, adviserAgency: 'education', adviserOrganisationId: 'ep-service' });
  });

  it('lets the invited organisation submit its advice to that assessment with no TeamMemberAdded in the child\'s stream', async () => {
    const { store, scenario } = await fresh();
    const request = await executeCommand(store, requestEp(scenario), { now });
    const requestId = ((await store.readStream(request.streamId)).find((e) => e.eventId === request.eventIds[0])!.data as { requestId: string }).requestId;
    const childEvents = await store.readStream(`child-${scenario.childId}`);
    expect(childEvents.filter((e) => (e.data as { organisationId?: string }).organisationId === 'ep-service')).toEqual([]);
    const advice = await scenario.run('submitAdvice', psychologist, { requestId, ...epAdvice }, { assessmentId: scenario.assessmentId });
    expect(advice.eventIds).toHaveLength(1);
    // Its own advice stays its own to withdraw, on the same assessment.
    const withdrawn = await scenario.run('withdrawContribution', psychologist, { streamId: request.streamId, withdrawnEventId: advice.eventIds[0], reason: 'Sent for the wrong child' });
    expect(withdrawn.streamId).toBe(request.streamId);
  });

  it('answers NOT_FOUND, writing nothing, to an organisation neither in the team nor invited by the assessment', async () => {
    const { store, scenario } = await fresh();
    await executeCommand(store, requestEp(scenario), { now });
    const stranger: Caller = { ...psychologist, userId: 'ep-9', organisationId: 'other-ep-service' };
    const requestId = ((await store.readStream(`ehc-assessment-${scenario.assessmentId}`)).at(-1)!.data as { requestId: string }).requestId;
    const refused = await expectNothingWritten(store, { command: 'submitAdvice', params: { assessmentId: scenario.assessmentId }, body: { requestId, ...epAdvice }, caller: stranger }, { code: DomainErrorCodes.NOT_FOUND });
    expect(refused.message).toBe(NOT_FOUND_MESSAGE);
  });

  it('keeps an organisation that is only an adviser out of the child\'s other records until addTeamMember adds it', async () => {
    const { store, scenario } = await fresh();
    await executeCommand(store, requestEp(scenario), { now });
    const contribution: CommandRequest = { command: 'recordContribution', params: { planId: scenario.planId }, body: { agency: 'education', support: 'Assessment', frequency: 'once', from: '2025-06-01' }, caller: psychologist };
    await expectNothingWritten(store, contribution, { code: DomainErrorCodes.NOT_FOUND, message: NOT_FOUND_MESSAGE });
    await expectNothingWritten(store, { command: 'requestShortBreak', params: {}, body: { childId: scenario.childId, route: 'local_offer' }, caller: { ...psychologist, role: 'social_worker', agency: 'social_care' } }, { code: DomainErrorCodes.FORBIDDEN, rule: 'AGENCY_NOT_ORGANISATIONS' });
    // Another assessment of the same child did not invite it either.
    const other = await scenario.run('startEhcAssessment', people.sendOfficer, { childId: scenario.childId, kind: 'needs_assessment' });
    await expectNothingWritten(store, { command: 'recordAdviceException', params: { assessmentId: other.entityId }, body: { requestId: scenario.healthRequestId, exception: 'absent_from_area', reason: 'r' }, caller: { ...psychologist, role: 'send_officer' } }, { code: DomainErrorCodes.FORBIDDEN, rule: 'ROLE_NOT_FOR_ORGANISATION_KIND' });
    // An invited adviser may touch its own request's advice only, even on the assessment that invited it.
    await expectNothingWritten(store, { command: 'recordContribution', params: { planId: scenario.planId }, body: { agency: 'education', support: 'x', frequency: 'once', from: '2025-06-01' }, caller: psychologist }, { code: DomainErrorCodes.NOT_FOUND });
    await scenario.run('addTeamMember', people.teamManager, { organisationId: psychologist.organisationId }, { childId: scenario.childId });
    expect((await executeCommand(store, contribution, { now })).eventIds).toHaveLength(1);
  });

  it('writes nothing when the request is refused', async () => {
    const { store, scenario } = await fresh();
    await expectNothingWritten(store, requestEp(scenario, { body: { adviserType: 'health', adviserAgency: 'education', adviserOrganisationId: 'ep-service' } }), { code: DomainErrorCodes.RULE, rule: 'ADVISER_AGENCY_MISMATCH' });
    await expectNothingWritten(store, requestEp(scenario, { caller: { ...people.sendOfficer, organisationId: 'other-council-send' } }), { code: DomainErrorCodes.NOT_FOUND });
    await executeCommand(store, requestEp(scenario), { now });
    await expectNothingWritten(store, requestEp(scenario), { code: DomainErrorCodes.RULE, rule: 'ADVICE_ALREADY_REQUESTED' });
  });

  it('answers a retry with the same Idempotency-Key from the one event already written', async () => {
    const { store, scenario } = await fresh();
    const first = await executeCommand(store, requestEp(scenario, { idempotencyKey: 'ep-request' }), { now });
    const head = await store.headPosition();
    const retry = await executeCommand(store, requestEp(scenario, { idempotencyKey: 'ep-request' }), { now });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.headPosition()).toBe(head);
  });
});

/** Lets another writer append to the target stream just before each of our first `times` appends. */
function withRival(store: EventStore, rival: () => Promise<unknown>, times = 1): EventStore {
  let left = times;
  return {
    ...store,
    async append(streamId, events, expected) {
      if (left > 0) {
        left--;
        await rival();
      }
      return store.append(streamId, events, expected);
    },
  };
}

describe('executeCommand: concurrency', () => {
  it('with If-Match, answers CONFLICT with the current revision when the stream has moved on', async () => {
    const { store, scenario } = await fresh();
    const revision = await store.streamRevision(`family-help-plan-${scenario.planId}`);
    await scenario.run('recordNeed', people.socialWorker, { description: 'first' }, { planId: scenario.planId });
    const error = await expectNothingWritten(store, needRequest(scenario, { expectedRevision: revision }), { code: DomainErrorCodes.CONFLICT });
    expect(error.currentRevision).toBe(revision + 1);
  });

  it('with If-Match, answers CONFLICT when a rival wins between read and append', async () => {
    const { store, scenario } = await fresh();
    const revision = await store.streamRevision(`family-help-plan-${scenario.planId}`);
    const racing = withRival(store, () => executeCommand(store, needRequest(scenario), { now }));
    let thrown: unknown;
    await executeCommand(racing, needRequest(scenario, { expectedRevision: revision, body: { description: 'mine' } }), { now }).catch((e: unknown) => (thrown = e));
    expect(thrown).toMatchObject({ code: DomainErrorCodes.CONFLICT, currentRevision: revision + 1 });
    const events = await store.readStream(`family-help-plan-${scenario.planId}`);
    expect(events.map((e) => (e.data as { description?: string }).description)).not.toContain('mine');
  });

  it('without If-Match, re-reads and re-decides when a rival wins', async () => {
    const { store, scenario } = await fresh();
    const revision = await store.streamRevision(`family-help-plan-${scenario.planId}`);
    const racing = withRival(store, () => executeCommand(store, needRequest(scenario), { now }));
    const result = await executeCommand(racing, needRequest(scenario, { body: { description: 'mine' } }), { now });
    expect(result.revision).toBe(revision + 2);
  });

  it('without If-Match, re-decides against the rival\'s write and refuses what it now forbids', async () => {
    const { store, scenario } = await fresh();
    const racing = withRival(store, () => scenario.run('closeFamilyHelpPlan', people.teamManager, { reason: 'needs_met' }, { planId: scenario.planId }));
    const head = await store.headPosition();
    await expect(executeCommand(racing, needRequest(scenario), { now })).rejects.toMatchObject({ code: DomainErrorCodes.RULE, rule: 'PLAN_CLOSED' });
    expect(await store.headPosition()).toBe(head + 1);
  });

  it('gives up with CONFLICT after a bounded number of lost races', async () => {
    const { store, scenario } = await fresh();
    const racing = withRival(store, () => executeCommand(store, needRequest(scenario), { now }), 100);
    const before = await store.readStream(`family-help-plan-${scenario.planId}`);
    await expect(executeCommand(racing, needRequest(scenario, { body: { description: 'mine' } }), { now, maxAttempts: 3 })).rejects.toMatchObject({ code: DomainErrorCodes.CONFLICT });
    const after = await store.readStream(`family-help-plan-${scenario.planId}`);
    expect(after.length - before.length).toBe(3);
    expect(after.map((e) => (e.data as { description?: string }).description)).not.toContain('mine');
  });
});

describe('executeCommand: Idempotency-Key', () => {
  it('answers a retried request with the first answer and writes once, even on another clock', async () => {
    const { store, scenario } = await fresh();
    const first = await executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-1' }), { now });
    const head = await store.headPosition();
    const later = () => new Date(now().getTime() + 60_000);
    const retry = await executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-1' }), { now: later });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.headPosition()).toBe(head);
  });

  it('replays a creating command onto the same new stream', async () => {
    const { store } = await fresh();
    const request: CommandRequest = { command: 'registerChild', params: {}, body: siblingRegistration, caller: people.socialWorker, idempotencyKey: 'register-zara' };
    const first = await executeCommand(store, request, { now });
    const retry = await executeCommand(store, request, { now });
    expect(retry.entityId).toBe(first.entityId);
    expect(retry.replayed).toBe(true);
    expect(await store.readStream(first.streamId)).toHaveLength(1);
  });

  it('refuses the same key with a different body and writes nothing', async () => {
    const { store, scenario } = await fresh();
    await executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-2' }), { now });
    await expectNothingWritten(store, needRequest(scenario, { idempotencyKey: 'k-2', body: { description: 'something else' } }), { code: DomainErrorCodes.IDEMPOTENCY_KEY_REUSED });
  });

  it('keeps keys apart per user', async () => {
    const { store, scenario } = await fresh();
    const mine = await executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-3' }), { now });
    const theirs = await executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-3', caller: people.teamManager }), { now });
    expect(theirs.replayed).toBe(false);
    expect(theirs.eventIds).not.toEqual(mine.eventIds);
  });

  it('writes once when the same request races itself', async () => {
    const { store, scenario } = await fresh();
    const head = await store.headPosition();
    const results = await Promise.all([1, 2, 3].map(() => executeCommand(store, needRequest(scenario, { idempotencyKey: 'k-4' }), { now })));
    // Each answer names the one event written (a race lost inside the store's own retry check may still say replayed: false).
    expect(new Set(results.map((r) => r.eventIds[0])).size).toBe(1);
    expect(await store.headPosition()).toBe(head + 1);
  });

  it('without a key, the same request writes twice', async () => {
    const { store, scenario } = await fresh();
    const a = await executeCommand(store, needRequest(scenario), { now });
    const b = await executeCommand(store, needRequest(scenario), { now });
    expect(b.revision).toBe(a.revision + 1);
  });

  it('stamps each event with the actor, the correlation id given and the request as causation', async () => {
    const { store, scenario } = await fresh();
    const result = await executeCommand(store, needRequest(scenario, { correlationId: 'corr-1' }), { now });
    const event = (await store.readStream(result.streamId)).find((e) => e.eventId === result.eventIds[0])!;
    expect(event.correlationId).toBe('corr-1');
    expect(event.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.actor).toEqual(people.socialWorker);
  });
});
