import { recordedAtFor, type AppendOptions } from '../backdate';
import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type AppendExpectedRevision,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from '../envelope';
import { CorruptEventError, EventStoreError, EventStoreErrorCodes, IdempotencyConflictError, WrongExpectedRevisionError } from '../errors';
import { GENESIS_HASH, verifyChain, type ChainVerification } from '../hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '../port';
import { assertValidAppend, chainEvents, checkExpectedRevision, normalizeEventIds, resolveRetry, sameContent } from '../prepare';
import {
  EVENT_ID_CLAIM_TYPE,
  claimStreamName,
  contentDigest,
  decodeClaim,
  decodeRecordedEvent,
  encodeMetadata,
  exactExpectedRevision,
  fromEsdbCurrentRevision,
  fromEsdbStreamName,
  isClaimStream,
  isReservedStreamId,
  normalizeConnectionString,
  subscriptionStreamRegex,
  toEsdbStreamName,
  toGlobalPosition,
  toReadPosition,
  type EventIdClaim,
} from './esdb-mapping';
import { createKeyedQueue } from '../keyed-queue';
import { resubscribingSubscription, type LiveFeed, type ResubscribePolicy } from './resubscribing-subscription';

/** The part of the client the store uses; tests pass a scripted one that throws the client's own errors. */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDBEventStoreOptions {
  /** esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover:// (e.g. `esdb://localhost:2113?tls=false`). */
  connectionString: string;
  /** A client to use instead of one built from the connection string (tests). The store disposes it on close. */
  client?: EsdbClient;
  /** Clock used for recordedAt; tests pin it. */
  now?: () => Date;
  /**
   * Prefix of every stream this store reads and writes (`<namespace>:<streamId>`), so that several
   * environments or test runs can share one server without seeing each other's events.
   */
  namespace?: string;
  /** Attempts of an 'any' or 'stream_exists' append that keeps losing races to other processes. Default 10. */
  maxAppendAttempts?: number;
  /** Deadline of every call to the server, in ms (reads, appends, claims). Default 10 000. */
  deadlineMs?: number;
  /** Attempts of one call that fails with NotLeader, Unavailable or DeadlineExceeded before it is reported. Default 6. */
  maxTransientAttempts?: number;
  /** Pause before the first retry of a transient failure; doubles per attempt up to 2 s. Default 100 ms. */
  transientBackoffMs?: number;
  subscription?: ResubscribePolicy;
}

/** $all page size; the adapter skips system events and claims client-side, so pages are read in full. */
const PAGE = 1000;
/** Page size of the backwards search for the events of a retried append whose revision is not known. */
const SEARCH_PAGE = 256;

/** Failures after which the same call may succeed: a leader change, a node going away, a slow quorum. */
export function isTransientEsdbError(error: unknown): boolean {
  return error instanceof NotLeaderError || error instanceof UnavailableError || error instanceof DeadlineExceededError;
}

/**
 * The event store over EventStoreDB / KurrentDB.
 *
 * Hash chain: every append reads the stream's last event from the leader, chains the new events to
 * its hash and appends at exactly that revision, so no other writer can slip in between. The
 * caller's expected revision is checked against what was read; 'any' and 'stream_exists' appends
 * that lose a race to another process read again and retry (bounded), while an exact revision or
 * 'no_stream' that loses is refused with the revision the stream is actually at.
 *
 * Idempotency by event id: ESDB's own duplicate check covers one stream at an exact revision, and
 * compares ids only. The port promises more (an id is the store's, not the stream's; the same id with
 * other content is a conflict), so each event id is claimed in a marker stream of its own
 * (`pl-evt-<eventId>`, written with expected revision no_stream, naming the stream and a digest of
 * the content, so the same id with other content is refused from the claim alone). The claims go
 * out in parallel with the head read, so a fresh append costs two round trips (head and claims
 * together, then the append) and n+1 quorum writes for n events; an append of one event takes its
 * position from the append's answer, one of several reads its events back (a third round trip).
 * A claim that already exists means the ids were seen before: naming another stream, the append is
 * refused as a conflict; naming this stream, the append is a retry, and the stream is searched for
 * the events (content compared, so the same id with other content is refused) before anything is
 * written. Transient failures (NotLeader, Unavailable, DeadlineExceeded) are retried inside the
 * store with a deadline on every call: an append resent at the same exact revision with the same
 * ids and bytes is idempotent on the server. An id claimed by an append that never landed stays
 * reserved for the stream it names.
 */
export function getEventStoreDBEventStore({
  connectionString,
  client: givenClient,
  now = () => new Date(),
  namespace,
  maxAppendAttempts = 10,
  deadlineMs = 10_000,
  maxTransientAttempts = 6,
  transientBackoffMs = 100,
  subscription: resubscribePolicy,
}: EventStoreDBEventStoreOptions): EventStore {
  const client: EsdbClient = givenClient ?? EventStoreDBClient.connectionString(normalizeConnectionString(connectionString));
  const appendQueue = createKeyedQueue();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new EventStoreError(EventStoreErrorCodes.CLOSED, 'the event store is closed');
  };
  const esdbName = (streamId: string) => toEsdbStreamName(namespace, streamId);

  const decodeOwn = (streamId: string, resolved: ResolvedEvent | AllStreamResolvedEvent): EventEnvelope => {
    if (!resolved.event) throw unreadable(streamId, 'a link without its event');
    const decoded = decodeRecordedEvent(namespace, resolved.event);
    if (!decoded.ok) throw unreadable(streamId, `event ${resolved.event.id}: ${decoded.reason}`);
    return decoded.envelope;
  };

  /** Runs one call, retrying transient failures with doubling, jittered pauses; others pass through as thrown. */
  async function withTransientRetries<T>(call: () => Promise<T>, onTransient?: () => void): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isTransientEsdbError(error)) throw error;
        onTransient?.();
        if (attempt >= maxTransientAttempts || closed) throw toStoreError(error);
        const pause = Math.min(transientBackoffMs * 2 ** (attempt - 1), 2_000);
        await sleep(pause / 2 + (Math.random() * pause) / 2);
      }
    }
  }

  /** A streaming read collected in full, cancelled with the client's DeadlineExceededError when it overruns. */
  async function collectWithDeadline<T>(open: () => StreamingRead<T>): Promise<T[]> {
    const read = open();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void read.cancel().catch(() => undefined);
        reject(new DeadlineExceededError(undefined, `no answer within ${deadlineMs} ms`));
      }, deadlineMs);
    });
    try {
      return await Promise.race([collect(read), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The client's append carries the deadline to the server; the timer here covers an answer that never comes. */
  async function appendWithDeadline(name: string, events: Parameters<EsdbClient['appendToStream']>[1], expectedRevision: AppendExpectedRevision) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(undefined, `no answer within ${deadlineMs} ms`)), deadlineMs + 1_000);
    });
    try {
      return await Promise.race([client.appendToStream(name, events, { expectedRevision, requiresLeader: true, deadline: deadlineMs }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads one stream's records from the leader; a stream that does not exist reads as empty. */
  async function readRaw(name: string, options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number }): Promise<ResolvedEvent[]> {
    try {
      return await withTransientRetries(() =>
        collectWithDeadline(() => client.readStream(name, { ...options, requiresLeader: true, deadline: deadlineMs })),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
  }

  async function readHead(streamId: string): Promise<EventEnvelope | null> {
    const [last] = await readRaw(esdbName(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? decodeOwn(streamId, last) : null;
  }

  /**
   * Claims every event id for `streamId`. Returns whether any id had been claimed before (by an
   * earlier attempt of this append, or a concurrent one to the same stream), and the log position of
   * the oldest claim: every copy of these events that ever lands is after it, which bounds a search.
   * Throws when an id was claimed for another stream or other content.
   */
  async function claimIds(streamId: string, events: readonly NewEvent[]): Promise<{ seenBefore: boolean; since: number | null }> {
    // Digests first: an event that cannot be encoded is refused before any claim is written.
    const digests = events.map((event) => {
      try {
        return contentDigest(streamId, event);
      } catch (error) {
        throw new EventStoreError(EventStoreErrorCodes.INVALID_APPEND, `event ${event.eventId} cannot be stored: ${(error as Error).message}`);
      }
    });
    const outcomes = await Promise.all(
      events.map(async (event, i) => {
        const name = claimStreamName(namespace, event.eventId);
        try {
          const claim: EventIdClaim = { streamId, content: digests[i]! };
          const answer = await withTransientRetries(() => appendWithDeadline(name, [jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { ...claim } })], 'no_stream'));
          return { seen: false, position: toGlobalPosition(answer.position) };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw toStoreError(error);
        }
        const [first] = await readRaw(name, { direction: FORWARDS, fromRevision: 0n, maxCount: 1 });
        const claim = first?.event ? decodeClaim(first.event.data) : null;
        if (!claim) throw unreadable(name, 'a claim of another shape');
        if (claim.streamId !== streamId) throw new IdempotencyConflictError(event.eventId, `it belongs to stream ${claim.streamId}`);
        if (claim.content !== undefined && claim.content !== digests[i]) {
          throw new IdempotencyConflictError(event.eventId, 'it was claimed with other content');
        }
        return { seen: true, position: toGlobalPosition(first!.event!.position) };
      }),
    );
    const positions = outcomes.map((o) => o.position);
    return {
      seenBefore: outcomes.some((o) => o.seen),
      since: positions.includes(null) ? null : Math.min(...(positions as number[])),
    };
  }

  /**
   * Finds the events of an append already written to the stream: first where an exact expected
   * revision put them, then (for 'any', or ids written at another revision) by searching backwards,
   * no further back than `since` (the oldest claim: nothing of this append can be older).
   */
  async function findStored(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    since: number | null,
  ): Promise<Array<EventEnvelope | undefined>> {
    const wanted = new Set(events.map((e) => e.eventId));
    const found = new Map<string, EventEnvelope>();
    const take = (raw: ResolvedEvent[]) => {
      for (const r of raw) {
        if (r.event && wanted.has(r.event.id)) found.set(r.event.id, decodeOwn(streamId, r));
      }
    };
    if (expected === 'no_stream' || typeof expected === 'number') {
      const from = expected === 'no_stream' ? 0 : expected + 1;
      take(await readRaw(esdbName(streamId), { direction: FORWARDS, fromRevision: BigInt(from), maxCount: events.length }));
    }
    let from: bigint | typeof END = END;
    while (found.size < wanted.size) {
      const page = await readRaw(esdbName(streamId), { direction: BACKWARDS, fromRevision: from, maxCount: SEARCH_PAGE });
      take(page);
      const oldest = page.at(-1)?.event;
      if (page.length < SEARCH_PAGE || oldest === undefined || oldest.revision === 0n) break;
      const position = toGlobalPosition(oldest.position);
      if (since !== null && position !== null && position < since) break;
      from = oldest.revision - 1n;
    }
    return events.map((e) => found.get(e.eventId));
  }

  /** The result of an append the server acknowledged: from its answer for one event, else read back. */
  async function acknowledged(streamId: string, events: readonly NewEvent[], actual: number, answer: EsdbAppendResult, compare: boolean): Promise<AppendResult> {
    const last = actual + events.length;
    const position = events.length === 1 && !compare && answer.nextExpectedRevision === BigInt(last) ? toGlobalPosition(answer.position) : null;
    if (position !== null) {
      return { streamId, nextExpectedRevision: last, lastGlobalPosition: position, events: [{ eventId: events[0]!.eventId, revision: last, globalPosition: position }] };
    }
    const written = (await readRaw(esdbName(streamId), { direction: FORWARDS, fromRevision: BigInt(actual + 1), maxCount: events.length })).map((r) =>
      decodeOwn(streamId, r),
    );
    let stored: Array<EventEnvelope | undefined> = events.map((e) => written.find((w) => w.eventId === e.eventId));
    // An idempotent answer for events written at another revision: find them where they are.
    if (stored.some((s) => s === undefined)) stored = await findStored(streamId, events, 'any', null);
    for (let i = 0; i < events.length; i++) {
      const s = stored[i];
      if (!s) throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `stream ${streamId}: the appended events could not be read back`);
      const diff = sameContent(s, events[i]!, streamId);
      if (diff) throw new IdempotencyConflictError(s.eventId, diff);
    }
    const head = stored.reduce((max, s) => Math.max(max, s!.revision), -1);
    return {
      streamId,
      nextExpectedRevision: head,
      lastGlobalPosition: stored.at(-1)!.globalPosition,
      events: stored.map((e) => ({ eventId: e!.eventId, revision: e!.revision, globalPosition: e!.globalPosition })),
    };
  }

  /** The recordedAt of the log's newest event of this store (null for an empty log): read only for backdated appends. */
  async function latestRecordedAt(): Promise<string | null> {
    const head = await headPosition();
    if (head < 0) return null;
    return (await readAllAfter(head - 1, 1))[0]?.recordedAt ?? null;
  }

  async function appendWithRetries(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult> {
    const latest = options?.recordedAt === undefined ? null : await latestRecordedAt();
    const [firstHead, claims] = await Promise.all([readHead(streamId), claimIds(streamId, events)]);
    let head = firstHead;
    // Fresh claims prove no event of this append is stored anywhere; otherwise look before writing.
    let mayBeStored = claims.seenBefore;
    const retriesOnConflict = expected === 'any' || expected === 'stream_exists';
    for (let attempt = 1; ; attempt++) {
      const actual = head?.revision ?? -1;
      if (mayBeStored) {
        const retry = resolveRetry(streamId, events, await findStored(streamId, events, expected, claims.since), actual);
        if (retry) return retry;
      }
      checkExpectedRevision(streamId, expected, actual);
      const prepared = chainEvents(streamId, events, actual, head?.hash ?? GENESIS_HASH, recordedAtFor(options, now(), () => latest));
      const records = prepared.map((e) =>
        // JSON events carry any JSON value; the client's type only names objects, arrays and strings.
        jsonEvent({ id: e.eventId, type: e.type, data: (e.data === undefined ? null : e.data) as never, metadata: encodeMetadata(e) }),
      );
      let transient = false;
      try {
        // Resent unchanged on a transient failure: same revision, ids and bytes, so a copy that
        // landed makes the server answer success without writing again.
        const answer = await withTransientRetries(
          () => appendWithDeadline(esdbName(streamId), records, exactExpectedRevision(actual)),
          () => (transient = true),
        );
        return await acknowledged(streamId, events, actual, answer, mayBeStored || transient);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw toStoreError(error);
        const seen = fromEsdbCurrentRevision(error.actualVersion);
        if (transient) mayBeStored = true;
        if ((!retriesOnConflict && !mayBeStored) || attempt >= maxAppendAttempts) throw new WrongExpectedRevisionError(streamId, expected, seen);
        await sleep(Math.random() * Math.min(5 * 2 ** attempt, 200));
        head = await readHead(streamId);
      }
    }
  }

  /** One page of $all, with a deadline and transient retries. */
  function readAllPage(options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReturnType<typeof toReadPosition> | typeof END; maxCount: number }) {
    return withTransientRetries(() => collectWithDeadline(() => client.readAll({ ...options, deadline: deadlineMs }))).catch((error: unknown) => {
      throw toStoreError(error);
    });
  }

  /** Reads $all forwards after `after`, keeping this store's events, until `maxCount` or the end. */
  async function readAllAfter(after: number, maxCount: number): Promise<EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    let from = after;
    while (out.length < maxCount) {
      const batch = Math.min(maxCount - out.length + 1, PAGE);
      const page = await readAllPage({ direction: FORWARDS, fromPosition: toReadPosition(from), maxCount: batch });
      for (const resolved of page) {
        const position = toGlobalPosition(resolved.event?.position);
        if (position === null || position <= from) continue;
        from = position;
        const envelope = ownEnvelope(resolved);
        if (envelope) out.push(envelope);
        if (out.length === maxCount) break;
      }
      if (page.length < batch) break;
    }
    return out;
  }

  /** Whether an event of $all is one of this store's: not a system stream, a claim or another namespace. */
  function isOwn(resolved: AllStreamResolvedEvent): boolean {
    const name = resolved.event?.streamId;
    if (name === undefined || name.startsWith('$') || isClaimStream(namespace, name)) return false;
    return fromEsdbStreamName(namespace, name) !== null;
  }

  /**
   * This store's event, or null for what is not its own (system streams, claims, other namespaces).
   * An event of its own that does not decode is raised as CorruptEventError, as the other adapters do:
   * skipping it would let read models diverge without a word.
   */
  function ownEnvelope(resolved: AllStreamResolvedEvent): EventEnvelope | null {
    if (!isOwn(resolved)) return null;
    const recorded = resolved.event!;
    const decoded = decodeRecordedEvent(namespace, recorded);
    if (decoded.ok) return decoded.envelope;
    throw new CorruptEventError(
      {
        globalPosition: toGlobalPosition(recorded.position) ?? -1,
        streamId: fromEsdbStreamName(namespace, recorded.streamId) ?? recorded.streamId,
        revision: Number(recorded.revision),
        eventId: recorded.id,
      },
      { cause: new Error(decoded.reason) },
    );
  }

  async function headPosition(): Promise<number> {
    let from: number | null = null;
    for (;;) {
      const page = await readAllPage({ direction: BACKWARDS, fromPosition: from === null ? END : toReadPosition(from), maxCount: PAGE });
      for (const resolved of page) {
        const position = toGlobalPosition(resolved.event?.position);
        if (position === null || (from !== null && position >= from)) continue;
        from = position;
        if (isOwn(resolved)) return position;
      }
      if (page.length < PAGE) return -1;
    }
  }

  function openFeed(after: number): LiveFeed {
    // Filtered on the server: system streams, other namespaces and claims never cross the network.
    const subscription = client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: streamNameFilter({ regex: subscriptionStreamRegex(namespace) }),
    });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const resolved of subscription) {
            const envelope = ownEnvelope(resolved);
            if (envelope) yield envelope;
          }
        } catch (error) {
          throw toStoreError(error);
        }
      },
      async close() {
        await subscription.unsubscribe();
        subscription.destroy();
      },
    };
  }

  return {
    kind: 'eventstoredb',

    async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision = 'any', options?: AppendOptions): Promise<AppendResult> {
      assertOpen();
      // The server hands ids back in lower case; so does the store, whatever case they came in.
      events = normalizeEventIds(events);
      assertValidAppend(streamId, events, expected);
      if (isReservedStreamId(streamId)) {
        throw new EventStoreError(EventStoreErrorCodes.INVALID_APPEND, `stream ids starting with "$" or "pl-evt-" are reserved`);
      }
      return appendQueue.run(streamId, () => appendWithRetries(streamId, events, expected, options));
    },

    async readStream(streamId: string, { direction = 'forwards', fromRevision, maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {}) {
      assertOpen();
      if (maxCount <= 0 || (direction === 'backwards' && fromRevision !== undefined && fromRevision < 0)) return [];
      const raw = await readRaw(
        esdbName(streamId),
        direction === 'forwards'
          ? { direction: FORWARDS, fromRevision: BigInt(Math.max(fromRevision ?? 0, 0)), maxCount }
          : { direction: BACKWARDS, fromRevision: fromRevision === undefined ? END : BigInt(fromRevision), maxCount },
      );
      return raw.map((r) => decodeOwn(streamId, r));
    },

    async streamRevision(streamId: string) {
      assertOpen();
      return (await readHead(streamId))?.revision ?? -1;
    },

    async readAll({ after = -1, maxCount = 1000 }: ReadAllOptions = {}) {
      assertOpen();
      if (maxCount <= 0) return [];
      return readAllAfter(after, maxCount);
    },

    async headPosition() {
      assertOpen();
      return headPosition();
    },

    subscribe(options: SubscribeOptions) {
      assertOpen();
      const subscription = resubscribingSubscription({ headPosition, open: openFeed }, options, resubscribePolicy);
      subscriptions.add(subscription);
      return {
        async close() {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async verifyStream(streamId: string): Promise<ChainVerification> {
      assertOpen();
      const raw = await readRaw(esdbName(streamId), { direction: FORWARDS, fromRevision: 0n, maxCount: Number.MAX_SAFE_INTEGER });
      const events: EventEnvelope[] = [];
      for (const [i, resolved] of raw.entries()) {
        const decoded = resolved.event ? decodeRecordedEvent(namespace, resolved.event) : null;
        if (!decoded?.ok) {
          // An event that no longer decodes as an envelope was altered (or forged) in the store:
          // report it at its revision, after anything already wrong before it.
          const before = verifyChain(streamId, events);
          if (!before.ok) return { ...before, eventCount: raw.length };
          return { ok: false, streamId, eventCount: raw.length, firstBadRevision: i, eventId: resolved.event?.id ?? null, reason: 'hash_mismatch' };
        }
        events.push(decoded.envelope);
      }
      return verifyChain(streamId, events);
    },

    async close() {
      if (closed) return;
      closed = true;
      // Subscriptions first: a feed cut by dispose() would otherwise be retried against a closed client.
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      await client.dispose();
    },
  };
}

async function collect<T>(read: StreamingRead<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unreadable(streamId: string, detail: string): EventStoreError {
  return new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `stream ${streamId} holds an event this store cannot read: ${detail}`);
}

/** Errors of the store's own making pass through; the client's become UNAVAILABLE with the cause kept. */
function toStoreError(error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `EventStoreDB: ${message}`, { cause: error });
}
