import { connect } from 'node:net';
import { commandCatalogue, type Caller } from '@planledger/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandExamples, pathOf, type Prerequisite, type World } from '../../services/record-api/src/testing/command-examples';
import { callerOf, startRecordSide, type RecordSide } from './support/record-side';

/**
 * Hostile input over a real socket. Every command route is already fuzzed in-process from its zod
 * schema (services/record-api/src/command-fuzz.e2e.spec.ts, 40 runs each); this adds what only the
 * wire or a second child shows: unicode edge cases and ids of another child's records in every field,
 * bytes that are not UTF-8, JSON nested past any parser's stack, chunked bodies over the limit, and
 * the per-caller rate limit of the running process.
 */
let side: RecordSide;
let world: World;
let other: World;
const needs = [...new Set(Object.values(commandExamples).flatMap((example) => example.needs))] as Prerequisite[];

beforeAll(async () => {
  side = await startRecordSide();
  world = await side.world(needs);
  // A second child whose team the callers are also in: its ids are real, visible, and wrong here.
  other = await side.world(needs);
}, 120_000);
afterAll(() => side.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Every string in a body, by path, so one can be replaced. */
function stringPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}
function replaced(body: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(body)) return body.map((v, i) => (String(i) === head ? replaced(v, rest, value) : v));
  return { ...(body as object), [head]: replaced((body as Record<string, unknown>)[head], rest, value) };
}

/** A path with one parameter replaced; a lone surrogate cannot be percent-encoded, so it goes as the bytes of one (not UTF-8). */
function pathWith(template: string, params: Record<string, string>, key: string, value: string) {
  const placeholder = '00000000-0000-4000-8000-00000000beef';
  const url = pathOf(template, { ...params, [key]: placeholder });
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = '%ED%A0%80';
  }
  return url.replace(placeholder, encoded);
}

const otherIds = () => [other.childId, other.planId, other.assessmentId, other.shortBreakId, other.auditId, other.adviceRequests.health, other.contributions.health.eventId, `family-help-plan-${other.planId}`];
const unicode = fc.constantFrom(
  '\uD800',
  'a\uDFFFb',
  '\u0000',
  'Amira\u0000Patel',
  '\u202Eesrever\u202C',
  '\u200B\u200C\u200D\uFEFF',
  'ﷺ'.repeat(500),
  '👩‍👩‍👧‍👦'.repeat(100),
  '\u0301\u0301\u0301',
  'A'.repeat(20_000),
  '\r\n\t',
);
const dates = fc.constantFrom('0000-01-01', '-000001-01-01', '275760-09-13', '2025-02-30', '2025-13-01', '1899-12-31', '9999-12-31T23:59:60Z', '2025-06-01T25:00:00Z', '2025-06-01T10:00:00+25:00', '1e400');

describe('every command route over a real socket', () => {
  let requests = 0;
  let refused = 0;
  let faults = 0;
  afterAll(() => {
    console.log(`adversarial: bad input: ${requests} hostile commands over HTTP (unicode edge cases, impossible dates, ids of another child in every field): ${refused} refused with a 4xx, ${requests - refused} accepted as valid, ${faults} answered 5xx or with a stack trace`);
  });

  it.each(commandCatalogue.map((d) => [d.name, d] as const))('%s: refuses hostile values in every field with a coded 4xx, writing nothing', async (name, definition) => {
    const example = commandExamples[name]!;
    const caller: Caller = callerOf(definition.roles[0]!);
    const valid = example.body(world, caller);
    const params = example.params(world);
    const paths = stringPaths(valid);
    const paramKeys = Object.keys(params);
    const targets = fc.oneof(
      ...(paths.length > 0 ? [fc.constantFrom(...paths).map((p) => ({ where: 'body' as const, path: p }))] : []),
      ...(paramKeys.length > 0 ? [fc.constantFrom(...paramKeys).map((key) => ({ where: 'params' as const, path: [key] }))] : []),
    );
    await fc.assert(
      fc.asyncProperty(targets, fc.oneof(unicode, dates, fc.constantFrom(...otherIds())), async (target, value) => {
        const body = target.where === 'body' ? replaced(valid, target.path, value) : valid;
        const url = target.where === 'params' ? pathWith(definition.path, params, target.path[0]!, String(value)) : pathOf(definition.path, params);
        const before = await side.store.headPosition();
        const answer = await side.send(url, { as: caller, body });
        requests++;
        if (answer.statusCode >= 500 || /\n\s+at /.test(answer.body)) faults++;
        expect(answer.statusCode, `${url} ${target.path.join('.')}=${JSON.stringify(value).slice(0, 80)}: ${answer.body.slice(0, 300)}`).toBeLessThan(500);
        expect(answer.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
        // A value that happens to be acceptable (a long but valid text, another real id the rules allow) is written: that is fine.
        if (answer.statusCode === 201) return;
        refused++;
        expect(answer.statusCode).toBeGreaterThanOrEqual(400);
        const { error } = answer.json() as { error: { code: string; message: string; issues?: Array<{ path: string }> } };
        // Our error shape, whatever layer refused it (a bare string here is the framework's own answer).
        expect(error?.code ?? answer.body).toMatch(/^[A-Z]+_ERR_[A-Z_]+$/);
        expect(error.message.length).toBeGreaterThan(0);
        if (error.code === 'PL_ERR_VALIDATION') {
          const named = `${target.where}.${target.path.join('.')}`;
          expect(error.issues?.some((issue) => named.startsWith(issue.path) || issue.path.startsWith(named)), `${JSON.stringify(error.issues)} should name ${named}`).toBe(true);
        }
        expect(await side.store.headPosition()).toBe(before);
      }),
      { numRuns: 12, seed: 20_260_101 },
    );
    expect(UUID.test(other.childId)).toBe(true);
  }, 60_000);
});

/** One raw HTTP/1.1 exchange: what we send is exactly what arrives. */
function raw(request: Buffer | string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const url = new URL(side.api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer'));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(request);
  });
}

async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const token = await side.client.tokenFor(callerOf('social_worker'));
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${token}`, 'Content-Type: application/json', 'Connection: close'];
  if (!('transfer-encoding' in headers)) lines.push(`Content-Length: ${payload.length}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return raw(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]));
}

function chunked(total: number): Buffer {
  const chunk = Buffer.from(`{"description":"${'x'.repeat(8000)}`);
  const parts: Buffer[] = [];
  for (let sent = 0; sent < total; sent += chunk.length) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('bytes on the wire', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: string }>, number | number[]]> = [
    ['a path that is not valid percent-encoding, with a name in it', () => post('/v1/family-help-plans/Patelworth%FF/needs', '{"description":"x"}'), 400],
    ['JSON nested 100,000 deep', () => post('/v1/children', '['.repeat(100_000) + ']'.repeat(100_000)), 400],
    ['an object nested 40,000 deep', () => post('/v1/children', '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000)), 400],
    ['bytes that are not UTF-8', () => post('/v1/children', Buffer.from([0x7b, 0x22, 0x67, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d])), 400],
    ['a byte-order mark before the JSON', () => post('/v1/children', '\uFEFF{"givenName":"Amira"}'), 400],
    ['a number beyond double range', () => post('/v1/children', '{"givenName":"A","familyName":"B","dateOfBirth":"2014-01-01","primaryNeed":"ASD","upn":1e400}'), 400],
    ['duplicate keys, the second an object', () => post('/v1/children', '{"givenName":"Amira","givenName":{"$ne":null},"familyName":"B","dateOfBirth":"2014-01-01","primaryNeed":"ASD"}'), 400],
    ['constructor.prototype pollution', () => post('/v1/children', '{"constructor":{"prototype":{"role":"auditor"}},"givenName":"A"}'), 400],
    ['JSON declared as UTF-16', () => post('/v1/children', '{"givenName":"Amira"}', { 'Content-Type': 'application/json; charset=utf-16' }), [400, 415]],
    ['a chunked body past the size limit', () => post('/v1/children', chunked(300 * 1024), { 'transfer-encoding': 'chunked' }), 413],
    [
      'a Content-Length larger than the limit',
      async () => raw(`POST /v1/children HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await side.client.tokenFor(callerOf('social_worker'))}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{}`),
      413,
    ],
    ['a Content-Length larger than the limit, with no token', () => raw('POST /v1/children HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{}'), 401],
  ];

  it.each(cases)('%s: a coded 4xx, no stack trace, nothing written', async (_name, send, status) => {
    const before = await side.store.headPosition();
    const answer = await send();
    expect([status].flat(), answer.body.slice(0, 300)).toContain(answer.status);
    expect(answer.body).not.toMatch(/\n\s+at |node_modules/);
    expect(JSON.parse(answer.body).error?.code ?? answer.body).toMatch(/^[A-Z]+_ERR_[A-Z_]+$/);
    expect(answer.body, 'the answer echoes what was sent').not.toContain('Patelworth');
    expect(await side.store.headPosition()).toBe(before);
  });

  it('the service is still healthy after all of it', async () => {
    expect((await fetch(`${side.api.url}/health/ready`)).status).toBe(200);
  });
});

describe('the running process’s rate limit', () => {
  it('answers 429 with Retry-After once one caller is over the limit, writes nothing for it, and serves other callers', async () => {
    const limited = await startRecordSide({ PLANLEDGER_RATE_LIMIT_PER_MINUTE: '20' });
    try {
      const body = { givenName: 'Amira', familyName: 'Ratelimited', dateOfBirth: '2014-05-01', primaryNeed: 'ASD' };
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await limited.send('/v1/children', { as: 'social_worker', body })).statusCode);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
      expect(statuses.slice(20)).toEqual(Array(5).fill(429));
      const before = await limited.store.headPosition();
      const over = await limited.send('/v1/children', { as: 'social_worker', body });
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.json().error.code).toBe('API_ERR_RATE_LIMITED');
      expect(await limited.store.headPosition()).toBe(before);
      expect((await limited.send('/v1/children', { as: 'send_officer', body })).statusCode).toBe(201);
      console.log(`adversarial: bad input: rate limit 20/min on the running process: ${statuses.filter((s) => s === 201).length} accepted, then ${statuses.filter((s) => s === 429).length + 1} answered 429 with Retry-After ${over.headers['retry-after']}s, another caller still served`);
    } finally {
      await limited.close();
    }
  }, 60_000);
});
