import type { EventEnvelope } from '@planledger/event-store';

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
