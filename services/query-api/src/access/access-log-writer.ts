import type { EventStore, NewEvent } from '@planledger/event-store';

/**
 * Writes access-log entries in batches: concurrent reads of the same child share one append.
 *
 * The first entry for a stream starts an append as soon as the current task yields; entries that arrive while it is in flight
 * wait and go together in the next append (group commit), so a burst of n reads of one record costs
 * about two appends instead of n, whichever store is behind the port. Each caller's promise settles
 * only when the append holding its entry does: a read is still served only once its entry is
 * durable, and a failed append fails every read whose entry it held (none of them is served).
 */
export interface AccessLogWriter {
  write(streamId: string, entry: NewEvent): Promise<void>;
}

export interface AccessLogWriterOptions {
  store: EventStore;
  /** Most entries in one append; the rest wait for the next. Default 100. */
  maxBatch?: number;
}

interface Pending {
  entry: NewEvent;
  resolve(): void;
  reject(error: unknown): void;
}

export function createAccessLogWriter({ store, maxBatch = 100 }: AccessLogWriterOptions): AccessLogWriter {
  const queued = new Map<string, Pending[]>();
  const flushing = new Set<string>();

  async function flush(streamId: string): Promise<void> {
    try {
      for (;;) {
        const waiting = queued.get(streamId);
        if (!waiting || waiting.length === 0) break;
        const batch = waiting.splice(0, maxBatch);
        try {
          // 'any': entries of concurrent readers have no order to keep beyond the log's own.
          await store.append(
            streamId,
            batch.map((p) => p.entry),
            'any',
          );
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      queued.delete(streamId);
      flushing.delete(streamId);
    }
  }

  return {
    write(streamId, entry) {
      return new Promise<void>((resolve, reject) => {
        const waiting = queued.get(streamId) ?? [];
        waiting.push({ entry, resolve, reject });
        queued.set(streamId, waiting);
        if (!flushing.has(streamId)) {
          flushing.add(streamId);
          // After the current task's other entries (several fields of one query) have joined.
          queueMicrotask(() => void flush(streamId));
        }
      });
    },
  };
}
