import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './envelope';
import { getMemoryEventStore } from './memory/memory-event-store';
import { hashEvent } from './hash';
import { newEvent } from './testing/contract';
import { verifyAllStreams, type VerifyAllProgress } from './verify-all';

const A = 'plan-a';
const B = 'plan-b';
const C = 'plan-c';

/** Three interleaved streams: a has 5 events, b has 4, c has 2; the log ends with b's revision 3 then a's revision 4. */
async function exportedLog(): Promise<EventEnvelope[]> {
  const store = getMemoryEventStore({ now: () => new Date('2026-02-01T09:00:00.000Z') });
  for (let i = 0; i < 4; i++) {
    await store.append(A, [newEvent('A', { i, note: 'original' })]);
    await store.append(B, [newEvent('B', { i })]);
    if (i < 2) await store.append(C, [newEvent('C', { i })]);
  }
  await store.append(A, [newEvent('A', { i: 4 })]);
  return store.readAll({ maxCount: 100 });
}

const verify = (log: readonly EventEnvelope[], options?: Parameters<typeof verifyAllStreams>[1]) =>
  verifyAllStreams(getMemoryEventStore({ events: log }), options);

const find = (log: readonly EventEnvelope[], streamId: string, revision: number) =>
  log.findIndex((e) => e.streamId === streamId && e.revision === revision);

describe('verifyAllStreams', () => {
  it('finds nothing wrong with an untampered log, and reports its size and heads', async () => {
    const log = await exportedLog();
    const result = await verify(log, { pageSize: 4 });
    expect(result).toMatchObject({ ok: true, streams: 3, events: 11, failures: [] });
    expect(result.heads).toEqual([
      { streamId: A, revision: 4, hash: log[find(log, A, 4)]!.hash },
      { streamId: B, revision: 3, hash: log[find(log, B, 3)]!.hash },
      { streamId: C, revision: 1, hash: log[find(log, C, 1)]!.hash },
    ]);
  });

  it('reports progress once per page of the log', async () => {
    const progress: VerifyAllProgress[] = [];
    await verify(await exportedLog(), { pageSize: 4, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.events)).toEqual([4, 8, 11]);
    expect(progress.at(-1)).toEqual({ events: 11, streams: 3, position: 10 });
  });

  it('names the event whose data changed by one byte', async () => {
    const log = await exportedLog();
    const i = find(log, A, 2);
    const target = log[i]!;
    log[i] = { ...target, data: { i: 2, note: 'originaL' } };
    const result = await verify(log);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([{ streamId: A, firstBadRevision: 2, eventId: target.eventId, reason: 'hash_mismatch' }]);
  });

  it('names the event after a deleted one as a revision gap', async () => {
    const log = await exportedLog();
    const after = log[find(log, B, 2)]!;
    log.splice(find(log, B, 1), 1);
    expect((await verify(log)).failures).toEqual([{ streamId: B, firstBadRevision: 1, eventId: after.eventId, reason: 'revision_gap' }]);
  });

  it('notices a stream whose first event was deleted', async () => {
    const log = await exportedLog();
    const second = log[find(log, C, 1)]!;
    log.splice(find(log, C, 0), 1);
    expect((await verify(log)).failures).toEqual([{ streamId: C, firstBadRevision: 0, eventId: second.eventId, reason: 'revision_gap' }]);
  });

  it('notices two events of a stream swapped in the log', async () => {
    const log = await exportedLog();
    const i = find(log, A, 1);
    const j = find(log, A, 2);
    [log[i], log[j]] = [log[j]!, log[i]!];
    expect((await verify(log)).failures).toEqual([{ streamId: A, firstBadRevision: 1, eventId: log[i]!.eventId, reason: 'revision_gap' }]);
  });

  it('notices two events whose contents were swapped and renumbered', async () => {
    const log = await exportedLog();
    const i = find(log, A, 1);
    const j = find(log, A, 2);
    const [first, second] = [log[i]!, log[j]!];
    log[i] = { ...second, revision: 1 };
    log[j] = { ...first, revision: 2 };
    expect((await verify(log)).failures).toEqual([{ streamId: A, firstBadRevision: 1, eventId: second.eventId, reason: 'previous_hash_mismatch' }]);
  });

  it('cannot see a truncated tail from the log alone, but does against the heads of an earlier run', async () => {
    const log = await exportedLog();
    const before = await verify(log);
    const truncated = log.slice(0, -2);
    expect((await verify(truncated)).ok).toBe(true);
    const result = await verify(truncated, { anchors: before.heads });
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      { streamId: A, firstBadRevision: 4, eventId: null, reason: 'truncated' },
      { streamId: B, firstBadRevision: 3, eventId: null, reason: 'truncated' },
    ]);
  });

  it('catches a stream rewritten and re-hashed from some revision on, against an earlier anchor', async () => {
    const log = await exportedLog();
    const anchors = (await verify(log)).heads;
    // Rewrite b from revision 1 and recompute every hash after it: the chain is consistent again.
    let previousHash = log[find(log, B, 0)]!.hash;
    for (let r = 1; r <= 3; r++) {
      const i = find(log, B, r);
      const body = { ...log[i]!, data: { i: r, rewritten: true }, previousHash };
      log[i] = { ...body, hash: hashEvent(body) };
      previousHash = log[i]!.hash;
    }
    expect((await verify(log)).ok).toBe(true);
    const result = await verify(log, { anchors });
    expect(result.failures).toEqual([{ streamId: B, firstBadRevision: 3, eventId: log[find(log, B, 3)]!.eventId, reason: 'anchor_mismatch' }]);
  });

  it('reports each bad stream once, by its first bad event, and leaves the good ones alone', async () => {
    const log = await exportedLog();
    const a1 = log[find(log, A, 1)]!;
    const a3 = log[find(log, A, 3)]!;
    const c1 = log[find(log, C, 1)]!;
    log[find(log, A, 1)] = { ...a1, type: 'Other' };
    log[find(log, A, 3)] = { ...a3, type: 'Other' };
    log[find(log, C, 1)] = { ...c1, actor: { ...c1.actor, userId: 'someone-else' } };
    const result = await verify(log);
    expect(result.failures).toEqual([
      { streamId: A, firstBadRevision: 1, eventId: a1.eventId, reason: 'hash_mismatch' },
      { streamId: C, firstBadRevision: 1, eventId: c1.eventId, reason: 'hash_mismatch' },
    ]);
    expect(result.heads.map((h) => h.streamId)).toEqual([B]);
  });
});
