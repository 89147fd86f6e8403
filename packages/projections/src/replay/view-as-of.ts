import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { eventsAt, type InstantLike } from './as-of';

/**
 * One stream's view as it stood at an instant (recorded time, world time or both): the stream read
 * once, cut, and folded through the same reducer the live read model uses, so a replay can never
 * disagree with what the live model showed then.
 */
export async function viewAsOf<View>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  at: InstantLike,
  evolve: (view: View | undefined, event: EventEnvelope) => View | undefined,
): Promise<View | undefined> {
  return foldAt(await store.readStream(streamId), at, evolve);
}

/** The same, over events already read. */
export function foldAt<View>(events: readonly EventEnvelope[], at: InstantLike, evolve: (view: View | undefined, event: EventEnvelope) => View | undefined): View | undefined {
  let view: View | undefined;
  for (const event of eventsAt(events, at)) view = evolve(view, event);
  return view;
}
