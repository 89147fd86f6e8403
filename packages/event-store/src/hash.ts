import { createHash } from 'node:crypto';
import type { EventEnvelope } from './envelope';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, undefined members dropped.
 * Two encodings of the same value are byte-identical, which is what makes the hash reproducible
 * by any reader (and by any adapter: SQLite, EventStoreDB or memory). Only plain JSON is accepted:
 * a Date, Map, class instance, bigint, function or non-finite number would not survive the round trip
 * through storage, so it is refused here rather than hashed into a chain that could never verify.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number cannot be hashed');
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw new TypeError(`${typeof value} is not JSON and cannot be hashed`);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new TypeError('only plain JSON objects can be hashed');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** The fields the hash covers: everything except globalPosition (assigned by the log) and the hash itself. */
export type HashedFields = Omit<EventEnvelope, 'globalPosition' | 'hash'>;

/** Envelope members in canonical (sorted) order, so hashing an event needs no sort of its own. */
const HASHED_KEYS = [
  'actor',
  'causationId',
  'correlationId',
  'data',
  'eventId',
  'occurredAt',
  'previousHash',
  'recordedAt',
  'revision',
  'schemaVersion',
  'streamId',
  'type',
] as const satisfies ReadonlyArray<keyof HashedFields>;

/** SHA-256 of the canonical JSON of the hashed fields; equal to hashing canonicalJson(pick(event)). */
export function hashEvent(event: HashedFields): string {
  let out = '{';
  for (const key of HASHED_KEYS) {
    const member = event[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += `"${key}":${canonicalJson(member)}`;
  }
  return createHash('sha256').update(`${out}}`).digest('hex');
}

export type ChainVerification =
  | { ok: true; streamId: string; eventCount: number; lastHash: string }
  | {
      ok: false;
      streamId: string;
      eventCount: number;
      /** The first revision whose stored content does not match the chain. */
      firstBadRevision: number;
      eventId: string | null;
      reason: 'hash_mismatch' | 'previous_hash_mismatch' | 'revision_gap' | 'stream_mismatch' | 'unreadable';
    };

/** Re-computes the hash chain of one stream's events (in revision order). */
export function verifyChain(streamId: string, events: readonly EventEnvelope[]): ChainVerification {
  let previous = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const bad = (reason: Extract<ChainVerification, { ok: false }>['reason']): ChainVerification => ({
      ok: false,
      streamId,
      eventCount: events.length,
      firstBadRevision: i,
      eventId: e.eventId ?? null,
      reason,
    });
    if (e.streamId !== streamId) return bad('stream_mismatch');
    if (e.revision !== i) return bad('revision_gap');
    if (e.previousHash !== previous) return bad('previous_hash_mismatch');
    if (hashEvent(e) !== e.hash) return bad('hash_mismatch');
    previous = e.hash;
  }
  return { ok: true, streamId, eventCount: events.length, lastHash: previous };
}
