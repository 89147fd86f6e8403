import type { Actor, EventEnvelope } from '@planledger/event-store';

/**
 * One fact a read model holds, keyed by the id of the event that recorded it. Keeping the event id
 * is what lets a later correction replace the fact and a withdrawal remove it.
 */
export interface Entry<Data> {
  eventId: string;
  /** The type of the event that recorded it (a correction keeps the original's type). */
  type: string;
  data: Data;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  /** True once a correction has replaced the data first recorded. */
  corrected: boolean;
}

/** The bookkeeping every per-stream view carries. */
export interface StreamMeta {
  streamId: string;
  childId: string;
  /** Revision of the last event applied. */
  revision: number;
  firstRecordedAt: string;
  lastRecordedAt: string;
  corrections: number;
  withdrawals: number;
}

export function entryOf<Data>(event: EventEnvelope): Entry<Data> {
  return { eventId: event.eventId, type: event.type, data: event.data as Data, occurredAt: event.occurredAt, recordedAt: event.recordedAt, actor: event.actor, corrected: false };
}

export function newStreamMeta(event: EventEnvelope, childId: string): StreamMeta {
  return {
    streamId: event.streamId,
    childId,
    revision: event.revision,
    firstRecordedAt: event.recordedAt,
    lastRecordedAt: event.recordedAt,
    corrections: 0,
    withdrawals: 0,
  };
}
