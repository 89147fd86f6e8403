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
  /** The fact the event with this id recorded, if the view still holds it. */
  find(view: View, eventId: string): Entry<unknown> | undefined;
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
    const original = rules.find(view, data.correctedEventId);
    if (original) {
      meta.corrections++;
      rules.remove(view, data.correctedEventId);
      rules.apply(view, original.type, { ...original, data: data.correctedData, corrected: true });
    }
    return view;
  }
  if (event.type === 'ContributionWithdrawn') {
    const data = event.data as Withdrawn;
    if (rules.find(view, data.withdrawnEventId)) {
      meta.withdrawals++;
      rules.remove(view, data.withdrawnEventId);
    }
    return view;
  }
  rules.apply(view, event.type, entryOf(event));
  return view;
}

export { newStreamMeta };
