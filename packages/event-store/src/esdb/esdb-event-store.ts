import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from '../envelope';
import { EventStoreError, EventStoreErrorCodes, IdempotencyConflictError, WrongExpectedRevisionError } from '../errors';
import { GENESIS_HASH, verifyChain, type ChainVerification } from '../hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '../port';
import { assertValidAppend, chainEvents, checkExpectedRevision, resolveRetry } from '../prepare';
import {
  EVENT_ID_CLAIM_TYPE,
  claimStreamName,
  decodeClaim,
  decodeRecordedEvent,
  encodeMetadata,
  exactExpectedRevision,
  fromEsdbCurrentRevision,
  isReservedStreamId,
  normalizeConnectionString,
  toEsdbStreamName,
  toGlobalPosition,
  toReadPosition,
  type EventIdClaim,
} from './esdb-mapping';
import { createKeyedQueue } from '../keyed-queue';
import { resubscribingSubscription, type LiveFeed, type ResubscribePolicy } from './resubscribing-subscription';

export interface EventStoreDBEventStoreOptions {
  /** esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover:// (e.g. `esdb://localhost:2113?tls=false`). */
  connectionString: string;
  /** Clock used for recordedAt; tests pin it. */
  now?: () => Date;
  /**
   * Prefix of every stream this store reads and writes (`<namespace>:<streamId>`), so that several
   * environments or test runs can share one server without seeing each other's events.
   */
  namespace?: string;
  /** Attempts of an 'any' or 'stream_exists' append that keeps losing races to other processes. Default 10. */
  maxAppendAttempts?: number;
  subscription?: ResubscribePolicy;
}

/** $all page size; the adapter skips system events and claims client-side, so pages are read in full. */
const PAGE = 1000;

/**
 * The event store over EventStoreDB / KurrentDB.
 *
 * Hash chain: every append reads the stream's last event, chains the new events to its hash and
 * appends at exactly that revision, so no other writer can slip in between. The caller's expected
 * revision is checked against what was read; 'any' and 'stream_exists' appends that lose a race to
 * another process read again and retry (bounded), while an exact revision or 'no_stream' that loses
 * is refused with the revision the stream is actually at.
 *
 * Idempotency by event id: ESDB cannot find an event by id, and its own duplicate detection covers
 * one stream and recent writes only. So before its events are appended, each event id is claimed in
 * a marker stream of its own (`pl-evt-<eventId>`), which records the stream and revision the event
 * is going to. The claim is written with an expected revision, so two writers cannot both claim an id,
 * and because it names the revision, whether the event really landed is one read: the event at that
 * revision is this id (stored: a retry, or a conflict when the content or stream differs), another
 * id (the claiming append lost its race, so the claim is dead and may be taken over), or nothing yet
 * (that append may still be in flight: reused by a retry of the same append to the same stream,
 * refused as a conflict for any other stream). Trade-offs: an append costs 2n+3 round trips for n
 * events (head read, claim reads, claim writes, append, read-back of positions), and an id claimed
 * by an append that crashed before writing stays reserved for that stream until the stream moves
 * past the claimed revision or the same append is retried.
 */
export function getEventStoreDBEventStore({
  connectionString,
  now = () => new Date(),
  namespace,
  maxAppendAttempts = 10,
  subscription: resubscribePolicy,
}: EventStoreDBEventStoreOptions): EventStore {
  const client = EventStoreDBClient.connectionString(normalizeConnectionString(connectionString));
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

  /** Reads one stream's records; a stream that does not exist reads as empty. */
  async function readRaw(name: string, options: Parameters<EventStoreDBClient['readStream']>[1]): Promise<ResolvedEvent[]> {
    try {
      return await collect(client.readStream(name, options));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
  }

  async function readHead(streamId: string): Promise<EventEnvelope | null> {
    const [last] = await readRaw(esdbName(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? decodeOwn(streamId, last) : null;
  }

  async function readClaim(eventId: string): Promise<{ claim: EventIdClaim; markerRevision: bigint } | null> {
    const [last] = await readRaw(claimStreamName(namespace, eventId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    if (!last?.event) return null;
    const claim = decodeClaim(last.event.data);
    if (!claim) throw unreadable(claimStreamName(namespace, eventId), 'a claim of another shape');
    return { claim, markerRevision: last.event.revision };
  }

  /** The revision ESDB reported on the last lost race per stream, for the error when attempts run out. */
  const lastSeenRevision = new Map<string, number>();

  type ClaimState = { state: 'stored'; event: EventEnvelope } | { state: 'dead' } | { state: 'pending' };

  /**
   * Reads the revisions the claiming append would have written. Nothing there: the stream is still
   * where that append expected it, so it may yet land. This id at the claimed revision: it landed.
   * Anything else: the stream moved on without it, and an append at an exact revision never lands late.
   */
  async function claimState(claim: EventIdClaim, eventId: string): Promise<ClaimState> {
    const range = await readRaw(esdbName(claim.streamId), {
      direction: FORWARDS,
      fromRevision: BigInt(claim.after + 1),
      maxCount: claim.revision - claim.after,
    });
    if (range.length === 0) return { state: 'pending' };
    const at = range.find((r) => r.event?.revision === BigInt(claim.revision));
    if (at?.event?.id !== eventId) return { state: 'dead' };
    return { state: 'stored', event: decodeOwn(claim.streamId, at) };
  }

  async function writeClaim(eventId: string, claim: EventIdClaim, markerRevision: bigint | null): Promise<boolean> {
    try {
      await client.appendToStream(claimStreamName(namespace, eventId), jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { ...claim } }), {
        expectedRevision: markerRevision === null ? 'no_stream' : markerRevision,
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw toStoreError(error);
    }
  }

  /** 'claim': another writer touched one of the event ids' claims; 'stream': another append won the revision. */
  type LostRace = 'claim' | 'stream';

  async function appendOnce(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult | LostRace> {
    const head = await readHead(streamId);
    const actual = head?.revision ?? -1;
    const claims = await Promise.all(events.map((e) => readClaim(e.eventId)));
    const states = await Promise.all(claims.map((c, i) => (c ? claimState(c.claim, events[i]!.eventId) : null)));
    const stored = states.map((s) => (s?.state === 'stored' ? s.event : undefined));
    const retry = resolveRetry(streamId, events, stored, actual);
    if (retry) return retry;
    checkExpectedRevision(streamId, expected, actual);
    const prepared = chainEvents(streamId, events, actual, head?.hash ?? GENESIS_HASH, now().toISOString());

    const toWrite: Array<{ eventId: string; claim: EventIdClaim; markerRevision: bigint | null }> = [];
    for (let i = 0; i < prepared.length; i++) {
      const mine: EventIdClaim = { streamId, after: actual, revision: prepared[i]!.revision };
      const held = claims[i];
      const state = states[i];
      if (!held) {
        toWrite.push({ eventId: prepared[i]!.eventId, claim: mine, markerRevision: null });
      } else if (state?.state === 'dead') {
        toWrite.push({ eventId: prepared[i]!.eventId, claim: mine, markerRevision: held.markerRevision });
      } else if (held.claim.streamId !== streamId || held.claim.after !== actual || held.claim.revision !== mine.revision) {
        // Pending elsewhere: the append holding the claim may still land, so taking it over could
        // write the event twice.
        throw new IdempotencyConflictError(
          prepared[i]!.eventId,
          `it is claimed by an unfinished append to stream ${held.claim.streamId} at revision ${held.claim.revision}`,
        );
      }
      // Otherwise a retry of the same append at the same revision: the claim already says so.
    }
    const claimed = await Promise.all(toWrite.map((w) => writeClaim(w.eventId, w.claim, w.markerRevision)));
    if (claimed.includes(false)) return 'claim';

    try {
      await client.appendToStream(
        esdbName(streamId),
        prepared.map((e) =>
          // JSON events carry any JSON value; the client's type only names objects, arrays and strings.
          jsonEvent({ id: e.eventId, type: e.type, data: (e.data === undefined ? null : e.data) as never, metadata: encodeMetadata(e) }),
        ),
        { expectedRevision: exactExpectedRevision(actual) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        lastSeenRevision.set(streamId, fromEsdbCurrentRevision(error.actualVersion));
        return 'stream';
      }
      throw toStoreError(error);
    }

    // The append response carries one position for the whole append; each event's own position
    // comes from reading the events back.
    const written = await readRaw(esdbName(streamId), { direction: FORWARDS, fromRevision: BigInt(actual + 1), maxCount: prepared.length });
    const envelopes = written.map((r) => decodeOwn(streamId, r));
    if (envelopes.length !== prepared.length || envelopes.some((e, i) => e.eventId !== prepared[i]!.eventId)) {
      throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `stream ${streamId}: the appended events could not be read back`);
    }
    return {
      streamId,
      nextExpectedRevision: envelopes.at(-1)!.revision,
      lastGlobalPosition: envelopes.at(-1)!.globalPosition,
      events: envelopes.map((e) => ({ eventId: e.eventId, revision: e.revision, globalPosition: e.globalPosition })),
    };
  }

  async function appendWithRetries(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // An exact revision or 'no_stream' that lost the stream gets one more look: the winner may have
    // been a retry of this very append (then the original result is returned); otherwise the
    // re-check refuses it with the revision the stream is at now. Lost claims are always retried:
    // the next look finds out what the other writer did with the id.
    const retriesOnConflict = expected === 'any' || expected === 'stream_exists';
    let streamRacesLost = 0;
    try {
      for (let attempt = 1; attempt <= maxAppendAttempts; attempt++) {
        const result = await appendOnce(streamId, events, expected);
        if (typeof result === 'object') return result;
        if (result === 'stream' && ++streamRacesLost > 1 && !retriesOnConflict) break;
        await sleep(Math.random() * Math.min(5 * 2 ** attempt, 200));
      }
      throw new WrongExpectedRevisionError(streamId, expected, lastSeenRevision.get(streamId) ?? (await readHead(streamId))?.revision ?? -1);
    } finally {
      lastSeenRevision.delete(streamId);
    }
  }

  /** Reads $all forwards after `after`, keeping this store's events, until `maxCount` or the end. */
  async function readAllAfter(after: number, maxCount: number): Promise<EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    let from = after;
    while (out.length < maxCount) {
      const batch = Math.min(maxCount - out.length + 1, PAGE);
      const page = await collect(client.readAll({ direction: FORWARDS, fromPosition: toReadPosition(from), maxCount: batch })).catch((error: unknown) => {
        throw toStoreError(error);
      });
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

  /** This store's event, or null for system events, claims, other namespaces and foreign data. */
  function ownEnvelope(resolved: AllStreamResolvedEvent): EventEnvelope | null {
    if (!resolved.event || resolved.event.type.startsWith('$')) return null;
    const decoded = decodeRecordedEvent(namespace, resolved.event);
    return decoded.ok ? decoded.envelope : null;
  }

  async function headPosition(): Promise<number> {
    let from: number | null = null;
    for (;;) {
      const page = await collect(
        client.readAll({ direction: BACKWARDS, fromPosition: from === null ? END : toReadPosition(from), maxCount: PAGE }),
      ).catch((error: unknown) => {
        throw toStoreError(error);
      });
      for (const resolved of page) {
        const position = toGlobalPosition(resolved.event?.position);
        if (position === null || (from !== null && position >= from)) continue;
        from = position;
        const envelope = ownEnvelope(resolved);
        if (envelope) return envelope.globalPosition;
      }
      if (page.length < PAGE) return -1;
    }
  }

  function openFeed(after: number): LiveFeed {
    const subscription = client.subscribeToAll({ fromPosition: toReadPosition(after), filter: excludeSystemEvents() });
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

    async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
      assertOpen();
      assertValidAppend(streamId, events, expected);
      if (isReservedStreamId(streamId)) {
        throw new EventStoreError(EventStoreErrorCodes.INVALID_APPEND, `stream ids starting with "$" or "pl-evt-" are reserved`);
      }
      return appendQueue.run(streamId, () => appendWithRetries(streamId, events, expected));
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
