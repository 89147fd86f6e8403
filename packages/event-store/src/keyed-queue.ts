/**
 * Runs tasks one at a time per key, in the order they were queued, and different keys in parallel.
 * Writers that queue per stream never race each other for a revision inside one process (a lost race
 * costs a read-decide-append round trip, or a 409 to a caller who asked for none); writers in other
 * processes are still caught by the store's expected-revision check.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task queued or running; for tests and diagnostics. */
  readonly size: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(() => task());
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
