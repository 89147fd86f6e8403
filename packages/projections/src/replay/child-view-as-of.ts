import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { evolveChildView, type ChildView } from '../read-models/child-register';
import { eventsAt, type InstantLike } from './as-of';

/**
 * A child's view as it stood at an instant. The team is not all in the child's stream: an advice
 * request invites its adviser from the assessment's stream. So the child's stream and the advice
 * requests of the given assessment streams are read, cut at the instant, put back in log order and
 * folded through the live model's reducer, so a replay agrees with what the live model showed then.
 */
export async function childViewAsOf(store: Pick<EventStore, 'readStream'>, childId: string, assessmentStreamIds: readonly string[], at: InstantLike): Promise<ChildView | undefined> {
  const events: EventEnvelope[] = eventsAt(await store.readStream(`child-${childId}`), at);
  for (const streamId of assessmentStreamIds) {
    events.push(...eventsAt(await store.readStream(streamId), at).filter((e) => e.type === 'AdviceRequested'));
  }
  events.sort((a, b) => a.globalPosition - b.globalPosition);
  let view: ChildView | undefined;
  for (const event of events) view = evolveChildView(view, event);
  return view;
}
