import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from './envelope';
import { EventStoreError, EventStoreErrorCodes, IdempotencyConflictError, WrongExpectedRevisionError } from './errors';
import { canonicalJson, hashEvent } from './hash';

/**
 * Shared append logic used by every adapter, so that the rules (expected revision, idempotency,
 * hash chaining) are written once and only the storage differs.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Event ids are uuids, compared in lower case by every adapter (EventStoreDB returns them so): an id
 * sent in upper case is stored, returned and matched on retry in lower case.
 */
export function normalizeEventIds(events: readonly NewEvent[]): readonly NewEvent[] {
  return events.some((e) => typeof e?.eventId === 'string' && e.eventId !== e.eventId.toLowerCase())
    ? events.map((e) => (typeof e?.eventId === 'string' ? { ...e, eventId: e.eventId.toLowerCase() } : e))
    : events;
}

export function assertValidAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  const fail = (msg: string): never => {
    throw new EventStoreError(EventStoreErrorCodes.INVALID_APPEND, msg);
  };
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200) fail('streamId must be 1-200 characters');
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) fail('expected revision must be a non-negative integer');
  if (events.length === 0) fail('an append needs at least one event');
  const seen = new Set<string>();
  for (const e of events) {
    if (!UUID.test(e.eventId)) fail(`eventId ${JSON.stringify(e.eventId)} is not a uuid`);
    if (seen.has(e.eventId)) fail(`eventId ${e.eventId} appears twice in one append`);
    seen.add(e.eventId);
    if (!e.type) fail('event type is required');
    if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) fail('schemaVersion must be a positive integer');
    if (Number.isNaN(Date.parse(e.occurredAt))) fail(`occurredAt ${JSON.stringify(e.occurredAt)} is not a date`);
  }
}

/** The content that must match for a retried append to count as the same event. */
export function sameContent(stored: EventEnvelope, proposed: NewEvent, streamId: string): string | null {
  if (stored.streamId !== streamId) return `it belongs to stream ${stored.streamId}`;
  if (stored.type !== proposed.type) return 'type differs';
  if (stored.schemaVersion !== proposed.schemaVersion) return 'schemaVersion differs';
  if (stored.occurredAt !== proposed.occurredAt) return 'occurredAt differs';
  if (stored.correlationId !== proposed.correlationId) return 'correlationId differs';
  if ((stored.causationId ?? null) !== (proposed.causationId ?? null)) return 'causationId differs';
  if (canonicalJson(stored.actor) !== canonicalJson(proposed.actor)) return 'actor differs';
  if (canonicalJson(stored.data) !== canonicalJson(proposed.data)) return 'data differs';
  return null;
}

/**
 * Decides whether an append is a retry of one already written. Returns the original result when
 * every event is already stored identically, null when none is stored; throws otherwise.
 */
export function resolveRetry(
  streamId: string,
  events: readonly NewEvent[],
  stored: ReadonlyArray<EventEnvelope | undefined>,
  nextExpectedRevision: number,
): AppendResult | null {
  const found = stored.filter((e): e is EventEnvelope => e !== undefined);
  if (found.length === 0) return null;
  for (let i = 0; i < events.length; i++) {
    const s = stored[i];
    if (!s) throw new IdempotencyConflictError(events[i]!.eventId, 'part of this append was written before and part was not');
    const diff = sameContent(s, events[i]!, streamId);
    if (diff) throw new IdempotencyConflictError(s.eventId, diff);
  }
  return {
    streamId,
    nextExpectedRevision,
    lastGlobalPosition: found[found.length - 1]!.globalPosition,
    events: found.map((e) => ({ eventId: e.eventId, revision: e.revision, globalPosition: e.globalPosition })),
  };
}

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/**
 * Builds the stored form of the events (minus the global position, which the log assigns),
 * chaining each hash to the previous event of the stream.
 */
export function chainEvents(
  streamId: string,
  events: readonly NewEvent[],
  currentRevision: number,
  previousHash: string,
  recordedAt: string,
): Array<Omit<EventEnvelope, 'globalPosition'>> {
  let prev = previousHash;
  return events.map((e, i) => {
    const body = {
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      streamId,
      revision: currentRevision + 1 + i,
      occurredAt: e.occurredAt,
      recordedAt,
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.causationId ?? null,
      data: e.data,
      previousHash: prev,
    };
    let hash: string;
    try {
      hash = hashEvent(body);
    } catch (error) {
      throw new EventStoreError(EventStoreErrorCodes.INVALID_APPEND, `event ${e.eventId} cannot be stored: ${(error as Error).message}`);
    }
    prev = hash;
    return { ...body, hash };
  });
}
