import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Actor, EventEnvelope, NewEvent } from '../envelope';
import { EventStoreErrorCodes, EventStoreError, WrongExpectedRevisionError } from '../errors';
import { GENESIS_HASH, hashEvent } from '../hash';
import type { EventStore } from '../port';

/**
 * The event-store contract: one list of checks that every adapter must pass. Each check is a plain
 * async function that throws on failure, so the suite can also be run against a deliberately broken
 * adapter to prove that it fails (see contract.unit.spec.ts).
 */

export interface ContractContext {
  store: EventStore;
  /**
   * Rewrites one stored event behind the store's back (as an attacker with disk access would) and
   * returns a store that reads the altered log. Every adapter provides one: where stored events cannot
   * be rewritten (EventStoreDB), a forged copy of the log is written and read instead.
   */
  tamper: (eventId: string, mutate: (stored: EventEnvelope) => EventEnvelope) => Promise<EventStore>;
}

export interface ContractCheck {
  name: string;
  run(ctx: ContractContext): Promise<void>;
}

export const testActor: Actor = { userId: 'user-1', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc-1' };

export function newEvent(type = 'TestEventHappened', data: unknown = { n: 1 }, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: '2026-01-15T10:00:00.000Z',
    actor: testActor,
    correlationId: randomUUID(),
    data,
    ...extra,
  };
}

const stream = (label = 's') => `test-${label}-${randomUUID()}`;

async function expectCode(promise: Promise<unknown>, code: string): Promise<EventStoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EventStoreError, `expected an EventStoreError ${code}, got ${String(error)}`);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

async function expectConflict(promise: Promise<unknown>, expected: unknown, actual: number): Promise<void> {
  const error = await expectCode(promise, EventStoreErrorCodes.WRONG_EXPECTED_REVISION);
  assert.ok(error instanceof WrongExpectedRevisionError);
  assert.equal(error.expected, expected);
  assert.equal(error.actual, actual);
}

function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

export const contractChecks: ContractCheck[] = [
  {
    name: 'a stream nobody wrote reads as empty at revision -1',
    async run({ store }) {
      const id = stream();
      assert.deepEqual(await store.readStream(id), []);
      assert.equal(await store.streamRevision(id), -1);
    },
  },
  {
    name: 'new stream: any and no_stream append; stream_exists and an exact revision conflict',
    async run({ store }) {
      const a = stream();
      const r = await store.append(a, [newEvent()], 'any');
      assert.equal(r.nextExpectedRevision, 0);
      const b = stream();
      assert.equal((await store.append(b, [newEvent(), newEvent()], 'no_stream')).nextExpectedRevision, 1);
      const c = stream();
      await expectConflict(store.append(c, [newEvent()], 'stream_exists'), 'stream_exists', -1);
      await expectConflict(store.append(c, [newEvent()], 0), 0, -1);
      assert.deepEqual(await store.readStream(c), [], 'a refused append wrote nothing');
    },
  },
  {
    name: 'existing stream: any, stream_exists and the exact revision append; no_stream and a wrong revision conflict',
    async run({ store }) {
      const s = stream();
      await store.append(s, [newEvent(), newEvent()], 'no_stream');
      const head = await store.headPosition();
      await expectConflict(store.append(s, [newEvent()], 'no_stream'), 'no_stream', 1);
      await expectConflict(store.append(s, [newEvent()], 0), 0, 1);
      await expectConflict(store.append(s, [newEvent()], 2), 2, 1);
      assert.equal(await store.headPosition(), head, 'conflicts wrote nothing to the log');
      assert.equal((await store.append(s, [newEvent()], 1)).nextExpectedRevision, 2);
      assert.equal((await store.append(s, [newEvent()], 'stream_exists')).nextExpectedRevision, 3);
      assert.equal((await store.append(s, [newEvent()], 'any')).nextExpectedRevision, 4);
      assert.deepEqual((await store.readStream(s)).map((e) => e.revision), [0, 1, 2, 3, 4]);
    },
  },
  {
    name: 'the envelope round-trips: ids, type, version, times, actor, correlation, causation and data',
    async run({ store }) {
      const s = stream();
      const causationId = randomUUID();
      const data = { text: 'Ça va — 日本語 🙂', nested: { list: [1, 2.5, null, 'x'], flag: true }, empty: '' };
      const e = newEvent('ThingRecorded', data, { schemaVersion: 2, causationId });
      const before = Date.now();
      const r = await store.append(s, [e], 'no_stream');
      const [stored] = await store.readStream(s);
      assert.ok(stored);
      assert.equal(stored.eventId, e.eventId);
      assert.equal(stored.type, 'ThingRecorded');
      assert.equal(stored.schemaVersion, 2);
      assert.equal(stored.streamId, s);
      assert.equal(stored.revision, 0);
      assert.equal(stored.globalPosition, r.events[0]!.globalPosition);
      assert.equal(stored.occurredAt, e.occurredAt);
      const recorded = Date.parse(stored.recordedAt);
      assert.ok(recorded >= before - 1000 && recorded <= Date.now() + 1000, 'recordedAt is the time of writing');
      assert.deepEqual(stored.actor, testActor);
      assert.equal(stored.correlationId, e.correlationId);
      assert.equal(stored.causationId, causationId);
      assert.deepEqual(stored.data, data);
      assert.equal(stored.previousHash, GENESIS_HASH);
      assert.match(stored.hash, /^[0-9a-f]{64}$/);
      const [second] = await store.readStream(s, { fromRevision: 0 });
      assert.equal(second?.causationId, causationId);
      await store.append(s, [newEvent()], 0);
      const both = await store.readStream(s);
      assert.equal(both[1]!.causationId, null, 'causation defaults to null');
      assert.equal(both[1]!.previousHash, both[0]!.hash, 'each hash chains to the previous event');
    },
  },
  {
    name: 'concurrent appends at one expected revision: exactly one wins, the rest conflict',
    async run({ store }) {
      const s = stream();
      await store.append(s, [newEvent()], 'no_stream');
      const attempts = Array.from({ length: 20 }, () => store.append(s, [newEvent(), newEvent()], 0));
      const results = await Promise.allSettled(attempts);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1, 'exactly one append wins');
      for (const l of lost) assert.ok(l.reason instanceof WrongExpectedRevisionError, String(l.reason));
      assert.deepEqual((await store.readStream(s)).map((e) => e.revision), [0, 1, 2]);
    },
  },
  {
    name: 'concurrent creations with no_stream: exactly one wins',
    async run({ store }) {
      const s = stream();
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.append(s, [newEvent()], 'no_stream')));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal((await store.readStream(s)).length, 1);
    },
  },
  {
    name: 'concurrent appends to different streams all succeed',
    async run({ store }) {
      const ids = Array.from({ length: 20 }, () => stream());
      const results = await Promise.all(ids.map((s) => store.append(s, [newEvent()], 'no_stream')));
      const positions = results.map((r) => r.lastGlobalPosition);
      assert.equal(new Set(positions).size, ids.length, 'every event has its own global position');
      for (const s of ids) assert.equal(await store.streamRevision(s), 0);
    },
  },
  {
    name: 'a retried append (same event ids, same content) writes nothing new and returns the original result',
    async run({ store }) {
      const s = stream();
      const events = [newEvent('A', { i: 1 }), newEvent('B', { i: 2 })];
      const first = await store.append(s, events, 'no_stream');
      const head = await store.headPosition();
      const again = await store.append(s, events, 'no_stream');
      assert.deepEqual(again, first);
      await store.append(s, [newEvent()], 1);
      const late = await store.append(s, events, 'no_stream');
      assert.deepEqual(late.events, first.events, 'a retry after later writes still returns the original events');
      assert.equal((await store.readStream(s)).length, 3);
      // Positions are not dense (EventStoreDB's are log offsets): count what the log gained instead.
      assert.equal((await store.readAll({ after: head })).length, 1, 'the retries wrote nothing to the log');
    },
  },
  {
    name: 'an event id in upper case is kept in lower case, and its retry in either case writes nothing',
    async run({ store }) {
      const s = stream();
      const upper = { ...newEvent(), eventId: randomUUID().toUpperCase() };
      const lower = upper.eventId.toLowerCase();
      const first = await store.append(s, [upper], 'no_stream');
      assert.equal(first.events[0]!.eventId, lower);
      assert.deepEqual(await store.append(s, [upper], 'no_stream'), first);
      assert.deepEqual(await store.append(s, [{ ...upper, eventId: lower }], 'no_stream'), first);
      assert.deepEqual((await store.readStream(s)).map((e) => e.eventId), [lower]);
    },
  },
  {
    name: 'the same event id with different content is refused',
    async run({ store }) {
      const s = stream();
      const e = newEvent('A', { i: 1 });
      await store.append(s, [e], 'no_stream');
      await expectCode(store.append(s, [{ ...e, data: { i: 2 } }], 'any'), EventStoreErrorCodes.IDEMPOTENCY_CONFLICT);
      await expectCode(store.append(stream(), [e], 'any'), EventStoreErrorCodes.IDEMPOTENCY_CONFLICT);
      assert.equal((await store.readStream(s)).length, 1);
    },
  },
  {
    name: 'a multi-event append is atomic: all events or none',
    async run({ store }) {
      const other = stream('other');
      const clash = newEvent('Clash');
      await store.append(other, [clash], 'no_stream');
      const s = stream();
      const head = await store.headPosition();
      await expectCode(store.append(s, [newEvent(), newEvent(), { ...clash, data: { different: true } }], 'any'), EventStoreErrorCodes.IDEMPOTENCY_CONFLICT);
      await expectCode(store.append(s, [newEvent(), clash], 'any'), EventStoreErrorCodes.IDEMPOTENCY_CONFLICT);
      const dup = newEvent();
      await expectCode(store.append(s, [newEvent(), dup, dup], 'any'), EventStoreErrorCodes.INVALID_APPEND);
      await expectCode(store.append(s, [newEvent(), newEvent('Bad', { n: 10n })], 'any'), EventStoreErrorCodes.INVALID_APPEND);
      assert.deepEqual(await store.readStream(s), [], 'nothing of a failed batch is visible');
      assert.equal(await store.headPosition(), head);
      const ok = await store.append(s, [newEvent(), newEvent(), newEvent()], 'no_stream');
      assert.deepEqual(ok.events.map((e) => e.revision), [0, 1, 2]);
      const positions = ok.events.map((e) => e.globalPosition);
      assert.ok(positions[0]! < positions[1]! && positions[1]! < positions[2]!);
    },
  },
  {
    name: 'malformed appends are refused with INVALID_APPEND',
    async run({ store }) {
      await expectCode(store.append(stream(), [], 'any'), EventStoreErrorCodes.INVALID_APPEND);
      await expectCode(store.append('', [newEvent()], 'any'), EventStoreErrorCodes.INVALID_APPEND);
      await expectCode(store.append(stream(), [newEvent()], -3), EventStoreErrorCodes.INVALID_APPEND);
      await expectCode(store.append(stream(), [{ ...newEvent(), eventId: 'not-a-uuid' }], 'any'), EventStoreErrorCodes.INVALID_APPEND);
      await expectCode(store.append(stream(), [{ ...newEvent(), occurredAt: 'yesterday' }], 'any'), EventStoreErrorCodes.INVALID_APPEND);
    },
  },
  {
    name: 'reads a stream forwards and backwards, from a revision, with a maximum count',
    async run({ store }) {
      const s = stream();
      await store.append(s, Array.from({ length: 6 }, (_, i) => newEvent('N', { i })), 'no_stream');
      const revs = (events: EventEnvelope[]) => events.map((e) => e.revision);
      assert.deepEqual(revs(await store.readStream(s)), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(revs(await store.readStream(s, { fromRevision: 2, maxCount: 3 })), [2, 3, 4]);
      assert.deepEqual(revs(await store.readStream(s, { direction: 'backwards' })), [5, 4, 3, 2, 1, 0]);
      assert.deepEqual(revs(await store.readStream(s, { direction: 'backwards', fromRevision: 3, maxCount: 2 })), [3, 2]);
      assert.deepEqual(revs(await store.readStream(s, { direction: 'backwards', maxCount: 1 })), [5]);
      assert.deepEqual(await store.readStream(s, { fromRevision: 6 }), []);
    },
  },
  {
    name: 'the global log is in append order, pages without gaps or repeats, and matches the streams',
    async run({ store }) {
      const start = await store.headPosition();
      const a = stream('a');
      const b = stream('b');
      const written: string[] = [];
      for (let i = 0; i < 7; i++) {
        const e1 = newEvent('A', { i });
        const e2 = newEvent('B', { i });
        await store.append(a, [e1], 'any');
        await store.append(b, [e2], 'any');
        written.push(e1.eventId, e2.eventId);
      }
      const seen: EventEnvelope[] = [];
      let after = start;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 3 });
        if (page.length === 0) break;
        assert.ok(page.length <= 3);
        seen.push(...page);
        after = page.at(-1)!.globalPosition;
      }
      const mine = seen.filter((e) => e.streamId === a || e.streamId === b);
      assert.deepEqual(mine.map((e) => e.eventId), written);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.globalPosition > seen[i - 1]!.globalPosition, 'positions strictly increase');
      assert.equal(await store.headPosition(), seen.at(-1)!.globalPosition);
      const fromStreams = [...(await store.readStream(a)), ...(await store.readStream(b))].map((e) => e.eventId).sort();
      assert.deepEqual(mine.map((e) => e.eventId).sort(), fromStreams);
    },
  },
  {
    name: 'a subscription catches up, says so, then delivers live events with no gap and no duplicate',
    async run({ store }) {
      const s = stream();
      const start = await store.headPosition();
      await store.append(s, Array.from({ length: 5 }, (_, i) => newEvent('N', { i })), 'no_stream');
      const got: EventEnvelope[] = [];
      let caughtUpAt: number | null = null;
      const sub = store.subscribe({
        after: start,
        onEvent: (e) => {
          if (e.streamId === s) got.push(e);
        },
        onCaughtUp: (p) => {
          caughtUpAt ??= p;
        },
      });
      try {
        await waitFor(() => caughtUpAt !== null, 'catch-up');
        assert.equal(got.length, 5, 'everything written before subscribing is delivered before caught-up');
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(s, [newEvent('Live', { i })], 'any')));
        await store.append(s, [newEvent('Live', { i: 10 }), newEvent('Live', { i: 11 })], 'any');
        await waitFor(() => got.length >= 17, 'live events');
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await sub.close();
      }
      assert.deepEqual(got.map((e) => e.revision), Array.from({ length: 17 }, (_, i) => i));
    },
  },
  {
    name: 'a catch-up over many pages hands the event loop back between them: a callback queued as it starts runs before it is caught up',
    async run({ store }) {
      const s = stream();
      const start = await store.headPosition();
      for (let i = 0; i < 4; i++) await store.append(s, Array.from({ length: 1000 }, (_, j) => newEvent('N', { i, j })), i === 0 ? 'no_stream' : 'any');
      let delivered = 0;
      let queuedRan = false;
      let queuedRanBeforeCaughtUp: boolean | null = null;
      const sub = store.subscribe({
        after: start,
        onEvent: (e) => {
          if (e.streamId === s) delivered++;
        },
        onCaughtUp: () => {
          queuedRanBeforeCaughtUp ??= queuedRan;
        },
      });
      // A health probe's or a request's callback, as the event loop would run it.
      setImmediate(() => (queuedRan = true));
      try {
        await waitFor(() => queuedRanBeforeCaughtUp !== null, 'catch-up');
      } finally {
        await sub.close();
      }
      assert.equal(delivered, 4000);
      assert.equal(queuedRanBeforeCaughtUp, true, 'the event loop ran nothing else until 4,000 events were delivered');
    },
  },
  {
    name: 'a subscription resumes from a checkpoint after it is closed',
    async run({ store }) {
      const s = stream();
      const start = await store.headPosition();
      await store.append(s, Array.from({ length: 6 }, (_, i) => newEvent('N', { i })), 'no_stream');
      const first: EventEnvelope[] = [];
      let checkpoint = start;
      await new Promise<void>((resolve, reject) => {
        const sub = store.subscribe({
          after: start,
          onEvent: (e) => {
            if (e.streamId !== s) return;
            if (first.length === 3) return;
            first.push(e);
            checkpoint = e.globalPosition;
            if (first.length === 3) sub.close().then(resolve, reject);
          },
        });
      });
      await store.append(s, [newEvent('N', { i: 6 })], 5);
      const rest: EventEnvelope[] = [];
      const sub = store.subscribe({ after: checkpoint, onEvent: (e) => void (e.streamId === s && rest.push(e)) });
      try {
        await waitFor(() => rest.length >= 4, 'resumed events');
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        await sub.close();
      }
      assert.deepEqual([...first, ...rest].map((e) => e.revision), [0, 1, 2, 3, 4, 5, 6]);
    },
  },
  {
    name: 'a subscription whose handler throws is dropped with the error and can resume',
    async run({ store }) {
      const s = stream();
      const start = await store.headPosition();
      await store.append(s, [newEvent(), newEvent()], 'no_stream');
      let dropped: unknown = null;
      let last = start;
      const sub = store.subscribe({
        after: start,
        onEvent: (e) => {
          if (e.streamId === s && e.revision === 1) throw new Error('projection failed');
          last = e.globalPosition;
        },
        onDropped: (error) => {
          dropped = error;
        },
      });
      await waitFor(() => dropped !== null, 'drop');
      await sub.close();
      assert.equal((dropped as Error).message, 'projection failed');
      const again: EventEnvelope[] = [];
      const sub2 = store.subscribe({ after: last, onEvent: (e) => void (e.streamId === s && again.push(e)) });
      try {
        await waitFor(() => again.length >= 1, 'redelivery');
      } finally {
        await sub2.close();
      }
      assert.equal(again[0]!.revision, 1, 'the failed event is delivered again on resume');
    },
  },
  {
    name: 'verifyStream re-computes the hash chain of an untouched stream',
    async run({ store }) {
      const s = stream();
      await store.append(s, [newEvent(), newEvent()], 'no_stream');
      await store.append(s, [newEvent()], 1);
      const result = await store.verifyStream(s);
      assert.deepEqual(result, { ok: true, streamId: s, eventCount: 3, lastHash: (await store.readStream(s))[2]!.hash });
    },
  },
  {
    name: 'verifyStream names the first tampered event',
    async run({ store, tamper }) {
      const s = stream();
      await store.append(s, Array.from({ length: 4 }, (_, i) => newEvent('N', { i, note: 'original' })), 'no_stream');
      const target = (await store.readStream(s))[2]!;
      const altered = await tamper(target.eventId, (e) => ({ ...e, data: { i: 2, note: 'altered' } }));
      const result = await altered.verifyStream(s);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.firstBadRevision, 2);
      assert.equal(result.eventId, target.eventId);
      assert.equal(result.reason, 'hash_mismatch');
    },
  },
  {
    name: 'verifyStream names the event after one that was altered and re-hashed, whose link no longer holds',
    async run({ store, tamper }) {
      const s = stream();
      await store.append(s, Array.from({ length: 4 }, (_, i) => newEvent('N', { i, note: 'original' })), 'no_stream');
      const [, target, next] = await store.readStream(s);
      const altered = await tamper(target!.eventId, (e) => {
        const forged = { ...e, data: { i: 1, note: 'altered' } };
        return { ...forged, hash: hashEvent(forged) };
      });
      const result = await altered.verifyStream(s);
      assert.ok(!result.ok, 'a re-hashed edit is still caught');
      assert.equal(result.firstBadRevision, 2);
      assert.equal(result.eventId, next!.eventId);
      assert.equal(result.reason, 'previous_hash_mismatch');
    },
  },
  {
    name: 'a backdated append (recordedAt) is recorded at that instant, never in the future nor before the log\'s latest recorded time',
    async run({ store }) {
      const s = stream();
      await store.append(s, [newEvent()], 'no_stream');
      const [first] = await store.readStream(s);
      const latest = Date.parse(first!.recordedAt);
      // Earlier than what the log already holds: refused, nothing written.
      await expectCode(store.append(s, [newEvent()], 0, { recordedAt: new Date(latest - 86_400_000).toISOString() }), 'ES_ERR_RECORDED_AT_REFUSED');
      await expectCode(store.append(s, [newEvent()], 0, { recordedAt: new Date(Date.now() + 3_600_000).toISOString() }), 'ES_ERR_RECORDED_AT_REFUSED');
      await expectCode(store.append(s, [newEvent()], 0, { recordedAt: 'yesterday' }), 'ES_ERR_RECORDED_AT_REFUSED');
      assert.equal(await store.streamRevision(s), 0);
      // At or after the latest: recorded exactly then, and the chain (which covers recordedAt) holds.
      const at = new Date(latest + 1).toISOString();
      await store.append(s, [newEvent()], 0, { recordedAt: at });
      const [, second] = await store.readStream(s);
      assert.equal(second!.recordedAt, at);
      assert.equal((await store.verifyStream(s)).ok, true);
    },
  },
];
