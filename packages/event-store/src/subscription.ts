import type { EventEnvelope } from './envelope';
import type { ReadAllOptions, SubscribeOptions, Subscription } from './port';

export interface ChangeSignal {
  /** Resolves when new events may be in the log, or after `timeoutMs` at the latest. */
  wait(timeoutMs: number): Promise<void>;
}

/** Wakes every waiter when an append commits in this process. */
export function createChangeSignal(): ChangeSignal & { notify(): void } {
  let waiters: Array<() => void> = [];
  return {
    notify() {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    },
    wait(timeoutMs) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          waiters = waiters.filter((x) => x !== done);
          resolve();
        }
        waiters.push(done);
      });
    },
  };
}

/**
 * Catch-up then live delivery over any store that can page its log. Events are delivered strictly in
 * global order, each exactly once per subscription; the position of the last delivered event is the
 * checkpoint a consumer stores to resume after a drop.
 */
export function catchUpSubscription(
  readAll: (options: ReadAllOptions) => Promise<EventEnvelope[]>,
  signal: ChangeSignal,
  options: SubscribeOptions,
  { pageSize = 1000, pollMs = 25 }: { pageSize?: number; pollMs?: number } = {},
): Subscription {
  let closed = false;
  let after = options.after ?? -1;
  let caughtUp = false;
  const loop = (async () => {
    while (!closed) {
      const page = await readAll({ after, maxCount: pageSize });
      for (const event of page) {
        if (closed) return;
        await options.onEvent(event);
        after = event.globalPosition;
      }
      if (page.length < pageSize) {
        if (!caughtUp) {
          caughtUp = true;
          options.onCaughtUp?.(after);
        }
        if (!closed) await signal.wait(pollMs);
      } else {
        caughtUp = false;
      }
    }
  })().catch((error: unknown) => {
    if (!closed) {
      closed = true;
      options.onDropped?.(error);
    }
  });
  return {
    async close() {
      closed = true;
      await loop;
    },
  };
}
