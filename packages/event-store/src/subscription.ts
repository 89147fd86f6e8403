import type { EventEnvelope } from './envelope';
import type { ReadAllOptions, SubscribeOptions, Subscription } from './port';

export interface ChangeSignal {
  /** Bumped by every notification; a reader notes it before reading so no wake-up falls between. */
  readonly version: number;
  /**
   * Resolves when new events may be in the log, or after `timeoutMs` at the latest. With
   * `sinceVersion`, resolves at once if a notification came after that version was read.
   */
  wait(timeoutMs: number, sinceVersion?: number): Promise<void>;
}

/** Wakes every waiter when an append commits in this process. */
export function createChangeSignal(): ChangeSignal & { notify(): void } {
  let waiters: Array<() => void> = [];
  let version = 0;
  return {
    get version() {
      return version;
    },
    notify() {
      version++;
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    },
    wait(timeoutMs, sinceVersion) {
      if (sinceVersion !== undefined && sinceVersion !== version) return Promise.resolve();
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

/** Lets the event loop run what is waiting (I/O, timers) before a long delivery goes on. */
export const handBackTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  let wakeOnClose: () => void = () => {};
  const closing = new Promise<void>((resolve) => {
    wakeOnClose = resolve;
  });
  const loop = (async () => {
    while (!closed) {
      const seen = signal.version;
      const page = await readAll({ after, maxCount: pageSize });
      for (const event of page) {
        if (closed) return;
        // A synchronous consumer (the projection runner) is not awaited: a page is applied in one turn,
        // without a promise per event. An asynchronous one is awaited before the next event.
        const applying = options.onEvent(event);
        if (applying) await applying;
        after = event.globalPosition;
      }
      if (page.length < pageSize) {
        if (!caughtUp) {
          caughtUp = true;
          options.onCaughtUp?.(after);
        }
        if (!closed) await Promise.race([signal.wait(pollMs, seen), closing]);
      } else {
        caughtUp = false;
        // A full page means more to read. The reads resolve at once (SQLite is synchronous), so without
        // this the whole catch-up would run as one chain of microtasks: a service folding ten million
        // events would not listen, answer a health probe or serve a request for minutes.
        await handBackTheLoop();
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
      wakeOnClose();
      await loop;
    },
  };
}
