/**
 * The caller as the domain sees it (packages/domain/src/application/contract.ts). Mirrored here until
 * the domain package exports these types from its index; the shapes must stay identical.
 */
export type Role = 'social_worker' | 'team_manager' | 'send_officer' | 'health_practitioner' | 'education_practitioner' | 'auditor';
export type Agency = 'education' | 'health' | 'social_care';

export interface Caller {
  userId: string;
  role: Role;
  agency: Agency;
  organisationId: string;
}
