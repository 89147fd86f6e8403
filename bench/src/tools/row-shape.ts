/**
 * What a whole-log read of planledger's row costs, taken apart: the same events read as the store
 * reads them and in other row shapes, side by side in interleaved rounds (the median counts), each
 * against a bare select of the 300-byte data column with `JSON.parse`, the store-read benchmark's bare
 * contender.
 *
 *   npx tsx bench/src/tools/row-shape.ts [events=300000] [rounds=7]
 *
 * The record is written through the store itself (60 practitioners, 300-byte events), then copied
 * with better-sqlite3 into a bare table and into a narrower table (both hashes as 32-byte blobs, the
 * actor as an integer key into a table of actors). A diagnostic for the README's analysis, not a
 * benchmark group: it prints its table and writes nothing.
 */
import Database from 'better-sqlite3';
import { getSQLiteEventStore, type NewEvent } from '@planledger/event-store';
import { benchEvent } from '../store/bench-event';
import { withTempFolder } from '../temp-files';
import { median, nowMs } from '../timing';

const [eventsArg = '300000', roundsArg = '7'] = process.argv.slice(2);
const EVENTS = Number(eventsArg);
const ROUNDS = Number(roundsArg);
const PAGE = 1000;
const PER_STREAM = 100;
const PRACTITIONERS = 60;

type Row = unknown[];

/** Pages through a table by position, as the store does, handing every row to `use`. */
function pages(db: Database.Database, sql: string, use: (row: Row) => number): () => number {
  const statement = db.prepare(sql).raw(true);
  return () => {
    let sum = 0;
    for (let after = 0; ; ) {
      const rows = statement.all(after, PAGE) as Row[];
      if (rows.length === 0) return sum;
      for (const row of rows) sum += use(row);
      after = rows[rows.length - 1]![0] as number;
    }
  };
}

const envelope = (r: Row, actor: unknown, previousHash: unknown, hash: unknown) => ({
  eventId: r[1], type: r[4], schemaVersion: r[5], streamId: r[2], revision: r[3] as number, globalPosition: r[0],
  occurredAt: r[6], recordedAt: r[7], actor, correlationId: r[9], causationId: r[10],
  data: JSON.parse(r[11] as string) as unknown, previousHash, hash,
});

await withTempFolder('row-shape', async (file) => {
  process.stderr.write(`writing ${EVENTS.toLocaleString('en-GB')} events through the store ...\n`);
  const store = getSQLiteEventStore({ path: file('store.db') });
  for (let n = 0; n < EVENTS; n += PER_STREAM) {
    const events: NewEvent[] = Array.from({ length: Math.min(PER_STREAM, EVENTS - n) }, (_, i) => {
      const event = benchEvent(n + i);
      const who = (n / PER_STREAM) % PRACTITIONERS;
      return { ...event, actor: { userId: `practitioner-${who}`, role: 'social_worker', agency: 'social_care', organisationId: `org-${who % 7}` } };
    });
    await store.append(`plan-${n / PER_STREAM}`, events, 'no_stream');
  }

  const db = new Database(file('store.db'));
  db.exec(`ATTACH '${file('shapes.db')}' AS shapes;
    CREATE TABLE shapes.bare (global_position INTEGER PRIMARY KEY, data TEXT NOT NULL);
    INSERT INTO shapes.bare SELECT global_position, data FROM events;
    CREATE TABLE shapes.actors (actor_key INTEGER PRIMARY KEY, actor TEXT NOT NULL UNIQUE);
    INSERT INTO shapes.actors (actor) SELECT DISTINCT actor FROM events;
    CREATE TABLE shapes.narrow (global_position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_at TEXT NOT NULL,
      recorded_at TEXT NOT NULL, actor_key INTEGER NOT NULL, correlation_id TEXT NOT NULL, causation_id TEXT,
      data TEXT NOT NULL, previous_hash BLOB NOT NULL, hash BLOB NOT NULL);
    INSERT INTO shapes.narrow SELECT e.global_position, e.event_id, e.stream_id, e.revision, e.type, e.schema_version,
      e.occurred_at, e.recorded_at, a.actor_key, e.correlation_id, e.causation_id, e.data, unhex(e.previous_hash), unhex(e.hash)
      FROM events e JOIN shapes.actors a ON a.actor = e.actor;`);
  const bytes = (sql: string) => Number(db.prepare(sql).pluck().get());
  const rowBytes = {
    planledger: bytes(`SELECT avg(length(event_id) + length(stream_id) + length(type) + length(occurred_at) + length(recorded_at) + length(actor)
      + length(correlation_id) + coalesce(length(causation_id), 0) + length(data) + length(previous_hash) + length(hash)) FROM events`),
    narrow: bytes(`SELECT avg(length(event_id) + length(stream_id) + length(type) + length(occurred_at) + length(recorded_at) + 8
      + length(correlation_id) + coalesce(length(causation_id), 0) + length(data) + length(previous_hash) + length(hash)) FROM shapes.narrow`),
    bare: bytes('SELECT avg(length(data)) FROM shapes.bare'),
  };
  const actorText = new Map(db.prepare('SELECT actor_key, actor FROM shapes.actors').raw(true).all() as Array<[number, string]>);
  const parsedActors = new Map<string, unknown>();
  const sharedActor = (json: string) => {
    let actor = parsedActors.get(json);
    if (actor === undefined) parsedActors.set(json, (actor = Object.freeze(JSON.parse(json))));
    return actor;
  };
  const WIDE = 'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?';
  const NARROW = 'SELECT * FROM shapes.narrow WHERE global_position > ? ORDER BY global_position LIMIT ?';
  const readers: Record<string, () => number | Promise<number>> = {
    'bare: the data column, JSON.parse': pages(db, 'SELECT global_position, data FROM shapes.bare WHERE global_position > ? ORDER BY global_position LIMIT ?', (r) => (JSON.parse(r[1] as string) ? 1 : 0)),
    'planledger store readAll (actors shared)': async () => {
      let sum = 0;
      for (let after: number | undefined; ; ) {
        const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: PAGE });
        if (page.length === 0) return sum;
        for (const e of page) sum += e.revision;
        after = page[page.length - 1]!.globalPosition;
      }
    },
    'planledger row, every actor parsed': pages(db, WIDE, (r) => envelope(r, JSON.parse(r[8] as string), r[12], r[13]).revision),
    'planledger row, actors shared': pages(db, WIDE, (r) => envelope(r, sharedActor(r[8] as string), r[12], r[13]).revision),
    'planledger row, 14 columns, nothing built': pages(db, WIDE, (r) => r[3] as number),
    'planledger row, data column only, JSON.parse': pages(db, 'SELECT global_position, data FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?', (r) => (JSON.parse(r[1] as string) ? 1 : 0)),
    'narrow row (blob hashes to hex in JS, actor key)': pages(db, NARROW, (r) => envelope(r, sharedActor(actorText.get(r[8] as number)!), (r[12] as Buffer).toString('hex'), (r[13] as Buffer).toString('hex')).revision),
    'narrow row (hex() in SQL, actor key)': pages(db, 'SELECT global_position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, actor_key, correlation_id, causation_id, data, lower(hex(previous_hash)), lower(hex(hash)) FROM shapes.narrow WHERE global_position > ? ORDER BY global_position LIMIT ?', (r) => envelope(r, sharedActor(actorText.get(r[8] as number)!), r[12], r[13]).revision),
  };
  const times = new Map<string, number[]>(Object.keys(readers).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`round ${round + 1} of ${ROUNDS}\n`);
    for (const [name, read] of Object.entries(readers)) {
      const started = nowMs();
      await read();
      times.get(name)!.push(nowMs() - started);
    }
  }
  const bare = median(times.get('bare: the data column, JSON.parse')!);
  console.log(`${EVENTS.toLocaleString('en-GB')} events; average bytes per row: planledger ${rowBytes.planledger.toFixed(0)}, narrow ${rowBytes.narrow.toFixed(0)}, bare ${rowBytes.bare.toFixed(0)}\n`);
  console.log('| read of the whole log | median ms | x bare |\n| --- | ---: | ---: |');
  for (const [name, ms] of times) console.log(`| ${name} | ${median(ms).toFixed(0)} | ${(bare / median(ms)).toFixed(2)}x |`);
  db.close();
  await store.close();
});
