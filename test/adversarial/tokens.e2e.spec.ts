import { hostileTokens } from '@planledger/identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client';
import { callerOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';
import { queryLogFlushed, recordLogFlushed } from './support/wait';

/**
 * Every kind of bad token against both real processes on one store: the record API's refusals are
 * covered in-process (services/record-api/src/bearer-tokens.e2e.spec.ts); here each is also sent to the
 * query API, nothing may be written to the log by either (no event, no access-log entry), and each
 * refusal must show up in the process's own log output.
 */
let side: RecordSide;
let query: ServiceProcess;
let childId: string;

beforeAll(async () => {
  side = await startRecordSide();
  ({ childId } = await side.world(['childId']));
  query = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile });
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side.close();
});

const cases = hostileTokens(() => side.client.identity).map((t) => [t.name, t.make, t.code] as const);

/** Both files: the record (the record API's) and the access log (the query API's). */
const heads = async () => ({ record: await side.store.headPosition(), accessLog: await side.accessLogHead() });

const linesAfter = (service: ServiceProcess, from: number) => service.lines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('bad bearer tokens against both services', () => {
  let refusedRecord = 0;
  let refusedQuery = 0;
  let loggedRecord = 0;
  let loggedQuery = 0;
  let written = 0;
  afterAll(() => {
    console.log(
      `adversarial: tokens: ${cases.length} kinds of bad token: record API ${refusedRecord}/${cases.length} refused 401 (${loggedRecord} logged), query API ${refusedQuery}/${cases.length} refused 401 (${loggedQuery} logged), ${written} events written`,
    );
  });

  const unloggedByQuery: string[] = [];

  it.each(cases)('%s: 401 from both, nothing written, the record API logs the refusal', async (name, make, code) => {
    const token = await make();
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const before = await heads();
    const recordFrom = side.api.lines.length;
    const queryFrom = query.lines.length;

    const command = await side.send('/v1/children', { as: null, body: { givenName: 'Amira', familyName: 'Tokenless', dateOfBirth: '2014-05-01', primaryNeed: 'ASD' }, headers });
    expect(command.statusCode).toBe(401);
    expect(command.json().error.code).toBe(code);
    refusedRecord++;

    const read = await graphql(side.client, query.url, 'query($id: ID!) { child(id: $id) { id givenName } }', { as: null, variables: { id: childId }, headers });
    expect(read.status).toBe(401);
    expect(read.body.data ?? null).toBeNull();
    expect(read.body.errors?.[0]?.extensions?.code).toBe('QL_ERR_UNAUTHENTICATED');
    expect(read.text).not.toContain('Amira');
    refusedQuery++;

    // Every line of both requests is written once each process has logged a later request.
    await recordLogFlushed(side);
    await queryLogFlushed(side.client, query, callerOf('auditor'));
    const after = await heads();
    written += after.record - before.record + after.accessLog - before.accessLog;
    expect(after).toEqual(before);

    const recordLine = linesAfter(side.api, recordFrom).find((l) => l.msg === 'request completed' && l.status === 401);
    expect(recordLine).toMatchObject({ route: '/v1/children', refusal: { code } });
    loggedRecord++;
    const queryLog = linesAfter(query, queryFrom).map((l) => JSON.stringify(l)).join('\n');
    if (/401|UNAUTHENTICATED|ID_ERR_TOKEN/.test(queryLog)) loggedQuery++;
    else unloggedByQuery.push(name);
    if (token) for (const line of [...side.api.lines, ...query.lines]) expect(line).not.toContain(token);
  });

  it('the query API logs every refused token too, as the record API does', () => {
    expect(unloggedByQuery, 'refusals the query API wrote no log line for').toEqual([]);
  });
});
