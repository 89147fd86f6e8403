import { describe, expect, it } from 'vitest';
import { describeEventStoreContract } from '../testing/describe-contract';
import { getMemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', {
  async setup() {
    const store = getMemoryEventStore();
    return {
      store,
      async tamper(eventId, mutate) {
        const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
        return getMemoryEventStore({ events: log.map((e) => (e.eventId === eventId ? mutate(e) : e)) });
      },
    };
  },
});

describe('memory store subscriptions', () => {
  it('close() returns without waiting out a long poll', async () => {
    const store = getMemoryEventStore();
    const sub = store.subscribe({ onEvent: () => {} });
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const closed = sub.close().then(() => Date.now() - started);
    const winner = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open'), 1000))]);
    expect(winner).not.toBe('still open');
  });
});
