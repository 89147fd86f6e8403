import type { AppendExpectedRevision, CurrentRevision, Position, ReadPosition, RecordedEvent } from '@eventstore/db-client';
import { createHash } from 'node:crypto';
import type { Actor, EventEnvelope, ExpectedRevision, NewEvent } from '../envelope';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { canonicalJson } from '../hash';

/**
 * Pure translation between the store's envelope and EventStoreDB's records, names and positions.
 * Nothing here talks to a server, so all of it is unit-tested without one.
 */

/** Marks metadata written by this adapter, so foreign events sharing the server are left alone. */
export const ENVELOPE_FORMAT = 'planledger.envelope/1';

/**
 * Prefix of the marker streams that record which stream an event id belongs to (see the idempotency
 * note in esdb-event-store.ts). Appends to stream ids with this prefix are refused, so no user
 * stream can take these names. Deliberately not a `$` stream: those need the $admins role under
 * the default system-stream ACL, and the service account should not be an administrator.
 */
export const EVENT_ID_CLAIM_PREFIX = 'pl-evt-';

/** Event type of a claim: an ordinary (non-`$`) type; reads of the log leave claim streams out by name. */
export const EVENT_ID_CLAIM_TYPE = 'planledger.event-id-claimed';

const NAMESPACE_SEPARATOR = ':';

/** ESDB reports "no position" as -1 in an unsigned 64-bit field. */
const NO_POSITION = 2n ** 64n - 1n;

/** The envelope fields that travel in ESDB's metadata (eventId, type and data have their own slots). */
export interface EnvelopeMetadata {
  format: typeof ENVELOPE_FORMAT;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  previousHash: string;
  hash: string;
  /** ESDB's own correlation fields, read by its system projections ($by_correlation_id). */
  $correlationId: string;
  $causationId?: string;
}

export function encodeMetadata(event: Omit<EventEnvelope, 'globalPosition'>): EnvelopeMetadata {
  return {
    format: ENVELOPE_FORMAT,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { userId: event.actor.userId, role: event.actor.role, agency: event.actor.agency, organisationId: event.actor.organisationId },
    correlationId: event.correlationId,
    causationId: event.causationId,
    previousHash: event.previousHash,
    hash: event.hash,
    $correlationId: event.correlationId,
    ...(event.causationId === null ? {} : { $causationId: event.causationId }),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Returns null for anything this adapter did not write (or that was altered out of shape). */
export function decodeMetadata(raw: unknown): EnvelopeMetadata | null {
  if (!isRecord(raw) || raw.format !== ENVELOPE_FORMAT) return null;
  const { schemaVersion, occurredAt, recordedAt, actor, correlationId, causationId, previousHash, hash } = raw;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion)) return null;
  if (!isString(occurredAt) || !isString(recordedAt) || !isString(correlationId) || !isString(previousHash) || !isString(hash)) return null;
  if (causationId !== null && !isString(causationId)) return null;
  if (!isRecord(actor) || !isString(actor.userId) || !isString(actor.role) || !isString(actor.agency) || !isString(actor.organisationId)) return null;
  return {
    format: ENVELOPE_FORMAT,
    schemaVersion,
    occurredAt,
    recordedAt,
    actor: { userId: actor.userId, role: actor.role, agency: actor.agency, organisationId: actor.organisationId },
    correlationId,
    causationId,
    previousHash,
    hash,
    $correlationId: correlationId,
    ...(causationId === null ? {} : { $causationId: causationId }),
  };
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return 'any';
  if (expected === 'no_stream') return 'no_stream';
  if (expected === 'stream_exists') return 'stream_exists';
  return BigInt(expected);
}

/** The revision the adapter appends at once it has read the stream's head (-1: the stream is new). */
export function exactExpectedRevision(actual: number): AppendExpectedRevision {
  return toEsdbExpectedRevision(actual < 0 ? 'no_stream' : actual);
}

export function fromEsdbCurrentRevision(current: CurrentRevision): number {
  return current === 'no_stream' ? -1 : toSafeNumber(current, 'stream revision');
}

export function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `${what} ${value} does not fit a JavaScript number`);
  }
  return Number(value);
}

/**
 * The global position of an event is the prepare position of its record in the transaction log.
 *
 * $all is ordered by (commit, prepare). Every append over gRPC is an implicit transaction whose
 * events sit next to each other in the log; on $all reads each such event reports commit = prepare =
 * the log position of its own record, but the append response carries a single position for the
 * whole append and older servers reported the transaction's start as the commit position of all its
 * events. The prepare position is the one value that is unique per event in every case, and it grows
 * in $all order because a single append's records are written contiguously. Returns null when the
 * server gave no position (stream reads on servers older than 22.6).
 */
export function toGlobalPosition(position: Position | undefined): number | null {
  if (!position || position.prepare === NO_POSITION || position.commit === NO_POSITION) return null;
  return toSafeNumber(position.prepare, 'log position');
}

/**
 * Where to start an $all read or subscription for events after `after`. Reads from a position are
 * inclusive of an event at exactly that position, so callers drop events at or before `after`.
 */
export function toReadPosition(after: number): ReadPosition {
  if (after < 0) return 'start';
  const at = BigInt(after);
  return { commit: at, prepare: at };
}

/** ESDB stream name for one of our streams; a namespace lets environments share one server. */
export function toEsdbStreamName(namespace: string | undefined, streamId: string): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${streamId}` : streamId;
}

/** Our stream id for an ESDB stream name, or null when the stream is not one of ours. */
export function fromEsdbStreamName(namespace: string | undefined, name: string): string | null {
  let streamId = name;
  if (namespace) {
    const prefix = `${namespace}${NAMESPACE_SEPARATOR}`;
    if (!name.startsWith(prefix)) return null;
    streamId = name.slice(prefix.length);
  }
  return isReservedStreamId(streamId) ? null : streamId;
}

/** System streams and claim markers are never the caller's streams. */
export function isReservedStreamId(streamId: string): boolean {
  return streamId.startsWith('$') || streamId.startsWith(EVENT_ID_CLAIM_PREFIX);
}

export function claimStreamName(namespace: string | undefined, eventId: string): string {
  return toEsdbStreamName(namespace, `${EVENT_ID_CLAIM_PREFIX}${eventId.toLowerCase()}`);
}

/**
 * Which stream an event id was claimed for, and a digest of the content it was claimed with (the
 * fields `sameContent` compares), so a second writer with the same id and other content is refused
 * from the claim alone, before it writes anything, even where the server would answer its append
 * as idempotent (the server compares ids only).
 */
export interface EventIdClaim {
  streamId: string;
  /** Absent on claims written without one: then only the stored event can be compared. */
  content?: string;
}

export function contentDigest(streamId: string, event: NewEvent): string {
  const { type, schemaVersion, occurredAt, correlationId, actor, data } = event;
  return createHash('sha256')
    .update(canonicalJson({ streamId, type, schemaVersion, occurredAt, correlationId, causationId: event.causationId ?? null, actor, data }))
    .digest('hex');
}

export function decodeClaim(raw: unknown): EventIdClaim | null {
  if (!isRecord(raw) || !isString(raw.streamId)) return null;
  if (raw.content !== undefined && !isString(raw.content)) return null;
  return isString(raw.content) ? { streamId: raw.streamId, content: raw.content } : { streamId: raw.streamId };
}

/** Whether an ESDB stream is one of this store's claim markers (in its namespace). */
export function isClaimStream(namespace: string | undefined, name: string): boolean {
  return name.startsWith(toEsdbStreamName(namespace, EVENT_ID_CLAIM_PREFIX));
}

/**
 * The server-side filter of the adapter's $all subscription: this namespace's streams (or, without
 * one, every non-system stream), claim markers left out, so a replica catching up does not pull
 * the bookkeeping over the network. .NET regular expressions (lookahead supported).
 */
export function subscriptionStreamRegex(namespace: string | undefined): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefix = namespace ? escape(`${namespace}${NAMESPACE_SEPARATOR}`) : '';
  return `^${prefix}(?!\\$|${escape(EVENT_ID_CLAIM_PREFIX)})`;
}

export type DecodedEvent = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

/**
 * Builds an envelope from a recorded ESDB event. Not ours (foreign stream, binary data, metadata of
 * another shape) or without a position is reported with the reason, for the caller to skip or raise.
 */
export function decodeRecordedEvent(namespace: string | undefined, recorded: RecordedEvent): DecodedEvent {
  const streamId = fromEsdbStreamName(namespace, recorded.streamId);
  if (streamId === null) return { ok: false, reason: `stream ${recorded.streamId} is not a planledger stream` };
  if (!recorded.isJson) return { ok: false, reason: 'data is not JSON' };
  const meta = decodeMetadata(recorded.metadata);
  if (!meta) return { ok: false, reason: 'metadata is not a planledger envelope' };
  const globalPosition = toGlobalPosition(recorded.position);
  if (globalPosition === null) {
    return { ok: false, reason: 'the server did not report a log position (EventStoreDB 22.6 or later is required)' };
  }
  return {
    ok: true,
    envelope: {
      eventId: recorded.id,
      type: recorded.type,
      schemaVersion: meta.schemaVersion,
      streamId,
      revision: toSafeNumber(recorded.revision, 'stream revision'),
      globalPosition,
      occurredAt: meta.occurredAt,
      recordedAt: meta.recordedAt,
      actor: meta.actor,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      data: recorded.data,
      previousHash: meta.previousHash,
      hash: meta.hash,
    },
  };
}

/**
 * The v6 client parses only esdb:// and esdb+discover://; KurrentDB's schemes name the same
 * protocol, so they are rewritten rather than refused.
 */
export function normalizeConnectionString(connectionString: string): string {
  const discover = /^(esdb|kurrentdb|kurrent|kdb)\+discover:\/\/(?:[^@/]*@)?([^/?]*)/i.exec(connectionString);
  if (discover && discover[2]!.includes(',')) {
    // Client 6.2.1 would use the first host only, so losing that node would lose the cluster.
    throw new EventStoreError(
      EventStoreErrorCodes.INVALID_STORE_URL,
      'esdb+discover:// takes one DNS name; list several nodes as a seed list instead: esdb://node1:2113,node2:2113,node3:2113',
    );
  }
  if (/[?&]throwOnAppendFailure=false(&|$)/i.test(connectionString)) {
    // The adapter relies on the client raising WrongExpectedVersionError; without it a lost race
    // would read as a success with a meaningless revision.
    throw new EventStoreError(EventStoreErrorCodes.INVALID_STORE_URL, 'throwOnAppendFailure=false is not supported by this store');
  }
  const match = /^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//i.exec(connectionString);
  if (match) return `esdb${match[2] ?? ''}://${connectionString.slice(match[0].length)}`;
  if (/^esdb(\+discover)?:\/\//i.test(connectionString)) return connectionString;
  throw new EventStoreError(
    EventStoreErrorCodes.UNAVAILABLE,
    'an EventStoreDB connection string starts with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://',
  );
}
