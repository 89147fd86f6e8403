import type { AdviserType, Agency, RuleResult } from '@planledger/domain';
import type { Actor } from '@planledger/event-store';

/** The rows caseloads and work trays are made of, each derived from one stream as it stands today. */

export type RecordKind = 'family_help_plan' | 'ehc_assessment' | 'short_break';

export interface NamedPerson {
  userId: string;
  name: string;
  organisationId: string;
}

interface RowBase {
  streamId: string;
  recordKind: RecordKind;
  recordId: string;
  childId: string;
  /** The organisation the row is for: the named person's, the adviser's, or the one that started the record. */
  organisationId: string;
  /** When it falls due (YYYY-MM-DD); null when nothing is due. */
  dueOn: string | null;
}

export interface CaseloadRow extends RowBase {
  namedRole: 'lead_practitioner' | 'case_officer';
  named: NamedPerson;
  completenessScore: number;
  /** What falls due next: plan_review, advice, annual_review_decision, amended_plan. */
  nextDue: { what: string; dueOn: string } | null;
}

export interface AdviceRow extends RowBase {
  assessmentKind: 'needs_assessment' | 'annual_review';
  requestId: string;
  adviserType: AdviserType;
  adviserAgency: Agency;
  adviserOrganisationId: string;
  requestedOn: string;
  dueOn: string;
  requestedBy: Actor;
  /** The regulation 8(2) exception recorded against the request, if any. */
  exception: string | null;
}

export interface ClockRow extends RowBase {
  /** annual_review_decision (4 weeks from the meeting) or amended_plan (12 weeks). */
  clock: string;
  /** The day the clock started. */
  startedOn: string;
  dueOn: string;
  caseOfficer: NamedPerson | null;
  exception: string | null;
}

export interface PlanReviewRow extends RowBase {
  dueOn: string;
  lastReviewedOn: string | null;
  leadPractitioner: NamedPerson | null;
}

export interface IncompletePlanRow extends RowBase {
  completenessScore: number;
  failing: RuleResult[];
  leadPractitioner: NamedPerson | null;
}

export interface ShortBreakRequestRow extends RowBase {
  route: string;
  requestedOn: string;
  requestedBy: Actor;
}

export interface AuditablePlanRow extends RowBase {
  /** When the plan was last graded (the audit's occurredAt), null if never. */
  lastAuditedAt: string | null;
}
