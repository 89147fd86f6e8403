const who = 'recorded { recordedAt by { userId role organisationId organisationName } }';
const planThen = 'completeness { score satisfied applicable }';

export const auditSampleQuery = /* GraphQL */ `
  query AuditSample($months: Int!, $share: Float!, $seed: String!) {
    auditSample(notAuditedWithinMonths: $months, share: $share, seed: $seed, first: 100, reason: AUDIT) {
      population sampleSize totalCount
      rows { child { id givenName familyName } recordKind recordId streamId lastAuditedAt organisation { id name } }
    }
  }
`;

export interface AuditSampleRow {
  child: { id: string; givenName: string | null; familyName: string | null };
  recordKind: string;
  recordId: string;
  streamId: string;
  lastAuditedAt: string | null;
  organisation: { id: string; name: string | null };
}

const auditFields = `
  id streamId childId planStreamId planAsOf grade
  findings { area finding }
  ${who}
  moderations { originalGrade agreesWithGrade moderatedGrade comments ${who} }
  agreement { moderations agreeing rate }
  plan { ... on FamilyHelpPlan { ${planThen} } ... on EhcAssessment { ${planThen} } ... on ShortBreak { ${planThen} } }
`;

export const auditQuery = /* GraphQL */ `query Audit($id: ID!) { audit(id: $id, reason: "audit") { ${auditFields} } }`;
export const auditsOfPlanQuery = /* GraphQL */ `query AuditsOfPlan($planId: ID!) { audits(planId: $planId, reason: "audit") { ${auditFields} } }`;

interface RecordedBy {
  recordedAt: string;
  by: { userId: string; role: string; organisationId: string; organisationName: string | null };
}

export interface Audit {
  id: string;
  streamId: string;
  childId: string;
  planStreamId: string | null;
  planAsOf: string | null;
  grade: string | null;
  findings: Array<{ area: string; finding: string }>;
  recorded: RecordedBy | null;
  moderations: Array<{ originalGrade: string; agreesWithGrade: boolean; moderatedGrade: string; comments: string; recorded: RecordedBy }>;
  agreement: { moderations: number; agreeing: number; rate: number | null };
  plan: { completeness: { score: number | null; satisfied: number; applicable: number } } | null;
}

/** Agreement between auditors in each quarter: two windows per query (the query API's cost limit). */
export function agreementQuery(windows: ReadonlyArray<{ from: string; to: string }>): string {
  return /* GraphQL */ `query Agreement { ${windows
    .map((w, i) => `q${i}: kpis(from: "${w.from}", to: "${w.to}") { auditModerationAgreement { numerator denominator rate } auditsGoodOrOutstanding { numerator denominator rate } }`)
    .join(' ')} }`;
}
