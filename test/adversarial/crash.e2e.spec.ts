import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAllStreams, type EventEnvelope } from '@planledger/event-store';
import type { Caller } from '@planledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, clinic, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';

/**
 * The record service SIGKILLed at random moments while clients keep sending commands, many times
 * over; a query service follows the log throughout. Afterwards: every answered command is stored,
 * no command is half-written, the file and every hash chain check out, and the query service that
 * lived through it all reads the same as one started fresh.
 */
const KILLS = 15;
const WORKERS = 6;
const CHILDREN = 3;
const seed = Number(process.env.ADVERSARIAL_SEED ?? Date.now() % 1_000_000);

/** Small, seeded, good enough to pick commands and pauses reproducibly. */
function random(start: number) {
  let state = start >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const auditor: Caller = { userId: 'auditor-crash', role: 'auditor', agency: 'social_care', organisationId: 'org-qa' };

interface Sent {
  command: string;
  correlationId: string;
  /** The event types the command writes when it succeeds. */
  writes: string[];
  idempotencyKey?: string;
  answer?: { streamId: string; eventIds: string[] };
  path: string;
  as: Caller;
  body: Record<string, unknown>;
}

let side: RecordSide;
let follower: ServiceProcess;
const sent: Sent[] = [];
const worlds: Array<Awaited<ReturnType<RecordSide['world']>>> = [];

beforeAll(async () => {
  side = await startRecordSide();
  for (let i = 0; i < CHILDREN; i++) worlds.push(await side.world(['planId', 'assessmentId']));
  follower = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile });
}, 120_000);
afterAll(async () => {
  await follower?.kill();
  await side.close();
});

function nextCommand(pick: () => number, n: number): Omit<Sent, 'correlationId'> {
  const world = worlds[Math.floor(pick() * worlds.length)]!;
  const roll = pick();
  if (roll < 0.4) {
    return {
      command: 'requestAdvice',
      writes: ['AdviceRequested'],
      path: `/v1/ehc-assessments/${world.assessmentId}/advice-requests`,
      as: callerOf('send_officer'),
      // A new organisation each time, so each request is also the invitation that lets it answer.
      body: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: `org-crash-clinic-${seed}-${n}` },
    };
  }
  if (roll < 0.7) return { command: 'recordNeed', writes: ['NeedRecorded'], path: `/v1/family-help-plans/${world.planId}/needs`, as: callerOf('social_worker'), body: { description: `need ${n}` } };
  if (roll < 0.9) {
    return {
      command: 'recordContribution',
      writes: ['AgencyContributionRecorded'],
      path: `/v1/family-help-plans/${world.planId}/contributions`,
      as: callerOf('health_practitioner'),
      body: { agency: 'health', support: `support ${n}`, frequency: 'weekly', from: '2025-01-06' },
    };
  }
  return { command: 'registerChild', writes: ['ChildRegistered'], path: '/v1/children', as: callerOf('team_manager'), body: { givenName: `Child${n}`, familyName: 'Crash', dateOfBirth: '2015-04-01', primaryNeed: 'SLD' } };
}

/** Sends one command; true when it was answered (whatever the status), false when the service was gone. */
async function attempt(command: Sent): Promise<boolean> {
  try {
    const answer = await side.send(command.path, {
      as: command.as,
      body: command.body,
      headers: { 'x-correlation-id': command.correlationId, ...(command.idempotencyKey ? { 'idempotency-key': command.idempotencyKey } : {}) },
    });
    if (answer.statusCode === 201) command.answer = answer.json();
    else if (answer.statusCode !== 503) throw new Error(`${command.command} answered ${answer.statusCode}: ${answer.body}`);
    return answer.statusCode !== 503;
  } catch (error) {
    if ((error as Error).message.includes('answered')) throw error;
    return false;
  }
}

async function runLoad(stop: () => boolean, workerSeed: number, firstN: number) {
  const pick = random(workerSeed);
  let n = firstN;
  const pending: Sent[] = [];
  while (!stop()) {
    // A careful client (even workers) retries what got no answer with the same key; a careless one (odd) never retries.
    const careful = workerSeed % 2 === 0;
    const command: Sent = pending.shift() ?? { ...nextCommand(pick, n++), correlationId: randomUUID() };
    // The clinic a request names must be in the register; the test registers it on its own connection, which no SIGKILL touches.
    const adviser = (command.body as { adviserOrganisationId?: string }).adviserOrganisationId;
    if (adviser && !sent.includes(command)) await side.register([clinic(adviser)]);
    if (careful && !command.idempotencyKey) command.idempotencyKey = `crash-${command.correlationId}`;
    if (!sent.includes(command)) sent.push(command);
    const answered = await attempt(command);
    if (!answered) {
      if (careful) pending.push(command);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return pending;
}

async function readWholeLog(): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (;;) {
    const page = await side.store.readAll({ after: all.at(-1)?.globalPosition ?? -1, maxCount: 5000 });
    all.push(...page);
    if (page.length < 5000) return all;
  }
}

/** What a query service shows an auditor of every child, plan and assessment, and of the partnership. */
async function snapshot(url: string, log: readonly EventEnvelope[]) {
  const ids = (prefix: string) => [...new Set(log.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.streamId.slice(prefix.length)))].sort();
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const answer = await graphql(side.client, url, query, { as: auditor, variables });
    expect(answer.body.errors, answer.text).toBeUndefined();
    return answer.body.data;
  };
  const children = [];
  for (const id of ids('child-')) {
    children.push(
      await ask('query($id: ID!) { child(id: $id) { id givenName familyName primaryNeed team { organisationId agency joinedAt } coverage { allThree missing agencies { agency contributions lastContributedAt } } } }', { id }),
    );
  }
  const plans = [];
  for (const id of ids('family-help-plan-')) {
    plans.push(
      await ask(
        'query($id: ID!) { familyHelpPlan(id: $id) { id revision status needs { needId description } contributions { contributionId agency organisationId support } completeness { score satisfied applicable rules { id satisfied } } coverage { allThree missing } } }',
        { id },
      ),
    );
  }
  const assessments = [];
  for (const id of ids('ehc-assessment-')) {
    assessments.push(
      await ask(
        'query($id: ID!) { ehcAssessment(id: $id) { id revision status advice { requestId adviserType agency organisationId requestedOn adviceDueOn submittedOn } completeness { score rules { id satisfied } } } }',
        { id },
      ),
    );
  }
  const partnership = await ask('{ partnershipCoverage { plans withAllThree share missing { agency plans { streamId } } } }', {});
  return { children, plans, assessments, partnership };
}

describe('the record service killed under load', () => {
  it(`loses nothing answered, half-writes nothing, and its followers agree with a fresh rebuild (${KILLS} SIGKILLs)`, async () => {
    const pick = random(seed);
    let stopped = false;
    // A second query service is itself SIGKILLed half-way through and started again on the same log.
    // Each query service beside the first writes an access-log file of its own (one writer per file).
    const followerEnv = { PLANLEDGER_ACCESS_LOG_STORE: `sqlite:${join(side.dataDir, 'access-log-restarted.db')}` };
    let restartedFollower = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile, env: followerEnv });
    let followerKilledAt = -1;
    const workers = Array.from({ length: WORKERS }, (_, w) => runLoad(() => stopped, seed + w * 7919, w * 1_000_000));
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(pick() * 500)));
      killedAt.push(await side.store.headPosition());
      await side.api.kill();
      await side.restart();
      if (kill === Math.floor(KILLS / 2)) {
        followerKilledAt = await side.store.headPosition();
        await restartedFollower.kill();
        restartedFollower = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile, env: followerEnv });
      }
    }
    stopped = true;
    const unanswered = (await Promise.all(workers)).flat();
    // The careful clients finish what they started, against the last service, as they would.
    for (const command of unanswered) expect(await attempt(command)).toBe(true);

    const log = await readWholeLog();
    const stored = new Set(log.map((e) => e.eventId));
    const answered = sent.filter((c) => c.answer);
    const lost = answered.filter((c) => c.answer!.eventIds.some((id) => !stored.has(id)));

    const byCorrelation = new Map<string, string[]>();
    for (const e of log) byCorrelation.set(e.correlationId, [...(byCorrelation.get(e.correlationId) ?? []), e.type]);
    const halfWritten = sent.filter((c) => {
      const types = byCorrelation.get(c.correlationId) ?? [];
      return types.length > 0 && [...types].sort().join() !== [...c.writes].sort().join();
    });
    const carefulIncomplete = sent.filter((c) => c.idempotencyKey && [...(byCorrelation.get(c.correlationId) ?? [])].sort().join() !== [...c.writes].sort().join());

    const integrity = await side.store.integrityCheck();
    const chains = await verifyAllStreams(side.store);
    const raw = new Database(side.storeFile, { readonly: true });
    const quick = raw.pragma('quick_check', { simple: true });
    raw.close();

    // The query service that followed the log through every crash, and one started now from nothing.
    const head = await side.store.headPosition();
    await caughtUp(side.client, follower.url, auditor, head);
    await caughtUp(side.client, restartedFollower.url, auditor, head);
    const fresh = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile, env: { PLANLEDGER_ACCESS_LOG_STORE: `sqlite:${join(side.dataDir, 'access-log-fresh.db')}` } });
    let agree = false;
    let restartedAgrees = false;
    try {
      await caughtUp(side.client, fresh.url, auditor, head);
      const followed = await snapshot(follower.url, log);
      const afterItsKill = await snapshot(restartedFollower.url, log);
      const rebuilt = await snapshot(fresh.url, log);
      expect(followed).toEqual(rebuilt);
      agree = true;
      expect(afterItsKill).toEqual(rebuilt);
      restartedAgrees = true;
    } finally {
      await fresh.kill();
      await restartedFollower.kill();
    }

    console.log(
      `adversarial: crash: ${KILLS} SIGKILLs under ${WORKERS} clients (seed ${seed}): ${sent.length} commands sent, ${answered.length} answered 201, ${lost.length} answered but lost, ` +
        `${halfWritten.length} half-written, ${carefulIncomplete.length} retried-with-key incomplete, integrity_check ${integrity.ok ? 'ok' : 'FAILED'}, ` +
        `${chains.streams} hash chains ${chains.ok ? 'verify' : 'BROKEN'} over ${chains.events} events, follower ${agree ? 'matches' : 'differs from'} a fresh rebuild, ` +
        `query service SIGKILLed at position ${followerKilledAt} and restarted ${restartedAgrees ? 'matches' : 'differs from'} it`,
    );
    expect(lost.map((c) => c.correlationId)).toEqual([]);
    expect(integrity).toEqual({ ok: true, problems: [] });
    expect(quick).toBe('ok');
    expect(chains.failures).toEqual([]);
    expect(carefulIncomplete.map((c) => `${c.command} ${c.correlationId}`)).toEqual([]);
    expect(halfWritten.map((c) => `${c.command} ${c.correlationId}: ${byCorrelation.get(c.correlationId)!.join(', ')}`)).toEqual([]);
  }, 240_000);
});

/**
 * A stalled disk: inserting an event that matches `when` runs seconds of work inside the service's own
 * write transaction, so a kill can be aimed at a chosen moment of a commit.
 */
function stallInserts(db: Database.Database, when: string): () => void {
  db.exec('CREATE TABLE IF NOT EXISTS stall (x INTEGER)');
  db.prepare('INSERT INTO stall (x) SELECT value FROM json_each(?)').run(JSON.stringify(Array.from({ length: 600 }, (_, i) => i)));
  db.exec(`CREATE TRIGGER stall_append BEFORE INSERT ON events WHEN ${when} BEGIN SELECT count(*) FROM stall a, stall b, stall c; END`);
  return () => db.exec('DROP TRIGGER stall_append; DROP TABLE stall');
}

/** True while another connection (the service) holds the file's write lock, i.e. is inside a write transaction. */
function writeLockHeld(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  }
  probe.exec('ROLLBACK');
  return false;
}

const untilWithin = async (ms: number, done: () => boolean) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  return done();
};

describe('requestAdvice killed while it commits', () => {
  const adviserFrom = (organisationId: string) => ({ userId: `clinician-${organisationId}`, role: 'health_practitioner', agency: 'health', organisationId }) satisfies Caller;
  const healthAdvice = { C: 'Seizures monthly', G: 'Rescue medication plan' };

  /** Sends the advice request, SIGKILLs the service at `moment`, restarts it, and reports what of the request is stored. */
  async function requestAndKill(organisationId: string, stallWhen: string, moment: (db: Database.Database, before: number) => boolean) {
    const world = worlds[0]!;
    const db = new Database(side.storeFile, { timeout: 10_000 });
    const unstall = stallInserts(db, stallWhen);
    const before = db.prepare('SELECT coalesce(max(global_position), -1) FROM events').pluck().get() as number;
    const answer = side
      .send(`/v1/ehc-assessments/${world.assessmentId}/advice-requests`, { as: 'send_officer', body: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: organisationId } })
      .then((a) => a.statusCode)
      .catch(() => 'no answer' as const);
    const reached = await untilWithin(10_000, () => moment(db, before));
    await side.api.kill();
    unstall();
    db.close();
    await side.restart();
    // Everything the command could have written names the organisation: the request (and any invitation to the team).
    const stored = (await side.store.readAll({ after: before, maxCount: 1000 })).filter((e) => JSON.stringify(e.data).includes(organisationId));
    return { reached, answer: await answer, written: stored.map((e) => e.type), requestId: (stored[0]?.data as { requestId?: string } | undefined)?.requestId, assessmentId: world.assessmentId };
  }

  const submitAdvice = (assessmentId: string, adviser: Caller, requestId: string) =>
    side.send(`/v1/ehc-assessments/${assessmentId}/advice`, { as: adviser, body: { requestId, sections: healthAdvice } });

  it('in the middle of its one append: nothing of it is stored, its adviser is a stranger, and sending it again works', async () => {
    const organisationId = 'org-clinic-killed-mid-commit';
    await side.register([clinic(organisationId)]);
    const adviser = adviserFrom(organisationId);
    const probe = new Database(side.storeFile, { timeout: 0 });
    const outcome = await requestAndKill(organisationId, `NEW.data LIKE '%${organisationId}%'`, () => writeLockHeld(probe)).finally(() => probe.close());
    const stranger = await submitAdvice(outcome.assessmentId, adviser, randomUUID());
    console.log(`adversarial: crash: requestAdvice SIGKILLed inside its commit: stored ${JSON.stringify(outcome.written)}, answer ${outcome.answer}; its adviser's advice then gets ${stranger.statusCode} ${stranger.json().error?.code ?? ''}`);
    expect(outcome.reached, 'the service never held the write lock for the request').toBe(true);
    expect(outcome.answer).toBe('no answer');
    expect(outcome.written).toEqual([]);
    expect([stranger.statusCode, stranger.json().error?.code]).toEqual([404, 'PL_ERR_NOT_FOUND']);

    const again = await side.send(`/v1/ehc-assessments/${outcome.assessmentId}/advice-requests`, { as: 'send_officer', body: { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: organisationId } });
    expect(again.statusCode, again.body).toBe(201);
    const requestId = ((await side.store.readStream(again.json().streamId)).find((e) => e.eventId === again.json().eventIds[0])!.data as { requestId: string }).requestId;
    const advice = await submitAdvice(outcome.assessmentId, adviser, requestId);
    expect(advice.statusCode, advice.body).toBe(201);
  }, 60_000);

  it('the moment its first event is committed: the request is whole, and the organisation it invites can submit its advice', async () => {
    const organisationId = 'org-clinic-killed-after-commit';
    await side.register([clinic(organisationId)]);
    const adviser = adviserFrom(organisationId);
    // Stalls any later append of the same command (an invitation written after the request would be one).
    // (The organisation's own registration names it too, in the register's stream: not an append of this command.)
    const laterAppend = `NEW.data LIKE '%${organisationId}%' AND EXISTS (SELECT 1 FROM events WHERE data LIKE '%${organisationId}%' AND stream_id <> 'organisation-register')`;
    const head = (db: Database.Database, before: number) => (db.prepare('SELECT coalesce(max(global_position), -1) FROM events').pluck().get() as number) > before;
    const outcome = await requestAndKill(organisationId, laterAppend, head);
    const advice = outcome.requestId ? await submitAdvice(outcome.assessmentId, adviser, outcome.requestId) : null;
    console.log(`adversarial: crash: requestAdvice SIGKILLed as its first event committed: stored ${JSON.stringify(outcome.written)}, answer ${outcome.answer}; the invited adviser's advice then gets ${advice?.statusCode} ${advice?.json().error?.code ?? ''}`);
    expect(outcome.reached, 'the request never reached the store').toBe(true);
    expect(outcome.written).toEqual(['AdviceRequested']);
    expect(advice?.statusCode, advice?.body).toBe(201);
  }, 60_000);
});
