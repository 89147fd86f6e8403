import { randomUUID } from 'node:crypto';
import { getMemoryEventStore, type EventEnvelope, type EventStore, type NewEvent, type SubscribeOptions } from '@planledger/event-store';
import { afterEach, describe, expect, it } from 'vitest';
import { startProjectionRunner, type ProjectionRunner } from './projection-runner';
import { foldEvents, type ReadModel } from './read-model';

const actor = { userId: 'u-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' };
const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Counted',
  schemaVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  actor,
  correlationId: randomUUID(),
  data: { n },
});

/** Sums `data.n` and remembers the positions it saw, so a double-applied event shows. */
const sum: ReadModel<{ total: number; positions: number[] }> = {
  name: 'sum',
  initial: () => ({ total: 0, positions: [] }),
  evolve(state, e) {
    state.total += (e.data as { n: number }).n;
    state.positions.push(e.globalPosition);
    return state;
  },
};

async function fill(store: EventStore, from: number, to: number) {
  for (let n = from; n <= to; n++) await store.append(`s-${n % 3}`, [event(n)]);
}

const running: ProjectionRunner[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});
const start = (...args: Parameters<typeof startProjectionRunner>) => {
  const r = startProjectionRunner(...args);
  running.push(r);
  return r;
};

describe('projection runner', () => {
  it('catches up from the start of the log, then says it is ready at the head', async () => {
    const store = getMemoryEventStore();
    await fill(store, 1, 50);
    const runner = start({ store, readModels: [sum] });
    await runner.whenReady(5_000);
    expect(runner.ready).toBe(true);
    expect(runner.position).toBe(await store.headPosition());
    expect(runner.state(sum).total).toBe((50 * 51) / 2);
    expect(runner.state(sum).positions).toEqual([...Array(50).keys()]);
  });

  it('follows live appends and lets a writer wait for its own position', async () => {
    const store = getMemoryEventStore();
    const runner = start({ store, readModels: [sum] });
    await runner.whenReady(5_000);
    const written = await store.append('s-live', [event(7)]);
    expect(await runner.waitFor(written.lastGlobalPosition, 5_000)).toBe(true);
    expect(runner.state(sum).total).toBe(7);
  });

  it('answers false when a position is not reached in time', async () => {
    const store = getMemoryEventStore();
    await fill(store, 1, 2);
    const runner = start({ store, readModels: [sum] });
    await runner.whenReady(5_000);
    expect(await runner.waitFor(99, 30)).toBe(false);
    expect(await runner.waitFor(1, 30)).toBe(true);
  });

  it('resumes from a checkpoint and ends where a full rebuild ends', async () => {
    const store = getMemoryEventStore();
    await fill(store, 1, 20);
    const first = start({ store, readModels: [sum] });
    await first.whenReady(5_000);
    const checkpoint = first.position;
    const saved = structuredClone(first.state(sum));
    await first.stop();
    await fill(store, 21, 40);
    const resumed = start({ store, readModels: [sum], after: checkpoint, initialStates: new Map([['sum', saved]]) });
    await resumed.whenReady(5_000);
    const head = await store.headPosition();
    const rebuilt = foldEvents(sum, await store.readAll({ maxCount: 1_000 }));
    expect(resumed.position).toBe(head);
    expect(resumed.state(sum)).toEqual(rebuilt);
  });

  it('neither gaps nor double counts when the store redelivers after a drop', async () => {
    const inner = getMemoryEventStore();
    await fill(inner, 1, 30);
    let subscriptions = 0;
    // First subscription drops after ten events; the second rewinds five positions, as a store
    // that resumes from a stale checkpoint would.
    const flaky: EventStore = {
      ...inner,
      subscribe(options: SubscribeOptions) {
        subscriptions++;
        if (subscriptions === 1) {
          let delivered = 0;
          const sub = inner.subscribe({
            ...options,
            onEvent: async (e: EventEnvelope) => {
              if (++delivered > 10) throw new Error('connection lost');
              await options.onEvent(e);
            },
          });
          return sub;
        }
        return inner.subscribe({ ...options, after: (options.after ?? -1) - 5 });
      },
    };
    const dropped: unknown[] = [];
    const runner = start({ store: flaky, readModels: [sum], resubscribeDelayMs: 1, onDropped: (e) => dropped.push(e) });
    await runner.whenReady(5_000);
    expect(dropped).toHaveLength(1);
    expect(subscriptions).toBe(2);
    expect(runner.state(sum).positions).toEqual([...Array(30).keys()]);
    expect(runner.state(sum).total).toBe((30 * 31) / 2);
  });

  it('skips an event a model cannot apply, reports it, and keeps the other models current', async () => {
    const store = getMemoryEventStore();
    await fill(store, 1, 5);
    const fragile: ReadModel<number> = {
      name: 'fragile',
      initial: () => 0,
      evolve(state, e) {
        if ((e.data as { n: number }).n === 3) throw new Error('cannot read this event');
        return state + 1;
      },
    };
    const failed: number[] = [];
    const runner = start({ store, readModels: [sum, fragile], onProjectionFailure: (f) => failed.push(f.globalPosition) });
    await runner.whenReady(5_000);
    expect(runner.state(fragile)).toBe(4);
    expect(runner.state(sum).total).toBe(15);
    expect(failed).toEqual([2]);
    expect(runner.failures).toBe(1);
  });

  it('tells live listeners about each applied event once', async () => {
    const store = getMemoryEventStore();
    const runner = start({ store, readModels: [sum] });
    await runner.whenReady(5_000);
    const seen: string[] = [];
    const off = runner.onApplied((e) => seen.push(e.streamId));
    const a = await store.append('s-a', [event(1)]);
    await runner.waitFor(a.lastGlobalPosition, 5_000);
    off();
    const b = await store.append('s-b', [event(1)]);
    await runner.waitFor(b.lastGlobalPosition, 5_000);
    expect(seen).toEqual(['s-a']);
  });

  it('refuses two models with one name', () => {
    const store = getMemoryEventStore();
    expect(() => startProjectionRunner({ store, readModels: [sum, sum] })).toThrow(/two read models/);
  });
});
