import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../envelope';
import { GENESIS_HASH } from '../hash';
import { resubscribingSubscription, type LiveFeed, type LiveLogSource } from './resubscribing-subscription';

/**
 * A scripted log: each open() replays what the script says for that attempt, so drops, repeats and
 * failures can be placed exactly. It stands in for the server's feed, not for the store.
 */
type Step = { event: number } | { fail: string } | 'end' | 'hang';

function envelope(position: number): EventEnvelope {
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'T',
    schemaVersion: 1,
    streamId: 's',
    revision: position,
    globalPosition: position,
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:00.000Z',
    actor: { userId: 'u', role: 'r', agency: 'a', organisationId: 'o' },
    correlationId: 'c',
    causationId: null,
    data: {},
    previousHash: GENESIS_HASH,
    hash: GENESIS_HASH,
  };
}

function scriptedSource(head: number, attempts: Step[][]) {
  const opened: number[] = [];
  let closedFeeds = 0;
  const source: LiveLogSource = {
    async headPosition() {
      return head;
    },
    open(after) {
      const steps = attempts[opened.length] ?? ['hang'];
      opened.push(after);
      let release: () => void = () => undefined;
      const feed: LiveFeed = {
        async *[Symbol.asyncIterator]() {
          for (const step of steps) {
            if (step === 'end') return;
            if (step === 'hang') {
              await new Promise<void>((resolve) => (release = resolve));
              return;
            }
            if ('fail' in step) throw new Error(step.fail);
            yield envelope(step.event);
          }
          await new Promise<void>((resolve) => (release = resolve));
        },
        async close() {
          closedFeeds += 1;
          release();
        },
      };
      return feed;
    },
  };
  return { source, opened, closedFeeds: () => closedFeeds };
}

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const poll = () => {
      if (predicate()) return resolve();
      if (Date.now() - start > 3000) return reject(new Error('condition not reached'));
      setTimeout(poll, 2);
    };
    poll();
  });
}

const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('resubscribing subscription', () => {
  it('delivers in order, says caught-up once the head read at start is handled, and drops repeats', async () => {
    const { source } = scriptedSource(30, [[{ event: 10 }, { event: 10 }, { event: 20 }, { event: 30 }, { event: 40 }]]);
    const seen: string[] = [];
    const sub = resubscribingSubscription(source, {
      after: 5,
      onEvent: (e) => void seen.push(`event ${e.globalPosition}`),
      onCaughtUp: (p) => void seen.push(`caught up ${p}`),
    });
    await waitFor(() => seen.length === 5);
    await sub.close();
    expect(seen).toEqual(['event 10', 'event 20', 'event 30', 'caught up 30', 'event 40']);
  });

  it('is caught up at once when the checkpoint is already at the head', async () => {
    const { source } = scriptedSource(30, [[]]);
    let caughtUp: number | null = null;
    const sub = resubscribingSubscription(source, { after: 30, onEvent: () => undefined, onCaughtUp: (p) => (caughtUp = p) });
    await waitFor(() => caughtUp !== null);
    await sub.close();
    expect(caughtUp).toBe(30);
  });

  it('resubscribes from the last delivered position when the feed fails or ends', async () => {
    const { source, opened } = scriptedSource(0, [[{ event: 1 }, { event: 2 }, { fail: 'UNAVAILABLE' }], [{ event: 2 }, { event: 3 }, 'end'], [{ event: 4 }]]);
    const seen: number[] = [];
    let dropped: unknown = null;
    const sub = resubscribingSubscription(source, { onEvent: (e) => void seen.push(e.globalPosition), onDropped: (e) => (dropped = e) }, fast);
    await waitFor(() => seen.length === 4);
    await sub.close();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(opened).toEqual([-1, 2, 3]);
    expect(dropped).toBeNull();
  });

  it('gives up after the bounded number of consecutive failures and reports the last error', async () => {
    const { source, opened } = scriptedSource(0, [[{ fail: 'down 1' }], [{ fail: 'down 2' }], [{ fail: 'down 3' }], [{ fail: 'down 4' }]]);
    let dropped: unknown = null;
    const sub = resubscribingSubscription(source, { onEvent: () => undefined, onDropped: (e) => (dropped = e) }, { ...fast, maxRetries: 2 });
    await waitFor(() => dropped !== null);
    await sub.close();
    expect((dropped as Error).message).toBe('down 3');
    expect(opened).toHaveLength(3);
  });

  it('counts only consecutive failures: a delivered event resets the budget', async () => {
    const { source } = scriptedSource(0, [[{ fail: 'a' }], [{ event: 1 }, { fail: 'b' }], [{ event: 2 }, { fail: 'c' }], [{ event: 3 }]]);
    const seen: number[] = [];
    let dropped: unknown = null;
    const sub = resubscribingSubscription(source, { onEvent: (e) => void seen.push(e.globalPosition), onDropped: (e) => (dropped = e) }, { ...fast, maxRetries: 1 });
    await waitFor(() => seen.length === 3);
    await sub.close();
    expect(dropped).toBeNull();
  });

  it('drops at once, without resubscribing, when the handler throws', async () => {
    const { source, opened, closedFeeds } = scriptedSource(0, [[{ event: 1 }, { event: 2 }, { event: 3 }]]);
    const seen: number[] = [];
    let dropped: unknown = null;
    const sub = resubscribingSubscription(
      source,
      {
        onEvent: (e) => {
          if (e.globalPosition === 2) throw new Error('projection failed');
          seen.push(e.globalPosition);
        },
        onDropped: (e) => (dropped = e),
      },
      fast,
    );
    await waitFor(() => dropped !== null);
    await sub.close();
    expect((dropped as Error).message).toBe('projection failed');
    expect(seen).toEqual([1]);
    expect(opened).toHaveLength(1);
    expect(closedFeeds()).toBe(1);
  });

  it('close() stops delivery, closes the feed and does not report a drop', async () => {
    const { source, closedFeeds } = scriptedSource(0, [[{ event: 1 }, 'hang']]);
    let dropped = false;
    const seen: number[] = [];
    const sub = resubscribingSubscription(source, { onEvent: (e) => void seen.push(e.globalPosition), onDropped: () => (dropped = true) });
    await waitFor(() => seen.length === 1);
    await sub.close();
    expect(closedFeeds()).toBe(1);
    expect(dropped).toBe(false);
  });

  it('close() during a backoff pause returns without waiting the pause out', async () => {
    const { source } = scriptedSource(0, [[{ fail: 'down' }]]);
    const sub = resubscribingSubscription(source, { onEvent: () => undefined }, { baseDelayMs: 60_000, maxDelayMs: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    await sub.close();
  });
});
