import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { eventsAt, recordedBy } from './as-of';

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

describe('eventsAt, on both clocks', () => {
  const ev = (revision: number, occurredAt: string, recordedAt: string, type = 'NeedRecorded', data: Record<string, unknown> = {}) =>
    ({ eventId: `e${revision}`, revision, occurredAt, recordedAt, type, data }) as unknown as EventEnvelope;
  const events = [
    ev(0, '2026-01-01T09:00:00Z', '2026-01-01T09:00:00Z'),
    // Happened on 2 January, written up on 10 January.
    ev(1, '2026-01-02T10:00:00Z', '2026-01-10T12:00:00Z'),
    ev(2, '2026-01-11T10:00:00Z', '2026-01-11T10:00:00Z'),
    // On 1 March, the 2 January fact is corrected.
    ev(3, '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z', 'EventCorrected', { correctedEventId: 'e1' }),
    // On 2 March, the 11 January fact is withdrawn.
    ev(4, '2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z', 'ContributionWithdrawn', { withdrawnEventId: 'e2' }),
  ];
  const revisions = (at: Parameters<typeof eventsAt>[1]) => eventsAt(events, at).map((e) => e.revision);

  it('cuts on recorded time alone (what the record said then)', () => {
    expect(revisions({ asOf: new Date('2026-01-05T00:00:00Z') })).toEqual([0]);
    expect(revisions(new Date('2026-01-05T00:00:00Z'))).toEqual([0]);
  });

  it('cuts on world time alone (what had happened by then, as known now), corrections following their fact', () => {
    expect(revisions({ happenedBy: new Date('2026-01-05T00:00:00Z') })).toEqual([0, 1, 3]);
    expect(revisions({ happenedBy: new Date('2026-01-01T12:00:00Z') })).toEqual([0]);
    expect(revisions({ happenedBy: new Date('2026-02-01T00:00:00Z') })).toEqual([0, 1, 2, 3, 4]);
  });

  it('cuts on both (as known on one day about another)', () => {
    // Known on 5 January about 5 January: the 2 January fact was not written up yet.
    expect(revisions({ asOf: new Date('2026-01-05T00:00:00Z'), happenedBy: new Date('2026-01-05T00:00:00Z') })).toEqual([0]);
    // Known on 15 January about 5 January: written up by then, not yet corrected.
    expect(revisions({ asOf: new Date('2026-01-15T00:00:00Z'), happenedBy: new Date('2026-01-05T00:00:00Z') })).toEqual([0, 1]);
    // Known on 1 March about 5 January: corrected.
    expect(revisions({ asOf: new Date('2026-03-01T09:00:00Z'), happenedBy: new Date('2026-01-05T00:00:00Z') })).toEqual([0, 1, 3]);
  });

  it('is the whole stream with neither', () => {
    expect(revisions({})).toEqual([0, 1, 2, 3, 4]);
  });
});
