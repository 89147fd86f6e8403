import type { EventEnvelope } from '../envelope';
import { getMemoryEventStore } from '../memory/memory-event-store';
import type { EventStore } from '../port';

/**
 * A tamper hook for stores held in memory: exports the whole log, alters one event, and returns a
 * memory store that reads the altered copy (`wrap` lets a test put its own behaviour around it).
 */
export function tamperedCopyOf(store: EventStore, wrap: (copy: EventStore) => EventStore = (copy) => copy) {
  return async (eventId: string, mutate: (stored: EventEnvelope) => EventEnvelope): Promise<EventStore> => {
    const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
    return wrap(getMemoryEventStore({ events: log.map((e) => (e.eventId === eventId ? mutate(e) : e)) }));
  };
}
