import type { Agency, Caller, Role } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import type { OrganisationKind } from '../events/organisation';
import type { OrganisationRegisterState, RegisteredOrganisation } from './organisation-register';

/**
 * Who may work where, as data beside the access matrix (DESIGN.md section 2: "a caller's role, agency
 * and organisation must agree with the organisation register"). These rules depend on the caller
 * alone, never on the command, so a new command needs no entry here.
 */

/** The kinds of organisation each role works in. */
export const roleFitsKind: Record<Role, readonly OrganisationKind[]> = {
  social_worker: ['social_care_team'],
  team_manager: ['social_care_team'],
  send_officer: ['la_send_team'],
  health_practitioner: ['health_provider', 'integrated_care_board'],
  education_practitioner: ['school', 'college', 'educational_psychology_service', 'preparation_for_adulthood_service'],
  auditor: ['quality_assurance_team'],
  partnership_administrator: ['partnership_office'],
};

/** The agencies an organisation of each kind may belong to (a school is never health). */
export const agenciesOfKind: Record<OrganisationKind, readonly Agency[]> = {
  partnership_office: ['education', 'health', 'social_care'],
  la_send_team: ['education'],
  school: ['education'],
  college: ['education'],
  educational_psychology_service: ['education'],
  preparation_for_adulthood_service: ['education'],
  health_provider: ['health'],
  integrated_care_board: ['health'],
  social_care_team: ['social_care'],
  quality_assurance_team: ['education', 'health', 'social_care'],
};

/** Refusals of a caller the register does not allow, each with the rule it breaks (all 403). */
export const RegisterRules = {
  ORGANISATION_NOT_REGISTERED: 'ORGANISATION_NOT_REGISTERED',
  ORGANISATION_RETIRED: 'ORGANISATION_RETIRED',
  AGENCY_NOT_ORGANISATIONS: 'AGENCY_NOT_ORGANISATIONS',
  ROLE_NOT_FOR_ORGANISATION_KIND: 'ROLE_NOT_FOR_ORGANISATION_KIND',
} as const;
export type RegisterRule = (typeof RegisterRules)[keyof typeof RegisterRules];

export interface CallerRefusal {
  rule: RegisterRule;
  message: string;
}

/** Why the register does not allow this role, agency and organisation together; null when it does. */
export function callerRefusal(caller: Pick<Caller, 'role' | 'agency' | 'organisationId'>, register: OrganisationRegisterState): CallerRefusal | null {
  const organisation = register.organisations.get(caller.organisationId);
  return organisation ? refusalFor(caller, organisation) : { rule: RegisterRules.ORGANISATION_NOT_REGISTERED, message: `organisation ${caller.organisationId} is not in the partnership's register` };
}

export function refusalFor(caller: Pick<Caller, 'role' | 'agency'>, organisation: RegisteredOrganisation): CallerRefusal | null {
  if (!organisation.active) return { rule: RegisterRules.ORGANISATION_RETIRED, message: `organisation ${organisation.organisationId} has been retired from the register` };
  if (caller.agency !== organisation.agency) {
    return { rule: RegisterRules.AGENCY_NOT_ORGANISATIONS, message: `organisation ${organisation.organisationId} is ${organisation.agency}, not ${caller.agency}` };
  }
  if (!roleFitsKind[caller.role].includes(organisation.kind)) {
    return { rule: RegisterRules.ROLE_NOT_FOR_ORGANISATION_KIND, message: `the ${caller.role} role does not work in a ${organisation.kind} (it works in: ${roleFitsKind[caller.role].join(', ')})` };
  }
  return null;
}

/** Throws the 403 for a caller the register does not allow. */
export function assertCallerRegistered(caller: Caller, register: OrganisationRegisterState): RegisteredOrganisation {
  const refusal = callerRefusal(caller, register);
  if (refusal) throw new DomainError(DomainErrorCodes.FORBIDDEN, refusal.message, { rule: refusal.rule });
  return register.organisations.get(caller.organisationId)!;
}
