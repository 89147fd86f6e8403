import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { seedOrganisationRegister, type SeedRegisterOptions } from './seed-register';

const options: SeedRegisterOptions = {
  office: { organisationId: 'org-office', name: 'Partnership office', agency: 'social_care' },
  organisations: [{ organisationId: 'org-school', name: 'Brook School', agency: 'education', kind: 'school' }],
};

describe('seedOrganisationRegister', () => {
  it('writes nothing the second time, even when the first seed was dated in the past and the second is not', async () => {
    const store = getMemoryEventStore();
    await seedOrganisationRegister(store, { ...options, occurredAt: '2024-04-01T09:00:00Z' });
    const written = await store.readAll();
    expect(written.map((e) => e.type)).toEqual(['OrganisationRegistered', 'OrganisationRegistered']);
    await seedOrganisationRegister(store, options);
    expect((await store.readAll()).length).toBe(written.length);
  });

  it('a later seed with one organisation more registers that one alone', async () => {
    const store = getMemoryEventStore();
    await seedOrganisationRegister(store, options);
    const before = (await store.readAll()).length;
    await seedOrganisationRegister(store, { ...options, organisations: [...options.organisations, { organisationId: 'org-gp', name: 'Hill Surgery', agency: 'health', kind: 'health_provider' }] });
    const added = (await store.readAll()).slice(before);
    expect(added.map((e) => [e.type, (e.data as { organisationId: string }).organisationId])).toEqual([['OrganisationRegistered', 'org-gp']]);
  });

  it('still refuses what is not a repeat: an organisation of a kind its agency cannot be', async () => {
    const store = getMemoryEventStore();
    await expect(seedOrganisationRegister(store, { ...options, organisations: [{ organisationId: 'org-x', name: 'X', agency: 'health', kind: 'school' }] })).rejects.toMatchObject({ code: expect.any(String) });
  });
});
