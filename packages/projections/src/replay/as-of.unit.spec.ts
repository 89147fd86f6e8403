import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { recordedBy } from './as-of';

const at = (revision: number, occurredAt: string, recordedAt: string) => ({ revision, occurredAt, recordedAt }) as EventEnvelope;

describe('recordedBy', () => {
  const events = [
    at(0, '2026-01-01T09:00:00Z', '2026-01-01T09:00:00Z'),
    // A meeting held on 2 January, written up on 10 January.
    at(1, '2026-01-02T10:00:00Z', '2026-01-10T12:00:00Z'),
    at(2, '2026-01-11T10:00:00Z', '2026-01-11T10:00:00Z'),
  ];

  it('keeps what was recorded by the instant, whenever it happened', () => {
    expect(recordedBy(events, new Date('2026-01-05T00:00:00Z')).map((e) => e.revision)).toEqual([0]);
    expect(recordedBy(events, new Date('2026-01-10T12:00:00Z')).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('holds nothing before the first event and everything after the last', () => {
    expect(recordedBy(events, new Date('2025-12-31T00:00:00Z'))).toEqual([]);
    expect(recordedBy(events, new Date('2027-01-01T00:00:00Z'))).toHaveLength(3);
  });
});
