import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from '../envelope';
import { EventStoreError, EventStoreErrorCodes, isCorruptEvent } from '../errors';
import { GENESIS_HASH, verifyChain } from '../hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions } from '../port';
import { assertValidAppend, chainEvents, checkExpectedRevision, normalizeEventIds, resolveRetry } from '../prepare';
import { catchUpSubscription, createChangeSignal } from '../subscription';
import { createCommitQueue, type Outcome } from './commit-queue';
import { EVENT_COLUMNS, rowToEnvelope, type EventRow } from './event-row';
import { checkFileInBackground } from './file-check';
import { openDatabase } from './open-database';
import { checkStructure, ensureSealsTable, type StructureReport } from './seals';
import { sealEvent, type SealReader } from '../seal';
import { takeWriterLock } from './store-file';
import { createWalSync } from './wal-sync';
import { recordedAtFor, type AppendOptions } from '../backdate';

export interface SQLiteEventStoreOptions {
  /** The database file. Several processes may open the same file: one writes, the others read and follow. */
  path: string;
  /** How often a subscription looks for events written by another process. Default 25 ms. */
  pollMs?: number;
  /** Clock used for recordedAt; tests pin it. */
  now?: () => Date;
  /** How long to wait for another process's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Called after each group commit with how many appends and events it held (for metrics). */
  onCommit?: (batch: { appends: number; events: number }) => void;
  /** The writing service's seal key (see `seal.ts`): every event appended is sealed with it. */
  sealKey?: Uint8Array;
  /** Create the file when it is missing or empty (0 bytes). Default true here; the services pass false unless asked. */
  create?: boolean;
  /** Hold the file's writer lock: a second store opened with it on the same file is refused (ES_ERR_STORE_LOCKED). */
  exclusiveWriter?: boolean;
  /** Cap the file at this many pages: past it appends fail as on a full disk (ES_ERR_STORAGE_FULL). */
  maxPageCount?: number;
  /**
   * Check the file (`quick_check`, which reads every page) in a separate process instead of while
   * opening: the store serves reads at once and `fileCheck()` says when the file passed. For a reader
   * that has other work to do before it serves (a query replica folding the log); a writer checks at
   * open, so nothing is ever appended to a file not yet checked. Default false.
   */
  checkFileInBackground?: boolean;
}

export interface IntegrityReport {
  ok: boolean;
  /** What `PRAGMA integrity_check` found wrong with the file; empty when ok. */
  problems: string[];
}

/**
 * How the store's own connection commits, as SQLite reports it (not as the code meant to set it), and
 * what an append waits for before it resolves: `wal-fdatasync`, an fdatasync of the WAL file begun
 * after the append's COMMIT (on the thread pool; see `wal-sync.ts`), which is the sync that
 * `synchronous = FULL` would run inside COMMIT.
 */
export interface DurabilitySettings {
  journalMode: string;
  synchronous: 'off' | 'normal' | 'full' | 'extra';
  acknowledgedAfter: 'wal-fdatasync';
}

export interface SQLiteEventStore extends EventStore, SealReader {
  /** Checks the database file itself (pages, indexes, constraints); the hash chain is verifyStream's job. */
  integrityCheck(): Promise<IntegrityReport>;
  /** The append-only triggers present, the streams table agreeing with the events, and `quick_check`. */
  checkStructure(): Promise<StructureReport>;
  /** The writing connection's journal mode and synchronous level, read back from SQLite. */
  durability(): DurabilitySettings;
  /** Raises (or sets) the page cap given as maxPageCount: the way to give a "full" file room again. */
  setMaxPageCount(pages: number): void;
  writeHealth(): Promise<{ ok: boolean; code?: string }>;
  fileCheck(): Promise<void>;
}

const SYNCHRONOUS_LEVELS = ['off', 'normal', 'full', 'extra'] as const;

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  options: AppendOptions | undefined;
}

const MAX_REVISION = Number.MAX_SAFE_INTEGER;
const READ_PAGE = 1000;

/** The embedded default store: one SQLite file in WAL mode, durable commits, appends grouped into shared transactions. */
export function getSQLiteEventStore({
  path,
  pollMs = 25,
  now = () => new Date(),
  busyTimeoutMs = 5000,
  onCommit,
  sealKey,
  create = true,
  exclusiveWriter = false,
  maxPageCount,
  checkFileInBackground: inBackground = false,
}: SQLiteEventStoreOptions): SQLiteEventStore {
  const lock = exclusiveWriter ? takeWriterLock(path) : null;
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(path, { busyTimeoutMs, create, quickCheck: !inBackground, ...(maxPageCount !== undefined ? { maxPageCount } : {}) });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Started once the file opened (so a missing or unreadable file is refused at open as before).
  const backgroundCheck = inBackground ? checkFileInBackground(path) : null;
  /** Set when a write failed for want of space; cleared by the next write that succeeds. */
  let storageFull = false;
  ensureSealsTable(db);
  // COMMIT writes the WAL and returns; the sync an acknowledgement waits for runs off the main thread.
  db.pragma('synchronous = NORMAL');
  const walSync = createWalSync(`${path}-wal`);
  const signal = createChangeSignal();
  let unannounced = false;
  let closing = false;
  let closed = false;

  const raw = (sql: string) => db.prepare(sql).raw(true);
  const statements = {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append'),
    release: db.prepare('RELEASE append'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
    nextPosition: db.prepare('SELECT coalesce(max(global_position) + 1, 0) FROM events').pluck(),
    head: raw('SELECT revision, last_hash FROM streams WHERE stream_id = ?'),
    byEventId: raw(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`),
    insert: db.prepare(
      'INSERT INTO events (global_position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, data, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_id, revision, last_hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash',
    ),
    streamForwards: raw(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`),
    streamBackwards: raw(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    all: raw(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`),
    headPosition: db.prepare('SELECT coalesce(max(global_position), -1) FROM events').pluck(),
    latestRecordedAt: db.prepare('SELECT recorded_at FROM events ORDER BY global_position DESC LIMIT 1').pluck(),
    streamRevision: db.prepare('SELECT revision FROM streams WHERE stream_id = ?').pluck(),
    insertSeal: db.prepare('INSERT INTO seals (global_position, seal) VALUES (?, ?)'),
    seals: raw('SELECT global_position, seal FROM seals WHERE global_position > ? AND global_position <= ? ORDER BY global_position'),
  };

  const assertOpen = () => {
    if (closed) throw new EventStoreError(EventStoreErrorCodes.CLOSED, 'the event store is closed');
  };

  /**
   * Writes one append inside the batch's transaction; throws to have its savepoint rolled back.
   * The usual append (new event ids, the expected revision right) looks nothing up beyond the stream's
   * head: a retry shows itself as a unique-constraint failure on the event id, or as a revision that
   * moved on, and only then is the append undone and written again with `checkRetry`, which looks its
   * events up first.
   */
  function appendOne({ streamId, events, expected, options }: PendingAppend, position: number, recordedAtOf: (options: AppendOptions | undefined) => string, checkRetry: boolean): AppendResult {
    const head = statements.head.get(streamId) as [number, string] | undefined;
    const actual = head ? head[0] : -1;
    if (checkRetry) {
      const stored = events.map((e) => {
        const row = statements.byEventId.get(e.eventId) as EventRow | undefined;
        return row && rowToEnvelope(row);
      });
      const retry = resolveRetry(streamId, events, stored, actual);
      if (retry) return retry;
    }
    try {
      checkExpectedRevision(streamId, expected, actual);
    } catch (error) {
      if (checkRetry) throw error;
      throw new RetryWithLookup();
    }
    const recordedAt = recordedAtOf(options);
    const chained = chainEvents(streamId, events, actual, head ? head[1] : GENESIS_HASH, recordedAt);
    const written: AppendResult['events'] = [];
    for (let i = 0; i < chained.length; i++) {
      const e = chained[i]!;
      // Plain JSON.stringify (several times faster than canonicalJson): for JSON data, parsing it back
      // gives a value with the same canonical form, so the stored hash still verifies.
      try {
        statements.insert.run(
          position + i,
          e.eventId,
          streamId,
          e.revision,
          e.type,
          e.schemaVersion,
          e.occurredAt,
          recordedAt,
          JSON.stringify(e.actor),
          e.correlationId,
          e.causationId,
          JSON.stringify(e.data),
          e.previousHash,
          e.hash,
        );
      } catch (error) {
        if (!checkRetry && isDuplicateEventId(error)) throw new RetryWithLookup();
        throw error;
      }
      if (sealKey) statements.insertSeal.run(position + i, sealEvent(sealKey, position + i, e.hash));
      written.push({ eventId: e.eventId, revision: e.revision, globalPosition: position + i });
    }
    const last = chained[chained.length - 1]!;
    statements.upsertStream.run(streamId, last.revision, last.hash);
    return { streamId, nextExpectedRevision: last.revision, lastGlobalPosition: position + chained.length - 1, events: written };
  }

  /** One transaction, one fsync; each append in its own savepoint so its failure is its own. */
  function commitBatch(batch: PendingAppend[]): Array<Outcome<AppendResult>> {
    const clock = now();
    // The log's latest recorded time, read only if an append of this batch is backdated.
    let latest: string | null | undefined;
    const latestRecordedAt = () => (latest === undefined ? (latest = (statements.latestRecordedAt.get() as string | undefined) ?? null) : latest);
    const recordedAtOf = (options: AppendOptions | undefined) => {
      const recordedAt = recordedAtFor(options, clock, latestRecordedAt);
      if (latest !== undefined) latest = recordedAt;
      return recordedAt;
    };
    const outcomes: Array<Outcome<AppendResult>> = [];
    let written = 0;
    try {
      statements.begin.run();
      let position = statements.nextPosition.get() as number;
      // A lone append needs no savepoint: if it fails, the whole transaction is its own to roll back.
      const isolate = batch.length > 1;
      for (const append of batch) {
        if (isolate) statements.savepoint.run();
        const latestBefore = latest;
        try {
          let result: AppendResult;
          try {
            result = appendOne(append, position, recordedAtOf, false);
          } catch (error) {
            if (!(error instanceof RetryWithLookup)) throw error;
            // Undo what the fast attempt wrote, then write it again checking for a retry first.
            latest = latestBefore;
            if (isolate) statements.rollbackToSavepoint.run();
            else {
              statements.rollback.run();
              statements.begin.run();
              // Another process may have written between the two transactions.
              position = statements.nextPosition.get() as number;
            }
            result = appendOne(append, position, recordedAtOf, true);
          }
          if (isolate) statements.release.run();
          if (result.lastGlobalPosition >= position) {
            written += result.lastGlobalPosition - position + 1;
            position = result.lastGlobalPosition + 1;
          }
          outcomes.push({ ok: true, value: result });
        } catch (error) {
          if (!isolate) throw error;
          latest = latestBefore;
          statements.rollbackToSavepoint.run();
          statements.release.run();
          const storeError = asStoreError(error);
          // Out of space is the whole batch's failure, not one append's.
          if (isStorageFull(storeError)) throw storeError;
          outcomes.push({ ok: false, error: storeError });
        }
      }
      statements.commit.run();
    } catch (error) {
      if (db.inTransaction) statements.rollback.run();
      const storeError = asStoreError(error);
      if (isStorageFull(storeError)) storageFull = true;
      throw storeError;
    }
    storageFull = false;
    if (written > 0) unannounced = true;
    onCommit?.({ appends: batch.length, events: written });
    return outcomes;
  }

  const queue = createCommitQueue(commitBatch, {
    durable(done) {
      walSync.afterNextSync((error) => {
        if (error) {
          done(new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `the event store could not confirm the append on disk: ${error.message}`, { cause: error }));
          return;
        }
        // Subscribers in this process hear of events only once they are durable.
        if (unannounced) {
          unannounced = false;
          signal.notify();
        }
        done(null);
      });
    },
  });

  const readAll = async ({ after = -1, maxCount = 1000 }: ReadAllOptions = {}): Promise<EventEnvelope[]> => {
    assertOpen();
    return (statements.all.all(after, maxCount) as EventRow[]).map(rowToEnvelope);
  };

  /**
   * Reads in pages even when the caller wants the whole stream: one huge result set costs more in
   * garbage collection than the extra queries do.
   */
  const readStream = async (streamId: string, { direction = 'forwards', fromRevision, maxCount = MAX_REVISION }: ReadStreamOptions = {}) => {
    assertOpen();
    const forwards = direction === 'forwards';
    const query = forwards ? statements.streamForwards : statements.streamBackwards;
    const out: EventEnvelope[] = [];
    let from = forwards ? Math.max(fromRevision ?? 0, 0) : (fromRevision ?? MAX_REVISION);
    while (out.length < maxCount && from >= 0) {
      const want = Math.min(READ_PAGE, maxCount - out.length);
      const rows = query.all(streamId, from, want) as EventRow[];
      for (const row of rows) out.push(rowToEnvelope(row));
      if (rows.length < want) break;
      from = forwards ? rows[rows.length - 1]![3] + 1 : rows[rows.length - 1]![3] - 1;
    }
    return out;
  };

  const store: SQLiteEventStore = {
    kind: 'sqlite',
    append(streamId, events, expected = 'any', options) {
      try {
        if (closing) throw new EventStoreError(EventStoreErrorCodes.CLOSED, 'the event store is closed');
        events = normalizeEventIds(events);
        assertValidAppend(streamId, events, expected);
      } catch (error) {
        return Promise.reject(error);
      }
      return queue.submit({ streamId, events, expected, options });
    },
    readStream,
    async streamRevision(streamId) {
      assertOpen();
      return (statements.streamRevision.get(streamId) as number | undefined) ?? -1;
    },
    readAll,
    async headPosition() {
      assertOpen();
      return statements.headPosition.get() as number;
    },
    subscribe(options) {
      return catchUpSubscription(readAll, signal, options, { pollMs });
    },
    async verifyStream(streamId) {
      try {
        return verifyChain(streamId, await readStream(streamId));
      } catch (error) {
        if (!isCorruptEvent(error)) throw error;
        const eventCount = (statements.streamRevision.get(streamId) as number | undefined) ?? error.revision;
        return { ok: false, streamId, eventCount: eventCount + 1, firstBadRevision: error.revision, eventId: error.eventId, reason: 'unreadable' };
      }
    },
    async integrityCheck() {
      assertOpen();
      const problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((p) => p !== 'ok');
      return { ok: problems.length === 0, problems };
    },
    async readSeals({ after, upTo }) {
      assertOpen();
      return (statements.seals.all(after, upTo) as Array<[number, string]>).map(([globalPosition, seal]) => ({ globalPosition, seal }));
    },
    async checkStructure() {
      assertOpen();
      return checkStructure(db);
    },
    durability() {
      assertOpen();
      return {
        journalMode: String(db.pragma('journal_mode', { simple: true })).toLowerCase(),
        synchronous: SYNCHRONOUS_LEVELS[Number(db.pragma('synchronous', { simple: true }))]!,
        acknowledgedAfter: 'wal-fdatasync',
      };
    },
    async writeHealth() {
      assertOpen();
      if (!storageFull) return { ok: true };
      // A small write and its removal, in one transaction: it succeeds only once there is room again.
      try {
        db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS write_probe (at TEXT NOT NULL); INSERT INTO write_probe VALUES (datetime()); DELETE FROM write_probe; COMMIT');
        storageFull = false;
        return { ok: true };
      } catch (error) {
        if (db.inTransaction) statements.rollback.run();
        const storeError = asStoreError(error);
        return { ok: false, code: isStorageFull(storeError) ? EventStoreErrorCodes.STORAGE_FULL : EventStoreErrorCodes.UNAVAILABLE };
      }
    },
    fileCheck() {
      return backgroundCheck?.done ?? Promise.resolve();
    },
    setMaxPageCount(pages) {
      db.pragma(`max_page_count = ${Math.floor(pages)}`);
    },
    async close() {
      if (closed) return;
      closing = true;
      // Appends already accepted are committed before the file is let go.
      queue.drain();
      await walSync.idle();
      closed = true;
      await backgroundCheck?.stop();
      walSync.close();
      db.close();
      lock?.release();
      signal.notify();
    },
  };
  return store;
}

/** Thrown inside an append's first attempt when it may be a retry: the append is undone and written again, looking its events up. */
class RetryWithLookup extends Error {}

const isDuplicateEventId = (error: unknown) =>
  (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('events.event_id');

const isStorageFull = (error: unknown) => error instanceof EventStoreError && error.code === EventStoreErrorCodes.STORAGE_FULL;

function asStoreError(error: unknown): unknown {
  if (error instanceof EventStoreError) return error;
  if ((error as { code?: unknown }).code === 'SQLITE_FULL') {
    return new EventStoreError(EventStoreErrorCodes.STORAGE_FULL, 'the event store could not write: the disk is full', { cause: error });
  }
  return new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `the event store could not write: ${(error as Error).message}`, { cause: error });
}
