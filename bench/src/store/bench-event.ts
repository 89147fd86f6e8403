import { randomUUID } from 'node:crypto';
import { newEventId, type NewEvent } from '@planledger/event-store';

/** The size of every event body the store benchmarks write (the design's "300-byte events"). */
export const EVENT_DATA_BYTES = 300;

const actor = { userId: 'bench-user-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-bench-1' };

/**
 * Social care advice of exactly EVENT_DATA_BYTES bytes of JSON: the same bytes go to every contender
 * (key order is already sorted, so the canonical encoding the SQLite adapter stores is this string).
 */
export function adviceData(n: number): Record<string, unknown> {
  const base = { adviceRequestId: randomUUID(), section: 'D', sequence: n, summary: '' };
  const pad = EVENT_DATA_BYTES - JSON.stringify(base).length;
  const text = 'Needs support with personal care and overnight respite; family functioning under strain. ';
  return { ...base, summary: text.repeat(Math.ceil(pad / text.length)).slice(0, pad) };
}

export function benchEvent(n: number): NewEvent {
  return {
    // As the services make them (time-ordered); every contender stores the same 36 characters.
    eventId: newEventId(),
    type: 'SectionDAdviceSubmitted',
    schemaVersion: 1,
    occurredAt: '2026-03-02T10:00:00.000Z',
    actor,
    correlationId: randomUUID(),
    causationId: null,
    data: adviceData(n),
  };
}

export function benchEvents(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => benchEvent(from + i));
}
