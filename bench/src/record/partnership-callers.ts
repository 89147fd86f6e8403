import type { Caller, Role } from '@planledger/domain';

/**
 * The organisations the generated record uses. They are the ones `pnpm token --all` mints its
 * sample tokens in, so those tokens can read the generated children.
 */
export const organisations = {
  socialCare: 'org-sc-leicester',
  send: 'org-la-leicester-send',
  health: 'org-nhs-llr-icb',
  qualityAssurance: 'org-qa-leicester',
  school: (n: number) => `org-school-leicester-${(n % 24) + 1}`,
} as const;

const caller = (role: Role, agency: Caller['agency'], organisationId: string, user = 1): Caller => ({
  userId: `${role.replaceAll('_', '-')}-${user}`,
  role,
  agency,
  organisationId,
});

export const callers = {
  socialWorker: (n: number) => caller('social_worker', 'social_care', organisations.socialCare, (n % 40) + 1),
  teamManager: (n: number) => caller('team_manager', 'social_care', organisations.socialCare, (n % 6) + 1),
  sendOfficer: (n: number) => caller('send_officer', 'education', organisations.send, (n % 12) + 1),
  healthPractitioner: (n: number) => caller('health_practitioner', 'health', organisations.health, (n % 20) + 1),
  educationPractitioner: (n: number) => caller('education_practitioner', 'education', organisations.school(n), 1),
  auditor: (n: number) => caller('auditor', 'social_care', organisations.qualityAssurance, (n % 3) + 1),
};
