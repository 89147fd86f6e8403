import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashEvent, type HashedFields } from './hash';

/** The plain definition of canonical JSON the fast encoder must agree with. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => reference(v === undefined ? null : v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
    .join(',')}}`;
}

const envelope = fc.record({
  eventId: fc.uuid(),
  type: fc.string(),
  schemaVersion: fc.nat(),
  streamId: fc.string(),
  revision: fc.nat(),
  occurredAt: fc.string(),
  recordedAt: fc.string(),
  actor: fc.record({ userId: fc.string(), role: fc.string(), agency: fc.string(), organisationId: fc.string() }),
  correlationId: fc.string(),
  causationId: fc.option(fc.string(), { nil: null }),
  data: fc.jsonValue(),
  previousHash: fc.string(),
});

describe('canonicalJson', () => {
  it('agrees with the reference definition on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === reference(v)), { numRuns: 3000 });
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined], c: undefined } })).toBe('{"a":{"d":[3,null]},"b":1}');
  });

  it('refuses values that would not survive storage as JSON', () => {
    expect(() => canonicalJson({ when: new Date() })).toThrow(/plain JSON/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson(new Map())).toThrow(/plain JSON/);
  });
});

describe('hashEvent', () => {
  it('is the SHA-256 of the canonical JSON of the hashed fields', () => {
    fc.assert(
      fc.property(envelope, (e: HashedFields) => hashEvent(e) === createHash('sha256').update(reference(e)).digest('hex')),
      { numRuns: 1000 },
    );
  });

  it('changes when any hashed field changes', () => {
    const base: HashedFields = {
      eventId: '00000000-0000-4000-8000-000000000000',
      type: 'T',
      schemaVersion: 1,
      streamId: 's',
      revision: 0,
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      actor: { userId: 'u', role: 'r', agency: 'a', organisationId: 'o' },
      correlationId: 'c',
      causationId: null,
      data: { x: 1 },
      previousHash: '0',
    };
    const h = hashEvent(base);
    expect(hashEvent({ ...base, revision: 1 })).not.toBe(h);
    expect(hashEvent({ ...base, data: { x: 2 } })).not.toBe(h);
    expect(hashEvent({ ...base, actor: { ...base.actor, organisationId: 'p' } })).not.toBe(h);
    expect(hashEvent({ ...base, previousHash: '1' })).not.toBe(h);
  });
});
