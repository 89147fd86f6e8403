import { request, type ClientRequest } from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf, clinic, startRecordSide, type RecordSide } from './support/record-side';

/**
 * The answer to a command is lost because the service dies right after the append committed: the
 * client retries with the same Idempotency-Key against the restarted service, and the record holds
 * the command exactly once.
 */
let side: RecordSide;
let world: Awaited<ReturnType<RecordSide['world']>>;
beforeAll(async () => {
  side = await startRecordSide();
  await side.register([clinic('org-lost-answer-clinic')]);
  world = await side.world(['planId', 'assessmentId']);
});
afterAll(() => side.close());

const VISIBLE_WITHIN_MS = 10_000;

/**
 * Sends the command, then watches the store file in a tight synchronous loop. The moment its first
 * event is committed, drops the connection unread (the client never sees an answer) and SIGKILLs the
 * service. Reports which events were in the store at the kill.
 */
async function sendAndKillAfterCommit(path: string, body: unknown, idempotencyKey: string, token: string): Promise<{ eventsAtKill: string[] }> {
  const db = new Database(side.storeFile, { timeout: 10_000 });
  const head = db.prepare('SELECT coalesce(max(global_position), -1) FROM events').pluck();
  const before = head.get() as number;
  const payload = JSON.stringify(body);
  let req!: ClientRequest;
  await new Promise<void>((resolve, reject) => {
    req = request(`${side.api.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': idempotencyKey },
    });
    req.on('response', () => reject(new Error('an answer was read before the kill')));
    req.on('finish', resolve);
    req.end(payload);
  });
  req.on('error', () => undefined);
  const deadline = Date.now() + VISIBLE_WITHIN_MS;
  while ((head.get() as number) === before) {
    if (Date.now() > deadline) throw new Error(`the command to ${path} never reached the store`);
  }
  req.destroy();
  await side.api.kill();
  const eventsAtKill = db.prepare('SELECT type FROM events WHERE global_position > ? ORDER BY global_position').pluck().all(before) as string[];
  db.close();
  return { eventsAtKill };
}

interface Case {
  name: string;
  as: Parameters<typeof callerOf>[0];
  request: () => { path: string; body: Record<string, unknown> };
  /** The event types the command writes, in its one append, each exactly once. */
  writes: string[];
}

const cases: Case[] = [
  {
    name: 'registerChild (creates a stream)',
    as: 'social_worker',
    request: () => ({ path: '/v1/children', body: { givenName: 'Amira', familyName: 'Lostanswer', dateOfBirth: '2014-05-01', primaryNeed: 'ASD' } }),
    writes: ['ChildRegistered'],
  },
  {
    name: 'recordNeed (appends to a plan)',
    as: 'social_worker',
    request: () => ({ path: `/v1/family-help-plans/${world.planId}/needs`, body: { description: 'Overnight support' } }),
    writes: ['NeedRecorded'],
  },
  {
    name: 'requestAdvice (appends to the assessment; the request itself invites the adviser into the child’s team)',
    as: 'send_officer',
    request: () => ({
      path: `/v1/ehc-assessments/${world.assessmentId}/advice-requests`,
      body: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-lost-answer-clinic' },
    }),
    writes: ['AdviceRequested'],
  },
];

const typesSince = async (after: number) => (await side.store.readAll({ after, maxCount: 10_000 })).map((e) => e.type);

describe('a lost acknowledgement', () => {
  /** Per command, what the log held after both retries: how many of its events were written twice or more, and how many not at all. */
  const observed: Array<{ duplicated: number; lost: number }> = [];
  afterAll(() => {
    const sum = (key: 'duplicated' | 'lost') => observed.reduce((n, o) => n + o[key], 0);
    const once = observed.filter((o) => o.duplicated === 0 && o.lost === 0).length;
    console.log(
      `adversarial: lost acknowledgement: ${observed.length} of ${cases.length} commands killed the moment their append became visible, answer never read, retried twice with the same Idempotency-Key after restart: ${once} written exactly once, ${sum('duplicated')} events duplicated, ${sum('lost')} lost`,
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the retry after a restart completes it once and answers as the first time would have', { timeout: 60_000 }, async (_name, c) => {
    const { path, body } = c.request();
    const caller = callerOf(c.as);
    const key = `lost-answer-${c.writes[0]}`;
    const before = await side.store.headPosition();
    const { eventsAtKill } = await sendAndKillAfterCommit(path, body, key, await side.client.tokenFor(caller));
    // The kill came once the command's one append had committed, so all of it is there.
    expect([...eventsAtKill].sort()).toEqual([...c.writes].sort());
    await side.restart();

    const retry = await side.send(path, { as: caller, body, headers: { 'idempotency-key': key } });
    const again = await side.send(path, { as: caller, body, headers: { 'idempotency-key': key } });
    const written = await typesSince(before);
    const count = (type: string) => written.filter((t) => t === type).length;
    observed.push({
      duplicated: c.writes.reduce((n, t) => n + Math.max(0, count(t) - 1), 0),
      lost: c.writes.filter((t) => count(t) === 0).length,
    });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(retry.json());

    expect([...written].sort()).toEqual([...c.writes].sort());
    const answer = retry.json() as { streamId: string; eventIds: string[] };
    const stored = await side.store.readStream(answer.streamId);
    expect(stored.filter((e) => answer.eventIds.includes(e.eventId)).map((e) => e.type).sort()).toEqual([...c.writes].sort());
    // The key is still bound to its request: reused for another one, it is refused.
    const reused = await side.send(path, { as: caller, body: { ...body, unexpectedButHarmless: undefined, ...(c.writes[0] === 'NeedRecorded' ? { description: 'Something else' } : {}) }, headers: { 'idempotency-key': key } });
    if (c.writes[0] === 'NeedRecorded') expect(reused.json().error.code).toBe('PL_ERR_IDEMPOTENCY_KEY_REUSED');
    expect((await typesSince(before)).sort()).toEqual([...c.writes].sort());
  });
});
