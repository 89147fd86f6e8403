import { createKeyedQueue, type EventEnvelope, type EventStore, type KeyedQueue } from '@planledger/event-store';

/**
 * What command execution keeps per store: the streams it has read (streams only grow, so a cached
 * prefix stays true and only the events after it are read again) and one queue per stream, so that
 * commands on one stream in this process run one after another instead of racing for its revision.
 */
export interface StreamAccess {
  /** The whole stream in revision order. The array is the caller's; the events in it must not be changed. */
  read(streamId: string): Promise<EventEnvelope[]>;
  readonly queue: KeyedQueue;
}

/** Events kept across all cached streams before the least recently used streams are dropped. */
const MAX_CACHED_EVENTS = 200_000;

const perStore = new WeakMap<EventStore, StreamAccess>();

export function streamAccessFor(store: EventStore): StreamAccess {
  let access = perStore.get(store);
  if (!access) {
    access = createStreamAccess(store);
    perStore.set(store, access);
  }
  return access;
}

export function createStreamAccess(store: EventStore, { maxCachedEvents = MAX_CACHED_EVENTS }: { maxCachedEvents?: number } = {}): StreamAccess {
  const cache = new Map<string, EventEnvelope[]>();
  let cachedEvents = 0;
  return {
    queue: createKeyedQueue(),
    async read(streamId) {
      const known = cache.get(streamId) ?? [];
      const newer = await store.readStream(streamId, { fromRevision: known.length });
      // Another reader may have extended the entry while this one waited: keep the longer prefix.
      const current = cache.get(streamId) ?? [];
      const merged = current.length >= known.length + newer.length ? current : known.concat(newer);
      cache.delete(streamId);
      cachedEvents += merged.length - current.length;
      cache.set(streamId, merged);
      for (const [id, events] of cache) {
        if (cachedEvents <= maxCachedEvents || id === streamId) break;
        cache.delete(id);
        cachedEvents -= events.length;
      }
      return merged.slice();
    },
  };
}
