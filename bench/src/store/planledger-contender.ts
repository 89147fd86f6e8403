import { getSQLiteEventStore } from '@planledger/event-store';
import type { ContenderFactory, StoreContender } from './store-contender';

const PAGE = 1000;
const LOAD_EVENTS_PER_APPEND = 100;
/** Streams filled at once while loading, so the group commit has something to group. */
const LOAD_CONCURRENCY = 64;

/** planledger's embedded default, through its public factory, as `pnpm start` uses it. */
export const planledgerContender: ContenderFactory = {
  name: 'planledger',
  unavailable: async () => null,
  async open(file) {
    const store = getSQLiteEventStore({ path: file });
    const contender: StoreContender = {
      name: 'planledger',
      async append(streamId, events, expected) {
        await store.append(streamId, events, expected === -1 ? 'no_stream' : expected);
      },
      async readStream(streamId) {
        return (await store.readStream(streamId)).length;
      },
      async readAll() {
        let after = -1;
        let count = 0;
        for (;;) {
          const page = await store.readAll({ after, maxCount: PAGE });
          if (page.length === 0) return count;
          count += page.length;
          after = page[page.length - 1]!.globalPosition;
        }
      },
      async load(streams) {
        await forEachLimited(streams, LOAD_CONCURRENCY, async ({ streamId, events }) => {
          for (let i = 0; i < events.length; i += LOAD_EVENTS_PER_APPEND) {
            await store.append(streamId, events.slice(i, i + LOAD_EVENTS_PER_APPEND), i === 0 ? 'no_stream' : i - 1);
          }
        });
      },
      close: () => store.close(),
    };
    return contender;
  },
};

/** Runs `work` over every item with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
