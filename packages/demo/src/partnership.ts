import { seedOrganisationRegister, type Agency, type Caller, type OrganisationKind, type Role } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';

/**
 * The organisations of a Leicester-sized SEND partnership and the people who write to the record.
 * The first organisation of each kind matches the samples `pnpm token --all` mints for, so those
 * tokens can see the demo children.
 */

export interface Organisation {
  organisationId: string;
  agency: Agency;
  kind: OrganisationKind;
  /** The organisation's name, as the register holds it. */
  description: string;
}

const org = (organisationId: string, agency: Agency, kind: OrganisationKind, description: string): Organisation => ({ organisationId, agency, kind, description });

/** The partnership office: founds the register; its administrator registers every other organisation. */
export const partnershipOffice = org('org-partnership-leicester', 'education', 'partnership_office', 'Leicester SEND and disabled children\'s partnership office');

export const localAuthoritySend = org('org-la-leicester-send', 'education', 'la_send_team', 'Local authority SEND team (EHC coordinators)');
export const educationalPsychology = org('org-ep-leicester', 'education', 'educational_psychology_service', 'Educational psychology service');
export const preparationForAdulthood = org('org-pfa-leicester', 'education', 'preparation_for_adulthood_service', 'Preparation for adulthood and careers service');
export const schools: readonly Organisation[] = Array.from({ length: 24 }, (_, i) =>
  org(`org-school-leicester-${i + 1}`, 'education', 'school', i < 6 ? `Special school ${i + 1}` : `Mainstream school ${i + 1}`),
);
export const colleges: readonly Organisation[] = Array.from({ length: 3 }, (_, i) => org(`org-college-leicester-${i + 1}`, 'education', 'college', `Further education college ${i + 1}`));

export const designatedClinicalOfficer = org('org-nhs-llr-icb', 'health', 'integrated_care_board', 'Integrated care board: designated clinical officer');
export const communityPaediatrics = org('org-nhs-uhl-paediatrics', 'health', 'health_provider', 'Community paediatrics');
export const camhs = org('org-nhs-lpt-camhs', 'health', 'health_provider', 'Child and adolescent mental health services');
export const childrensTherapies = org('org-nhs-lpt-therapies', 'health', 'health_provider', 'Speech and language, occupational and physiotherapy');

export const disabledChildrensTeam = org('org-sc-leicester', 'social_care', 'social_care_team', 'Disabled children\'s social care team');
export const familyHelpTeam = org('org-sc-leicester-family-help', 'social_care', 'social_care_team', 'Family Help locality team');

export const qualityAssurance = org('org-qa-leicester', 'social_care', 'quality_assurance_team', 'Quality assurance and audit');

export const organisations: readonly Organisation[] = [
  partnershipOffice,
  localAuthoritySend,
  educationalPsychology,
  preparationForAdulthood,
  ...schools,
  ...colleges,
  designatedClinicalOfficer,
  communityPaediatrics,
  camhs,
  childrensTherapies,
  disabledChildrensTeam,
  familyHelpTeam,
  qualityAssurance,
];

const userPrefix: Record<Role, string> = {
  social_worker: 'social-worker',
  team_manager: 'team-manager',
  send_officer: 'send-officer',
  health_practitioner: 'health-practitioner',
  education_practitioner: 'education-practitioner',
  auditor: 'auditor',
  partnership_administrator: 'partnership-administrator',
};

/** The organisations `pnpm token --all` mints its sample tokens in. */
export const sampleOrganisations: readonly Organisation[] = [disabledChildrensTeam, localAuthoritySend, designatedClinicalOfficer, schools[0]!, qualityAssurance, partnershipOffice];

/**
 * A member of staff. In the sample organisations user ids are `<role>-<n>` (so `social-worker-1` of
 * the disabled children's team is the user `pnpm token --all` mints for); elsewhere they name the
 * organisation too, so no two organisations share a user id.
 */
export function staff(role: Role, organisation: Organisation, number = 1): Caller {
  const prefix = sampleOrganisations.includes(organisation) ? userPrefix[role] : `${userPrefix[role]}-${organisation.organisationId.replace(/^org-/, '')}`;
  return { userId: `${prefix}-${number}`, role, agency: organisation.agency, organisationId: organisation.organisationId };
}

/** How many people of each role work in each kind of organisation (picked at random per step). */
export const teamSizes = {
  sendOfficers: 12,
  socialWorkers: 18,
  teamManagers: 3,
  healthPractitioners: 6,
  educationPractitioners: 2,
  auditors: 4,
} as const;

/** One member of staff per role, in the organisations around the showcase child: who the printed tokens speak for. */
export const sampleStaff: Record<Role, Caller> = {
  social_worker: staff('social_worker', disabledChildrensTeam),
  team_manager: staff('team_manager', disabledChildrensTeam),
  send_officer: staff('send_officer', localAuthoritySend),
  health_practitioner: staff('health_practitioner', designatedClinicalOfficer),
  education_practitioner: staff('education_practitioner', schools[0]!),
  auditor: staff('auditor', qualityAssurance),
  partnership_administrator: staff('partnership_administrator', partnershipOffice),
};

/** Writes the demo partnership's organisation register (idempotent: a second run writes nothing). */
export async function seedDemoRegister(store: EventStore, occurredAt?: string, recordedAt?: string): Promise<void> {
  await seedOrganisationRegister(store, {
    ...(occurredAt ? { occurredAt } : {}),
    ...(recordedAt ? { recordedAt } : {}),
    office: { organisationId: partnershipOffice.organisationId, name: partnershipOffice.description, agency: partnershipOffice.agency },
    organisations: organisations.map((o) => ({ organisationId: o.organisationId, name: o.description, agency: o.agency, kind: o.kind })),
    administratorUserId: sampleStaff.partnership_administrator.userId,
  });
}
