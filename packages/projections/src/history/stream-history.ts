import type { Actor, EventEnvelope } from '@planledger/event-store';

export interface HistoryEntry {
  eventId: string;
  type: string;
  schemaVersion: number;
  revision: number;
  globalPosition: number;
  /** When it happened in the world (e.g. the meeting date). */
  occurredAt: string;
  /** When the record was written; what a reader on that day could have seen. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: unknown;
  hash: string;
  /** For a correction or withdrawal: the event it names. */
  corrects: string | null;
  correction: 'corrected' | 'withdrawn' | null;
  /** Later events that correct or withdraw this one, in order. */
  correctedBy: string[];
  withdrawn: boolean;
}

/** The event a correction or withdrawal names, or null for any other event. */
export function correctionTarget(event: EventEnvelope): { eventId: string; kind: 'corrected' | 'withdrawn' } | null {
  const data = event.data as { correctedEventId?: unknown; withdrawnEventId?: unknown } | null;
  if (event.type === 'EventCorrected' && typeof data?.correctedEventId === 'string') return { eventId: data.correctedEventId, kind: 'corrected' };
  if (event.type === 'ContributionWithdrawn' && typeof data?.withdrawnEventId === 'string') return { eventId: data.withdrawnEventId, kind: 'withdrawn' };
  return null;
}

/** A stream's events with who, when (both clocks), why (correlation, causation) and corrections linked both ways. */
export function streamHistory(events: readonly EventEnvelope[]): HistoryEntry[] {
  const entries = events.map(
    (e): HistoryEntry => ({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      revision: e.revision,
      globalPosition: e.globalPosition,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.causationId,
      data: e.data,
      hash: e.hash,
      corrects: null,
      correction: null,
      correctedBy: [],
      withdrawn: false,
    }),
  );
  const byId = new Map(entries.map((e) => [e.eventId, e]));
  for (let i = 0; i < events.length; i++) {
    const target = correctionTarget(events[i]!);
    if (!target) continue;
    const entry = entries[i]!;
    entry.corrects = target.eventId;
    entry.correction = target.kind;
    const corrected = byId.get(target.eventId);
    if (corrected) {
      corrected.correctedBy.push(entry.eventId);
      if (target.kind === 'withdrawn') corrected.withdrawn = true;
    }
  }
  return entries;
}
