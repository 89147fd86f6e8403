import { recordedAtFor, type AppendOptions } from '../backdate';
import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from '../envelope';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { GENESIS_HASH, verifyChain } from '../hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions } from '../port';
import { assertValidAppend, chainEvents, checkExpectedRevision, normalizeEventIds, resolveRetry } from '../prepare';
import { sliceStream } from '../read-stream';
import { catchUpSubscription, createChangeSignal } from '../subscription';
import { sealEvent, type Seal, type SealReader } from '../seal';

export interface MemoryEventStoreOptions {
  /** Clock used for recordedAt; tests pin it. */
  now?: () => Date;
  /** Start from an exported log, taken as it is (verifyStream will judge it). */
  events?: readonly EventEnvelope[];
  /** Seal every event appended with this key (see `seal.ts`). */
  sealKey?: Uint8Array;
  /** Seals of the exported log, taken as they are. */
  seals?: readonly Seal[];
}

/** Keeps the log in an array. For unit tests and for replaying an exported log. */
export function getMemoryEventStore({ now = () => new Date(), events = [], sealKey, seals: givenSeals = [] }: MemoryEventStoreOptions = {}): EventStore & SealReader {
  const log: EventEnvelope[] = [];
  const seals = new Map<number, string>(givenSeals.map((s) => [s.globalPosition, s.seal]));
  const streams = new Map<string, EventEnvelope[]>();
  const byId = new Map<string, EventEnvelope>();
  const signal = createChangeSignal();
  let closed = false;
  for (const e of structuredClone(events)) {
    const stored = { ...e, globalPosition: log.length };
    log.push(stored);
    streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), stored]);
    byId.set(e.eventId, stored);
  }

  const assertOpen = () => {
    if (closed) throw new EventStoreError(EventStoreErrorCodes.CLOSED, 'the event store is closed');
  };

  const store: EventStore & SealReader = {
    kind: 'memory',
    async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision = 'any', options?: AppendOptions): Promise<AppendResult> {
      assertOpen();
      events = normalizeEventIds(events);
      assertValidAppend(streamId, events, expected);
      const stream = streams.get(streamId) ?? [];
      const actual = stream.length - 1;
      const retry = resolveRetry(streamId, events, events.map((e) => byId.get(e.eventId)), actual);
      if (retry) return retry;
      checkExpectedRevision(streamId, expected, actual);
      const recordedAt = recordedAtFor(options, now(), () => log.at(-1)?.recordedAt ?? null);
      const prepared = chainEvents(streamId, events, actual, stream.at(-1)?.hash ?? GENESIS_HASH, recordedAt);
      const written = prepared.map((e, i) => ({ ...structuredClone(e), globalPosition: log.length + i }));
      for (const e of written) {
        if (sealKey) seals.set(e.globalPosition, sealEvent(sealKey, e.globalPosition, e.hash));
        log.push(e);
        stream.push(e);
        byId.set(e.eventId, e);
      }
      streams.set(streamId, stream);
      signal.notify();
      return {
        streamId,
        nextExpectedRevision: stream.length - 1,
        lastGlobalPosition: written.at(-1)!.globalPosition,
        events: written.map((e) => ({ eventId: e.eventId, revision: e.revision, globalPosition: e.globalPosition })),
      };
    },
    async readStream(streamId: string, options: ReadStreamOptions = {}) {
      assertOpen();
      return structuredClone(sliceStream(streams.get(streamId) ?? [], options));
    },
    async streamRevision(streamId: string) {
      return (streams.get(streamId)?.length ?? 0) - 1;
    },
    async readAll({ after = -1, maxCount = 1000 }: ReadAllOptions = {}) {
      assertOpen();
      return structuredClone(log.slice(after + 1, after + 1 + maxCount));
    },
    async headPosition() {
      return log.length - 1;
    },
    subscribe(options) {
      // Every append in this process notifies the signal, so the poll is only a backstop.
      return catchUpSubscription((o) => store.readAll(o), signal, options, { pollMs: 60_000 });
    },
    async verifyStream(streamId: string) {
      return verifyChain(streamId, streams.get(streamId) ?? []);
    },
    async readSeals({ after, upTo }) {
      const out: Seal[] = [];
      for (let p = after + 1; p <= upTo && p < log.length; p++) {
        const seal = seals.get(p);
        if (seal !== undefined) out.push({ globalPosition: p, seal });
      }
      return out;
    },
    async close() {
      closed = true;
      signal.notify();
    },
  };
  return store;
}
