import { getMemoryEventStore, type EventEnvelope } from '@planledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryErrorCodes } from './errors';
import { callers, startHarness, type Harness } from './testing/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** The plan opens on 1 November 2025, so facts about it may be dated from then. */
async function registerChildWithPlan() {
  const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' });
  const childId = child.entityId;
  const plan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
    occurredAt: '2025-11-01T09:00:00Z',
    childId,
    planType: 'child_in_need',
    leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  return { childId, planId: plan.entityId, planStreamId: plan.streamId };
}

describe('query API', () => {
  it('answers KPIs from the same computation until the log moves, and never across callers who read differently', async () => {
    const { childId } = await registerChildWithPlan();
    await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-la' });
    const started = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId, kind: 'needs_assessment' });
    const query = `{ kpis(from: "2000-01-01", to: "2100-01-01") { takenAt advicePending { streamId } } }`;
    const kpisOf = (answer: { body: { data?: unknown } }) => (answer.body.data as { kpis: { takenAt: string; advicePending: Array<{ streamId: string }> } }).kpis;
    const first = await h.gql(query, { as: callers.auditor });
    expect(kpisOf(first).advicePending).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await h.gql(query, { as: callers.auditor })).body).toEqual(first.body);
    await h.command(callers.sendOfficer, 'requestAdvice', { assessmentId: started.entityId }, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-health' });
    const moved = await h.gql(query, { as: callers.auditor });
    expect(kpisOf(moved).advicePending).toEqual([{ streamId: started.streamId }]);
    expect(kpisOf(moved).takenAt).not.toBe(kpisOf(first).takenAt);
    // Someone outside the child's team asks the same question at the same position: their own figures.
    expect(kpisOf(await h.gql(query, { as: callers.outsider })).advicePending).toEqual([]);
  });

  it('answers a child with their plans to a member of the team', async () => {
    const { childId, planId } = await registerChildWithPlan();
    const answer = await h.gql(`query($id: ID!) { child(id: $id) { id givenName team { organisationId agency } familyHelpPlans { id status completeness { score } } } }`, { variables: { id: childId } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { child: { id: childId, givenName: 'Amira', team: [{ organisationId: 'org-sc', agency: 'social_care' }], familyHelpPlans: [{ id: planId, status: 'open', completeness: { score: 0 } }] } },
    });
  });

  it('answers a Family Help plan by its id or its stream id, with completeness and coverage', async () => {
    const { planId, planStreamId } = await registerChildWithPlan();
    await h.command(callers.socialWorker, 'recordChildViews', { planId }, { views: 'Likes trains.', howGathered: 'direct_conversation' });
    const query = 'query($id: ID!) { familyHelpPlan(id: $id) { id streamId revision childViews { views recorded { by { userId } } } completeness { satisfied applicable } coverage { missing } } }';
    const byId = await h.gql(query, { variables: { id: planId } });
    expect(byId.body.data).toEqual({
      familyHelpPlan: {
        id: planId,
        streamId: planStreamId,
        revision: 1,
        childViews: [{ views: 'Likes trains.', recorded: { by: { userId: 'u-sw' } } }],
        completeness: { satisfied: 1, applicable: 6 },
        coverage: { missing: ['education', 'health', 'social_care'] },
      },
    });
    expect((await h.gql(query, { variables: { id: planStreamId } })).body).toEqual(byId.body);
    expect((await h.gql(query, { variables: { id: 'not-an-id' } })).body).toEqual({ data: { familyHelpPlan: null } });
  });

  it('names the value of a date argument that does not parse, and reads history and integrity by a record\'s id', async () => {
    const bad = await h.gql('query { kpis(from: "2026-13-01", to: "2026-12-31") { from } }', { as: callers.auditor });
    expect(JSON.stringify(bad.body.errors)).toContain('2026-13-01');
    const badInstant = await h.gql('query($id: ID!) { familyHelpPlan(id: $id, asOf: "yesterday") { id } }', { variables: { id: '00000000-0000-4000-8000-000000000001' } });
    expect(JSON.stringify(badInstant.body.errors)).toContain('yesterday');
    const { planId, planStreamId } = await registerChildWithPlan();
    const byId = await h.gql('query($id: ID!) { history(streamId: $id) { streamId events { type } } verifyIntegrity(streamId: $id) { streamId ok eventCount } }', { variables: { id: planId } });
    expect(byId.body.data).toEqual({ history: { streamId: planStreamId, events: [{ type: 'FamilyHelpPlanOpened' }] }, verifyIntegrity: { streamId: planStreamId, ok: true, eventCount: 1 } });
  });

  it('answers an EHC assessment and a short break', async () => {
    const { childId } = await registerChildWithPlan();
    await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-la' });
    const assessment = await h.command(callers.sendOfficer, 'startEhcAssessment', {}, { childId, kind: 'needs_assessment' });
    await h.command(callers.sendOfficer, 'requestAdvice', { assessmentId: assessment.entityId }, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-health' });
    const ehc = await h.gql('query($id: ID!) { ehcAssessment(id: $id) { kind status advice { adviserType organisationId submittedOn } completeness { applicable satisfied } } }', { as: callers.sendOfficer, variables: { id: assessment.entityId } });
    expect(ehc.body.data).toEqual({
      ehcAssessment: { kind: 'needs_assessment', status: 'open', advice: [{ adviserType: 'health', organisationId: 'org-health', submittedOn: null }], completeness: { applicable: 9, satisfied: 4 } },
    });
    // The advice request invited the health organisation, which can now read the assessment.
    expect((await h.gql('query($id: ID!) { ehcAssessment(id: $id) { id } }', { as: callers.health, variables: { id: assessment.entityId } })).body.data).toEqual({ ehcAssessment: { id: assessment.entityId } });

    const shortBreak = await h.command(callers.socialWorker, 'requestShortBreak', {}, { childId, route: 'self_assessment' });
    const sb = await h.gql('query($id: ID!) { shortBreak(id: $id) { route status decision { outcome } completeness { applicable satisfied rules { id satisfied } } } }', { variables: { id: shortBreak.entityId } });
    expect(sb.body.data).toMatchObject({ shortBreak: { route: 'self_assessment', status: 'requested', decision: null, completeness: { applicable: 1, satisfied: 0 } } });
  });

  it('shows the history of a stream with both clocks and corrections linked both ways', async () => {
    const { planId, planStreamId } = await registerChildWithPlan();
    const contribution = await h.command(callers.socialWorker, 'recordContribution', { planId }, { agency: 'social_care', support: 'Support worker', frequency: 'weekly', from: '2026-01-01', occurredAt: '2025-12-01T10:00:00Z' });
    const withdrawal = await h.command(callers.socialWorker, 'withdrawContribution', {}, { streamId: planStreamId, withdrawnEventId: contribution.eventIds[0], reason: 'Entered twice.' });
    const answer = await h.gql('query($s: ID!) { history(streamId: $s) { streamId events { eventId type revision occurredAt recordedAt actor { userId role agency organisationId } corrects correction correctedBy withdrawn } } }', { variables: { s: planStreamId } });
    const events = (answer.body.data as { history: { events: Array<Record<string, unknown>> } }).history.events;
    expect(events.map((e) => e.type)).toEqual(['FamilyHelpPlanOpened', 'AgencyContributionRecorded', 'ContributionWithdrawn']);
    expect(events[1]).toMatchObject({ eventId: contribution.eventIds[0], occurredAt: '2025-12-01T10:00:00Z', correctedBy: [withdrawal.eventIds[0]], withdrawn: true });
    expect(events[1]!.recordedAt).not.toBe(events[1]!.occurredAt);
    expect(events[2]).toMatchObject({ corrects: contribution.eventIds[0], correction: 'withdrawn', actor: { userId: 'u-sw', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc' } });
    // The withdrawn contribution no longer counts.
    const coverage = await h.gql('query($id: ID!) { familyHelpPlan(id: $id) { contributions { support } coverage { missing } } }', { variables: { id: planId } });
    expect(coverage.body.data).toEqual({ familyHelpPlan: { contributions: [], coverage: { missing: ['education', 'health', 'social_care'] } } });
  });

  it('re-computes a stream hash chain and names the first bad event', async () => {
    const { planId, planStreamId } = await registerChildWithPlan();
    await h.command(callers.socialWorker, 'recordChildViews', { planId }, { views: 'Likes trains.', howGathered: 'direct_conversation' });
    const query = 'query($s: ID!) { verifyIntegrity(streamId: $s) { ok eventCount firstBadRevision eventId reason } }';
    expect((await h.gql(query, { variables: { s: planStreamId } })).body.data).toEqual({ verifyIntegrity: { ok: true, eventCount: 2, firstBadRevision: null, eventId: null, reason: null } });

    const log = await h.store.readAll({ maxCount: 10_000 });
    const tampered = log.map((e): EventEnvelope => (e.streamId === planStreamId && e.revision === 1 ? { ...e, data: { ...(e.data as object), views: 'Altered.' } } : e));
    const other = await startHarness({ store: getMemoryEventStore({ events: tampered }) });
    try {
      const answer = await other.gql(query, { variables: { s: planStreamId } });
      expect(answer.body.data).toEqual({ verifyIntegrity: { ok: false, eventCount: 2, firstBadRevision: 1, eventId: tampered.find((e) => e.streamId === planStreamId && e.revision === 1)!.eventId, reason: 'hash_mismatch' } });
    } finally {
      await other.close();
      await other.store.close();
    }
  });

  it('waits for a write the caller has just made before answering (read your writes)', async () => {
    const { childId } = await registerChildWithPlan();
    const position = await h.store.headPosition();
    const status = await h.gql('{ readModels { position ready } }', { headers: { 'x-read-after-position': String(position) } });
    expect(status.body.data).toEqual({ readModels: { position, ready: true } });
    const ahead = await startHarness({ readYourWritesTimeoutMs: 50 });
    try {
      const answer = await ahead.gql('{ readModels { position } }', { headers: { 'x-read-after-position': '1000' } });
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.NOT_READY);
      expect((await ahead.gql('{ readModels { position } }', { headers: { 'x-read-after-position': 'soon' } })).body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.BAD_INPUT);
    } finally {
      await ahead.close();
    }
    expect(childId).toBeTruthy();
  });

  it('pushes each change to a plan to a live subscriber, with completeness after it', async () => {
    const { planId, planStreamId } = await registerChildWithPlan();
    const response = await h.api.yoga.fetch('http://query.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await h.token(callers.socialWorker)}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { planChanged(id: $id) { streamId eventType revision completeness { satisfied } } }', variables: { id: planId } }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The stream starts the subscription when first read; it is listening once the read is in the access log.
    let reading = reader.read();
    const childId = (await h.store.readStream(planStreamId))[0]!.data as { childId: string };
    for (let i = 0; i < 200; i++) {
      const log = await h.store.readStream(`access-log-${childId.childId}`);
      if (log.some((e) => (e.data as { query: string }).query === 'planChanged')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Let the resolver's continuation after the access-log append run (it registers the listener).
    await new Promise((resolve) => setImmediate(resolve));
    await h.command(callers.socialWorker, 'recordChildViews', { planId }, { views: 'Likes trains.', howGathered: 'direct_conversation' });
    while (!text.includes('"eventType"')) {
      const { value, done } = await reading;
      if (done) break;
      text += decoder.decode(value);
      reading = reader.read();
    }
    await reader.cancel();
    const payload = JSON.parse(text.split('\n').find((line) => line.startsWith('data: ') && line.includes('planChanged'))!.slice('data: '.length));
    expect(payload).toEqual({ data: { planChanged: { streamId: planStreamId, eventType: 'ChildViewsRecorded', revision: 1, completeness: { satisfied: 1 } } } });
  });

  it('refuses a subscription to a plan outside the team as not found', async () => {
    const { planId } = await registerChildWithPlan();
    const response = await h.api.yoga.fetch('http://query.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${await h.token(callers.outsider)}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { planChanged(id: $id) { streamId } }', variables: { id: planId } }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.NOT_FOUND);
  });

  it('refuses a caller without a token with 401 and a stable code', async () => {
    const answer = await h.gql('{ readModels { ready } }', { token: null });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.UNAUTHENTICATED);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect((await h.gql('{ readModels { ready } }', { token: 'not.a.jwt' })).status).toBe(401);
  });
});
