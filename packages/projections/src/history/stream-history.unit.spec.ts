import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordedEvents } from '../testing/recorded-events';
import { streamHistory } from './stream-history';

describe('stream history', () => {
  it('links each correction and withdrawal to what it names, both ways, keeping both clocks', () => {
    const r = recordedEvents();
    const planId = randomUUID();
    const childId = randomUUID();
    const stream = `family-help-plan-${planId}`;
    const ids = { planId, childId };
    const opened = r.record(stream, 'FamilyHelpPlanOpened', { ...ids, planType: 'early_help', leadPractitioner: { userId: 'u', name: 'N', organisationId: 'o', agency: 'social_care' } }, { recordedAt: '2026-01-02T00:00:00.000Z', occurredAt: '2026-01-01T09:00:00.000Z' });
    const views = r.record(stream, 'ChildViewsRecorded', { ...ids, views: 'v', howGathered: 'observation' }, { recordedAt: '2026-01-03T00:00:00.000Z' });
    const corrected = r.record(stream, 'EventCorrected', { childId, streamId: stream, correctedEventId: views.eventId, correctedEventType: 'ChildViewsRecorded', reason: 'typo', correctedData: { ...views.data, views: 'w' } }, { recordedAt: '2026-01-04T00:00:00.000Z' });
    const withdrawn = r.record(stream, 'ContributionWithdrawn', { childId, streamId: stream, withdrawnEventId: views.eventId, withdrawnEventType: 'ChildViewsRecorded', reason: 'wrong plan' }, { recordedAt: '2026-01-05T00:00:00.000Z' });
    const history = streamHistory([opened, views, corrected, withdrawn]);
    expect(history[0]).toMatchObject({ occurredAt: '2026-01-01T09:00:00.000Z', recordedAt: '2026-01-02T00:00:00.000Z', corrects: null, correctedBy: [] });
    expect(history[1]).toMatchObject({ correctedBy: [corrected.eventId, withdrawn.eventId], withdrawn: true });
    expect(history[2]).toMatchObject({ corrects: views.eventId, correction: 'corrected' });
    expect(history[3]).toMatchObject({ corrects: views.eventId, correction: 'withdrawn' });
  });
});
