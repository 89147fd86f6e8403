import { agencies, roles, type Agency, type Role } from '@planledger/domain';
import { z } from 'zod';

export { agencies, roles };
export const roleSchema = z.enum(roles);
export const agencySchema = z.enum(agencies);

/**
 * The agency a role works in when a token does not say otherwise. Auditors may sit in any agency;
 * social care is assumed because quality assurance of disabled children's plans usually sits there.
 */
const agencyOfRole: Record<Role, Agency> = {
  social_worker: 'social_care',
  team_manager: 'social_care',
  send_officer: 'education',
  health_practitioner: 'health',
  education_practitioner: 'education',
  auditor: 'social_care',
  // The partnership office is hosted by the local authority; the register says which agency it is.
  partnership_administrator: 'education',
};

export function defaultAgencyFor(role: Role): Agency {
  return agencyOfRole[role];
}
