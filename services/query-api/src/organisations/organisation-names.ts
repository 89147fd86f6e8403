import type { OrganisationRegisterView } from '@planledger/projections';

/**
 * The one place an organisation id becomes a name: the organisation register as the record holds it
 * now, so a renamed organisation answers with its new name and a retired one still with its name.
 * The record API admits no organisation the register does not hold; an id it does not know (a record
 * written before the register) answers with its id alone.
 */
export type OrganisationNames = (organisationId: string) => string | null;

/** An organisation in an answer: the register's entry, or the id alone when the register does not know it. */
export interface OrganisationAnswer {
  id: string;
  name: string | null;
  agency?: string;
  kind?: string;
  active?: boolean;
  registeredAt?: string;
  retiredAt?: string | null;
}

export function createOrganisationNames(register: () => OrganisationRegisterView): OrganisationNames {
  return (organisationId) => register().organisations.get(organisationId)?.name ?? null;
}

export function organisationAnswer(register: OrganisationRegisterView, id: string): OrganisationAnswer {
  const o = register.organisations.get(id);
  if (!o) return { id, name: null };
  return { id, name: o.name, agency: o.agency, kind: o.kind, active: o.active, registeredAt: o.registeredAt, retiredAt: o.retiredAt };
}
