import Database from 'better-sqlite3';
import type { NewEvent } from '@planledger/event-store';
import type { ContenderFactory, StoreContender } from './store-contender';

const PAGE = 1000;
const LOAD_CHUNK = 10_000;

/**
 * The bare contenders' file: the same durability as planledger's store (WAL, synchronous=FULL) and
 * the least table a stream read needs, with its insert and stream read.
 */
export function openBareEvents(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    global_position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  )`);
  return {
    db,
    insert: db.prepare('INSERT INTO events (stream_id, revision, data) VALUES (?, ?, ?)'),
    stream: db.prepare('SELECT data FROM events WHERE stream_id = ? ORDER BY revision').pluck(),
  };
}

/**
 * The limit: better-sqlite3 inserting the same bytes (the proposed event as JSON) with the same
 * durability (WAL, synchronous=FULL), one transaction per append, and nothing else: no expected
 * revision check, no idempotency, no hash chain. The (stream, revision) index is the least a stream
 * read needs.
 */
export const bareContender: ContenderFactory = {
  name: 'bare better-sqlite3',
  unavailable: async () => null,
  async open(file) {
    const { db, insert, stream } = openBareEvents(file);
    const appendTx = db.transaction((streamId: string, events: readonly NewEvent[], expected: number) => {
      for (let i = 0; i < events.length; i++) insert.run(streamId, expected + 1 + i, JSON.stringify(events[i]));
    });
    const page = db.prepare('SELECT global_position, data FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?').raw(true);
    const contender: StoreContender = {
      name: 'bare better-sqlite3',
      async append(streamId, events, expected) {
        appendTx.immediate(streamId, events, expected);
      },
      async readStream(streamId) {
        const rows = stream.all(streamId) as string[];
        let count = 0;
        for (const row of rows) if (JSON.parse(row) !== null) count++;
        return count;
      },
      async readAll() {
        let after = -1;
        let count = 0;
        for (;;) {
          const rows = page.all(after, PAGE) as Array<[number, string]>;
          if (rows.length === 0) return count;
          for (const [, data] of rows) if (JSON.parse(data) !== null) count++;
          after = rows[rows.length - 1]![0];
        }
      },
      async load(streams) {
        // Transactions of about LOAD_CHUNK events, so the WAL stays a sensible size.
        let chunk: typeof streams = [];
        let size = 0;
        const loadTx = db.transaction((group: typeof streams) => {
          for (const { streamId, events } of group) appendTx(streamId, events, -1);
        });
        for (const s of streams) {
          chunk = [...chunk, s];
          size += s.events.length;
          if (size >= LOAD_CHUNK) {
            loadTx.immediate(chunk);
            chunk = [];
            size = 0;
          }
        }
        if (chunk.length > 0) loadTx.immediate(chunk);
      },
      async close() {
        db.close();
      },
    };
    return contender;
  },
};
