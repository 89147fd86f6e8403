import type { EventEnvelope } from '../envelope';
import { isCorruptEvent } from '../errors';
import type { SubscribeOptions, Subscription } from '../port';
import { handBackTheLoop } from '../subscription';

/** Events delivered between two hand-backs of the event loop (one page of the paging subscription). */
const HAND_BACK_EVERY = 1000;

/** A live feed of the log after a position: catch-up first, then new events as they are written. */
export interface LiveFeed extends AsyncIterable<EventEnvelope> {
  close(): Promise<void>;
}

export interface LiveLogSource {
  /** Global position of the last event of the log, or -1 when it is empty. */
  headPosition(): Promise<number>;
  /** Opens a feed of the events after `after`; it may repeat the event at `after` (dropped here). */
  open(after: number): LiveFeed;
}

export interface ResubscribePolicy {
  /** Consecutive failures without a delivered event before the subscription is dropped. Default 5. */
  maxRetries?: number;
  /** First backoff; doubles per consecutive failure up to maxDelayMs. Default 100 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Raised inside the loop when the consumer's handler fails: never retried, always dropped. */
class HandlerFailed {
  constructor(readonly cause: unknown) {}
}

/**
 * Delivers the log in global order from a checkpoint, resubscribing from the last delivered position
 * when the feed fails or ends (a server restart, a leader change, a network blip), with bounded,
 * doubling backoff. A handler that throws, or an event that cannot be decoded, drops the
 * subscription at once, as the port requires.
 *
 * Caught-up is decided against the head position read before each (re)subscription: once every
 * event up to it has been handled, the consumer has seen everything that was in the log. That is
 * exact even on servers that do not send caught-up messages, and it stays in order with the events
 * (the client's own 'caughtUp' signal can overtake events still buffered in its stream).
 */
export function resubscribingSubscription(source: LiveLogSource, options: SubscribeOptions, policy: ResubscribePolicy = {}): Subscription {
  const { maxRetries = 5, baseDelayMs = 100, maxDelayMs = 5_000 } = policy;
  let closed = false;
  let last = options.after ?? -1;
  let feed: LiveFeed | null = null;
  let wakeUp: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    let failures = 0;
    let sinceHandBack = 0;
    while (!closed) {
      try {
        const head = await source.headPosition();
        let caughtUp = false;
        const signalCaughtUp = () => {
          if (!caughtUp && last >= head && !closed) {
            caughtUp = true;
            options.onCaughtUp?.(last);
          }
        };
        signalCaughtUp();
        feed = source.open(last);
        for await (const event of feed) {
          if (closed) break;
          if (event.globalPosition <= last) continue;
          try {
            await options.onEvent(event);
          } catch (error) {
            throw new HandlerFailed(error);
          }
          failures = 0;
          last = event.globalPosition;
          signalCaughtUp();
          // As the paging subscription does after each page: a feed that answers from its buffer (or a
          // double) would otherwise deliver a long catch-up without letting anything else run.
          if (++sinceHandBack >= HAND_BACK_EVERY) {
            sinceHandBack = 0;
            await handBackTheLoop();
          }
        }
        if (!closed) throw new Error('the subscription ended');
      } catch (error) {
        if (closed) return;
        await feed?.close().catch(() => undefined);
        feed = null;
        if (error instanceof HandlerFailed) return drop(error.cause);
        // An event that cannot be decoded stays undecodable: resubscribing would only meet it again.
        if (isCorruptEvent(error)) return drop(error);
        failures += 1;
        if (failures > maxRetries) return drop(error);
        await pause(Math.min(baseDelayMs * 2 ** (failures - 1), maxDelayMs));
      }
    }
  })();

  function drop(error: unknown) {
    closed = true;
    options.onDropped?.(error);
  }

  return {
    async close() {
      if (!closed) {
        closed = true;
        wakeUp?.();
        await feed?.close().catch(() => undefined);
      }
      await loop;
    },
  };
}
