import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppendResult } from '../envelope';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { hashEvent } from '../hash';
import { getMemoryEventStore } from '../memory/memory-event-store';
import type { EventStore } from '../port';
import { contractChecks, type ContractContext } from './contract';
import { tamperedCopyOf } from './tampered-copy';

/** One way of misbehaving: the parts of a correct store it replaces. */
type Mutation = (inner: EventStore) => Partial<EventStore>;

const mutate = (inner: EventStore, mutation: Mutation): EventStore => ({ ...inner, ...mutation(inner) });

/**
 * Runs the checks (all, or those named) against a memory store broken by `mutation` and returns the
 * names of those that failed. The tamper hook hands back a copy broken the same way, so a check that
 * reads through the tampered store still tests the adapter under test, not a healthy stand-in.
 */
async function failingChecks(mutation: Mutation = () => ({}), only?: string): Promise<string[]> {
  const failed: string[] = [];
  for (const check of contractChecks.filter((c) => only === undefined || c.name === only)) {
    const store = mutate(getMemoryEventStore(), mutation);
    const ctx: ContractContext = { store, tamper: tamperedCopyOf(store, (copy) => mutate(copy, mutation)) };
    try {
      await check.run(ctx);
    } catch {
      failed.push(check.name);
    } finally {
      await ctx.store.close();
    }
  }
  return failed;
}

const isCode = (error: unknown, code: string) => error instanceof EventStoreError && error.code === code;

/** An answer that looks like a successful append of nothing. */
async function fakeResult(inner: EventStore, streamId: string): Promise<AppendResult> {
  return { streamId, nextExpectedRevision: await inner.streamRevision(streamId), lastGlobalPosition: await inner.headPosition(), events: [] };
}

/**
 * For every property the contract claims, an adapter that breaks it (and the check that must catch
 * it). Each is a bug a real adapter could have.
 */
const brokenAdapters: Array<{ bug: string; mustFail: string; mutation: Mutation }> = [
  {
    bug: 'reports revision 0 for a stream nobody wrote',
    mustFail: 'a stream nobody wrote reads as empty at revision -1',
    mutation: (inner) => ({ streamRevision: async (s) => Math.max(0, await inner.streamRevision(s)) }),
  },
  {
    bug: 'ignores the expected revision',
    mustFail: 'new stream: any and no_stream append; stream_exists and an exact revision conflict',
    mutation: (inner) => ({ append: (s, e) => inner.append(s, e, 'any') }),
  },
  {
    bug: 'leaves "stream exists / no stream" unenforced',
    mustFail: 'existing stream: any, stream_exists and the exact revision append; no_stream and a wrong revision conflict',
    mutation: (inner) => ({ append: (s, e, x) => inner.append(s, e, x === 'no_stream' || x === 'stream_exists' ? 'any' : x) }),
  },
  {
    bug: 'loses the causation id on the way back',
    mustFail: 'the envelope round-trips: ids, type, version, times, actor, correlation, causation and data',
    mutation: (inner) => ({ readStream: async (s, o) => (await inner.readStream(s, o)).map((e) => ({ ...e, causationId: null })) }),
  },
  {
    bug: 'checks the expected revision against a head read before the previous append landed',
    mustFail: 'concurrent appends at one expected revision: exactly one wins, the rest conflict',
    mutation: (inner) => ({
      async append(s, e, x) {
        const actual = await inner.streamRevision(s);
        await new Promise((r) => setImmediate(r));
        return inner.append(s, e, typeof x === 'number' && x === actual ? 'any' : x);
      },
    }),
  },
  {
    bug: 'checks "no stream" against a head read before the previous creation landed',
    mustFail: 'concurrent creations with no_stream: exactly one wins',
    mutation: (inner) => ({
      async append(s, e, x) {
        const actual = await inner.streamRevision(s);
        await new Promise((r) => setImmediate(r));
        return inner.append(s, e, x === 'no_stream' && actual === -1 ? 'any' : x);
      },
    }),
  },
  {
    bug: 'takes one global lock and refuses appends while another is in flight',
    mustFail: 'concurrent appends to different streams all succeed',
    mutation: (inner) => {
      let busy = false;
      return {
        async append(s, e, x) {
          if (busy) throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, 'busy');
          busy = true;
          try {
            return await inner.append(s, e, x);
          } finally {
            busy = false;
          }
        },
      };
    },
  },
  {
    bug: 'writes a retried append again under new ids',
    mustFail: 'a retried append (same event ids, same content) writes nothing new and returns the original result',
    mutation: (inner) => ({ append: (s, events, x) => inner.append(s, events.map((e) => ({ ...e, eventId: randomUUID() })), x) }),
  },
  {
    bug: 'answers with event ids as the caller spelled them, not as stored',
    mustFail: 'an event id in upper case is kept in lower case, and its retry in either case writes nothing',
    mutation: (inner) => ({
      async append(s, events, x) {
        const result = await inner.append(s, events, x);
        return { ...result, events: result.events.map((e, i) => ({ ...e, eventId: events[i]?.eventId ?? e.eventId })) };
      },
    }),
  },
  {
    bug: 'treats a known event id as a retry whatever its content',
    mustFail: 'the same event id with different content is refused',
    mutation: (inner) => ({
      append: (s, e, x) =>
        inner.append(s, e, x).catch(async (error: unknown) => {
          if (isCode(error, EventStoreErrorCodes.IDEMPOTENCY_CONFLICT)) return fakeResult(inner, s);
          throw error;
        }),
    }),
  },
  {
    bug: 'writes the events of one append one at a time',
    mustFail: 'a multi-event append is atomic: all events or none',
    mutation: (inner) => ({
      async append(s, events, x) {
        let result: AppendResult | undefined;
        const written: AppendResult['events'] = [];
        for (const [i, e] of events.entries()) {
          result = await inner.append(s, [e], i === 0 ? x : 'any');
          written.push(...result.events);
        }
        if (!result) return inner.append(s, events, x);
        return { ...result, events: written };
      },
    }),
  },
  {
    bug: 'answers a malformed append as if it had succeeded',
    mustFail: 'malformed appends are refused with INVALID_APPEND',
    mutation: (inner) => ({
      append: (s, e, x) =>
        inner.append(s, e, x).catch(async (error: unknown) => {
          if (isCode(error, EventStoreErrorCodes.INVALID_APPEND)) return fakeResult(inner, s);
          throw error;
        }),
    }),
  },
  {
    bug: 'reads every stream forwards',
    mustFail: 'reads a stream forwards and backwards, from a revision, with a maximum count',
    mutation: (inner) => ({ readStream: (s, o) => inner.readStream(s, { ...o, direction: 'forwards' }) }),
  },
  {
    bug: 'pages the global log without its page size',
    mustFail: 'the global log is in append order, pages without gaps or repeats, and matches the streams',
    mutation: (inner) => ({ readAll: (o) => inner.readAll({ ...o, maxCount: undefined }) }),
  },
  {
    bug: 'lets a subscription drop every fourth event',
    mustFail: 'a subscription catches up, says so, then delivers live events with no gap and no duplicate',
    mutation: (inner) => ({
      subscribe: (options) => {
        let n = 0;
        return inner.subscribe({ ...options, onEvent: (e) => (n++ % 4 === 3 ? undefined : options.onEvent(e)) });
      },
    }),
  },
  {
    bug: 'delivers a long catch-up page after page without handing the event loop back',
    mustFail: 'a catch-up over many pages hands the event loop back between them: a callback queued as it starts runs before it is caught up',
    mutation: (inner) => ({
      subscribe: (o) => {
        let closed = false;
        void (async () => {
          let after = o.after ?? -1;
          for (;;) {
            const page = await inner.readAll({ after, maxCount: 1000 });
            if (closed) return;
            for (const e of page) {
              void o.onEvent(e);
              after = e.globalPosition;
            }
            if (page.length < 1000) break;
          }
          o.onCaughtUp?.(after);
        })();
        return { close: async () => void (closed = true) };
      },
    }),
  },
  {
    bug: 'resumes one event after the checkpoint',
    mustFail: 'a subscription resumes from a checkpoint after it is closed',
    mutation: (inner) => ({ subscribe: (o) => inner.subscribe({ ...o, after: o.after !== undefined && o.after >= 0 ? o.after + 1 : o.after }) }),
  },
  {
    bug: 'swallows a throwing handler and carries on',
    mustFail: 'a subscription whose handler throws is dropped with the error and can resume',
    mutation: (inner) => ({
      subscribe: (o) =>
        inner.subscribe({
          ...o,
          onEvent: async (e) => {
            try {
              await o.onEvent(e);
            } catch {
              // the bug: the error is lost and delivery goes on
            }
          },
        }),
    }),
  },
  {
    bug: 'drops a throwing handler correctly but resumes past the event that failed',
    mustFail: 'a subscription whose handler throws is dropped with the error and can resume',
    mutation: (inner) => {
      let dropped = false;
      return {
        subscribe: (o) =>
          inner.subscribe({
            ...o,
            after: dropped && o.after !== undefined ? o.after + 1 : o.after,
            onDropped: (error) => {
              dropped = true;
              o.onDropped?.(error);
            },
          }),
      };
    },
  },
  {
    bug: 'takes a backdated recordedAt without checking it against the log, so recorded time can run backwards',
    mustFail: "a backdated append (recordedAt) is recorded at that instant, never in the future nor before the log's latest recorded time",
    mutation: (inner) => ({
      async append(s, e, x, o) {
        const latest = (await inner.readAll({ maxCount: 100_000 })).at(-1)?.recordedAt;
        // Pretends the log is empty, so a backdated append before its latest event is accepted.
        return o?.recordedAt !== undefined && latest !== undefined && o.recordedAt < latest ? inner.append(s, e, x) : inner.append(s, e, x, o);
      },
    }),
  },
  {
    bug: 'reports every chain as broken',
    mustFail: 'verifyStream re-computes the hash chain of an untouched stream',
    mutation: () => ({
      verifyStream: async (s) => ({ ok: false, streamId: s, eventCount: 0, firstBadRevision: 0, eventId: randomUUID(), reason: 'hash_mismatch' }),
    }),
  },
  {
    bug: 'verifies by the stored hashes alone, without re-computing them',
    mustFail: 'verifyStream names the first tampered event',
    mutation: (inner) => ({
      async verifyStream(s) {
        const events = await inner.readStream(s);
        return { ok: true, streamId: s, eventCount: events.length, lastHash: events.at(-1)?.hash ?? '' };
      },
    }),
  },
  {
    bug: 'checks each event\'s own hash but not the link to the one before',
    mustFail: 'verifyStream names the event after one that was altered and re-hashed, whose link no longer holds',
    mutation: (inner) => ({
      async verifyStream(s) {
        const events = await inner.readStream(s);
        const bad = events.find((e) => hashEvent(e) !== e.hash);
        if (bad) return { ok: false, streamId: s, eventCount: events.length, firstBadRevision: bad.revision, eventId: bad.eventId, reason: 'hash_mismatch' };
        return { ok: true, streamId: s, eventCount: events.length, lastHash: events.at(-1)?.hash ?? '' };
      },
    }),
  },
  {
    bug: 'always says the chain is fine',
    mustFail: 'verifyStream names the first tampered event',
    mutation: () => ({ verifyStream: async (s) => ({ ok: true, streamId: s, eventCount: 0, lastHash: '' }) }),
  },
];

describe('the contract suite itself', () => {
  it('passes a correct adapter', async () => {
    expect(await failingChecks()).toEqual([]);
  });

  for (const { bug, mustFail, mutation } of brokenAdapters) {
    it.concurrent(`fails an adapter that ${bug}`, async ({ expect }) => {
      expect(contractChecks.map((c) => c.name)).toContain(mustFail);
      expect(await failingChecks(mutation, mustFail)).toEqual([mustFail]);
    });
  }

  it('has, for every check it claims, a broken adapter above that the check catches', () => {
    const covered = new Set(brokenAdapters.map((b) => b.mustFail));
    expect(contractChecks.map((c) => c.name).filter((name) => !covered.has(name))).toEqual([]);
  });
});
