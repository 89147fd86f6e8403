import { describe, expect, it } from 'vitest';
import type { EventStore } from '../port';
import { getMemoryEventStore } from '../memory/memory-event-store';
import { contractChecks, type ContractContext } from './contract';
import { tamperedCopyOf } from './tampered-copy';

/** Runs every check against an adapter and returns the names of those that failed. */
async function failingChecks(make: () => EventStore): Promise<string[]> {
  const failed: string[] = [];
  for (const check of contractChecks) {
    const store = make();
    const ctx: ContractContext = { store, tamper: tamperedCopyOf(store) };
    try {
      await check.run(ctx);
    } catch {
      failed.push(check.name);
    } finally {
      await ctx.store.close();
    }
  }
  return failed;
}

/** Wraps a correct store so that it misbehaves in one way. */
function broken(mutation: (inner: EventStore) => Partial<EventStore>): () => EventStore {
  return () => {
    const inner = getMemoryEventStore();
    return { ...inner, ...mutation(inner) };
  };
}

describe('the contract suite itself', () => {
  it('passes a correct adapter', async () => {
    expect(await failingChecks(() => getMemoryEventStore())).toEqual([]);
  });

  it('fails an adapter that ignores the expected revision', async () => {
    const failed = await failingChecks(broken((inner) => ({ append: (s, e) => inner.append(s, e, 'any') })));
    expect(failed).toContain('new stream: any and no_stream append; stream_exists and an exact revision conflict');
    expect(failed).toContain('concurrent appends at one expected revision: exactly one wins, the rest conflict');
  });

  it('fails an adapter that leaves "stream exists / no stream" unenforced', async () => {
    const failed = await failingChecks(
      broken((inner) => ({ append: (s, e, x) => inner.append(s, e, x === 'no_stream' || x === 'stream_exists' ? 'any' : x) })),
    );
    expect(failed).toContain('concurrent creations with no_stream: exactly one wins');
    expect(failed).toContain('existing stream: any, stream_exists and the exact revision append; no_stream and a wrong revision conflict');
  });

  it('fails an adapter that writes a retried append twice', async () => {
    const failed = await failingChecks(
      broken((inner) => ({ append: (s, events, x) => inner.append(s, events.map((e) => ({ ...e, eventId: crypto.randomUUID() })), x) })),
    );
    expect(failed).toContain('a retried append (same event ids, same content) writes nothing new and returns the original result');
  });

  it('fails an adapter whose subscription loses or repeats events', async () => {
    const failed = await failingChecks(
      broken((inner) => ({
        subscribe: (options) => {
          let n = 0;
          return inner.subscribe({ ...options, onEvent: (e) => (n++ % 4 === 3 ? undefined : options.onEvent(e)) });
        },
      })),
    );
    expect(failed).toContain('a subscription catches up, says so, then delivers live events with no gap and no duplicate');
  });

  it('fails an adapter whose verification always says the chain is fine', async () => {
    const check = contractChecks.find((c) => c.name === 'verifyStream names the first tampered event')!;
    const liar = (store: EventStore): EventStore => ({ ...store, verifyStream: async (s) => ({ ok: true, streamId: s, eventCount: 0, lastHash: '' }) });
    const store = getMemoryEventStore();
    await expect(check.run({ store, tamper: tamperedCopyOf(store, liar) })).rejects.toThrow();
    await expect(check.run({ store, tamper: tamperedCopyOf(store) })).resolves.toBeUndefined();
  });
});
