import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { callerFor, childRegistration, FIXED_NOW } from '../testing/fixtures';
import { executeCommand } from './execute-command';

const now = () => FIXED_NOW;

describe('executeCommand: first commands', () => {
  it('registers a child and opens a Family Help plan for them', async () => {
    const store = getMemoryEventStore();
    const sw = callerFor('social_worker');
    const child = await executeCommand(store, { command: 'registerChild', params: {}, body: childRegistration, caller: sw }, { now });
    expect(child.streamId).toBe(`child-${child.entityId}`);
    expect(child.revision).toBe(0);
    const plan = await executeCommand(
      store,
      {
        command: 'openFamilyHelpPlan',
        params: {},
        body: { childId: child.entityId, planType: 'child_in_need', leadPractitioner: { userId: sw.userId, name: 'Sam Lee', organisationId: sw.organisationId, agency: 'social_care' } },
        caller: sw,
      },
      { now },
    );
    const [opened] = await store.readStream(plan.streamId);
    expect(opened?.type).toBe('FamilyHelpPlanOpened');
    expect(opened?.data).toMatchObject({ planId: plan.entityId, childId: child.entityId });
    expect(opened?.actor).toEqual({ userId: sw.userId, role: 'social_worker', agency: 'social_care', organisationId: sw.organisationId });
  });
});
