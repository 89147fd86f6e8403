import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessLogStreamOf } from './access/access-log-event';
import { callers, startHarness, type Harness } from './testing/harness';

let h: Harness;
let childId: string;
let planId: string;

beforeEach(async () => {
  h = await startHarness();
  const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Zainab', familyName: 'Privateperson', dateOfBirth: '2016-09-14', nhsNumber: '9434765919', primaryNeed: 'PMLD' });
  childId = child.entityId;
  const plan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
    childId,
    planType: 'family_help',
    leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  planId = plan.entityId;
});
afterEach(async () => {
  await h.close();
});

const accessLog = async (id: string) => (await h.store.readStream(accessLogStreamOf(id))).map((e) => ({ actor: e.actor.organisationId, ...(e.data as object) }));

describe('read rules', () => {
  it('refuses an organisation outside the team with an answer identical to a missing record, and logs the refusal', async () => {
    const query = 'query($id: ID!) { child(id: $id) { id givenName } }';
    const refused = await h.gql(query, { as: callers.outsider, variables: { id: childId } });
    const missing = await h.gql(query, { as: callers.outsider, variables: { id: randomUUID() } });
    expect(refused.status).toBe(missing.status);
    expect(refused.body).toEqual({ data: { child: null } });
    expect(missing.body).toEqual(refused.body);

    const planQuery = 'query($id: ID!) { familyHelpPlan(id: $id) { id } }';
    expect((await h.gql(planQuery, { as: callers.outsider, variables: { id: planId } })).body).toEqual({ data: { familyHelpPlan: null } });
    expect((await h.gql('query($s: ID!) { history(streamId: $s) { streamId } }', { as: callers.outsider, variables: { s: `child-${childId}` } })).body).toEqual({ data: { history: null } });

    expect(await accessLog(childId)).toEqual([
      { actor: 'org-elsewhere', childId, query: 'child', streamId: `child-${childId}`, outcome: 'refused' },
      { actor: 'org-elsewhere', childId, query: 'familyHelpPlan', streamId: `family-help-plan-${planId}`, outcome: 'refused' },
      { actor: 'org-elsewhere', childId, query: 'history', streamId: `child-${childId}`, outcome: 'refused' },
    ]);
    const refusals = h.logs.filter((line) => line.includes('"read_refused"'));
    expect(refusals).toHaveLength(3);
    expect(JSON.parse(refusals[0]!)).toMatchObject({ level: 40, userId: 'u-out', organisationId: 'org-elsewhere', childId, query: 'child' });
  });

  it('lets a team member and any auditor read, and records who, why (a reason code) and what', async () => {
    const query = 'query($id: ID!, $reason: ReadReason) { child(id: $id, reason: $reason) { id } }';
    expect((await h.gql(query, { variables: { id: childId, reason: 'DIRECT_WORK' } })).body).toEqual({ data: { child: { id: childId } } });
    expect((await h.gql(query, { as: callers.auditor, variables: { id: childId }, headers: { 'x-read-reason': 'audit' } })).body).toEqual({ data: { child: { id: childId } } });
    const log = await h.store.readStream(accessLogStreamOf(childId));
    expect(log.map((e) => [e.actor.userId, e.actor.role, (e.data as { outcome: string; reason?: string }).outcome, (e.data as { reason?: string }).reason])).toEqual([
      ['u-sw', 'social_worker', 'granted', 'direct_work'],
      ['u-aud', 'auditor', 'granted', 'audit'],
    ]);
  });

  it('an organisation invited into the team can read from then on', async () => {
    const query = 'query($id: ID!) { familyHelpPlan(id: $id) { id } }';
    expect((await h.gql(query, { as: callers.health, variables: { id: planId } })).body.data).toEqual({ familyHelpPlan: null });
    await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-health' });
    expect((await h.gql(query, { as: callers.health, variables: { id: planId } })).body.data).toEqual({ familyHelpPlan: { id: planId } });
  });

  it('an organisation removed from the team reads nothing from the removal on', async () => {
    const query = 'query($id: ID!) { familyHelpPlan(id: $id) { id } }';
    await h.command(callers.teamManager, 'addTeamMember', { childId }, { organisationId: 'org-health' });
    expect((await h.gql(query, { as: callers.health, variables: { id: planId } })).body.data).toEqual({ familyHelpPlan: { id: planId } });
    await h.command(callers.teamManager, 'removeTeamMember', { childId }, { organisationId: 'org-health', reason: 'Discharged from the service' });
    expect((await h.gql(query, { as: callers.health, variables: { id: planId } })).body.data).toEqual({ familyHelpPlan: null });
    const team = await h.gql('query($id: ID!) { child(id: $id) { team { organisationId } } }', { variables: { id: childId } });
    expect(team.body.data).toEqual({ child: { team: [{ organisationId: 'org-sc' }] } });
  });

  // DESIGN.md section 2: "a caller's role, agency and organisation must agree with the organisation register".
  it.each([
    ['an organisation the register does not hold', { ...callers.socialWorker, organisationId: 'org-nowhere' }, 'ORGANISATION_NOT_REGISTERED'],
    ['a token agency that is not the organisation\'s', { ...callers.auditor, agency: 'health' as const }, 'AGENCY_NOT_ORGANISATIONS'],
    ['a role that does not work in that kind of organisation', { ...callers.health, organisationId: 'org-school', agency: 'education' as const }, 'ROLE_NOT_FOR_ORGANISATION_KIND'],
  ])('refuses %s with 403 and the rule, before reading or logging anything', async (_label, caller, rule) => {
    const answer = await h.gql('query($id: ID!) { child(id: $id) { id givenName } }', { as: caller, variables: { id: childId } });
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QL_ERR_FORBIDDEN', rule });
    expect(JSON.stringify(answer.body)).not.toContain('Zainab');
    expect(await h.store.readStream(accessLogStreamOf(childId))).toEqual([]);
  });

  it('refuses a retired organisation\'s token from its retirement on', async () => {
    const query = 'query($id: ID!) { child(id: $id) { id } }';
    expect((await h.gql(query, { as: callers.education, variables: { id: childId } })).status).toBe(200);
    await h.command({ userId: 'admin', role: 'partnership_administrator', agency: 'education', organisationId: 'org-test-partnership' }, 'retireOrganisation', {}, { organisationId: 'org-school', reason: 'Closed' });
    const answer = await h.gql(query, { as: callers.education, variables: { id: childId } });
    expect([answer.status, answer.body.errors?.[0]?.extensions?.rule]).toEqual([403, 'ORGANISATION_RETIRED']);
  });

  it('lets a partnership administrator list the register and read no child', async () => {
    const administrator = { userId: 'admin', role: 'partnership_administrator', agency: 'education', organisationId: 'org-test-partnership' } as const;
    const answer = await h.gql('query($id: ID!) { child(id: $id) { id } organisations { id kind agency active } }', { as: administrator, variables: { id: childId } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.['child']).toBeNull();
    expect(answer.body.data?.['organisations']).toEqual(expect.arrayContaining([{ id: 'org-school', kind: 'school', agency: 'education', active: true }, { id: 'org-test-partnership', kind: 'partnership_office', agency: 'education', active: true }]));
  });

  it('never writes personal data to the logs or the access log', async () => {
    await h.gql('query($id: ID!) { child(id: $id) { givenName familyName dateOfBirth nhsNumber } }', { variables: { id: childId } });
    await h.gql('query($id: ID!) { child(id: $id) { givenName } }', { as: callers.outsider, variables: { id: childId } });
    await h.gql('query($id: ID!) { child(id: $id) { givenName } }', { variables: { id: 'Zainab Privateperson' } });
    const answer = await h.gql('query($id: ID!) { child(id: $id) { givenName } }', { variables: { id: childId } });
    expect(answer.body.data).toEqual({ child: { givenName: 'Zainab' } });
    const written = h.logs.join('\n') + JSON.stringify(await h.store.readStream(accessLogStreamOf(childId)));
    for (const personal of ['Zainab', 'Privateperson', '2016-09-14', '9434765919']) expect(written).not.toContain(personal);
  });

  it('refuses a free-text reason, in the argument or the header, before reading anything', async () => {
    const typed = await h.gql('query($id: ID!, $r: ReadReason) { child(id: $id, reason: $r) { id } }', { variables: { id: childId, r: 'Checking on Zainab' } });
    expect(typed.status).toBe(400);
    expect(typed.body.data).toBeUndefined();
    const header = await h.gql('query($id: ID!) { child(id: $id) { id } }', { variables: { id: childId }, headers: { 'x-read-reason': 'Checking on Zainab' } });
    expect(header.body.errors?.[0]?.extensions?.code).toBe('QL_ERR_BAD_INPUT');
    expect(await h.store.readStream(accessLogStreamOf(childId))).toEqual([]);
  });
});
