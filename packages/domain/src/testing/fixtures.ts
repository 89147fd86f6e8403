import type { EventStore } from '@planledger/event-store';
import type { Caller, Role } from '../application/contract';
import type { OrganisationKind } from '../events/organisation';
import type { OrganisationRegisterState } from '../register/organisation-register';
import { initialOrganisationRegister } from '../register/organisation-register';
import type { OrganisationToRegister } from '../register/seed-register';
import { seedOrganisationRegister } from '../register/seed-register';

/** Callers for tests: one per role, each from its own organisation unless told otherwise. */
export const agencyOfRole: Record<Role, Caller['agency']> = {
  social_worker: 'social_care',
  team_manager: 'social_care',
  send_officer: 'education',
  health_practitioner: 'health',
  education_practitioner: 'education',
  auditor: 'education',
  partnership_administrator: 'education',
};

/** The kind of organisation each role's test organisation is. */
export const kindOfRole: Record<Role, OrganisationKind> = {
  social_worker: 'social_care_team',
  team_manager: 'social_care_team',
  send_officer: 'la_send_team',
  health_practitioner: 'health_provider',
  education_practitioner: 'school',
  auditor: 'quality_assurance_team',
  partnership_administrator: 'partnership_office',
};

export const testOffice = { organisationId: 'org-partnership', name: 'Partnership office', agency: 'education' } as const;

/** Every organisation the domain's tests speak for, registered as the kind its role works in. */
export const testOrganisations: readonly OrganisationToRegister[] = [
  ...(Object.keys(kindOfRole) as Role[]).map((role) => ({ organisationId: `org-${role}`, name: `Test ${role}`, agency: agencyOfRole[role], kind: kindOfRole[role] })),
  { organisationId: 'la-social-care', name: 'Children\'s social care', agency: 'social_care', kind: 'social_care_team' },
  { organisationId: 'other-council', name: 'Another council\'s social care', agency: 'social_care', kind: 'social_care_team' },
  { organisationId: 'la-send', name: 'SEND team', agency: 'education', kind: 'la_send_team' },
  { organisationId: 'nhs-trust', name: 'NHS trust', agency: 'health', kind: 'health_provider' },
  { organisationId: 'camhs', name: 'CAMHS', agency: 'health', kind: 'health_provider' },
  { organisationId: 'community-clinic', name: 'Community clinic', agency: 'health', kind: 'health_provider' },
  { organisationId: 'school-1', name: 'School 1', agency: 'education', kind: 'school' },
  { organisationId: 'other-ep-service', name: 'Another EP service', agency: 'education', kind: 'educational_psychology_service' },
  { organisationId: 'other-council-send', name: 'Another council\'s SEND team', agency: 'education', kind: 'la_send_team' },
  { organisationId: 'ep-service', name: 'Educational psychology', agency: 'education', kind: 'educational_psychology_service' },
  { organisationId: 'qa-team', name: 'Quality assurance', agency: 'education', kind: 'quality_assurance_team' },
];

/** Registers the test organisations in a store, through the command path. */
export async function seedTestRegister(store: EventStore, now?: () => Date): Promise<void> {
  await seedOrganisationRegister(store, { office: testOffice, organisations: testOrganisations, ...(now ? { now } : {}) });
}

/** The register folded from the test organisations, for pure tests of the access policy. */
export function testRegister(): OrganisationRegisterState {
  const state = initialOrganisationRegister();
  for (const o of [{ ...testOffice, kind: 'partnership_office' as const }, ...testOrganisations]) state.organisations.set(o.organisationId, { ...o, active: true });
  return state;
}

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

/** A second child, with an NHS number of its own (one NHS number, one child). */
export const siblingRegistration = {
  givenName: 'Zara',
  familyName: 'Patel',
  dateOfBirth: '2014-05-02',
  nhsNumber: '9434765013',
  primaryNeed: 'SLCN',
} as const;

/** Valid NHS numbers (check digit included) no fixture uses, for tests that register children of their own. */
export const unusedNhsNumbers = ['9434765005', '9434765021', '9434765048', '9434765056', '9434765064', '9434765072', '9434765080'] as const;
