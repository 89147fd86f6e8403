import type { ChildView } from './child-register';

/**
 * The child's lead organisation: the one that registered the child, which answers for the record
 * (and so may see who has read it). Null when the registration is not known.
 */
export function leadOrganisationOf(child: ChildView): string | null {
  return child.registered?.data.registeringOrganisation?.organisationId ?? null;
}
