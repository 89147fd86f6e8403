import { organisations } from '@planledger/demo';

/**
 * The one place an organisation id becomes a name. There is no organisation register in the record
 * yet, so the names are those of the demo partnership; an id it does not know has no name (null) and
 * answers show the id alone. When the register exists, this function reads it instead.
 */
export type OrganisationNames = (organisationId: string) => string | null;

export function createOrganisationNames(): OrganisationNames {
  const names = new Map(organisations.map((o) => [o.organisationId, o.description]));
  return (organisationId) => names.get(organisationId) ?? null;
}
