import type { AuditState } from './audit';
import { evolveAudit, initialAuditState } from './audit';
import type { ChildState } from './child';
import { evolveChild, initialChildState } from './child';
import type { CorrectionState } from './correction';
import { evolveCorrection, initialCorrectionState } from './correction';
import type { RecordedEvent } from './decision';
import type { EhcAssessmentState } from './ehc-assessment';
import { evolveEhcAssessment, initialEhcAssessmentState } from './ehc-assessment';
import type { FamilyHelpPlanState } from './family-help-plan';
import { evolveFamilyHelpPlan, initialFamilyHelpPlanState } from './family-help-plan';
import type { ShortBreakState } from './short-break';
import { evolveShortBreak, initialShortBreakState } from './short-break';

/** How to rebuild a stream's state from its events. */
export interface StreamModule<S> {
  initial: () => S;
  evolve: (state: S, event: RecordedEvent) => S;
}

export const childStream: StreamModule<ChildState> = { initial: initialChildState, evolve: evolveChild };
export const familyHelpPlanStream: StreamModule<FamilyHelpPlanState> = { initial: initialFamilyHelpPlanState, evolve: evolveFamilyHelpPlan };
export const ehcAssessmentStream: StreamModule<EhcAssessmentState> = { initial: initialEhcAssessmentState, evolve: evolveEhcAssessment };
export const shortBreakStream: StreamModule<ShortBreakState> = { initial: initialShortBreakState, evolve: evolveShortBreak };
export const auditStream: StreamModule<AuditState> = { initial: initialAuditState, evolve: evolveAudit };
/** Any stream, seen as the events a correction may name. */
export const correctableStream: StreamModule<CorrectionState> = { initial: initialCorrectionState, evolve: evolveCorrection };

/** Every stream of the record names its child in its first event's data (a child stream is the child). */
export function childIdOfStream(events: readonly RecordedEvent[]): string | null {
  const first = events[0];
  if (!first) return null;
  const childId = (first.data as { childId?: unknown }).childId;
  return typeof childId === 'string' ? childId : null;
}
