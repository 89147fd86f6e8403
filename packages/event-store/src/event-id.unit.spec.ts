import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id';
import { getMemoryEventStore } from './memory/memory-event-store';

describe('newEventId', () => {
  it('makes uuids that sort in the order they were made, so one append lands together in the id index', () => {
    const ids = Array.from({ length: 1000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is accepted by the store as any event id is', async () => {
    const store = getMemoryEventStore();
    const eventId = newEventId();
    const actor = { userId: 'u', role: 'social_worker', agency: 'social_care', organisationId: 'org-1' } as const;
    await store.append('plan-1', [{ eventId, type: 'T', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', actor, correlationId: newEventId(), data: {} }], 'no_stream');
    expect((await store.readStream('plan-1')).map((e) => e.eventId)).toEqual([eventId]);
  });
});
