import { seedDemoRegister } from '@planledger/demo';
import type { Caller } from '@planledger/domain';
import { executeCommand } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { callers, organisations } from '../record/partnership-callers';

const steps: Array<(i: number) => { command: string; caller: Caller; body: Record<string, unknown> }> = [
  (i) => ({ command: 'recordNeed', caller: callers.socialWorker(0), body: { description: `Need ${i}: support with routines at home`, agency: 'social_care' } }),
  (i) => ({ command: 'recordContribution', caller: callers.healthPractitioner(0), body: { agency: 'health', support: `Therapy block ${i}`, frequency: 'weekly', from: '2026-01-05' } }),
  (i) => ({
    command: 'setOutcome',
    caller: callers.socialWorker(0),
    body: { outcome: `Outcome ${i}: joins the Saturday club`, measure: 'Attendance log', byWhen: '2027-07-31', responsible: { agency: 'social_care', role: 'social worker' } },
  }),
  (i) => ({ command: 'recordContribution', caller: callers.educationPractitioner(0), body: { agency: 'education', support: `Small-group sessions ${i}`, frequency: 'weekly', from: '2026-01-05' } }),
  (i) => ({ command: 'recordDisabilityImpact', caller: callers.socialWorker(0), body: { domain: i % 2 ? 'communication' : 'family_functioning', impact: `Impact noted at visit ${i}` } }),
  (i) => ({ command: 'reviewFamilyHelpPlan', caller: callers.socialWorker(0), body: { summary: `Review ${i}: steady progress`, nextReviewOn: '2027-07-31' } }),
];

/**
 * A Family Help plan of exactly `events` events, every one through executeCommand. The store's clock
 * (see `clock`) moves on an hour per commit, so the plan's history spans `events` hours and a
 * replay can ask for any instant in it.
 */
export async function writeLongPlan(store: EventStore, events: number): Promise<{ planStreamId: string; childId: string }> {
  const socialWorker = callers.socialWorker(0);
  await seedDemoRegister(store);
  const child = await executeCommand(store, {
    command: 'registerChild',
    caller: socialWorker,
    params: {},
    body: { givenName: 'Maya', familyName: 'Evans', dateOfBirth: '2013-05-02', primaryNeed: 'PMLD' },
  });
  for (const organisationId of [organisations.health, organisations.school(0)]) {
    await executeCommand(store, {
      command: 'addTeamMember',
      caller: callers.teamManager(0),
      params: { childId: child.entityId },
      body: { organisationId },
    });
  }
  const plan = await executeCommand(store, {
    command: 'openFamilyHelpPlan',
    caller: socialWorker,
    params: {},
    body: { childId: child.entityId, planType: 'child_in_need', leadPractitioner: { userId: socialWorker.userId, name: 'Lead practitioner', organisationId: socialWorker.organisationId, agency: 'social_care' } },
  });
  for (let i = 1; i < events; i++) {
    const step = steps[i % steps.length]!(i);
    await executeCommand(store, { command: step.command, caller: step.caller, params: { planId: plan.entityId }, body: step.body });
  }
  return { planStreamId: plan.streamId, childId: child.entityId };
}

/** A clock for the store that starts `hours` hours ago and moves on one hour each time it is read. */
export function hourlyClock(hours: number): () => Date {
  let t = Date.now() - hours * 3_600_000;
  return () => new Date((t += 3_600_000));
}
