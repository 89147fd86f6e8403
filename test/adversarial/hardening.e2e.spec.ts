import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, outsiderOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';
import { accessLogStreamOf } from '../../services/query-api/src/access/access-log-event';

/**
 * One caller cannot stall or flood the services, measured as the attacks were first measured: on
 * 127.0.0.1, against the real processes in production mode, each with its limits set low enough for
 * a test to reach them. Each check prints a `report:` line with its figure (the README's guarantees
 * table quotes them).
 */
let side: RecordSide;
let query: ServiceProcess;
let childId: string;
let planId: string;
const auditor = callerOf('auditor');
const socialWorker = callerOf('social_worker');
// A registered organisation of a social worker's kind that is in no child's team (an unregistered one is refused 403 before any read).
const outsider = outsiderOf('social_worker');
const report = (line: string) => console.log(`adversarial: ${line}`);
const READS_PER_MINUTE = 40;

beforeAll(async () => {
  side = await startRecordSide({ PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '60' });
  ({ childId, planId } = await side.world(['contributions']));
  query = await startService('query-api', {
    dataDir: side.dataDir,
    storeFile: side.storeFile,
    env: {
      NODE_ENV: 'production',
      PLANLEDGER_READS_PER_MINUTE: String(READS_PER_MINUTE),
      PLANLEDGER_RATE_LIMIT_PER_MINUTE: '120',
      PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '100000',
      PLANLEDGER_MAX_SUBSCRIPTIONS_PER_CALLER: '3',
      PLANLEDGER_CORS_ORIGINS: 'https://planner.example.gov.uk',
    },
  });
  await caughtUp(side.client, query.url, auditor, await side.store.headPosition());
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side?.close();
});

// Who read what is in the query API's own access-log file, not the record's.
const accessLog = async () => (await side.streams()).readStream(accessLogStreamOf(childId));

describe('bounded work per caller', () => {
  it('caps the access-log events one caller can cause, even from outside the team', async () => {
    const before = (await accessLog()).length;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => graphql(side.client, query.url, `{ child(id: "${childId}") { id } }`, { as: outsider })),
    );
    const ms = Date.now() - started;
    const written = (await accessLog()).length - before;
    const limited = answers.filter((a) => a.body.errors?.[0]?.extensions?.code === 'QL_ERR_READ_LIMIT').length;
    report(`100 reads of one child from an organisation in nobody's team in ${ms} ms: ${written} access-log events written, ${limited} refused QL_ERR_READ_LIMIT (cap ${READS_PER_MINUTE} a minute)`);
    expect(written).toBe(READS_PER_MINUTE);
    expect(limited).toBe(100 - READS_PER_MINUTE);
  });

  it('limits one caller after authentication, and not their neighbour', async () => {
    const caller = callerOf('team_manager');
    const statuses: number[] = [];
    // A request turned away as overloaded (503, the event loop stalled on a busy machine) never reaches
    // the per-caller limit, so it is not one of the 125 counted.
    const counted = () => statuses.filter((s) => s !== 503);
    while (counted().length < 125 && statuses.length < 250) statuses.push((await graphql(side.client, query.url, '{ readModels { position } }', { as: caller })).status);
    const first429 = counted().indexOf(429);
    report(`one caller's 125 requests: first 429 at request ${first429 + 1} (limit 120 a minute), ${statuses.length - counted().length} more turned away 503 as overloaded; a neighbour's next request ${(await graphql(side.client, query.url, '{ readModels { position } }', { as: socialWorker })).status}`);
    expect(first429).toBe(120);
    expect((await graphql(side.client, query.url, '{ readModels { position } }', { as: socialWorker })).status).toBe(200);
  });

  it('refuses a flood of bad tokens by address before authentication (record API)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const answer = await side.client.send(side.api.url, '/v1/children', { as: null, headers: { authorization: 'Bearer not-a-token' }, body: {} });
      statuses.push(answer.statusCode);
    }
    const first429 = statuses.indexOf(429);
    report(`70 requests with a bad token to the record API: ${statuses.filter((s) => s === 401).length} answered 401, then 429 from request ${first429 + 1} (limit 60 a minute per address, shared with this suite's set-up requests)`);
    expect(first429).toBeGreaterThan(0);
    expect(first429).toBeLessThanOrEqual(60);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
  });

  it('weighs kpis in the cost limit: 15 aliased windows are refused before any is computed', async () => {
    const windows = Array.from({ length: 15 }, (_, w) => `w${w}: kpis(from: "2025-01-${String(w + 1).padStart(2, '0')}", to: "2026-12-31") { adviceWithinSixWeeks { numerator } }`).join(' ');
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => graphql(side.client, query.url, `{ ${windows} }`, { as: callerOf('send_officer') })));
    const ms = Date.now() - started;
    report(`8 parallel requests of 15 aliased kpis windows: refused ${[...new Set(answers.map((a) => a.body.errors?.map((e) => e.extensions?.code).join('+')))].join(', ')} in ${ms} ms in all`);
    expect(answers.map((a) => a.body.errors?.map((e) => e.extensions?.code))).toEqual(answers.map(() => ['QL_ERR_COST_LIMIT']));
    expect(answers.every((a) => a.body.data === undefined)).toBe(true);
  });
});

describe('subscriptions', () => {
  const subscribe = async (token: string) =>
    fetch(`${query.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { planChanged(id: $id) { revision } }', variables: { id: planId } }),
    });
  const readAll = async (response: Response, timeoutMs: number) => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = await Promise.race([reader.read(), new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now())))]);
      if (next === 'late') {
        await reader.cancel();
        return { text, closed: false };
      }
      if (next.done) return { text, closed: true };
      text += decoder.decode(next.value);
    }
  };

  it('end with their token: a coded error event, then the stream closes', async () => {
    const token = await side.client.identity.mintToken({ ...socialWorker, expiresIn: '3s' });
    const started = Date.now();
    const { text, closed } = await readAll(await subscribe(token), 15_000);
    const ms = Date.now() - started;
    report(`a subscription opened with a token valid for 3 s ended after ${ms} ms with ${text.includes('QL_ERR_TOKEN_EXPIRED') ? 'QL_ERR_TOKEN_EXPIRED' : 'no code'}, stream closed: ${closed}`);
    expect(text).toContain('QL_ERR_TOKEN_EXPIRED');
    expect(closed).toBe(true);
  });

  it('are capped per caller', async () => {
    const caller = callerOf('social_worker');
    const token = await side.client.tokenFor({ ...caller, userId: 'subscriber-1' });
    const open = [await subscribe(token), await subscribe(token), await subscribe(token)];
    const fourth = await readAll(await subscribe(token), 5_000);
    report(`a fourth live subscription from one caller (cap 3): ${fourth.text.includes('QL_ERR_SUBSCRIPTION_LIMIT') ? 'refused QL_ERR_SUBSCRIPTION_LIMIT' : 'accepted'}`);
    expect(fourth.text).toContain('QL_ERR_SUBSCRIPTION_LIMIT');
    for (const response of open) await response.body?.cancel();
  });
});

describe('maintained plugins at the edge', () => {
  it('refuses a 19 MB body before the token is checked or anything parsed', async () => {
    const body = JSON.stringify({ query: `{ readModels { position } }`, variables: { pad: 'x'.repeat(19 * 1024 * 1024) } });
    const started = Date.now();
    // It declares 19 MB and sends the first 256 KiB: the service answers from the declared length and
    // closes, so the rest is never sent (a client writing all of it would only see EPIPE).
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(`${query.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, text });
        });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      request.write(body.slice(0, 256 * 1024));
    });
    const ms = Date.now() - started;
    const answer = JSON.parse(text) as { errors: Array<{ extensions: { code: string } }> };
    report(`a 19 MB body with no token: ${status} ${answer.errors[0]!.extensions.code} in ${ms} ms`);
    expect(status).toBe(413);
    expect(answer.errors[0]!.extensions.code).toBe('QL_ERR_BODY_TOO_LARGE');
  }, 60_000);

  it('gives no field suggestions in production', async () => {
    const answer = await graphql(side.client, query.url, `{ child(id: "${childId}") { givenNam } }`, { as: auditor });
    report(`an unknown field in production: "${answer.body.errors?.[0]?.message}"`);
    expect(answer.text).not.toMatch(/Did you mean/i);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
  });

  it('sends CORS headers only to allowed origins, never with credentials', async () => {
    const ask = (origin: string) => fetch(`${query.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const hostile = await ask('https://evil.example');
    const allowed = await ask('https://planner.example.gov.uk');
    report(`CORS preflight from an unlisted origin: allow-origin ${hostile.headers.get('access-control-allow-origin') ?? 'absent'}; from the listed one: ${allowed.headers.get('access-control-allow-origin')}, credentials ${allowed.headers.get('access-control-allow-credentials') ?? 'absent'}`);
    expect(hostile.headers.get('access-control-allow-origin')).toBeNull();
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://planner.example.gov.uk');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('send security headers from both services', async () => {
    const fromQuery = await fetch(`${query.url}/health/live`);
    const fromRecord = await fetch(`${side.api.url}/health/live`);
    for (const response of [fromQuery, fromRecord]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    }
    report('both services send X-Content-Type-Options, Strict-Transport-Security and Content-Security-Policy (helmet)');
  });

  it('take no operation (and so no read reason) in a URL, and refuse a free-text reason', async () => {
    const get = await fetch(`${query.url}/graphql?query=${encodeURIComponent(`{ child(id: "${childId}", reason: SAFEGUARDING) { id } }`)}`, { headers: { authorization: `Bearer ${await side.client.tokenFor(auditor)}` } });
    const typed = await graphql(side.client, query.url, `query($r: ReadReason) { child(id: "${childId}", reason: $r) { id } }`, { as: auditor, variables: { r: 'Checking on the family' } });
    const header = await graphql(side.client, query.url, `{ child(id: "${childId}") { id } }`, { as: auditor, headers: { 'x-read-reason': 'Checking on the family' } });
    const coded = await graphql(side.client, query.url, `{ child(id: "${childId}", reason: SAFEGUARDING) { id } }`, { as: auditor });
    const last = (await accessLog()).at(-1)!.data as { reason?: string };
    report(`an operation in a URL: ${get.status}; a free-text reason: ${typed.status} (argument), ${header.status} (header); a coded reason stored as ${last.reason}`);
    expect(get.status).toBe(405);
    expect(typed.status).toBe(400);
    expect(header.status).toBe(400);
    expect(coded.body.data).toEqual({ child: { id: childId } });
    expect(last.reason).toBe('safeguarding');
  });
});
