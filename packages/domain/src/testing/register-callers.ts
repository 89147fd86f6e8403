import type { EventStore } from '@planledger/event-store';
import type { Caller } from '../application/contract';
import type { OrganisationToRegister } from '../register/seed-register';
import { seedOrganisationRegister } from '../register/seed-register';
import { roleFitsKind } from '../register/organisation-rules';

export const testPartnershipOffice = { organisationId: 'org-test-partnership', name: 'Test partnership office', agency: 'education' } as const;

/** The organisation a test caller speaks for, registered as the first kind its role works in. */
export function organisationOfCaller(caller: Caller): OrganisationToRegister {
  return { organisationId: caller.organisationId, name: `Test ${caller.organisationId}`, agency: caller.agency, kind: roleFitsKind[caller.role][0]! };
}

/**
 * Registers the organisations of the given test callers (and any others given), so tests can speak
 * for them; an organisation named twice is registered once, as the first caller has it.
 */
export async function registerCallers(store: EventStore, callers: readonly Caller[], others: readonly OrganisationToRegister[] = []): Promise<void> {
  const byId = new Map<string, OrganisationToRegister>();
  for (const o of [...callers.map(organisationOfCaller), ...others]) if (!byId.has(o.organisationId)) byId.set(o.organisationId, o);
  await seedOrganisationRegister(store, { office: testPartnershipOffice, organisations: [...byId.values()] });
}
