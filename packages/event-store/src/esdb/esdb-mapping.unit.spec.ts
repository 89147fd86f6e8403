import type { RecordedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { GENESIS_HASH, hashEvent } from '../hash';
import { chainEvents } from '../prepare';
import { newEvent } from '../testing/contract';
import {
  ENVELOPE_FORMAT,
  EVENT_ID_CLAIM_PREFIX,
  claimStreamName,
  contentDigest,
  decodeClaim,
  decodeMetadata,
  decodeRecordedEvent,
  encodeMetadata,
  exactExpectedRevision,
  fromEsdbCurrentRevision,
  fromEsdbStreamName,
  isClaimStream,
  isReservedStreamId,
  subscriptionStreamRegex,
  EVENT_ID_CLAIM_TYPE,
  normalizeConnectionString,
  toEsdbExpectedRevision,
  toEsdbStreamName,
  toGlobalPosition,
  toReadPosition,
  toSafeNumber,
} from './esdb-mapping';

const NO_POSITION = 2n ** 64n - 1n;

function storedEvent(causationId: string | null = null) {
  const [event] = chainEvents('plan-1', [newEvent('OutcomeRecorded', { outcome: 'walks to school', by: '2026-09-01' }, { causationId })], -1, GENESIS_HASH, '2026-01-16T09:30:00.000Z');
  return event!;
}

function recorded(overrides: Partial<Record<keyof RecordedEvent, unknown>> = {}, event = storedEvent()): RecordedEvent {
  return {
    streamId: 'plan-1',
    id: event.eventId,
    isJson: true,
    revision: 0n,
    type: event.type,
    created: new Date(),
    data: event.data,
    metadata: encodeMetadata(event),
    position: { commit: 1234n, prepare: 1234n },
    ...overrides,
  } as RecordedEvent;
}

describe('expected revision mapping', () => {
  it('maps every expected revision onto the client constants and bigint revisions', () => {
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('appends at the exact revision read, or no_stream for a stream not yet written', () => {
    expect(exactExpectedRevision(-1)).toBe('no_stream');
    expect(exactExpectedRevision(0)).toBe(0n);
    expect(exactExpectedRevision(7)).toBe(7n);
  });

  it('maps the current revision of a wrong-expected-version error, -1 for no stream', () => {
    expect(fromEsdbCurrentRevision('no_stream')).toBe(-1);
    expect(fromEsdbCurrentRevision(0n)).toBe(0);
    expect(fromEsdbCurrentRevision(12n)).toBe(12);
  });

  it('refuses bigints a JavaScript number cannot hold', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'x')).toThrow(EventStoreError);
    expect(() => toSafeNumber(-1n, 'x')).toThrow(EventStoreError);
  });
});

describe('metadata', () => {
  it('round-trips every envelope field that is not eventId, type or data', () => {
    const event = storedEvent('0d9c7cda-4a51-4ad0-9f3c-5e0b8f0c2d11');
    const meta = encodeMetadata(event);
    const decoded = decodeMetadata(JSON.parse(JSON.stringify(meta)));
    expect(decoded).toEqual(meta);
    expect(decoded).toMatchObject({
      format: ENVELOPE_FORMAT,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      previousHash: GENESIS_HASH,
      hash: event.hash,
      $correlationId: event.correlationId,
      $causationId: event.causationId,
    });
    expect(meta).not.toHaveProperty('data');
    expect(meta).not.toHaveProperty('eventId');
  });

  it('keeps a null causation as null and leaves out $causationId', () => {
    const meta = encodeMetadata(storedEvent(null));
    expect(meta.causationId).toBeNull();
    expect(meta).not.toHaveProperty('$causationId');
    expect(decodeMetadata(JSON.parse(JSON.stringify(meta)))?.causationId).toBeNull();
  });

  it('does not copy unknown actor members into the store', () => {
    const event = storedEvent();
    const meta = encodeMetadata({ ...event, actor: { ...event.actor, name: 'Jo Bloggs' } as typeof event.actor });
    expect(meta.actor).toEqual(event.actor);
  });

  it('rejects metadata this adapter did not write or that lost a field', () => {
    const meta = JSON.parse(JSON.stringify(encodeMetadata(storedEvent()))) as Record<string, unknown>;
    expect(decodeMetadata(undefined)).toBeNull();
    expect(decodeMetadata('text')).toBeNull();
    expect(decodeMetadata({ $correlationId: 'x' })).toBeNull();
    expect(decodeMetadata({ ...meta, format: 'other/1' })).toBeNull();
    for (const field of ['schemaVersion', 'occurredAt', 'recordedAt', 'actor', 'correlationId', 'previousHash', 'hash']) {
      const { [field]: _dropped, ...rest } = meta;
      expect(decodeMetadata(rest), field).toBeNull();
    }
    expect(decodeMetadata({ ...meta, schemaVersion: 1.5 })).toBeNull();
    expect(decodeMetadata({ ...meta, causationId: 5 })).toBeNull();
    expect(decodeMetadata({ ...meta, actor: { userId: 'u' } })).toBeNull();
  });
});

describe('positions', () => {
  it('takes the prepare position as the global position', () => {
    expect(toGlobalPosition({ commit: 500n, prepare: 500n })).toBe(500);
    // Three events of one append reported with the transaction's commit position: still distinct.
    const one = [120n, 260n, 400n].map((prepare) => toGlobalPosition({ commit: 120n, prepare }));
    expect(one).toEqual([120, 260, 400]);
  });

  it('treats a missing position as unknown', () => {
    expect(toGlobalPosition(undefined)).toBeNull();
    expect(toGlobalPosition({ commit: NO_POSITION, prepare: NO_POSITION })).toBeNull();
    expect(toGlobalPosition({ commit: NO_POSITION, prepare: 10n })).toBeNull();
  });

  it('starts a read at the start for no checkpoint, else at the checkpoint itself', () => {
    expect(toReadPosition(-1)).toBe('start');
    expect(toReadPosition(0)).toEqual({ commit: 0n, prepare: 0n });
    expect(toReadPosition(98_765)).toEqual({ commit: 98_765n, prepare: 98_765n });
  });
});

describe('stream names', () => {
  it('prefixes the namespace and strips it back', () => {
    expect(toEsdbStreamName(undefined, 'plan-1')).toBe('plan-1');
    expect(toEsdbStreamName('staging', 'plan-1')).toBe('staging:plan-1');
    expect(fromEsdbStreamName('staging', 'staging:plan-1')).toBe('plan-1');
    expect(fromEsdbStreamName(undefined, 'plan-1')).toBe('plan-1');
  });

  it('does not claim streams of another namespace, system streams or claim markers', () => {
    expect(fromEsdbStreamName('staging', 'plan-1')).toBeNull();
    expect(fromEsdbStreamName('staging', 'live:plan-1')).toBeNull();
    expect(fromEsdbStreamName(undefined, '$stats-127.0.0.1:2113')).toBeNull();
    expect(fromEsdbStreamName(undefined, `${EVENT_ID_CLAIM_PREFIX}abc`)).toBeNull();
    expect(fromEsdbStreamName('staging', `staging:${EVENT_ID_CLAIM_PREFIX}abc`)).toBeNull();
    expect(isReservedStreamId('$all')).toBe(true);
    expect(isReservedStreamId('child-1')).toBe(false);
  });

  it('names one claim stream per event id, case-insensitively, inside the namespace', () => {
    expect(claimStreamName(undefined, 'ABC-def')).toBe(`${EVENT_ID_CLAIM_PREFIX}abc-def`);
    expect(claimStreamName('staging', 'abc')).toBe(`staging:${EVENT_ID_CLAIM_PREFIX}abc`);
  });
});

describe('claims', () => {
  it('decodes a claim and refuses other shapes', () => {
    expect(decodeClaim({ streamId: 'plan-1' })).toEqual({ streamId: 'plan-1' });
    expect(decodeClaim({ streamId: 'plan-1', content: 'ab12' })).toEqual({ streamId: 'plan-1', content: 'ab12' });
    expect(decodeClaim({ streamId: 'plan-1', content: 7 })).toBeNull();
    expect(decodeClaim(null)).toBeNull();
    expect(decodeClaim({ stream: 'plan-1' })).toBeNull();
    expect(decodeClaim({ streamId: 7 })).toBeNull();
  });

  it('recognises claim streams of its own namespace only', () => {
    expect(isClaimStream(undefined, claimStreamName(undefined, 'abc'))).toBe(true);
    expect(isClaimStream('staging', claimStreamName('staging', 'abc'))).toBe(true);
    expect(isClaimStream('staging', claimStreamName('other', 'abc'))).toBe(false);
    expect(isClaimStream(undefined, 'plan-1')).toBe(false);
  });

  it('digests the content a retry must match, and nothing else', () => {
    const event = newEvent('A', { i: 1 });
    expect(contentDigest('s', { ...event })).toBe(contentDigest('s', event));
    expect(contentDigest('s', { ...event, eventId: 'other' })).toBe(contentDigest('s', event));
    for (const changed of [{ data: { i: 2 } }, { type: 'B' }, { schemaVersion: 2 }, { occurredAt: '2026-02-01T00:00:00.000Z' }, { causationId: 'c' }, { correlationId: 'x' }]) {
      expect(contentDigest('s', { ...event, ...changed }), JSON.stringify(changed)).not.toBe(contentDigest('s', event));
    }
    expect(contentDigest('t', event)).not.toBe(contentDigest('s', event));
  });

  it('uses an event type outside the reserved `$` prefix', () => {
    expect(EVENT_ID_CLAIM_TYPE.startsWith('$')).toBe(false);
  });
});

describe('the subscription filter', () => {
  const matches = (namespace: string | undefined, name: string) => new RegExp(subscriptionStreamRegex(namespace)).test(name);

  it('keeps the namespace and leaves system streams, claims and other namespaces on the server', () => {
    expect(matches('staging', 'staging:plan-1')).toBe(true);
    expect(matches('staging', 'staging:pl-evt-abc')).toBe(false);
    expect(matches('staging', 'other:plan-1')).toBe(false);
    expect(matches('staging', '$stats-1')).toBe(false);
    expect(matches('a.b', 'aXb:plan-1')).toBe(false);
    expect(matches(undefined, 'plan-1')).toBe(true);
    expect(matches(undefined, '$all-ish')).toBe(false);
    expect(matches(undefined, 'pl-evt-abc')).toBe(false);
  });
});

describe('recorded events', () => {
  it('rebuilds the envelope that was hashed, with revision and position from the server', () => {
    const event = storedEvent();
    const decoded = decodeRecordedEvent(undefined, recorded({ revision: 0n, position: { commit: 1234n, prepare: 1234n } }, event));
    expect(decoded).toEqual({ ok: true, envelope: { ...event, globalPosition: 1234 } });
    if (!decoded.ok) throw new Error('unreachable');
    expect(hashEvent(decoded.envelope)).toBe(event.hash);
  });

  it('maps the namespaced stream name back to the stream id the hash covers', () => {
    const decoded = decodeRecordedEvent('staging', recorded({ streamId: 'staging:plan-1' }));
    expect(decoded.ok && decoded.envelope.streamId).toBe('plan-1');
  });

  it('reports events that are not ours, or have no position, with a reason', () => {
    const reasons = [
      decodeRecordedEvent(undefined, recorded({ streamId: '$stats-1' })),
      decodeRecordedEvent('staging', recorded({ streamId: 'plan-1' })),
      decodeRecordedEvent(undefined, recorded({ isJson: false, data: new Uint8Array([1]) })),
      decodeRecordedEvent(undefined, recorded({ metadata: { foreign: true } })),
      decodeRecordedEvent(undefined, recorded({ position: undefined })),
      decodeRecordedEvent(undefined, recorded({ position: { commit: NO_POSITION, prepare: NO_POSITION } })),
    ];
    for (const r of reasons) expect(r).toMatchObject({ ok: false, reason: expect.any(String) });
    expect(reasons[4]).toMatchObject({ reason: expect.stringContaining('22.6') });
  });
});

describe('connection strings', () => {
  it('passes esdb schemes through and rewrites the KurrentDB schemes the client does not parse', () => {
    expect(normalizeConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(normalizeConnectionString('esdb+discover://cluster.internal:2113')).toBe('esdb+discover://cluster.internal:2113');
    expect(normalizeConnectionString('kurrentdb://a:2113,b:2113?tls=false')).toBe('esdb://a:2113,b:2113?tls=false');
    expect(normalizeConnectionString('kurrentdb+discover://cluster:2113')).toBe('esdb+discover://cluster:2113');
    expect(normalizeConnectionString('esdb+discover://user:p,w@cluster:2113')).toBe('esdb+discover://user:p,w@cluster:2113');
  });

  it('refuses esdb+discover:// with several hosts (the client would use the first only), and names the seed list', () => {
    expect(() => normalizeConnectionString('esdb+discover://admin:pw@n1:2113,n2:2113,n3:2113?tls=true')).toThrow(/seed list/);
    expect(() => normalizeConnectionString('kurrentdb+discover://n1:2113,n2:2113')).toThrow(/seed list/);
    expect(normalizeConnectionString('esdb://n1:2113,n2:2113,n3:2113?tls=true')).toBe('esdb://n1:2113,n2:2113,n3:2113?tls=true');
  });

  it('refuses throwOnAppendFailure=false, which would hide lost races', () => {
    expect(() => normalizeConnectionString('esdb://a:2113?tls=false&throwOnAppendFailure=false')).toThrow(/throwOnAppendFailure/);
    expect(() => normalizeConnectionString('kurrentdb://a:2113?throwOnAppendFailure=false')).toThrow(/throwOnAppendFailure/);
    expect(normalizeConnectionString('esdb://a:2113?throwOnAppendFailure=true')).toBe('esdb://a:2113?throwOnAppendFailure=true');
  });

  it('refuses other schemes without echoing the string (it may hold a password)', () => {
    try {
      normalizeConnectionString('sqlite://admin:secret@/tmp/x');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EventStoreError);
      expect((error as EventStoreError).code).toBe(EventStoreErrorCodes.UNAVAILABLE);
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
