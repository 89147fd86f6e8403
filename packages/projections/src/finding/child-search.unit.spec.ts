import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../runner/read-model';
import { childSearchIndex, searchChildren } from './child-search';

const childId = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const actor = { userId: 'u', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc' };

function event(streamId: string, revision: number, type: string, data: unknown, eventId: string): EventEnvelope {
  return { eventId, type, schemaVersion: 1, streamId, revision, globalPosition: revision, occurredAt: '2026-01-01T00:00:00Z', recordedAt: '2026-01-01T00:00:00Z', actor, correlationId: eventId, causationId: null, data, previousHash: null, hash: 'h' } as unknown as EventEnvelope;
}

const registered = (id: string, givenName: string, familyName: string, eventId: string) =>
  event(`child-${id}`, 0, 'ChildRegistered', { childId: id, givenName, familyName, dateOfBirth: '2015-04-01', nhsNumber: '9434765919', primaryNeed: 'ASD', registeringOrganisation: { organisationId: 'org-sc', agency: 'social_care' } }, eventId);

const everyone = () => true;
const ids = (hits: Array<{ childId: string }>) => hits.map((h) => h.childId);

describe('child search index', () => {
  it('re-files a child whose registration is corrected: the old name no longer finds them, the new one does', () => {
    const first = registered(childId, 'Amira', 'Patel', 'e-1');
    const correction = event(`child-${childId}`, 1, 'EventCorrected', { childId, correctedEventId: 'e-1', correctedData: { ...(first.data as object), familyName: 'Okafor' }, reason: 'Misspelt' }, 'e-2');
    const index = foldEvents(childSearchIndex, [first, registered(other, 'Amira', 'Pate', 'e-3'), correction]);
    expect(ids(searchChildren(index, { name: 'Amira Okafor' }, everyone))).toEqual([childId]);
    expect(ids(searchChildren(index, { name: 'Amira Patel' }, everyone))).toEqual([other]);
    expect(ids(searchChildren(index, { nhsNumber: '943 476 5919' }, (id) => id !== other))).toEqual([childId]);
  });

  it('ranks exact words above sound-alikes above near spellings, and leaves out whom the caller may not read', () => {
    const index = foldEvents(childSearchIndex, [registered(childId, 'Thomas', 'Jones', 'e-1'), registered(other, 'Tomas', 'Jonas', 'e-2')]);
    const hits = searchChildren(index, { name: 'Thomas Jones' }, everyone);
    expect(hits.map((h) => [h.childId, h.score])).toEqual([
      [childId, 6],
      [other, 4],
    ]);
    expect(ids(searchChildren(index, { name: 'Thomas Jones' }, (id) => id === other))).toEqual([other]);
  });
});
