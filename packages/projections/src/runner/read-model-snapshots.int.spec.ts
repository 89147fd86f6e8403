import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMemoryEventStore, type NewEvent } from '@planledger/event-store';
import { afterEach, describe, expect, it } from 'vitest';
import { startProjectionRunner } from './projection-runner';
import { foldEvents, type ReadModel } from './read-model';
import { createReadModelSnapshots } from './read-model-snapshots';

const actor = { userId: 'u-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' };
const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', actor, correlationId: randomUUID(), data: { n } });

/** A state Node's structured serialisation cannot carry (its prototype would be lost): the model says how to write and read it. */
class Tally {
  constructor(public total = 0) {}
  add(n: number) {
    this.total += n;
    return this;
  }
}
const tally: ReadModel<Tally> = {
  name: 'tally',
  initial: () => new Tally(),
  evolve: (state, e) => state.add((e.data as { n: number }).n),
  snapshot: { write: (state) => state.total, read: (data) => new Tally(data as number) },
};
/** A plain state of Maps and Sets, snapshotted with no code of its own. */
const byStream: ReadModel<Map<string, Set<number>>> = {
  name: 'by-stream',
  initial: () => new Map(),
  evolve(state, e) {
    let seen = state.get(e.streamId);
    if (!seen) state.set(e.streamId, (seen = new Set()));
    seen.add((e.data as { n: number }).n);
    return state;
  },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('read-model snapshots, generic over the read models', () => {
  it('round-trips a model with its own snapshot code and one without, and the runner resumes from them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'planledger-snap-'));
    dirs.push(folder);
    const store = getMemoryEventStore();
    for (let n = 1; n <= 20; n++) await store.append(`s-${n % 3}`, [event(n)]);
    const readModels = [tally, byStream];
    const first = startProjectionRunner({ store, readModels });
    await first.whenReady(5_000);
    const snapshots = createReadModelSnapshots({ folder, store, readModels });
    const written = await snapshots.write(first.position, (model) => first.state(model as ReadModel<unknown>));
    await first.stop();
    expect(written?.position).toBe(19);

    for (let n = 21; n <= 30; n++) await store.append(`s-${n % 3}`, [event(n)]);
    const resumed = startProjectionRunner({ store, readModels, resume: () => snapshots.latest() });
    await resumed.whenReady(5_000);
    const log = await store.readAll();
    expect(resumed.position).toBe(29);
    expect(resumed.state(tally)).toBeInstanceOf(Tally);
    expect(resumed.state(tally).total).toBe(foldEvents(tally, log).total);
    expect(resumed.state(byStream)).toEqual(foldEvents(byStream, log));
    await resumed.stop();

    // A model added since the snapshot was written: the snapshot cannot serve it, so the runner rebuilds everything.
    const added: ReadModel<number> = { name: 'count', initial: () => 0, evolve: (state) => state + 1 };
    const refused: string[] = [];
    const wider = createReadModelSnapshots({ folder, store, readModels: [...readModels, added], onRefused: (r) => refused.push(r.reason) });
    expect(await wider.latest()).toBeNull();
    expect(refused).toEqual(['it holds no state for read model count']);
  });

  it('names the read model whose state cannot be serialised, and writes no file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'planledger-snap-'));
    dirs.push(folder);
    const store = getMemoryEventStore();
    await store.append('s-1', [event(1)]);
    // A function is one thing Node's structured serialisation refuses, as it refuses a section over its largest Buffer.
    const unwritable: ReadModel<{ f: () => void }> = { name: 'unwritable', initial: () => ({ f: () => {} }), evolve: (state) => state };
    const readModels = [tally, unwritable];
    const runner = startProjectionRunner({ store, readModels });
    await runner.whenReady(5_000);
    const snapshots = createReadModelSnapshots({ folder, store, readModels });
    await expect(snapshots.write(runner.position, (model) => runner.state(model as ReadModel<unknown>))).rejects.toThrow(/^the state of read model unwritable could not be serialised \(largest Buffer on Node [\d.]+: (4 GiB|no practical limit)\): /);
    await runner.stop();
    expect(await snapshots.latest()).toBeNull();
  });
});
