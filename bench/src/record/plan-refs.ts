import type { EventStore } from '@planledger/event-store';

/** A Family Help plan and the organisation that opened it (so a caller from it may read the plan). */
export interface PlanRef {
  streamId: string;
  organisationId: string;
}

/** Every Family Help plan in a store, from one pass over the log. */
export async function familyHelpPlansIn(store: EventStore): Promise<PlanRef[]> {
  const plans = new Map<string, PlanRef>();
  let after = -1;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    // Closed plans take no more commands, and the benchmarks write to the plans they query.
    if (page.length === 0) return [...plans.values()];
    for (const event of page) {
      if (event.type === 'FamilyHelpPlanOpened') plans.set(event.streamId, { streamId: event.streamId, organisationId: event.actor.organisationId });
      if (event.type === 'FamilyHelpPlanClosed') plans.delete(event.streamId);
    }
    after = page[page.length - 1]!.globalPosition;
  }
}
