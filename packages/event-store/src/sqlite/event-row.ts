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
 * Builds a fresh envelope from a row: every read returns objects nobody else holds, without cloning.
 * A row whose JSON no longer parses was damaged outside the store: it is named, not skipped.
 */
export function rowToEnvelope(row: EventRow): EventEnvelope {
  let actor: Actor;
  let data: unknown;
  try {
    actor = JSON.parse(row[8]) as Actor;
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
