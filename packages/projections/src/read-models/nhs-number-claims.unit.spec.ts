import { executeCommand } from '@planledger/domain';
import { buildScenario, scenarioNow as now, scenarioPeople as people } from '@planledger/domain/testing';
import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { childSearchIndex, searchChildren } from '../finding/child-search';
import { foldEvents } from '../runner/read-model';
import { childRegister } from './child-register';

describe('read models and NHS number claims', () => {
  it('take neither a claim stream nor a child stream a lapsed claim opened as a child or a child\'s record', async () => {
    const store = getMemoryEventStore({ now });
    const s = await buildScenario(store);
    const abandoned = '5c1e7d2a-8b3f-4a6e-9d0c-1f2e3a4b5c6d';
    const actor = { userId: people.socialWorker.userId, role: people.socialWorker.role, agency: people.socialWorker.agency, organisationId: people.socialWorker.organisationId };
    await store.append(`child-${abandoned}`, [{ eventId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', type: 'NhsNumberClaimLapsed', schemaVersion: 1, occurredAt: now().toISOString(), actor, correlationId: 'c', data: { lapsedForChildId: abandoned } }], 'no_stream');
    await executeCommand(store, { command: 'registerChild', params: {}, body: { givenName: 'Zed', familyName: 'Ray', dateOfBirth: '2016-01-01', nhsNumber: '9434765005', primaryNeed: 'HI' }, caller: people.socialWorker }, { now });
    const events = await store.readAll();
    expect(events.some((e) => e.streamId.startsWith('nhs-number-claim-'))).toBe(true);
    const register = foldEvents(childRegister, events);
    expect(register.children.has(abandoned)).toBe(false);
    expect([...register.childOfStream.keys()].filter((id) => id.startsWith('nhs-number-claim-'))).toEqual([]);
    expect(register.streamsOfChild.get(s.childId)!.every((id) => !id.startsWith('nhs-number-claim-'))).toBe(true);
    const index = foldEvents(childSearchIndex, events);
    expect(searchChildren(index, { nhsNumber: '9434765005' }, () => true)).toHaveLength(1);
    expect(searchChildren(index, { nhsNumber: '9434765919' }, () => true).map((h) => h.childId)).toEqual([s.childId]);
  });
});
