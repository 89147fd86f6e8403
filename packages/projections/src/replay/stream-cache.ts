import type { EventEnvelope, EventStore } from '@planledger/event-store';

/** Reads one stream's events, in order, as the store holds them now. */
export type StreamReader = (streamId: string) => Promise<readonly EventEnvelope[]>;

/**
 * Recently replayed streams' events kept in memory, so a replay does not read and parse the whole
 * stream from the store again. Each read still asks the store for the stream's revision (one
 * indexed look-up) and reads only the events written since: the answer is always the stream as the
 * store holds it now, never a stale copy. Events are immutable, so they are shared; an array handed
 * out is never changed afterwards (a longer stream gets a new array). Least recently read streams
 * are dropped once more than `maxEvents` events are kept.
 */
export function createStreamCache(store: Pick<EventStore, 'readStream' | 'streamRevision'>, { maxEvents = 200_000 }: { maxEvents?: number } = {}): StreamReader {
  // A Map iterates in insertion order: deleting and re-inserting on each read keeps it least recently read first.
  const streams = new Map<string, readonly EventEnvelope[]>();
  let held = 0;
  const keep = (streamId: string, events: readonly EventEnvelope[]) => {
    const before = streams.get(streamId);
    if (before) {
      held -= before.length;
      streams.delete(streamId);
    }
    if (events.length > maxEvents) return;
    streams.set(streamId, events);
    held += events.length;
    for (const [oldest, dropped] of streams) {
      if (held <= maxEvents) break;
      streams.delete(oldest);
      held -= dropped.length;
    }
  };
  return async (streamId) => {
    const revision = await store.streamRevision(streamId);
    const cached = streams.get(streamId);
    let events: readonly EventEnvelope[];
    if (cached && cached.length === revision + 1) events = cached;
    else if (cached && cached.length > 0 && cached.length < revision + 1) {
      const newer = await store.readStream(streamId, { fromRevision: cached.length });
      // Only the events right after the cached ones extend it; anything else is read afresh.
      events = newer[0]?.revision === cached.length ? cached.concat(newer) : await store.readStream(streamId);
    } else events = revision < 0 ? [] : await store.readStream(streamId);
    if (events.length > 0) keep(streamId, events);
    return events;
  };
}
