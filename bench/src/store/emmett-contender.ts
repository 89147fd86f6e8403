import { createRequire } from 'node:module';
import type * as EmmettModule from '@event-driven-io/emmett-sqlite';
import type { NewEvent } from '@planledger/event-store';
import type { ContenderFactory, StoreContender } from './store-contender';

type EmmettSQLite = typeof EmmettModule;

const PAGE = 1000;
const LOAD_EVENTS_PER_TRANSACTION = 10_000;
/** Emmett opens the file and switches WAL on without waiting, which can fail the first write on a new file. */
const START_ATTEMPTS = 3;

/** Emmett's events carry our envelope fields in metadata, so the same bytes are written. */
const toEmmett = (e: NewEvent) => ({
  type: e.type,
  data: e.data as Record<string, unknown>,
  metadata: { messageId: e.eventId, occurredAt: e.occurredAt, actor: e.actor, correlationId: e.correlationId, causationId: e.causationId ?? null },
});

let loaded: Promise<EmmettSQLite | string> | undefined;

/**
 * Emmett switches WAL on with a statement nobody listens to, so its "cannot change into wal mode from
 * within a transaction" failure (the one the design saw at start-up one run in five) arrives as an
 * uncaught 'error' event that would end the whole benchmark. That one failure is counted against the
 * peer instead; any other uncaught error still ends the run.
 */
function countEmmettWalFailures(): void {
  process.on('uncaughtException', (error) => {
    if (/cannot change into wal mode/i.test(error.message)) {
      emmettStartFailures.push(error.message);
      return;
    }
    throw error;
  });
}

/** Loads the peer lazily: when its native sqlite3 binding is missing, the reason is reported instead. */
function loadEmmett(): Promise<EmmettSQLite | string> {
  loaded ??= (async () => {
    try {
      createRequire(import.meta.url)('sqlite3');
      const emmett = await import('@event-driven-io/emmett-sqlite');
      countEmmettWalFailures();
      return emmett;
    } catch (error) {
      return `@event-driven-io/emmett-sqlite could not load here: ${(error as Error).message.split('\n')[0]}`;
    }
  })();
  return loaded;
}

/**
 * Emmett prints every failed transaction with console.log; the benchmark counts failures itself, so
 * that output is held back while an Emmett call runs (it would bury the progress lines).
 */
let quietCalls = 0;
const realLog = console.log;
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  if (quietCalls++ === 0) console.log = () => {};
  try {
    return await work();
  } finally {
    if (--quietCalls === 0) console.log = realLog;
  }
}

/** What start-up failures Emmett had in this run (the design saw one run in five fail). */
export const emmettStartFailures: string[] = [];

/**
 * The peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.42.4, with
 * @event-driven-io/emmett 0.42.0, the newest core the registry offers), through its public API.
 * It opens a connection per operation, switches on WAL itself and leaves synchronous at the
 * sqlite3 build's default (FULL), which `open` checks and reports.
 */
export const emmettContender: ContenderFactory = {
  name: 'emmett-sqlite',
  async unavailable() {
    const emmett = await loadEmmett();
    return typeof emmett === 'string' ? emmett : null;
  },
  async open(file) {
    const emmett = await loadEmmett();
    if (typeof emmett === 'string') throw new Error(emmett);
    // Emmett's start-up can fail to switch the file to WAL; it is given a few tries, as a user would.
    let store: ReturnType<EmmettSQLite['getSQLiteEventStore']> | undefined;
    let mode = '';
    for (let attempt = 1; !store; attempt++) {
      const candidate = emmett.getSQLiteEventStore({ fileName: file });
      try {
        await quietly(() => candidate.schema.migrate());
        const probe = emmett.sqliteConnection({ fileName: file });
        const journal = await probe.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
        const sync = await probe.querySingle<{ synchronous: number }>('PRAGMA synchronous');
        probe.close();
        mode = `journal_mode=${journal?.journal_mode}, synchronous=${sync?.synchronous}`;
        if (journal?.journal_mode === 'wal' && sync?.synchronous === 2) store = candidate;
        else emmettStartFailures.push(`the file was left in ${mode}`);
      } catch (error) {
        emmettStartFailures.push((error as Error).message);
      }
      if (!store && attempt >= START_ATTEMPTS) throw new Error(`Emmett's file is not WAL with synchronous=FULL after ${attempt} starts (${mode || 'no start succeeded'})`);
    }

    const contender: StoreContender = {
      name: 'emmett-sqlite',
      async append(streamId, events, expected) {
        // Emmett counts stream positions from 1; 0 means "no stream yet".
        await quietly(() => store.appendToStream(streamId, events.map(toEmmett), { expectedStreamVersion: BigInt(expected + 1) }));
      },
      async readStream(streamId) {
        return (await store.readStream(streamId)).events.length;
      },
      async readAll() {
        // As its polling consumer reads, but on one connection rather than one per page (kinder to it).
        const connection = emmett.sqliteConnection({ fileName: file });
        try {
          let after = 0n;
          let count = 0;
          for (;;) {
            const batch = await emmett.readMessagesBatch(connection, { after, batchSize: PAGE });
            count += batch.messages.length;
            if (!batch.areEventsLeft) return count;
            after = batch.currentGlobalPosition;
          }
        } finally {
          connection.close();
        }
      },
      async load(streams) {
        // Through Emmett's own appendToStream, many appends per transaction on one connection.
        const connection = emmett.sqliteConnection({ fileName: file });
        try {
          let i = 0;
          while (i < streams.length) {
            let size = 0;
            await connection.withTransaction(async () => {
              while (i < streams.length && size < LOAD_EVENTS_PER_TRANSACTION) {
                const { streamId, events } = streams[i++]!;
                for (let j = 0; j < events.length; j += 1000) {
                  const part = events.slice(j, j + 1000);
                  await emmett.appendToStream(connection, streamId, streamId.split('-')[0]!, part.map(toEmmett), { expectedStreamVersion: BigInt(j) });
                }
                size += events.length;
              }
            });
          }
        } finally {
          connection.close();
        }
      },
      async close() {
        // Emmett's file store holds no connection between operations.
      },
    };
    return contender;
  },
};
