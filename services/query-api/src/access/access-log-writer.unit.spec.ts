import { randomUUID } from 'node:crypto';
import { getMemoryEventStore, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { createAccessLogWriter } from './access-log-writer';

const entry = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ChildRecordRead',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  actor: { userId: 'u', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' },
  correlationId: randomUUID(),
  data: { i },
});

/** A store whose appends wait for the test to release them, counting how many were made. */
function gatedStore() {
  const inner = getMemoryEventStore();
  const appends: Array<{ streamId: string; count: number; release(error?: Error): void }> = [];
  const store: EventStore = {
    ...inner,
    append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision): Promise<AppendResult> {
      return new Promise((resolve, reject) => {
        appends.push({
          streamId,
          count: events.length,
          release: (error) => (error ? reject(error) : resolve(inner.append(streamId, events, expected))),
        });
      });
    },
  };
  return { store, inner, appends };
}

const until = async (predicate: () => boolean) => {
  const deadline = Date.now() + 2_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 1));
  }
};

describe('access-log writer', () => {
  it('puts the entries of concurrent reads of one record into one append', async () => {
    const { store, inner, appends } = gatedStore();
    const writer = createAccessLogWriter({ store });
    const first = writer.write('access-log-a', entry(0));
    await until(() => appends.length === 1);
    const rest = Array.from({ length: 20 }, (_, i) => writer.write('access-log-a', entry(i + 1)));
    await new Promise((r) => setTimeout(r, 5));
    expect(appends).toHaveLength(1); // the rest wait for the append in flight
    appends[0]!.release();
    await first;
    await until(() => appends.length === 2);
    expect(appends[1]!.count).toBe(20);
    appends[1]!.release();
    await Promise.all(rest);
    expect(await inner.readStream('access-log-a')).toHaveLength(21);
  });

  it('batches entries written in the same task, and keeps streams apart', async () => {
    const { store, appends } = gatedStore();
    const writer = createAccessLogWriter({ store });
    const done = [writer.write('access-log-a', entry(0)), writer.write('access-log-a', entry(1)), writer.write('access-log-b', entry(2))];
    await until(() => appends.length === 2);
    expect(appends.map((a) => [a.streamId, a.count]).sort()).toEqual([
      ['access-log-a', 2],
      ['access-log-b', 1],
    ]);
    for (const a of appends) a.release();
    await Promise.all(done);
  });

  it('settles a read only once the append holding its entry has: a failed append fails every read in it', async () => {
    const { store, appends } = gatedStore();
    const writer = createAccessLogWriter({ store });
    let settled = false;
    const reads = [writer.write('access-log-a', entry(0)), writer.write('access-log-a', entry(1))].map((p) =>
      p.finally(() => {
        settled = true;
      }),
    );
    await until(() => appends.length === 1);
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    appends[0]!.release(new Error('store down'));
    const outcomes = await Promise.allSettled(reads);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // The next read starts a fresh batch.
    const next = writer.write('access-log-a', entry(2));
    await until(() => appends.length === 2);
    appends[1]!.release();
    await expect(next).resolves.toBeUndefined();
  });

  it('splits a burst larger than the batch limit', async () => {
    const { store, appends } = gatedStore();
    const writer = createAccessLogWriter({ store, maxBatch: 3 });
    const done = Array.from({ length: 7 }, (_, i) => writer.write('access-log-a', entry(i)));
    for (let i = 0; i < 3; i++) {
      await until(() => appends.length === i + 1);
      appends[i]!.release();
    }
    await Promise.all(done);
    expect(appends.map((a) => a.count)).toEqual([3, 3, 1]);
  });
});
