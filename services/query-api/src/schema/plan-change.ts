import type { CompletenessReport } from '@planledger/domain';

export interface PlanChange {
  streamId: string;
  kind: 'family_help_plan' | 'ehc_assessment' | 'short_break';
  revision: number;
  globalPosition: number;
  eventType: string;
  recordedAt: string;
  completeness: () => CompletenessReport | null;
}
