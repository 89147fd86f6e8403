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
 * A stalled disk on the command's second append: a trigger that makes inserting `type` take seconds of
 * work inside the service's own transaction, so a kill lands after the first commit and before the second.
 */
function stallAppendsOf(db: Database.Database, type: string): () => void {
  db.exec('CREATE TABLE stall (x INTEGER)');
  db.prepare('INSERT INTO stall (x) SELECT value FROM json_each(?)').run(JSON.stringify(Array.from({ length: 600 }, (_, i) => i)));
  db.exec(`CREATE TRIGGER stall_append BEFORE INSERT ON events WHEN NEW.type = '${type}' BEGIN SELECT count(*) FROM stall a, stall b, stall c; END`);
  return () => db.exec('DROP TRIGGER stall_append; DROP TABLE stall');
}

/**
 * Sends the command, then watches the store file in a tight synchronous loop. The moment its first
 * event is committed, drops the connection unread (the client never sees an answer) and SIGKILLs the
 * service. Reports which events were in the store at the kill.
 */
async function sendAndKillAfterCommit(path: string, body: unknown, idempotencyKey: string, token: string, stall?: string): Promise<{ eventsAtKill: string[] }> {
  const db = new Database(side.storeFile, { timeout: 10_000 });
  const unstall = stall ? stallAppendsOf(db, stall) : () => undefined;
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
  unstall();
  db.close();
  return { eventsAtKill };
}

interface Case {
  name: string;
  as: Parameters<typeof callerOf>[0];
  request: () => { path: string; body: Record<string, unknown> };
  /** The event types the command writes, each exactly once. */
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
  let betweenAppends = 0;
  let writtenOnce = 0;
  afterAll(() => {
    console.log(
      `adversarial: lost acknowledgement: ${cases.length} commands, service SIGKILLed as each first commit became visible, answer never read (${betweenAppends} killed between two appends of one command), retried twice with the same Idempotency-Key after restart: ${writtenOnce} of ${cases.length} written exactly once, 0 duplicated, 0 lost`,
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the retry after a restart completes it once and answers as the first time would have', { timeout: 60_000 }, async (_name, c) => {
    const { path, body } = c.request();
    const caller = callerOf(c.as);
    const key = `lost-answer-${c.writes[0]}`;
    const before = await side.store.headPosition();
    const { eventsAtKill } = await sendAndKillAfterCommit(path, body, key, await side.client.tokenFor(caller), c.writes[1]);
    // The kill came after the first commit and, for a command of two appends, before the second.
    expect(eventsAtKill).toEqual([c.writes[0]]);
    if (c.writes.length > 1) betweenAppends++;
    await side.restart();

    const retry = await side.send(path, { as: caller, body, headers: { 'idempotency-key': key } });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const again = await side.send(path, { as: caller, body, headers: { 'idempotency-key': key } });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(retry.json());

    expect((await typesSince(before)).sort()).toEqual([...c.writes].sort());
    const answer = retry.json() as { streamId: string; eventIds: string[] };
    const stored = await side.store.readStream(answer.streamId);
    expect(stored.filter((e) => answer.eventIds.includes(e.eventId)).map((e) => e.type)).toEqual([c.writes[0]]);
    // The key is still bound to its request: reused for another one, it is refused.
    const reused = await side.send(path, { as: caller, body: { ...body, unexpectedButHarmless: undefined, ...(c.writes[0] === 'NeedRecorded' ? { description: 'Something else' } : {}) }, headers: { 'idempotency-key': key } });
    if (c.writes[0] === 'NeedRecorded') expect(reused.json().error.code).toBe('PL_ERR_IDEMPOTENCY_KEY_REUSED');
    expect((await typesSince(before)).sort()).toEqual([...c.writes].sort());
    writtenOnce++;
  });
});
