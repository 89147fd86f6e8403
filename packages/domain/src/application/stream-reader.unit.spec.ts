import { getMemoryEventStore, type EventStore, type ReadStreamOptions } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { newEvent } from '@planledger/event-store/testing';
import { executeCommand } from './execute-command';
import { createStreamAccess } from './stream-reader';
import { buildScenario, now, people } from '../testing/scenario';

function counting(store: EventStore) {
  const reads: Array<{ streamId: string; fromRevision: number | undefined }> = [];
  const wrapped: EventStore = {
    ...store,
    readStream: (streamId: string, options?: ReadStreamOptions) => {
      reads.push({ streamId, fromRevision: options?.fromRevision });
      return store.readStream(streamId, options);
    },
  };
  return { store: wrapped, reads };
}

describe('stream access for command execution', () => {
  it('reads only the events written since the last read of a stream', async () => {
    const store = getMemoryEventStore();
    const { store: spied, reads } = counting(store);
    const access = createStreamAccess(spied);
    await store.append('plan-a', [newEvent(), newEvent()], 'no_stream');
    expect((await access.read('plan-a')).map((e) => e.revision)).toEqual([0, 1]);
    await store.append('plan-a', [newEvent()], 1);
    expect((await access.read('plan-a')).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(reads).toEqual([
      { streamId: 'plan-a', fromRevision: 0 },
      { streamId: 'plan-a', fromRevision: 2 },
    ]);
  });

  it('drops the least recently used streams beyond its bound and still answers whole streams', async () => {
    const store = getMemoryEventStore();
    const { store: spied, reads } = counting(store);
    const access = createStreamAccess(spied, { maxCachedEvents: 3 });
    for (const id of ['a', 'b', 'c']) await store.append(id, [newEvent(), newEvent()], 'no_stream');
    await access.read('a');
    await access.read('b');
    await access.read('c');
    expect((await access.read('a')).length).toBe(2);
    expect(reads.at(-1)).toEqual({ streamId: 'a', fromRevision: 0 });
  });

  it('hands out copies: changing a returned array does not change the next answer', async () => {
    const store = getMemoryEventStore();
    const access = createStreamAccess(store);
    await store.append('s', [newEvent()], 'no_stream');
    (await access.read('s')).pop();
    expect((await access.read('s')).length).toBe(1);
  });

  it('runs concurrent commands on one stream one after another: with no If-Match none of them conflicts', async () => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const before = await store.streamRevision(`family-help-plan-${scenario.planId}`);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        executeCommand(
          store,
          { command: 'recordNeed', params: { planId: scenario.planId }, body: { description: `Need number ${i}` }, caller: people.socialWorker },
          { now, maxAttempts: 1 },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await store.streamRevision(`family-help-plan-${scenario.planId}`)).toBe(before + 50);
  });
});
