import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';
import { queryLogFlushed, waitUntil } from './support/wait';

/**
 * Hostile GraphQL against the real query API in production mode. Every document below reads a real
 * child, and every read the resolvers serve (or refuse) is appended to the child's access log: so an
 * unchanged log head proves no resolver ran. A control query within the limits shows the proof works.
 */
let side: RecordSide;
let query: ServiceProcess;
let childId: string;
const auditor = callerOf('auditor');

beforeAll(async () => {
  side = await startRecordSide();
  ({ childId } = await side.world(['contributions', 'adviceSubmitted']));
  query = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile, env: { NODE_ENV: 'production' } });
  await caughtUp(side.client, query.url, auditor, await side.store.headPosition());
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side.close();
});

const read = () => `child(id: "${childId}")`;
/** The head of the query API's own access-log file: every resolver that reads a child appends there first. */
const accessLogHead = () => side.accessLogHead();
const deep = (levels: number) => Array.from({ length: levels }, (_, i) => `f${i} {`).join(' ') + ' leaf ' + '}'.repeat(levels);

const abuses: Array<[string, () => string, string | RegExp]> = [
  ['deeper than the limit', () => `{ ${read()} { ${deep(12)} } }`, 'QL_ERR_DEPTH_LIMIT'],
  [
    'deeper than the limit through fragments',
    () => `query { ${read()} { ...A } } fragment A on Child { x { ...B } } fragment B on Child { y { z { w { v { u { t { s { r { q } } } } } } } } }`,
    'QL_ERR_DEPTH_LIMIT',
  ],
  ['more aliases than the limit', () => `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: ${read()} { id }`).join(' ')} }`, 'QL_ERR_ALIAS_LIMIT'],
  [
    'aliases hidden in fragments',
    () => `query { ...F ...G } fragment F on Query { ${Array.from({ length: 8 }, (_, i) => `f${i}: ${read()} { id }`).join(' ')} } fragment G on Query { ${Array.from({ length: 8 }, (_, i) => `g${i}: ${read()} { id }`).join(' ')} }`,
    'QL_ERR_ALIAS_LIMIT',
  ],
  [
    'costlier than the limit (the same list selections, repeated; GraphQL merges them, the estimate does not)',
    () => `{ ${read()} { ${'familyHelpPlans { contributions { support frequency recorded { eventId by { userId role } } } } ehcAssessments { advice { sections { section text } } } '.repeat(40)} } }`,
    'QL_ERR_COST_LIMIT',
  ],
  ['introspection of the schema', () => `{ __schema { types { name fields { name } } } ${read()} { id } }`, 'QL_ERR_INTROSPECTION_DISABLED'],
  ['introspection of a type, inside a fragment', () => `query { ...I ${read()} { id } } fragment I on Query { __type(name: "Child") { fields { name } } }`, 'QL_ERR_INTROSPECTION_DISABLED'],
  ['a fragment that spreads itself', () => `query { ${read()} { ...Loop } } fragment Loop on Child { id ...Loop }`, /./],
  ['more tokens than the parser allows', () => `{ ${read()} { id ${'__typename '.repeat(4000)} } }`, /tokens/],
  ['a field that does not exist beside a real read', () => `{ ${read()} { id } secrets { everything } }`, /./],
];

/**
 * How many events the requests since `before` appended: a control read that is logged (one access-log
 * event) is sent after them and awaited, so an append a resolver made, however late, is counted.
 */
async function appendedSince(before: number): Promise<number> {
  const control = await graphql(side.client, query.url, `{ ${read()} { id } }`, { as: auditor });
  expect(control.body.errors, control.text).toBeUndefined();
  const head = await waitUntil(async () => {
    const h = await accessLogHead();
    return h > before ? h : null;
  }, 'the control read to reach the access log');
  return head - before - 1;
}

describe('GraphQL abuse against the real query API', () => {
  let refused = 0;
  let appendedByAbuse = 0;
  let appendedByControl: number | null = null;
  afterAll(() => {
    console.log(
      `adversarial: graphql abuse: ${refused} of ${abuses.length + 1} hostile requests (documents and one batch) refused before any resolver ran (${appendedByAbuse} access-log events appended); control query within limits appends ${appendedByControl ?? 'nothing measured'}`,
    );
  });

  it('a query within the limits does run its resolvers (the access log grows), so the checks below can fail', async () => {
    const before = await accessLogHead();
    const answer = await graphql(side.client, query.url, `{ ${read()} { id familyHelpPlans { contributions { support } } } }`, { as: auditor });
    expect(answer.body.errors, answer.text).toBeUndefined();
    const after = await accessLogHead();
    appendedByControl = after - before;
    expect(after).toBe(before + 1);
  });

  it.each(abuses)('%s: refused before any resolver runs', async (_name, document, code) => {
    const before = await accessLogHead();
    const logFrom = query.lines.length;
    const answer = await graphql(side.client, query.url, document(), { as: auditor });
    // 400 or, for clients that ask for plain application/json, 200 with errors only (GraphQL over HTTP).
    expect([200, 400], answer.text).toContain(answer.status);
    expect(answer.body.data ?? undefined, answer.text).toBeUndefined();
    const codes = (answer.body.errors ?? []).map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('\n');
    if (typeof code === 'string') expect(codes).toContain(code);
    else expect(codes).toMatch(code);
    expect(answer.text).not.toMatch(/\n\s+at /);
    const appended = await appendedSince(before);
    appendedByAbuse += appended;
    expect(appended, 'an access-log event was appended: a resolver ran').toBe(0);
    await queryLogFlushed(side.client, query, auditor);
    expect(query.lines.slice(logFrom).filter((line) => line.includes('"level":50'))).toEqual([]);
    refused++;
  });

  it('a batch of operations in one request is refused, not run', async () => {
    const before = await accessLogHead();
    const response = await side.client.send(query.url, '/graphql', { as: auditor, body: Array.from({ length: 20 }, () => ({ query: `{ ${read()} { id } }` })) });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const appended = await appendedSince(before);
    appendedByAbuse += appended;
    expect(appended).toBe(0);
    refused++;
  });

  it('introspection stays refused through GET too, and GraphiQL is not served', async () => {
    const before = await accessLogHead();
    const token = await side.client.tokenFor(auditor);
    const get = await fetch(`${query.url}/graphql?query=${encodeURIComponent(`{ __schema { types { name } } ${read()} { id } }`)}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const text = await get.text();
    // Operations are POSTed only: a GET never reaches validation (nor puts a query in a URL).
    expect(get.status).toBe(405);
    expect(text).toContain('QL_ERR_METHOD_NOT_ALLOWED');
    const page = await fetch(`${query.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await appendedSince(before)).toBe(0);
  });
});
