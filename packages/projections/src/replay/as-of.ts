import type { EventEnvelope } from '@planledger/event-store';

/**
 * The two clocks a replay can be cut on. Every event carries both: `recordedAt`, when it was written
 * into the record, and `occurredAt`, when it happened in the world (the meeting date, the day the
 * advice was sent).
 */
export interface Instant {
  /**
   * Recorded time: the record as it stood at this moment, what a reader saw then. Only events
   * recorded at or before it count, however long before they happened.
   */
  asOf?: Date;
  /**
   * World time: what had happened by this moment, as far as the record knows (now, or at `asOf` when
   * both are given). Only events that occurred at or before it count, whenever they were written.
   */
  happenedBy?: Date;
}

/** An instant given as a recorded-time Date alone (the older form) or as both clocks. */
export type InstantLike = Date | Instant;

export const instantOf = (at: InstantLike): Instant => (at instanceof Date ? { asOf: at } : at);

/** True when the instant cuts on either clock (otherwise it is the live record). */
export const isReplay = (at: Instant | undefined): at is Instant => at !== undefined && (at.asOf !== undefined || at.happenedBy !== undefined);

/**
 * The events of a stream as the record held them at `asOf`: those *recorded* at or before that
 * instant. An event about a meeting last month that was written today is not part of what a reader
 * saw yesterday, so `recordedAt` decides, never `occurredAt`.
 */
export function recordedBy(events: readonly EventEnvelope[], asOf: Date): EventEnvelope[] {
  const limit = asOf.getTime();
  const out: EventEnvelope[] = [];
  for (const event of events) if (Date.parse(event.recordedAt) <= limit) out.push(event);
  return out;
}

/** The event a correction or withdrawal names, if the event is one. */
function namedEventOf(event: EventEnvelope): string | undefined {
  if (event.type === 'EventCorrected') return (event.data as { correctedEventId?: string }).correctedEventId;
  if (event.type === 'ContributionWithdrawn') return (event.data as { withdrawnEventId?: string }).withdrawnEventId;
  return undefined;
}

/**
 * The events of one stream at an instant on both clocks, in stream order. `asOf` keeps what was
 * recorded by then; `happenedBy` then keeps what had happened by then. A correction or withdrawal is
 * the record's word about the fact it names, not a fact of its own: it follows that fact (kept when
 * the fact is kept, and once it was recorded by `asOf`), so "as we know now" about 1 January shows
 * January's advice as corrected in March.
 */
export function eventsAt(events: readonly EventEnvelope[], at: InstantLike): EventEnvelope[] {
  return events.filter(cutAt(at));
}

/**
 * The same cut as `eventsAt`, one event at a time in log order (for a replay that reads the log a
 * page at a time): true for each event the instant keeps.
 */
export function cutAt(at: InstantLike): (event: EventEnvelope) => boolean {
  const { asOf, happenedBy } = instantOf(at);
  const recordedLimit = asOf?.getTime();
  if (!happenedBy) return recordedLimit === undefined ? () => true : (event) => Date.parse(event.recordedAt) <= recordedLimit;
  const limit = happenedBy.getTime();
  const kept = new Set<string>();
  return (event) => {
    if (recordedLimit !== undefined && Date.parse(event.recordedAt) > recordedLimit) return false;
    const named = namedEventOf(event);
    if (named !== undefined ? kept.has(named) : Date.parse(event.occurredAt) <= limit) {
      kept.add(event.eventId);
      return true;
    }
    return false;
  };
}

/** The moment completeness and deadlines are judged at: world time when given, else recorded time. */
export const judgedAt = (at: Instant, now: Date): Date => at.happenedBy ?? at.asOf ?? now;
