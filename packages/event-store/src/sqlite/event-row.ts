import type { Actor, EventEnvelope } from '../envelope';
import { CorruptEventError } from '../errors';

/** The columns every read selects, in the order `rowToEnvelope` expects them (rows are read raw, as arrays). */
export const EVENT_COLUMNS =
  'global_position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, data, previous_hash, hash';

export type EventRow = [
  globalPosition: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  actor: string,
  correlationId: string,
  causationId: string | null,
  data: string,
  previousHash: string,
  hash: string,
];

/**
 * Actors, parsed once per distinct JSON text and shared, frozen, by every envelope that names them: a
 * record has a few hundred practitioners and millions of events, and parsing each event's actor again
 * cost about a sixth of a whole-log read and as many objects for the collector (measured with
 * `bench/src/tools/row-shape.ts`). Frozen, so a consumer that tried to change one would fail loudly
 * instead of changing it for every other event. Bounded: past `ACTOR_CACHE_LIMIT` distinct actors the
 * cache starts again.
 */
const ACTOR_CACHE_LIMIT = 10_000;
const actors = new Map<string, Actor>();

function actorOf(json: string): Actor {
  let actor = actors.get(json);
  if (actor === undefined) {
    actor = Object.freeze(JSON.parse(json) as Actor);
    if (actors.size >= ACTOR_CACHE_LIMIT) actors.clear();
    actors.set(json, actor);
  }
  return actor;
}

/**
 * Builds an envelope from a row: the envelope and its data are objects nobody else holds, without
 * cloning; its actor is shared and frozen (above). A row whose JSON no longer parses was damaged
 * outside the store: it is named, not skipped.
 */
export function rowToEnvelope(row: EventRow): EventEnvelope {
  let actor: Actor;
  let data: unknown;
  try {
    actor = actorOf(row[8]);
    data = JSON.parse(row[11]) as unknown;
  } catch (error) {
    throw new CorruptEventError({ globalPosition: row[0], streamId: row[2], revision: row[3], eventId: row[1] }, { cause: error });
  }
  return {
    eventId: row[1],
    type: row[4],
    schemaVersion: row[5],
    streamId: row[2],
    revision: row[3],
    globalPosition: row[0],
    occurredAt: row[6],
    recordedAt: row[7],
    actor,
    correlationId: row[9],
    causationId: row[10],
    data,
    previousHash: row[12],
    hash: row[13],
  };
}
