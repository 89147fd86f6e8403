/**
 * The partnership's measures as the dashboard shows them: the query API's `kpis` figures by name,
 * each with its plain-English title. Grouped measures are shown per group.
 */
export interface Measure {
  id: string;
  title: string;
  /** What a record counted in it is, for the drill-down. */
  counts: string;
}

export const figureMeasures: readonly Measure[] = [
  { id: 'adviceWithinSixWeeks', title: 'Advice given within six weeks', counts: 'Advice requests due in the period' },
  { id: 'decisionToAssessWithinSixWeeks', title: 'Decision whether to assess within six weeks', counts: 'Needs assessment requests' },
  { id: 'finalPlanWithinTwentyWeeks', title: 'Final EHC plans within 20 weeks', counts: 'Final plans issued' },
  { id: 'finalPlanWithinTwentyWeeksExcludingExceptions', title: 'Final EHC plans within 20 weeks, excluding exceptions', counts: 'Final plans issued without an exception' },
  { id: 'draftPlansIssued', title: 'Assessments leading to a draft plan', counts: 'Assessments with an outcome' },
  { id: 'representationPeriodsHonoured', title: 'Representation periods honoured', counts: 'Final plans issued after a draft' },
  { id: 'annualReviewDecisionWithinFourWeeks', title: 'Annual review decisions within four weeks', counts: 'Annual review meetings' },
  { id: 'amendedPlanWithinTwelveWeeks', title: 'Amended plans within 12 weeks', counts: 'Annual reviews deciding to amend' },
  { id: 'healthAdviceIncorporated', title: 'Health advice incorporated in annual reviews', counts: 'Annual reviews' },
  { id: 'socialCareAdviceIncorporated', title: 'Social care advice incorporated in annual reviews', counts: 'Annual reviews' },
  { id: 'healthAndSocialCareAdviceIncorporated', title: 'Health and social care advice both incorporated', counts: 'Annual reviews' },
  { id: 'auditsGoodOrOutstanding', title: 'Audits graded good or outstanding', counts: 'Quality audits' },
  { id: 'auditModerationAgreement', title: 'Moderations agreeing with the audit grade', counts: 'Moderations' },
];

export const groupedMeasures: readonly Measure[] = [
  { id: 'adviceWithinSixWeeksByAdviserType', title: 'Advice within six weeks, by adviser', counts: 'Advice requests' },
  { id: 'shortBreaksByRoute', title: 'Short breaks by route', counts: 'Short-break requests' },
  { id: 'auditGrades', title: 'Audits by grade', counts: 'Quality audits' },
];

export const measureById = new Map([...figureMeasures, ...groupedMeasures].map((m) => [m.id, m]));
export const isGrouped = (id: string) => groupedMeasures.some((m) => m.id === id);

const value = 'numerator denominator rate';
const records = 'records { streamId childId itemId group met dueOn doneOn }';

export const dashboardQuery = /* GraphQL */ `
  query Dashboard($from: Date!, $to: Date!, $asOf: DateTime) {
    kpis(from: $from, to: $to, asOf: $asOf) {
      from to takenAt asOf
      ${figureMeasures.map((m) => `${m.id} { ${value} }`).join('\n      ')}
      ${groupedMeasures.map((m) => `${m.id} { key figure { ${value} } }`).join('\n      ')}
    }
  }
`;

/** One figure (or one group of a grouped measure) with the records behind it. */
export function drillDownQuery(measure: string): string {
  const selection = isGrouped(measure) ? `key figure { ${value} ${records} }` : `${value} ${records}`;
  return /* GraphQL */ `
    query DrillDown($from: Date!, $to: Date!, $asOf: DateTime) {
      kpis(from: $from, to: $to, asOf: $asOf) { from to takenAt asOf figure: ${measure} { ${selection} } }
    }
  `;
}

export interface FigureValue {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface KpiRecord {
  streamId: string;
  childId: string;
  itemId: string | null;
  group: string | null;
  met: boolean;
  dueOn: string | null;
  doneOn: string | null;
}
