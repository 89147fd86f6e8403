import type { EventEnvelope } from '@planledger/event-store';
import type { EventData } from '@planledger/domain';
import { entryOf, newStreamMeta, type Entry, type StreamMeta } from './entry';

export interface CorrectableView {
  meta: StreamMeta;
}

/** How one kind of stream turns facts into its view; corrections and withdrawals are handled once, here. */
export interface StreamRules<View extends CorrectableView> {
  /** Builds the view from the stream's first event, or returns null when the event does not start this kind of stream. */
  start(event: EventEnvelope, childId: string): View | null;
  /** Applies one fact (an event, or an event as a correction restates it). Unknown types are ignored. */
  apply(view: View, type: string, entry: Entry<unknown>): void;
  /** Forgets everything the event with this id contributed. */
  remove(view: View, eventId: string): void;
}

type Corrected = EventData<'EventCorrected'>;
type Withdrawn = EventData<'ContributionWithdrawn'>;

/**
 * Folds one event into a stream's view. A correction re-applies the event it names with the corrected
 * data (so the view reads as if the data had been right first time, and history shows both); a
 * withdrawal removes what the named event contributed.
 */
export function evolveStream<View extends CorrectableView>(rules: StreamRules<View>, view: View | undefined, event: EventEnvelope): View | undefined {
  const childId = (event.data as { childId?: unknown } | null)?.childId;
  if (!view) {
    if (typeof childId !== 'string') return undefined;
    const started = rules.start(event, childId);
    if (!started) return undefined;
    view = started;
  }
  const meta = view.meta;
  meta.revision = event.revision;
  meta.lastRecordedAt = event.recordedAt;
  if (event.type === 'EventCorrected') {
    const data = event.data as Corrected;
    const source = meta.sources.get(data.correctedEventId);
    if (source) {
      meta.corrections++;
      rules.remove(view, data.correctedEventId);
      rules.apply(view, source.type, {
        eventId: data.correctedEventId,
        data: data.correctedData,
        occurredAt: source.occurredAt,
        recordedAt: source.recordedAt,
        actor: source.actor,
        corrected: true,
      });
    }
    return view;
  }
  if (event.type === 'ContributionWithdrawn') {
    const data = event.data as Withdrawn;
    if (meta.sources.has(data.withdrawnEventId)) {
      meta.withdrawals++;
      rules.remove(view, data.withdrawnEventId);
    }
    return view;
  }
  meta.sources.set(event.eventId, { type: event.type, occurredAt: event.occurredAt, recordedAt: event.recordedAt, actor: event.actor });
  rules.apply(view, event.type, entryOf(event));
  return view;
}

export { newStreamMeta };
