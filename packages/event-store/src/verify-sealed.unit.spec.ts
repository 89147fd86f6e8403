import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { takeCheckpoint } from './checkpoint-writer';
import type { EventEnvelope } from './envelope';
import { hashEvent } from './hash';
import { getMemoryEventStore } from './memory/memory-event-store';
import { sealEvent, type Seal } from './seal';
import { newEvent } from './testing/contract';
import { verifyAllStreams } from './verify-all';

/**
 * The tamper matrix in memory, with the writing service's seal key and a signed checkpoint: each case
 * is caught and named, and an untouched log raises no alarm.
 */
const sealKey = Buffer.alloc(32, 9);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const A = 'plan-a';
const B = 'plan-b';

async function sealedLog(): Promise<{ log: EventEnvelope[]; seals: Seal[]; checkpoint: Checkpoint }> {
  const store = getMemoryEventStore({ now: () => new Date('2026-02-01T09:00:00.000Z'), sealKey });
  for (let i = 0; i < 4; i++) {
    await store.append(A, [newEvent('A', { i })]);
    await store.append(B, [newEvent('B', { i })]);
  }
  const log = await store.readAll({ maxCount: 100 });
  const seals = await store.readSeals({ after: -1, upTo: 100 });
  const first = await verifyAllStreams(store, { sealKey });
  const checkpoint = signCheckpoint({ ...first.tree, heads: first.heads, createdAt: '2026-02-01T10:00:00.000Z' }, privateKey);
  return { log, seals, checkpoint };
}

const judge = (log: EventEnvelope[], seals: Seal[], checkpoint: Checkpoint) =>
  verifyAllStreams(getMemoryEventStore({ events: log, seals }), { sealKey, checkpoint: { checkpoint, publicKey }, pageSize: 3 });

const at = (log: EventEnvelope[], streamId: string, revision: number) => log.find((e) => e.streamId === streamId && e.revision === revision)!;

/** An event appended to the end of a stream, chained correctly, by someone without the key. */
function forgedAppend(log: EventEnvelope[], streamId: string): EventEnvelope {
  const head = log.filter((e) => e.streamId === streamId).at(-1)!;
  const body = { ...head, eventId: '7d3c6a4e-0f43-4b8e-9a57-2f4b3f7c9e01', revision: head.revision + 1, previousHash: head.hash, data: { i: 99 } };
  return { ...body, globalPosition: log.length, hash: hashEvent(body) };
}

describe('verifyAllStreams with seals and a checkpoint', () => {
  it('raises no alarm on an untouched log, seals checked, and the log extends its checkpoint', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    const result = await judge(log, seals, checkpoint);
    expect(result).toMatchObject({ ok: true, failures: [], logFailures: [], sealsChecked: true, unsealedBeforeSealing: 0 });
    expect(result.tree).toEqual({ treeSize: 8, lastPosition: 7, rootHash: checkpoint.rootHash, sealedFrom: 0 });
  });

  it('names a correctly chained event appended without the key (unsealed), and with a made-up seal', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    const forged = forgedAppend(log, A);
    expect((await judge([...log, forged], seals, checkpoint)).failures).toEqual([{ streamId: A, firstBadRevision: 4, eventId: forged.eventId, reason: 'unsealed' }]);
    const madeUp = [...seals, { globalPosition: forged.globalPosition, seal: 'f'.repeat(64) }];
    expect((await judge([...log, forged], madeUp, checkpoint)).failures).toEqual([{ streamId: A, firstBadRevision: 4, eventId: forged.eventId, reason: 'seal_mismatch' }]);
  });

  it('names the first event of a stream re-chained after an edit, with no anchors', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    let previous = at(log, A, 0).hash;
    const tampered = log.map((e) => {
      if (e.streamId !== A || e.revision < 1) return e;
      const body = { ...e, previousHash: previous, data: e.revision === 1 ? { i: 'edited' } : e.data };
      previous = hashEvent(body);
      return { ...body, hash: previous };
    });
    const result = await judge(tampered, seals, checkpoint);
    expect(result.failures).toEqual([{ streamId: A, firstBadRevision: 1, eventId: at(log, A, 1).eventId, reason: 'seal_mismatch' }]);
    expect(result.logFailures.map((f) => f.reason)).toEqual(['checkpoint_root_mismatch']);
  });

  it('names the newest events of a stream deleted, and the whole log shorter than the checkpoint', async () => {
    const { log, checkpoint } = await sealedLog();
    // The memory store renumbers an imported log (SQLite would leave a gap), so the seals move with their events.
    const kept = log.filter((e) => !(e.streamId === B && e.revision >= 2));
    const result = await judge(kept, kept.map((e, i) => ({ globalPosition: i, seal: sealEvent(sealKey, i, e.hash) })), checkpoint);
    expect(result.failures).toEqual([{ streamId: B, firstBadRevision: 2, eventId: null, reason: 'truncated' }]);
    expect(result.logFailures).toEqual([{ reason: 'log_shorter_than_checkpoint', position: 6, detail: expect.any(String) }]);
  });

  it('names a whole stream deleted from its first revision', async () => {
    const { log, checkpoint } = await sealedLog();
    const kept = log.filter((e) => e.streamId !== B);
    const moved = kept.map((e, i) => ({ globalPosition: i, seal: sealEvent(sealKey, i, e.hash) }));
    const result = await judge(kept, moved, checkpoint);
    expect(result.failures).toEqual([{ streamId: B, firstBadRevision: 0, eventId: null, reason: 'truncated' }]);
    expect(result.logFailures.map((f) => [f.reason, f.position])).toEqual([['log_shorter_than_checkpoint', 4]]);
  });

  it('names both events of two streams whose places in the global log were swapped', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    const swapped = [...log];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    const result = await judge(swapped, seals, checkpoint);
    expect(result.failures).toEqual([
      { streamId: B, firstBadRevision: 1, eventId: at(log, B, 1).eventId, reason: 'seal_mismatch' },
      { streamId: A, firstBadRevision: 1, eventId: at(log, A, 1).eventId, reason: 'seal_mismatch' },
    ]);
    expect(result.logFailures.map((f) => f.reason)).toEqual(['checkpoint_root_mismatch']);
  });

  it('refuses a checkpoint altered after signing, or signed by another key', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    const altered = { ...checkpoint, treeSize: 4 };
    expect((await judge(log, seals, altered)).logFailures.map((f) => f.reason)).toEqual(['checkpoint_signature']);
    const other = signCheckpoint({ treeSize: 8, lastPosition: 7, rootHash: checkpoint.rootHash, heads: checkpoint.heads, sealedFrom: 0, createdAt: checkpoint.createdAt }, generateKeyPairSync('ed25519').privateKey);
    expect((await judge(log, seals, other)).logFailures.map((f) => f.reason)).toEqual(['checkpoint_signature']);
  });

  it('counts events written before sealing began without failing them, and fails one unsealed after', async () => {
    const { log, seals, checkpoint } = await sealedLog();
    const laterOnly = seals.filter((s) => s.globalPosition >= 4);
    const early = await verifyAllStreams(getMemoryEventStore({ events: log, seals: laterOnly }), { sealKey });
    expect(early).toMatchObject({ ok: true, unsealedBeforeSealing: 4 });
    // The checkpoint remembers sealing began at 0: the stripped seals are then missing, not early.
    const stripped = await judge(log, laterOnly, checkpoint);
    expect(stripped.failures.map((f) => [f.streamId, f.firstBadRevision, f.reason])).toEqual([
      [A, 0, 'unsealed'],
      [B, 0, 'unsealed'],
    ]);
  });
});

describe('takeCheckpoint', () => {
  const keys = { sealKey, checkpointKey: privateKey, checkpointPublicKey: publicKey };

  it('signs a checkpoint of a log that verifies, which the same log then extends', async () => {
    const { log, seals } = await sealedLog();
    const store = getMemoryEventStore({ events: log, seals });
    const { checkpoint, findings } = await takeCheckpoint(store, keys, new Date('2026-02-02T00:00:00.000Z'));
    expect(findings).toBe(0);
    expect(checkpoint).toMatchObject({ version: 1, treeSize: 8, lastPosition: 7, sealedFrom: 0, createdAt: '2026-02-02T00:00:00.000Z' });
    expect((await verifyAllStreams(store, { sealKey, checkpoint: { checkpoint: checkpoint!, publicKey } })).ok).toBe(true);
  });

  it('refuses to vouch for a log that does not verify', async () => {
    const { log, seals } = await sealedLog();
    const forged = forgedAppend(log, A);
    expect(await takeCheckpoint(getMemoryEventStore({ events: [...log, forged], seals }), keys)).toEqual({ checkpoint: null, findings: 1 });
  });
});
