import { describe, expect, it } from 'vitest';
import { describeEventStoreContract } from '../testing/describe-contract';
import { tamperedCopyOf } from '../testing/tampered-copy';
import { getMemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', {
  async setup() {
    const store = getMemoryEventStore();
    return { store, tamper: tamperedCopyOf(store) };
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
