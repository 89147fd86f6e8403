import type { StreamCategory } from '../events/common';
import type { ChildState } from './child';
import { evolveChild, initialChildState } from './child';
import type { RecordedEvent } from './decision';
import type { FamilyHelpPlanState } from './family-help-plan';
import { evolveFamilyHelpPlan, initialFamilyHelpPlanState } from './family-help-plan';

/** How to rebuild one stream category's state, and which child the stream belongs to. */
export interface StreamModule<S> {
  category: StreamCategory;
  initial: () => S;
  evolve: (state: S, event: RecordedEvent) => S;
}

export const childStream: StreamModule<ChildState> = { category: 'child', initial: initialChildState, evolve: evolveChild };
export const familyHelpPlanStream: StreamModule<FamilyHelpPlanState> = {
  category: 'family-help-plan',
  initial: initialFamilyHelpPlanState,
  evolve: evolveFamilyHelpPlan,
};

/** Every stream of the record names its child in its first event's data (a child stream is the child). */
export function childIdOfStream(events: readonly RecordedEvent[]): string | null {
  const first = events[0];
  if (!first) return null;
  const childId = (first.data as { childId?: unknown }).childId;
  return typeof childId === 'string' ? childId : null;
}
