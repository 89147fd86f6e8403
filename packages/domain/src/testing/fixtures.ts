import type { Caller, Role } from '../application/contract';

/** Callers for tests: one per role, each from its own organisation unless told otherwise. */
export const agencyOfRole: Record<Role, Caller['agency']> = {
  social_worker: 'social_care',
  team_manager: 'social_care',
  send_officer: 'education',
  health_practitioner: 'health',
  education_practitioner: 'education',
  auditor: 'education',
};

export function callerFor(role: Role, organisationId = `org-${role}`, userId = `user-${role}`): Caller {
  return { userId, role, agency: agencyOfRole[role], organisationId };
}

export const FIXED_NOW = new Date('2025-06-02T09:00:00Z');

export const childRegistration = {
  givenName: 'Amira',
  familyName: 'Patel',
  dateOfBirth: '2012-03-14',
  nhsNumber: '9434765919',
  upn: 'H801200001001',
  primaryNeed: 'ASD',
} as const;
