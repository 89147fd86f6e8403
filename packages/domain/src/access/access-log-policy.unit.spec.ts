import { describe, expect, it } from 'vitest';
import type { Caller } from '../application/contract';
import { canReadAccessLog } from './access-log-policy';

const caller = (role: Caller['role'], organisationId: string): Caller => ({ userId: `u-${role}`, role, agency: role === 'health_practitioner' ? 'health' : 'social_care', organisationId });
const owner = { childId: 'c1', leadOrganisationId: 'org-sc' };

describe('canReadAccessLog', () => {
  it('lets auditors and the registering organisation see who read a child', () => {
    expect(canReadAccessLog(caller('auditor', 'org-qa'), owner)).toBe(true);
    expect(canReadAccessLog(caller('social_worker', 'org-sc'), owner)).toBe(true);
    expect(canReadAccessLog(caller('team_manager', 'org-sc'), owner)).toBe(true);
  });

  it('refuses other organisations, team members and advisers among them', () => {
    expect(canReadAccessLog(caller('health_practitioner', 'org-health'), owner)).toBe(false);
    expect(canReadAccessLog(caller('social_worker', 'org-other'), owner)).toBe(false);
    expect(canReadAccessLog(caller('social_worker', 'org-sc'), { childId: 'c1', leadOrganisationId: null })).toBe(false);
  });

  it('refuses everyone, auditors included, for an unknown child', () => {
    expect(canReadAccessLog(caller('auditor', 'org-qa'), null)).toBe(false);
  });
});
