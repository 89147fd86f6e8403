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
  /**
   * A needs assessment's decision_to_assess (6 weeks from the request), decision_not_to_issue (16 weeks)
   * and final_plan (20 weeks); an annual review's annual_review_decision (4 weeks from the meeting) and
   * amended_plan (12 weeks).
   */
  clock: string;
  assessmentKind: 'needs_assessment' | 'annual_review';
  /** The regulation of the SEND Regulations 2014 that sets the limit, and the one whose exceptions stop it (needs assessments). */
  regulation: string | null;
  exceptionRegulation: string | null;
  /** The day the clock started: the request received, or the review meeting. */
  startedOn: string;
  dueOn: string;
  /** The domain's status of a running clock on the day the row was derived. */
  status: 'pending' | 'overdue';
  /** In time, not yet due, or past it with an exception recorded. */
  lawful: boolean;
  caseOfficer: NamedPerson | null;
  /** The exception recorded against the clock (regulations 5(4), 10(4), 13(3)), if any. */
  exception: string | null;
  exceptionAppliedOn: string | null;
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
