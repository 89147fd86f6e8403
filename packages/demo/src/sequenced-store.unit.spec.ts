import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { getMemoryEventStore, newEventId, type NewEvent } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { createTurns, sequencedStore, type CurrentTurn } from './sequenced-store';

const event = (type: string): NewEvent => ({
  eventId: newEventId(),
  type,
  schemaVersion: 1,
  occurredAt: '2026-01-05T10:00:00.000Z',
  correlationId: randomUUID(),
  causationId: null,
  data: {},
  actor: { userId: 'u-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' },
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sequencedStore', () => {
  it('keeps a turn through the appends before a command’s last write, and passes it with that write', async () => {
    const inner = getMemoryEventStore();
    const turns = createTurns();
    const als = new AsyncLocalStorage<CurrentTurn>();
    const store = sequencedStore(inner, turns, () => als.getStore());

    // Turn 0 writes a first append (not its last), then works a while before its last write;
    // turn 1 is ready to write at once. Its append must wait for turn 0's last one.
    const first = als.run({ turn: 0, final: false }, async () => {
      await store.append('claim-a', [event('Claimed')], 'any');
      for (let i = 0; i < 5; i++) await tick();
      als.getStore()!.final = true;
      await store.append('target-a', [event('Registered')], 'any');
    });
    const second = als.run({ turn: 1, final: true }, () => store.append('target-b', [event('Registered')], 'any'));
    await Promise.all([first, second]);
    turns.pass(0);
    turns.pass(1);

    expect((await inner.readAll()).map((e) => e.streamId)).toEqual(['claim-a', 'target-a', 'target-b']);
  });

  it('lets the next turn in as soon as a last write has entered the store', async () => {
    const inner = getMemoryEventStore();
    const turns = createTurns();
    const als = new AsyncLocalStorage<CurrentTurn>();
    const store = sequencedStore(inner, turns, () => als.getStore());
    let secondDone = false;
    // Turn 0 makes its last write and then keeps working; turn 1 need not wait for it to finish.
    const first = als.run({ turn: 0, final: true }, async () => {
      await store.append('target-a', [event('Registered')], 'any');
      for (let i = 0; i < 50 && !secondDone; i++) await tick();
      return secondDone;
    });
    const second = als.run({ turn: 1, final: true }, async () => {
      await store.append('target-b', [event('Registered')], 'any');
      secondDone = true;
    });
    const [sawSecondFinish] = await Promise.all([first, second]);
    expect(sawSecondFinish).toBe(true);
    expect((await inner.readAll()).map((e) => e.streamId)).toEqual(['target-a', 'target-b']);
  });
});
