import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getSQLiteEventStore, hashEvent, verifyAllStreams, type EventEnvelope, type StreamHead } from '@planledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordSide } from './support/record-side';
import { repoRoot } from './support/service-process';

/**
 * A store written by the real record API, then copies of its file tampered with as someone with disk
 * access would: through SQL (triggers dropped) and by flipping raw bytes. Each copy goes through
 * `pnpm verify` (the script, as an operator runs it), verifyAllStreams and SQLite's integrity_check.
 */
let dir: string;
let original: string;
let log: EventEnvelope[];
let anchors: StreamHead[];
const TARGET = 'tamper-target: needs a carer trained in the sensory plan';

beforeAll(async () => {
  const side = await startRecordSide();
  const world = await side.world(['contributions', 'adviceSubmitted', 'shortBreakDecided', 'auditId']);
  for (const description of ['first need', TARGET, 'third need', 'fourth need']) {
    const answer = await side.send(`/v1/family-help-plans/${world.planId}/needs`, { as: 'social_worker', body: { description } });
    expect(answer.statusCode, answer.body).toBe(201);
  }
  await side.api.stop();
  dir = mkdtempSync(join(tmpdir(), 'planledger-tamper-'));
  original = join(dir, 'original.db');
  // Everything into the main file, so raw bytes can be found there and one file is a whole store.
  const db = new Database(side.storeFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(side.storeFile, original);
  await side.close();
  const store = getSQLiteEventStore({ path: original });
  log = await store.readAll({ maxCount: 100_000 });
  anchors = (await verifyAllStreams(store)).heads;
  await store.close();
  rmSync(`${original}-wal`, { force: true });
  rmSync(`${original}-shm`, { force: true });
  writeFileSync(join(dir, 'anchors.json'), JSON.stringify(anchors));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
function copy(): string {
  const file = join(dir, `copy-${copies++}.db`);
  copyFileSync(original, file);
  return file;
}

/** Raw SQL on a copy, the immutability triggers out of the way. */
function sql(file: string, statements: (db: Database.Database) => void) {
  const db = new Database(file);
  db.exec('DROP TRIGGER events_are_immutable; DROP TRIGGER events_are_never_deleted');
  statements(db);
  db.close();
}

interface Verdict {
  exitCode: number | null;
  out: string;
  /** verifyAllStreams in-process, or the error it threw. */
  chains: Awaited<ReturnType<typeof verifyAllStreams>> | { threw: string };
  integrity: string[];
}

async function judge(file: string, withAnchors = false): Promise<Verdict> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'verify.ts'), '--quiet', ...(withAnchors ? ['--anchors', join(dir, 'anchors.json')] : [])], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PLANLEDGER_STORE: `sqlite:${file}` },
  });
  let chains: Verdict['chains'];
  let integrity: string[];
  try {
    const store = getSQLiteEventStore({ path: file });
    try {
      chains = await verifyAllStreams(store, withAnchors ? { anchors } : {}).catch((error: Error) => ({ threw: error.message }));
      integrity = (await store.integrityCheck()).problems;
    } finally {
      await store.close();
    }
  } catch (error) {
    chains = { threw: (error as Error).message };
    integrity = [(error as Error).message];
  }
  return { exitCode: run.status, out: `${run.stdout}${run.stderr}`, chains, integrity };
}

const eventAt = (streamId: string, revision: number) => log.find((e) => e.streamId === streamId && e.revision === revision)!;
const targetEvent = () => log.find((e) => (e.data as { description?: string }).description === TARGET)!;

const results: Array<{ name: string; caught: boolean; named: boolean }> = [];
/** What the untampered copy's verdict showed: null until judged. */
let falseAlarm: boolean | null = null;
afterAll(() => {
  const caught = results.filter((r) => r.caught).length;
  const named = results.filter((r) => r.named).length;
  const untampered = falseAlarm === null ? 'not judged' : falseAlarm ? 'FALSE ALARM' : 'no false alarm';
  console.log(`adversarial: tamper: ${results.length} tampered copies of a ${log.length}-event store: ${caught} caught, ${named} with the first bad event named; untampered copy: ${untampered}`);
});

/** Whether any of the three checks (the script, verifyAllStreams, integrity_check) flagged the copy. */
const flagged = (verdict: Verdict) => verdict.exitCode !== 0 || 'threw' in verdict.chains || !verdict.chains.ok || verdict.integrity.length > 0;

/** Records what a verdict showed, read from the verdict itself, before the test's expectations judge it. */
function observe(name: string, verdict: Verdict, firstBad?: { streamId: string; revision: number }): Verdict {
  const named = firstBad !== undefined && verdict.out.includes(`BAD ${firstBad.streamId}: first bad event at revision ${firstBad.revision}`);
  results.push({ name, caught: flagged(verdict), named });
  return verdict;
}

/** The verdict names this stream's first bad revision and event, in the script's output and in-process. */
function expectNamed(verdict: Verdict, streamId: string, revision: number, eventId: string | null, reason: string) {
  expect(verdict.exitCode, verdict.out).toBe(1);
  expect(verdict.out).toContain(`BAD ${streamId}: first bad event at revision ${revision}${eventId ? ` (event ${eventId})` : ''}: ${reason}`);
  expect(verdict.chains).toMatchObject({ ok: false, failures: [{ streamId, firstBadRevision: revision, eventId, reason }] });
}

describe('a tampered copy of the store', () => {
  it('untampered: every check passes, no false alarm', async () => {
    const verdict = await judge(copy(), true);
    falseAlarm = flagged(verdict);
    expect(verdict.exitCode, verdict.out).toBe(0);
    expect(verdict.out).toMatch(/every hash chain holds/);
    expect(verdict.chains).toMatchObject({ ok: true, failures: [] });
    expect(verdict.integrity).toEqual([]);
  });

  it('one event’s data changed through SQL: named by hash', async () => {
    const victim = targetEvent();
    const file = copy();
    sql(file, (db) => db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify({ ...(victim.data as object), description: 'nothing to see' }), victim.eventId));
    expectNamed(observe('data edited', await judge(file), victim), victim.streamId, victim.revision, victim.eventId, 'hash_mismatch');
  });

  it('one event’s data changed and re-hashed: named at the next event, whose link no longer holds', async () => {
    const victim = targetEvent();
    const next = eventAt(victim.streamId, victim.revision + 1);
    const file = copy();
    const forged = { ...victim, data: { ...(victim.data as object), description: 'nothing to see' } };
    sql(file, (db) => db.prepare('UPDATE events SET data = ?, hash = ? WHERE event_id = ?').run(JSON.stringify(forged.data), hashEvent(forged), victim.eventId));
    expectNamed(observe('data edited and re-hashed', await judge(file), next), next.streamId, next.revision, next.eventId, 'previous_hash_mismatch');
  });

  it('a whole stream re-chained after an edit: named by the anchors saved earlier', async () => {
    const victim = targetEvent();
    const file = copy();
    sql(file, (db) => {
      let previous = eventAt(victim.streamId, victim.revision - 1).hash;
      for (const e of log.filter((x) => x.streamId === victim.streamId && x.revision >= victim.revision)) {
        const forged = { ...e, previousHash: previous, data: e.eventId === victim.eventId ? { ...(e.data as object), description: 'nothing to see' } : e.data };
        previous = hashEvent(forged);
        db.prepare('UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE event_id = ?').run(JSON.stringify(forged.data), forged.previousHash, previous, e.eventId);
      }
    });
    const head = anchors.find((a) => a.streamId === victim.streamId)!;
    const verdict = observe('stream re-chained', await judge(file, true), { streamId: victim.streamId, revision: head.revision });
    expectNamed(verdict, victim.streamId, head.revision, eventAt(victim.streamId, head.revision).eventId, 'anchor_mismatch');
  });

  it('an event deleted from the middle of a stream: named where the gap is', async () => {
    const victim = targetEvent();
    const next = eventAt(victim.streamId, victim.revision + 1);
    const file = copy();
    sql(file, (db) => db.prepare('DELETE FROM events WHERE event_id = ?').run(victim.eventId));
    expectNamed(observe('event deleted', await judge(file), victim), victim.streamId, victim.revision, next.eventId, 'revision_gap');
  });

  it('two events of a stream swapped in revision: named at the first of them', async () => {
    const victim = targetEvent();
    const next = eventAt(victim.streamId, victim.revision + 1);
    const file = copy();
    sql(file, (db) => {
      db.prepare('UPDATE events SET revision = 1000000 WHERE event_id = ?').run(victim.eventId);
      db.prepare('UPDATE events SET revision = ? WHERE event_id = ?').run(victim.revision, next.eventId);
      db.prepare('UPDATE events SET revision = ? WHERE event_id = ?').run(next.revision, victim.eventId);
    });
    const verdict = observe('revisions swapped', await judge(file), victim);
    expect(verdict.exitCode, verdict.out).toBe(1);
    expect(verdict.out).toContain(`BAD ${victim.streamId}: first bad event at revision ${victim.revision}`);
    expect(verdict.chains).toMatchObject({ ok: false, failures: [{ streamId: victim.streamId, firstBadRevision: victim.revision }] });
  });

  it('two events of a stream swapped in the log’s order: named at the first out of place', async () => {
    const victim = targetEvent();
    const next = eventAt(victim.streamId, victim.revision + 1);
    const file = copy();
    sql(file, (db) => {
      db.prepare('UPDATE events SET global_position = -5 WHERE event_id = ?').run(victim.eventId);
      db.prepare('UPDATE events SET global_position = ? WHERE event_id = ?').run(victim.globalPosition, next.eventId);
      db.prepare('UPDATE events SET global_position = ? WHERE event_id = ?').run(next.globalPosition, victim.eventId);
    });
    expectNamed(observe('log order swapped', await judge(file), victim), victim.streamId, victim.revision, next.eventId, 'revision_gap');
  });

  it('the newest events of a stream deleted (truncation): named by the anchors saved earlier', async () => {
    const victim = targetEvent();
    const file = copy();
    sql(file, (db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= ?').run(victim.streamId, victim.revision));
    expectNamed(observe('stream truncated', await judge(file, true), victim), victim.streamId, victim.revision, null, 'truncated');
  });

  it('one byte of an event’s text flipped in the file: named by hash (SQLite itself cannot tell)', async () => {
    const victim = targetEvent();
    const file = copy();
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(TARGET));
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(Buffer.from(TARGET), at + 1)).toBe(-1);
    const flip = at + 'tamper-target: needs a '.length;
    bytes.writeUInt8(bytes.readUInt8(flip) ^ 0x01, flip);
    writeFileSync(file, bytes);
    const verdict = observe('text byte flipped', await judge(file), victim);
    expectNamed(verdict, victim.streamId, victim.revision, victim.eventId, 'hash_mismatch');
    expect(verdict.integrity).toEqual([]);
  });

  it('one byte of an event’s JSON structure flipped in the file: named, not a crash of the verifier', async () => {
    const victim = targetEvent();
    const file = copy();
    const bytes = readFileSync(file);
    // The quote opening the key: `#description"` is no longer JSON.
    const at = bytes.indexOf(Buffer.from(`"description":"${TARGET}"`));
    expect(at).toBeGreaterThan(0);
    bytes[at] = '#'.charCodeAt(0);
    writeFileSync(file, bytes);
    const verdict = observe('JSON byte flipped', await judge(file), victim);
    expect(verdict.out).toContain(`BAD ${victim.streamId}: first bad event at revision ${victim.revision} (event ${victim.eventId})`);
    expect(verdict.exitCode, verdict.out).toBe(1);
  });

  it('bytes of an index page flipped in the file: SQLite’s integrity check reports it', async () => {
    const file = copy();
    const db = new Database(file, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_events_1' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1").pluck().get() as number;
    db.close();
    const bytes = readFileSync(file);
    const start = (page - 1) * pageSize;
    // The last bytes of a leaf page hold its cells (the indexed event ids): scramble some of them.
    for (let i = start + pageSize - 200; i < start + pageSize - 100; i++) bytes.writeUInt8(bytes.readUInt8(i) ^ 0x20, i);
    writeFileSync(file, bytes);
    const verdict = observe('index page flipped', await judge(file));
    expect(verdict.integrity.length, JSON.stringify(verdict)).toBeGreaterThan(0);
  });

  it('the file cut short: refused, never reported as a sound store', async () => {
    const file = copy();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const verdict = observe('file truncated', await judge(file));
    expect(verdict.exitCode, verdict.out).not.toBe(0);
    expect(verdict.out).not.toMatch(/every hash chain holds/);
    const inProcess = 'threw' in verdict.chains || !verdict.chains.ok || verdict.integrity.length > 0;
    expect(inProcess, JSON.stringify(verdict)).toBe(true);
  });
});
