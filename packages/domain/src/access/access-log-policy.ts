import type { Caller } from '../application/contract';

/**
 * Who may see who has read a child's record. The child's lead organisation is the one that
 * registered the child (it answers for the record); auditors check every child's. Other team
 * members, advisers among them, may read the record but not its readers: knowing who looked at a
 * child is itself sensitive, and a reader's trail is for oversight, not for colleagues.
 */
export interface AccessLogOwner {
  childId: string;
  /** The organisation that registered the child; null when the child is not known. */
  leadOrganisationId: string | null;
}

export function canReadAccessLog(caller: Caller, owner: AccessLogOwner | null): boolean {
  if (!owner) return false;
  if (caller.role === 'auditor') return true;
  return owner.leadOrganisationId !== null && caller.organisationId === owner.leadOrganisationId;
}
