import type { NewEvent } from '@planledger/event-store';
import { openBareEvents } from './bare-contender';
import type { ContenderFactory, StoreContender } from './store-contender';

interface Pending {
  streamId: string;
  events: readonly NewEvent[];
  expected: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The bare insert with planledger's transaction shape: appends that arrive in one turn of the event
 * loop are committed together on setImmediate, in one IMMEDIATE transaction (one fsync), each in its
 * own savepoint so one failure is its own. Same table, bytes and durability as the plain bare
 * contender; still no expected-revision check beyond the unique index, no idempotency, no hash chain.
 * With one writer every batch holds one append, so it does what the plain bare contender does plus
 * the setImmediate hop.
 */
export const bareGroupCommitContender: ContenderFactory = {
  name: 'bare better-sqlite3, group commit',
  unavailable: async () => null,
  async open(file) {
    const { db, insert, stream } = openBareEvents(file);
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const rollback = db.prepare('ROLLBACK');
    const savepoint = db.prepare('SAVEPOINT append');
    const release = db.prepare('RELEASE append');
    const undo = db.prepare('ROLLBACK TO append');
    let queue: Pending[] = [];
    let scheduled = false;

    const flush = () => {
      scheduled = false;
      const batch = queue;
      queue = [];
      const failed = new Map<Pending, unknown>();
      try {
        begin.run();
        const isolate = batch.length > 1;
        for (const p of batch) {
          if (isolate) savepoint.run();
          try {
            for (let i = 0; i < p.events.length; i++) insert.run(p.streamId, p.expected + 1 + i, JSON.stringify(p.events[i]));
            if (isolate) release.run();
          } catch (error) {
            if (!isolate) throw error;
            undo.run();
            release.run();
            failed.set(p, error);
          }
        }
        commit.run();
      } catch (error) {
        if (db.inTransaction) rollback.run();
        for (const p of batch) p.reject(error);
        return;
      }
      for (const p of batch) {
        if (failed.has(p)) p.reject(failed.get(p));
        else p.resolve();
      }
    };

    const contender: StoreContender = {
      name: 'bare better-sqlite3, group commit',
      append(streamId, events, expected) {
        return new Promise<void>((resolve, reject) => {
          queue.push({ streamId, events, expected, resolve, reject });
          if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        });
      },
      async readStream(streamId) {
        return (stream.all(streamId) as string[]).filter((row) => JSON.parse(row) !== null).length;
      },
      async readAll() {
        throw new Error('not measured: reads are the plain bare contender\'s');
      },
      async load() {
        throw new Error('not measured: reads are the plain bare contender\'s');
      },
      async close() {
        db.close();
      },
    };
    return contender;
  },
};
