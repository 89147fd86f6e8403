import { createHash } from 'node:crypto';
import type { EventEnvelope } from './envelope';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, undefined members dropped.
 * Two encodings of the same value are byte-identical, which is what makes the hash reproducible
 * by any reader (and by any adapter: SQLite, EventStoreDB or memory).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number cannot be hashed');
    if (typeof value === 'bigint') throw new TypeError('bigint cannot be hashed');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The fields the hash covers: everything except globalPosition (assigned by the log) and the hash itself. */
export type HashedFields = Omit<EventEnvelope, 'globalPosition' | 'hash'>;

export function hashEvent(event: HashedFields): string {
  const body: HashedFields = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: event.data,
    previousHash: event.previousHash,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
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
      reason: 'hash_mismatch' | 'previous_hash_mismatch' | 'revision_gap' | 'stream_mismatch';
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
