import { randomUUID } from 'node:crypto';
import { getMemoryEventStore, type EventStore, type NewEvent } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { createStreamCache } from './stream-cache';

const actor = { userId: 'u-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' };
const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', actor, correlationId: randomUUID(), data: { n } });

/** The store, counting the events it reads back: a cache hit reads none. */
function counting(store: EventStore) {
  const read = { events: 0 };
  const wrapped = {
    streamRevision: (id: string) => store.streamRevision(id),
    readStream: async (id: string, options?: Parameters<EventStore['readStream']>[1]) => {
      const events = await store.readStream(id, options);
      read.events += events.length;
      return events;
    },
  };
  return { wrapped, read };
}

describe('the replay stream cache', () => {
  it('answers a repeated read from memory, reads only newer events once the stream grows, and always answers what the store holds', async () => {
    const store = getMemoryEventStore();
    for (let n = 0; n < 5; n++) await store.append('s-1', [event(n)]);
    const { wrapped, read } = counting(store);
    const readStream = createStreamCache(wrapped);
    const first = await readStream('s-1');
    expect(first.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
    expect(read.events).toBe(5);
    expect(await readStream('s-1')).toBe(first);
    expect(read.events).toBe(5);
    await store.append('s-1', [event(5), event(6)]);
    const grown = await readStream('s-1');
    expect(grown).toEqual(await store.readStream('s-1'));
    expect(read.events).toBe(7);
    // The array handed out before is not changed by the growth.
    expect(first).toHaveLength(5);
    expect(await readStream('no-such-stream')).toEqual([]);
  });

  it('drops the least recently read streams beyond its size', async () => {
    const store = getMemoryEventStore();
    for (const id of ['a', 'b', 'c']) for (let n = 0; n < 4; n++) await store.append(id, [event(n)]);
    const { wrapped, read } = counting(store);
    const readStream = createStreamCache(wrapped, { maxEvents: 8 });
    await readStream('a');
    await readStream('b');
    await readStream('a');
    await readStream('c'); // 12 events: b, the least recently read, goes
    expect(read.events).toBe(12);
    await readStream('a');
    await readStream('c');
    expect(read.events).toBe(12);
    await readStream('b');
    expect(read.events).toBe(16);
  });
});
