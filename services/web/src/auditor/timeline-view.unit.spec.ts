import { describe, expect, it } from 'vitest';
import { dayFrom, endOfUkDay, pickerValue } from './instants';
import type { HistoryEvent } from './record-queries';
import { eventTitle, govDateTime, integrityInWords, recordedLate, timelineItems } from './timeline-view';

const actor = { userId: 'u1', role: 'social_worker', agency: 'social_care', organisationId: 'org-x', organisationName: 'Family Help locality team' };
const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
  eventId: 'e0', type: 'ChildViewsRecorded', revision: 0, occurredAt: '2026-01-02T10:00:00Z', recordedAt: '2026-01-10T10:00:00Z',
  corrects: null, correction: null, correctedBy: [], withdrawn: false, actor, ...over,
});

describe('the auditor’s timeline', () => {
  it('links a correction and the fact it corrects both ways, newest first', () => {
    const items = timelineItems(
      [event({ eventId: 'a', correctedBy: ['b'] }), event({ eventId: 'b', revision: 1, type: 'EventCorrected', corrects: 'a', correction: 'corrected', data: { reason: 'Wrong child’s words' }, occurredAt: '2026-03-01T09:00:00Z', recordedAt: '2026-03-01T09:00:00Z' })],
      (at) => `/as-at?asOf=${at}`,
    );
    expect(items.map((i) => i.attributes.id)).toEqual(['event-b', 'event-a']);
    expect(items[0]!.html).toContain('Corrects <a class="govuk-link" href="#event-a">child views recorded (entry 1)</a>: Wrong child&#8217;s words'.replace('&#8217;', '’'));
    expect(items[1]!.html).toContain('by <a class="govuk-link" href="#event-b">event corrected (entry 2)</a>');
    expect(items[1]!.html).toContain('Recorded 8 days after it happened.');
    expect(items[1]!.html).toContain('href="/as-at?asOf=2026-01-10T10:00:00Z"');
    expect(items[1]!.byline.text).toBe('Social worker, Family Help locality team');
  });

  it('says plainly what it finds', () => {
    expect(eventTitle('ChildViewsRecorded')).toBe('Child views recorded');
    expect(govDateTime('2026-07-01T08:05:00Z')).toBe('1 July 2026 at 9:05am');
    expect(govDateTime('2026-01-01T12:00:00Z')).toBe('1 January 2026 at 12pm');
    expect(recordedLate('2026-01-01T10:00:00Z', '2026-01-01T18:00:00Z')).toBe('');
    expect(integrityInWords({ ok: true, eventCount: 3, firstBadRevision: null, reason: null }).heading).toBe('This record has not been altered');
    const bad = integrityInWords({ ok: false, eventCount: 3, firstBadRevision: 1, reason: 'hash_mismatch' });
    expect(bad.body).toContain('Entry 2 does not hold: its content has changed since it was written');
  });
});

describe('the days the pickers give', () => {
  it('reads 14/6/2025 and 2025-06-14, refuses dates that do not exist', () => {
    expect(dayFrom('14/6/2025')).toBe('2025-06-14');
    expect(dayFrom('2025-06-14')).toBe('2025-06-14');
    expect(dayFrom('31/2/2026')).toBeNull();
    expect(dayFrom('soon')).toBeNull();
    expect(pickerValue('2025-06-04')).toBe('4/6/2025');
  });

  it('cuts at the end of the UK day, summer and winter', () => {
    expect(endOfUkDay('2026-01-15')).toBe('2026-01-15T23:59:59.999Z');
    expect(endOfUkDay('2026-07-15')).toBe('2026-07-15T22:59:59.999Z');
  });
});
