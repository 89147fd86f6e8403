import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callers, startHarness, type Harness } from './testing/harness';
import { QueryErrorCodes } from './errors';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function registerChildWithPlan() {
  const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' });
  const childId = child.entityId;
  const plan = await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
    childId,
    planType: 'child_in_need',
    leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  return { childId, planId: plan.entityId, planStreamId: plan.streamId };
}

describe('query API', () => {
  it('answers a child with their plans to a member of the team', async () => {
    const { childId, planId } = await registerChildWithPlan();
    const answer = await h.gql(`query($id: ID!) { child(id: $id) { id givenName team { organisationId agency } familyHelpPlans { id status completeness { score } } } }`, { variables: { id: childId } });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({
      child: { id: childId, givenName: 'Amira', team: [{ organisationId: 'org-sc', agency: 'social_care' }], familyHelpPlans: [{ id: planId, status: 'open', completeness: { score: 0 } }] },
    });
  });

  it('refuses a caller without a token with 401 and a stable code', async () => {
    const answer = await h.gql('{ readModels { ready } }', { token: null });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.UNAUTHENTICATED);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });
});
