import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppendResult, EventEnvelope } from '../envelope';
import { EventStoreErrorCodes, IdempotencyConflictError, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../port';
import { newEvent, testActor } from '../testing/contract';
import { describeEventStoreContract } from '../testing/describe-contract';
import { verifyAllStreams } from '../verify-all';
import { getSQLiteEventStore, type SQLiteEventStore } from './sqlite-event-store';
import { overwriteStoredData, tamperEvent } from './testing/tamper-event';
import { tempStoreDirectory } from './testing/temp-store-file';

const dir = tempStoreDirectory();
afterAll(() => dir.remove());

describeEventStoreContract('sqlite', {
  async setup() {
    const path = dir.file();
    const opened: EventStore[] = [];
    return {
      store: getSQLiteEventStore({ path }),
      async tamper(eventId, mutate) {
        tamperEvent(path, eventId, mutate);
        const altered = getSQLiteEventStore({ path });
        opened.push(altered);
        return altered;
      },
      async teardown() {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  },
});

const childScript = fileURLToPath(new URL('./testing/append-from-child.ts', import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/** Runs the child writer in its own Node process; resolves with its exit code and stderr. */
function appendFromChild(path: string, streamId: string, count: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, childScript, path, streamId, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

async function withStore<T>(path: string, use: (store: SQLiteEventStore) => Promise<T>, options: { onCommit?: (b: { appends: number; events: number }) => void } = {}): Promise<T> {
  const store = getSQLiteEventStore({ path, ...options });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('sqlite event store: the file', () => {
  it('opens a new file in WAL mode with durable commits and the schema version recorded, every time', async () => {
    for (let i = 0; i < 20; i++) {
      const path = dir.file();
      await withStore(path, async (store) => {
        expect(await store.headPosition()).toBe(-1);
      });
      const raw = new Database(path, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.pragma('user_version', { simple: true })).toBe(1);
      } finally {
        raw.close();
      }
    }
    // synchronous is per connection, so it is read from the store's own writing connection
    const path = dir.file();
    await withStore(path, async (store) => {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'normal', acknowledgedAfter: 'wal-fdatasync' });
      const raw = new Database(path);
      try {
        const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
        expect(tables).toEqual(['events', 'seals', 'streams']);
      } finally {
        raw.close();
      }
    });
  });

  it('refuses a file written by a newer schema version', async () => {
    const path = dir.file();
    await withStore(path, async () => undefined);
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => getSQLiteEventStore({ path })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.UNAVAILABLE }));
  });

  it('keeps stored events immutable even through a raw connection that does not drop the triggers', async () => {
    const path = dir.file();
    const s = `plan-${randomUUID()}`;
    await withStore(path, (store) => store.append(s, [newEvent()], 'no_stream'));
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/);
      expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/never deleted/);
    } finally {
      raw.close();
    }
  });

  it('reports the file healthy with integrityCheck', async () => {
    await withStore(dir.file(), async (store) => {
      await store.append(`plan-${randomUUID()}`, [newEvent(), newEvent()], 'no_stream');
      expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
    });
  });
});

describe('sqlite event store: durability', () => {
  it('keeps every acknowledged event across close and reopen, chain intact', async () => {
    const path = dir.file();
    const streams = Array.from({ length: 5 }, () => `plan-${randomUUID()}`);
    const written = await withStore(path, async (store) => {
      const results: AppendResult[] = [];
      for (const s of streams) {
        results.push(await store.append(s, [newEvent('A', { s }), newEvent('B', { s })], 'no_stream'));
        results.push(await store.append(s, [newEvent('C', { s })], 1));
      }
      return results;
    });
    await withStore(path, async (store) => {
      expect(await store.headPosition()).toBe(written.at(-1)!.lastGlobalPosition);
      for (const s of streams) {
        expect(await store.streamRevision(s)).toBe(2);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect((await store.verifyStream(s)).ok).toBe(true);
      }
      // the reopened store carries on the chain and the log
      const next = await store.append(streams[0]!, [newEvent('D')], 2);
      expect(next.lastGlobalPosition).toBe(written.at(-1)!.lastGlobalPosition + 1);
      expect((await store.verifyStream(streams[0]!)).ok).toBe(true);
    });
  });

  it('close waits for accepted appends; appends after close fail with ES_ERR_CLOSED', async () => {
    const path = dir.file();
    const s = `plan-${randomUUID()}`;
    const store = getSQLiteEventStore({ path });
    const pending = Array.from({ length: 10 }, (_, i) => store.append(s, [newEvent('N', { i })], 'any'));
    await store.close();
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    await expect(store.append(s, [newEvent()], 'any')).rejects.toMatchObject({ code: EventStoreErrorCodes.CLOSED });
    await expect(store.readAll()).rejects.toMatchObject({ code: EventStoreErrorCodes.CLOSED });
    await withStore(path, async (reopened) => expect(await reopened.streamRevision(s)).toBe(9));
  });
});

describe('sqlite event store: reads', () => {
  it('reads a stream longer than one page, forwards and backwards, without gaps across pages', async () => {
    await withStore(dir.file(), async (store) => {
      const s = `plan-${randomUUID()}`;
      for (const size of [1000, 1000, 500]) await store.append(s, Array.from({ length: size }, (_, i) => newEvent('N', { i })), 'any');
      const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));
      const revs = (events: EventEnvelope[]) => events.map((e) => e.revision);
      expect(revs(await store.readStream(s))).toEqual(range(0, 2499));
      expect(revs(await store.readStream(s, { fromRevision: 999, maxCount: 1002 }))).toEqual(range(999, 2000));
      expect(revs(await store.readStream(s, { direction: 'backwards' }))).toEqual(range(2499, 0));
      expect(revs(await store.readStream(s, { direction: 'backwards', fromRevision: 2200, maxCount: 1500 }))).toEqual(range(2200, 701));
      expect(revs(await store.readStream(s, { direction: 'backwards', fromRevision: 5000, maxCount: 2 }))).toEqual([2499, 2498]);
      expect(revs(await store.readStream(s, { fromRevision: 2000, maxCount: 1000 }))).toEqual(range(2000, 2499));
    });
  });

  it('shares one frozen actor among the events it names, while every envelope and its data stay the reader’s own', async () => {
    await withStore(dir.file(), async (store) => {
      const s = `plan-${randomUUID()}`;
      const other = { userId: 'user-2', role: 'send_officer', agency: 'education', organisationId: 'org-la-1' };
      await store.append(s, [newEvent('N', { i: 0 }), newEvent('N', { i: 1 }, { actor: other }), newEvent('N', { i: 2 })], 'no_stream');
      const [first, second, third] = await store.readStream(s);
      expect(first!.actor).toEqual(testActor);
      expect(second!.actor).toEqual(other);
      expect(third!.actor).toBe(first!.actor);
      expect(Object.isFrozen(first!.actor)).toBe(true);
      expect(() => ((first!.actor as { userId: string }).userId = 'someone-else')).toThrow(TypeError);
      const [again] = await store.readStream(s);
      expect(again).not.toBe(first);
      expect(again!.data).not.toBe(first!.data);
      (first!.data as { i: number }).i = 99;
      expect((again!.data as { i: number }).i).toBe(0);
      expect((await store.verifyStream(s)).ok).toBe(true);
    });
  });
});

describe('sqlite event store: verifying the whole file', () => {
  it('verifyAllStreams finds the one stream whose event was rewritten on disk', async () => {
    const path = dir.file();
    const streams = Array.from({ length: 4 }, () => `plan-${randomUUID()}`);
    const target = await withStore(path, async (store) => {
      for (let i = 0; i < 3; i++) await Promise.all(streams.map((s) => store.append(s, [newEvent('N', { i })], 'any')));
      return (await store.readStream(streams[2]!))[1]!;
    });
    await withStore(path, async (store) => expect(await verifyAllStreams(store)).toMatchObject({ ok: true, streams: 4, events: 12 }));
    tamperEvent(path, target.eventId, (e) => ({ ...e, occurredAt: '2025-01-01T00:00:00.000Z' }));
    await withStore(path, async (store) => {
      const result = await verifyAllStreams(store, { pageSize: 5 });
      expect(result.failures).toEqual([{ streamId: streams[2], firstBadRevision: 1, eventId: target.eventId, reason: 'hash_mismatch' }]);
    });
  });
});

describe('sqlite event store: an event that no longer decodes', () => {
  it('is named by verifyStream and verifyAllStreams, which still check every other event', async () => {
    const path = dir.file();
    const streams = Array.from({ length: 3 }, () => `plan-${randomUUID()}`);
    const target = await withStore(path, async (store) => {
      for (let i = 0; i < 4; i++) await Promise.all(streams.map((s) => store.append(s, [newEvent('N', { i })], 'any')));
      return (await store.readStream(streams[1]!))[2]!;
    });
    overwriteStoredData(path, target.eventId, '{"i": 2, "note": "cut short');
    await withStore(path, async (store) => {
      await expect(store.readStream(streams[1]!)).rejects.toMatchObject({ code: EventStoreErrorCodes.CORRUPT_EVENT, eventId: target.eventId, revision: 2 });
      expect(await store.verifyStream(streams[1]!)).toMatchObject({ ok: false, firstBadRevision: 2, eventId: target.eventId, reason: 'unreadable' });
      expect((await store.verifyStream(streams[0]!)).ok).toBe(true);
      const result = await verifyAllStreams(store, { pageSize: 4 });
      expect(result.events).toBe(12);
      expect(result.failures).toEqual([{ streamId: streams[1], firstBadRevision: 2, eventId: target.eventId, reason: 'unreadable' }]);
    });
  });
});

describe('sqlite event store: group commit', () => {
  it('commits concurrent appends to many streams in one transaction, each acknowledged only once visible to another connection', async () => {
    const path = dir.file();
    const commits: number[] = [];
    const streams = Array.from({ length: 32 }, () => `plan-${randomUUID()}`);
    // Created 0600 first: the store refuses a file other users could read.
    writeFileSync(path, '', { mode: 0o600 });
    const raw = new Database(path, { readonly: false });
    const seenCommitted: boolean[] = [];
    await withStore(
      path,
      async (store) => {
        const check = raw.prepare('SELECT count(*) FROM events WHERE stream_id = ?').pluck();
        await Promise.all(
          streams.map((s) =>
            store.append(s, [newEvent('A'), newEvent('B')], 'no_stream').then((r) => {
              seenCommitted.push(check.get(s) === 2);
              return r;
            }),
          ),
        );
      },
      { onCommit: (b) => commits.push(b.appends) },
    );
    raw.close();
    expect(commits).toEqual([32]);
    expect(seenCommitted).toEqual(streams.map(() => true));
    await withStore(path, async (store) => {
      for (const s of streams) expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1]);
      const log = await store.readAll({ maxCount: 1000 });
      expect(log.map((e) => e.globalPosition)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    });
  });

  it('lets exactly one of many conflicting appends in one batch win', async () => {
    const commits: number[] = [];
    await withStore(
      dir.file(),
      async (store) => {
        const s = `plan-${randomUUID()}`;
        await store.append(s, [newEvent()], 'no_stream');
        commits.length = 0;
        const results = await Promise.allSettled(Array.from({ length: 16 }, () => store.append(s, [newEvent(), newEvent()], 0)));
        expect(commits).toEqual([16]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
        expect((await store.verifyStream(s)).ok).toBe(true);
      },
      { onCommit: (b) => commits.push(b.appends) },
    );
  });

  it('rejects only the failing appends of a batch; the others commit and chain correctly', async () => {
    const path = dir.file();
    const commits: Array<{ appends: number; events: number }> = [];
    const a = `plan-a-${randomUUID()}`;
    const b = `plan-b-${randomUUID()}`;
    const c = `plan-c-${randomUUID()}`;
    const taken = newEvent('Taken');
    await withStore(
      path,
      async (store) => {
        await store.append(c, [taken], 'no_stream');
        const results = await Promise.allSettled([
          store.append(a, [newEvent('A1')], 'no_stream'),
          store.append(b, [newEvent('B1'), { ...taken, data: { other: true } }], 'no_stream'), // same id, other content
          store.append(a, [newEvent('A2'), newEvent('A3')], 0),
          store.append(c, [newEvent('C-late')], 5), // wrong revision
          store.append(b, [newEvent('B-real')], 'no_stream'),
          store.append(c, [taken], 'no_stream'), // a retry: returns the original result
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
        expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((results[5] as PromiseFulfilledResult<AppendResult>).value.events[0]!.eventId).toBe(taken.eventId);
        expect(commits.at(-1)).toEqual({ appends: 6, events: 4 });
      },
      { onCommit: (x) => commits.push(x) },
    );
    await withStore(path, async (store) => {
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A1', 'A2', 'A3']);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B-real']);
      expect((await store.readStream(c)).map((e) => e.type)).toEqual(['Taken']);
      for (const s of [a, b, c]) expect((await store.verifyStream(s)).ok).toBe(true);
      const positions = (await store.readAll()).map((e) => e.globalPosition);
      expect(positions).toEqual(Array.from({ length: 5 }, (_, i) => i));
    });
  });
  it('lets the uniqueness constraints stop a write the streams table did not foresee, undoing only that append', async () => {
    const path = dir.file();
    const x = `plan-x-${randomUUID()}`;
    const y = `plan-y-${randomUUID()}`;
    await withStore(path, (store) => store.append(x, [newEvent('X0')], 'no_stream'));
    // Behind the store's back, an event lands at revision 2 of x while the streams table still says 0.
    const raw = new Database(path);
    raw
      .prepare(`INSERT INTO events (global_position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, data, previous_hash, hash)
        SELECT 100, ?, stream_id, 2, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, data, previous_hash, hash FROM events WHERE stream_id = ?`)
      .run(randomUUID(), x);
    raw.close();
    const commits: number[] = [];
    await withStore(
      path,
      async (store) => {
        const results = await Promise.allSettled([store.append(x, [newEvent('X1'), newEvent('X2')], 0), store.append(y, [newEvent('Y0')], 'no_stream')]);
        expect(commits).toEqual([2]);
        expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: EventStoreErrorCodes.UNAVAILABLE } });
        expect(results[1]).toMatchObject({ status: 'fulfilled' });
        expect((await store.readStream(x)).map((e) => e.type)).toEqual(['X0', 'X0']);
        expect(await store.streamRevision(x)).toBe(0);
        expect((await store.readStream(y)).map((e) => e.type)).toEqual(['Y0']);
        // alone in its transaction, the same failure rolls the transaction back
        const head = await store.headPosition();
        await expect(store.append(x, [newEvent('X1'), newEvent('X2')], 0)).rejects.toMatchObject({ code: EventStoreErrorCodes.UNAVAILABLE });
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(x)).map((e) => e.type)).toEqual(['X0', 'X0']);
        expect(await store.append(y, [newEvent('Y1')], 0)).toMatchObject({ nextExpectedRevision: 1 });
      },
      { onCommit: (b) => commits.push(b.appends) },
    );
  });
});

describe('sqlite event store: several processes on one file', () => {
  it('a subscription in a process that never writes follows events another process appends', async () => {
    const path = dir.file();
    const s = `plan-${randomUUID()}`;
    await withStore(path, async (store) => {
      const got: EventEnvelope[] = [];
      let caughtUp = false;
      const sub = store.subscribe({ onEvent: (e) => void got.push(e), onCaughtUp: () => (caughtUp = true) });
      try {
        await waitFor(() => caughtUp, 'catch-up on the empty file');
        const child = await appendFromChild(path, s, 40);
        expect(child.stderr).toBe('');
        expect(child.code).toBe(0);
        await waitFor(() => got.length >= 40, 'events from the other process');
      } finally {
        await sub.close();
      }
      expect(got.map((e) => e.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(got.every((e) => e.streamId === s && e.type === 'ChildProcessWrote')).toBe(true);
      expect((await store.verifyStream(s)).ok).toBe(true);
    });
  }, 30_000);

  it('several processes opening one new file at once all start and all write', async () => {
    const path = dir.file();
    const streams = Array.from({ length: 3 }, () => `plan-${randomUUID()}`);
    const children = await Promise.all(streams.map((s) => appendFromChild(path, s, 5)));
    for (const child of children) {
      expect(child.stderr).toBe('');
      expect(child.code).toBe(0);
    }
    await withStore(path, async (store) => {
      for (const s of streams) expect(await store.streamRevision(s)).toBe(4);
      expect(await store.headPosition()).toBe(14);
    });
  }, 30_000);
});
