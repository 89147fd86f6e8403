/**
 * What the auditor's pages ask the query API. Every read here is a case file audit, so each names the
 * AUDIT reason code (the argument wins over the header the client sends).
 */
export type RecordKind = 'family_help_plan' | 'ehc_assessment' | 'short_break';

const kinds: Record<string, { kind: RecordKind; field: string }> = {
  'family-help-plan': { kind: 'family_help_plan', field: 'familyHelpPlan' },
  'ehc-assessment': { kind: 'ehc_assessment', field: 'ehcAssessment' },
  'short-break': { kind: 'short_break', field: 'shortBreak' },
};

/** A plan's, assessment's or short break's kind and GraphQL field from its stream id; null for any other stream. */
export function recordOfStream(streamId: string): { kind: RecordKind; field: string } | null {
  const match = /^(family-help-plan|ehc-assessment|short-break)-[0-9a-f-]{36}$/.exec(streamId);
  return match ? kinds[match[1]!]! : null;
}

export const historyQuery = /* GraphQL */ `
  query RecordHistory($streamId: ID!) {
    history(streamId: $streamId, reason: AUDIT) {
      streamId childId
      events {
        eventId type revision occurredAt recordedAt corrects correction correctedBy withdrawn data
        actor { userId role agency organisationId organisationName }
      }
    }
  }
`;

export interface HistoryEvent {
  eventId: string;
  type: string;
  revision: number;
  occurredAt: string;
  recordedAt: string;
  corrects: string | null;
  correction: string | null;
  correctedBy: string[];
  withdrawn: boolean;
  /** The event's data; only a correction's or withdrawal's `reason` is shown. */
  data?: unknown;
  actor: { userId: string; role: string; agency: string; organisationId: string; organisationName: string | null };
}

export interface StreamHistory {
  streamId: string;
  childId: string;
  events: HistoryEvent[];
}

export const childHeaderQuery = /* GraphQL */ `
  query AuditedChild($id: ID!) { child(id: $id, reason: AUDIT) { id givenName familyName dateOfBirth } }
`;

const completeness = 'completeness { score satisfied applicable rules { id title applies satisfied explanation } }';
const recorded = 'recorded { occurredAt recordedAt }';

/** The record replayed on either clock or both, by its kind. */
export function asAtQuery(field: string): string {
  const body: Record<string, string> = {
    familyHelpPlan: `status planType nextReviewOn childViews { views ${recorded} } familyViews { views ${recorded} } outcomes { outcome byWhen } contributions { agency support }`,
    ehcAssessment: `status kind advice { adviserType agency submittedOn onTime }`,
    shortBreak: `status route requestedOn decision { outcome }`,
  };
  return /* GraphQL */ `
    query RecordAsAt($id: ID!, $asOf: DateTime, $happenedBy: DateTime) {
      record: ${field}(id: $id, asOf: $asOf, happenedBy: $happenedBy, reason: AUDIT) {
        id streamId childId asOf happenedBy revision ${body[field]} ${completeness}
      }
    }
  `;
}

export const integrityQuery = /* GraphQL */ `
  query RecordIntegrity($streamId: ID!) {
    verifyIntegrity(streamId: $streamId, reason: AUDIT) { streamId ok eventCount lastHash firstBadRevision eventId reason }
  }
`;

export interface IntegrityReport {
  streamId: string;
  ok: boolean;
  eventCount: number;
  lastHash: string | null;
  firstBadRevision: number | null;
  eventId: string | null;
  reason: string | null;
}

export const childReadsQuery = /* GraphQL */ `
  query ChildReaders($childId: ID!) {
    childReads(childId: $childId, reason: "audit") {
      childId
      reads { at organisationId query streamId asOf happenedBy outcome reason by { userId role agency organisationName } }
    }
  }
`;

export interface ChildRead {
  at: string;
  organisationId: string;
  query: string;
  streamId: string | null;
  asOf: string | null;
  happenedBy: string | null;
  outcome: string;
  reason: string | null;
  by: { userId: string; role: string; agency: string; organisationName: string | null };
}
