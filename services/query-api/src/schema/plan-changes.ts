import type { EventEnvelope } from '@planledger/event-store';
import type { PlanChange } from './plan-change';

// A subscriber that stops reading must not hold the service's memory hostage.
const MAX_QUEUED = 1_000;

/**
 * The changes to one plan stream as an async iterator. The listener is registered at once (not on
 * the first read), so no change applied after the subscription was accepted can be missed.
 */
export function planChanges(
  listen: (listener: (event: EventEnvelope) => void) => () => void,
  streamId: string,
  toChange: (event: EventEnvelope) => PlanChange,
): AsyncIterableIterator<PlanChange> {
  const queue: PlanChange[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const stopListening = listen((event) => {
    if (event.streamId !== streamId) return;
    if (queue.length >= MAX_QUEUED) queue.shift();
    queue.push(toChange(event));
    wake?.();
  });
  const finish = () => {
    finished = true;
    stopListening();
    wake?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (queue.length === 0 && !finished) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      const value = queue.shift();
      return value ? { value, done: false } : { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
  };
}
