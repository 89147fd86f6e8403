export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface CommitQueue<Request, Result> {
  /** Queues a request; resolves or rejects once the batch holding it has committed (or failed). */
  submit(request: Request): Promise<Result>;
  /** Commits everything queued, now, synchronously. */
  drain(): void;
}

interface Pending<Request, Result> {
  request: Request;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit. Requests that arrive while the current turn of the event loop runs are committed
 * together by one call of `commitBatch` (one transaction, one fsync). The flush runs on setImmediate:
 * after every queued microtask, so writers woken by the previous commit have all re-submitted, yet in
 * the very next turn, so a lone sequential writer waits for nobody.
 */
export function createCommitQueue<Request, Result>(
  commitBatch: (requests: Request[]) => Array<Outcome<Result>>,
  {
    maxBatch = 1024,
    durable,
  }: {
    maxBatch?: number;
    /**
     * Called after each batch has committed; the batch's requests settle only when it calls `done`
     * (with an error, every request it committed fails with that error instead). Absent: they settle at once.
     */
    durable?: (done: (error: unknown) => void) => void;
  } = {},
): CommitQueue<Request, Result> {
  let queue: Array<Pending<Request, Result>> = [];
  let scheduled = false;

  const flushOnce = () => {
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    let outcomes: Array<Outcome<Result>>;
    try {
      outcomes = commitBatch(batch.map((p) => p.request));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const settle = (syncError: unknown) => {
      for (let i = 0; i < batch.length; i++) {
        const outcome = outcomes[i]!;
        if (!outcome.ok) batch[i]!.reject(outcome.error);
        else if (syncError) batch[i]!.reject(syncError);
        else batch[i]!.resolve(outcome.value);
      }
    };
    if (durable) durable(settle);
    else settle(null);
  };

  const drain = () => {
    scheduled = false;
    while (queue.length > 0) flushOnce();
  };

  return {
    submit(request) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      });
    },
    drain,
  };
}
