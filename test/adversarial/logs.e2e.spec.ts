import { commandCatalogue } from '@planledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandExamples, pathOf, personal, registration, type Prerequisite } from '../../services/record-api/src/testing/command-examples';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, clinic, outsiderOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';
import { queryLogFlushed, recordLogFlushed } from './support/wait';

/**
 * Personal data in every field of every command, and in every read, through both real processes at
 * LOG_LEVEL=trace: none of it may appear in anything either process writes to stdout or stderr. The
 * record API's logger is tested in-process (services/record-api/src/log-redaction.e2e.spec.ts); this
 * covers the processes as deployed, start-up and shutdown included, and the query API.
 */
let side: RecordSide;
let query: ServiceProcess;
const secrets: string[] = Object.values(personal);

beforeAll(async () => {
  side = await startRecordSide({ LOG_LEVEL: 'trace' });
  await side.register([clinic('org-correlated')]);
  query = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile, env: { LOG_LEVEL: 'trace' } });
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side.close();
});

const leaks = (lines: readonly string[]) => secrets.filter((secret) => lines.some((line) => line.includes(secret)));

describe('logs of the running services', () => {
  it('carry none of the personal data sent to the record API, in any command, accepted or refused', async () => {
    const needs = [...new Set(Object.values(commandExamples).flatMap((example) => example.needs))] as Prerequisite[];
    const world = await side.world(needs);
    let accepted = 0;
    for (const definition of commandCatalogue) {
      const example = commandExamples[definition.name]!;
      const caller = callerOf(definition.roles[0]!);
      const url = pathOf(definition.path, example.params(world));
      const answer = await side.send(url, { as: caller, body: example.body(world, caller) });
      if (answer.statusCode === 201) accepted++;
      // The same body refused three ways: by validation (beside a bad field), by role, and from outside the team.
      await side.send(url, { as: caller, body: { ...example.body(world, caller), occurredAt: personal.dateOfBirth.replace('-03-', '-13-'), extra: personal.childViews } });
      await side.send(url, { as: callerOf('auditor'), body: example.body(world, caller) });
      await side.send(url, { as: outsiderOf(definition.roles[0]!), body: example.body(world, caller) });
    }
    expect(accepted).toBeGreaterThan(commandCatalogue.length / 2);
    // Malformed JSON quoting a name; a name in the query string, a path, headers and the Idempotency-Key; a name as the token.
    await side.send('/v1/children', { as: 'social_worker', body: `{"givenName": "${personal.givenName}", "familyName": "${personal.familyName}`, headers: { 'content-type': 'application/json' } });
    await side.send(`/v1/children?name=${encodeURIComponent(personal.familyName)}&nhs=${personal.nhsNumber}`, { as: 'social_worker', body: registration });
    await side.send(`/v1/family-help-plans/${encodeURIComponent(personal.familyName)}/needs`, { as: 'social_worker', body: { description: personal.need } });
    await side.send('/v1/children', { as: 'social_worker', body: registration, headers: { 'x-child-name': personal.familyName, 'idempotency-key': `${personal.givenName}-${personal.dateOfBirth}` } });
    await side.send('/v1/children', { as: null, body: registration, headers: { authorization: `Bearer ${personal.familyName}` } });
    await side.send('/v1/children', { as: 'social_worker', body: { ...registration, givenName: `${personal.givenName}${'x'.repeat(300_000)}` } });

    await recordLogFlushed(side);
    expect(side.api.lines.filter((line) => line.includes('"request completed"')).length).toBeGreaterThan(commandCatalogue.length * 4);
    expect(leaks(side.api.lines), side.api.lines.filter((line) => secrets.some((secret) => line.includes(secret))).join('\n')).toEqual([]);
    for (const role of ['social_worker', 'send_officer', 'auditor'] as const) {
      const token = await side.client.tokenFor(callerOf(role));
      expect(side.api.lines.some((line) => line.includes(token))).toBe(false);
    }
  }, 120_000);

  it('carry none of the personal data the query API serves or is sent, however the read ends', async () => {
    const world = await side.world(['contributions', 'adviceSubmitted', 'shortBreakDecided', 'auditId']);
    await caughtUp(side.client, query.url, callerOf('auditor'), await side.store.headPosition());
    const everything =
      'query($id: ID!, $plan: ID!, $reason: String) { child(id: $id, reason: $reason) { givenName familyName dateOfBirth nhsNumber upn familyHelpPlans { leadPractitioner { name } disabilityImpacts { impact } childViews { views } familyViews { views } needs { description } outcomes { outcome measure } contributions { support } reviews { summary } closureReason } ehcAssessments { advice { sections { text } exception { reason } moderation { feedback } } reviewMeeting { summary } decision { reasons } } shortBreaks { decision { reasons } challenges { grounds } reviews { summary } } } history(streamId: $plan) { events { data } } }';
    const variables = { id: world.childId, plan: `family-help-plan-${world.planId}`, reason: 'Review meeting' };
    const served = await graphql(side.client, query.url, everything, { as: callerOf('social_worker'), variables });
    expect(served.text).toContain(personal.familyName);
    // Refused from outside the team, with a reason naming the child; personal data as ids, variables and headers.
    await graphql(side.client, query.url, everything, { as: outsiderOf('social_worker'), variables: { ...variables, reason: `Checking on ${personal.givenName} ${personal.familyName}` } });
    await graphql(side.client, query.url, everything, { as: callerOf('social_worker'), variables: { ...variables, id: `${personal.givenName} ${personal.familyName}`, reason: personal.dateOfBirth } });
    await graphql(side.client, query.url, everything, { as: callerOf('social_worker'), variables: { ...variables, reason: `${personal.nhsNumber}\u0000${'x'.repeat(300)}` } });
    await graphql(side.client, query.url, `{ child(id: "${personal.nhsNumber}") { givenName } ${personal.familyName} }`, { as: callerOf('social_worker') });
    await graphql(side.client, query.url, `{ child(id: "${world.childId}") { givenName }`, { as: callerOf('social_worker'), headers: { 'x-read-reason': personal.familyViews } });
    await graphql(side.client, query.url, everything, { as: null, variables, headers: { authorization: `Bearer ${personal.familyName}` } });
    await graphql(side.client, query.url, `{ kpis(from: "${personal.dateOfBirth}", to: "2001-01-01") { adviceWithinSixWeeks { numerator } } }`, { as: callerOf('send_officer') });

    await queryLogFlushed(side.client, query, callerOf('send_officer'));
    expect(query.lines.length).toBeGreaterThan(0);
    expect(leaks(query.lines)).toEqual([]);
    console.log(
      `adversarial: logs: ${side.api.lines.length} record API and ${query.lines.length} query API log lines at trace level, after ${commandCatalogue.length} commands sent 4 ways each and 8 hostile reads: ${leaks(side.api.lines).length + leaks(query.lines).length} of ${secrets.length} personal strings found`,
    );
  }, 120_000);

  it('do not repeat a client-chosen correlation id that carries personal data', async () => {
    const { childId } = await side.world(['childId']);
    const correlationId = `${personal.familyName}-${personal.nhsNumber}`;
    const recordFrom = side.api.lines.length;
    const queryFrom = query.lines.length;
    const before = await side.store.headPosition();
    const answer = await side.send(`/v1/children/${childId}/team-members`, { as: 'team_manager', body: { organisationId: 'org-correlated' }, headers: { 'x-correlation-id': correlationId } });
    // A correlation id must be a UUID: free text is refused (naming the header) and nothing is written.
    expect(answer.statusCode, answer.body).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('API_ERR_CORRELATION_ID_INVALID');
    expect(answer.body).not.toContain(personal.familyName);
    expect(await side.store.headPosition()).toBe(before);
    await caughtUp(side.client, query.url, callerOf('auditor'), await side.store.headPosition());
    const read = await graphql(side.client, query.url, 'query($id: ID!) { child(id: $id) { id } }', { as: outsiderOf('social_worker'), variables: { id: childId }, headers: { 'x-correlation-id': correlationId } });
    expect(read.status).toBe(400);
    expect(read.text).not.toContain(personal.familyName);
    await recordLogFlushed(side);
    await queryLogFlushed(side.client, query, callerOf('social_worker'));
    const written = [...side.api.lines.slice(recordFrom), ...query.lines.slice(queryFrom)];
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((line) => line.includes(personal.familyName) || line.includes(personal.nhsNumber))).toEqual([]);
  });
});
