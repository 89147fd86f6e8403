import type { Agency } from '@planledger/domain';
import type { EhcAssessmentView } from './ehc-assessment';
import type { FamilyHelpPlanView } from './family-help-plan';
import type { ShortBreakView } from './short-break';

export const agencyOrder: readonly Agency[] = ['education', 'health', 'social_care'];

export interface AgencyCoverage {
  agency: Agency;
  contributed: boolean;
  contributions: number;
  /** When the latest contribution happened (world time), null when none. */
  lastContributedAt: string | null;
}

export interface Coverage {
  agencies: AgencyCoverage[];
  allThree: boolean;
  missing: Agency[];
}

export type PlanView = FamilyHelpPlanView | EhcAssessmentView | ShortBreakView;

type Tally = Map<Agency, { count: number; last: string | null }>;

function tally(into: Tally, agency: Agency, occurredAt: string): void {
  const t = into.get(agency);
  if (!t) into.set(agency, { count: 1, last: occurredAt });
  else {
    t.count++;
    if (t.last === null || Date.parse(occurredAt) > Date.parse(t.last)) t.last = occurredAt;
  }
}

/**
 * What counts as an agency's contribution: a recorded contribution to a Family Help plan, advice
 * submitted to an EHC assessment, and any entry written to a short break (social care's decision).
 * Withdrawn contributions no longer count.
 */
function addContributions(into: Tally, view: PlanView): void {
  switch (view.kind) {
    case 'family_help_plan':
      for (const c of view.contributions.values()) tally(into, c.data.agency, c.occurredAt);
      break;
    case 'ehc_assessment':
      for (const thread of view.advice.values()) if (thread.submitted) tally(into, thread.submitted.data.agency, thread.submitted.occurredAt);
      break;
    case 'short_break':
      for (const e of [view.requested, view.decision, ...view.reviews.values()]) if (e) tally(into, e.actor.agency as Agency, e.occurredAt);
      break;
  }
}

function toCoverage(t: Tally): Coverage {
  const agencies = agencyOrder.map((agency) => {
    const x = t.get(agency);
    return { agency, contributed: Boolean(x), contributions: x?.count ?? 0, lastContributedAt: x?.last ?? null };
  });
  const missing = agencies.filter((a) => !a.contributed).map((a) => a.agency);
  return { agencies, allThree: missing.length === 0, missing };
}

export function planCoverage(view: PlanView): Coverage {
  const t: Tally = new Map();
  addContributions(t, view);
  return toCoverage(t);
}

/** Coverage across all of a child's plans, assessments and short breaks. */
export function childCoverage(views: Iterable<PlanView>): Coverage {
  const t: Tally = new Map();
  for (const view of views) addContributions(t, view);
  return toCoverage(t);
}

export interface PlanRef {
  streamId: string;
  childId: string;
  kind: 'family_help_plan' | 'ehc_assessment';
}

export interface PartnershipCoverage {
  /** Open Family Help plans and EHC assessments counted. */
  plans: number;
  withAllThree: number;
  /** withAllThree / plans; null when there are no plans. */
  share: number | null;
  missing: Record<Agency, PlanRef[]>;
}

/** Across the partnership: the share of open plans with all three agencies, and the plans missing each. */
export function partnershipCoverage(views: Iterable<FamilyHelpPlanView | EhcAssessmentView>, include: (view: PlanView) => boolean = () => true): PartnershipCoverage {
  let plans = 0;
  let withAllThree = 0;
  const missing: Record<Agency, PlanRef[]> = { education: [], health: [], social_care: [] };
  for (const view of views) {
    if (view.closed || !include(view)) continue;
    plans++;
    const coverage = planCoverage(view);
    if (coverage.allThree) withAllThree++;
    for (const agency of coverage.missing) missing[agency].push({ streamId: view.meta.streamId, childId: view.childId, kind: view.kind });
  }
  return { plans, withAllThree, share: plans === 0 ? null : withAllThree / plans, missing };
}
