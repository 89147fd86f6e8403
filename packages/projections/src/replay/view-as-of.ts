import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { recordedBy } from './as-of';

/**
 * One stream's view as it stood at `asOf`: the stream read once and folded through the same reducer
 * the live read model uses, so a replay can never disagree with what the live model showed then.
 */
export async function viewAsOf<View>(
  store: EventStore,
  streamId: string,
  asOf: Date,
  evolve: (view: View | undefined, event: EventEnvelope) => View | undefined,
): Promise<View | undefined> {
  const events = recordedBy(await store.readStream(streamId), asOf);
  let view: View | undefined;
  for (const event of events) view = evolve(view, event);
  return view;
}
