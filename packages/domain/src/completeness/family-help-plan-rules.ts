import type { Agency } from '../application/contract';
import { dayOf } from './calendar';
import type { CompletenessRule } from './rule';

/** What the completeness rules need to know about a Family Help plan, as the read model holds it. */
export interface FamilyHelpPlanFacts {
  status: 'open' | 'closed';
  /** Domains of daily life with a disability impact recorded (withdrawn ones left out). */
  disabilityImpactDomains: readonly string[];
  childViewsRecorded: number;
  familyViewsRecorded: number;
  outcomes: ReadonlyArray<{ outcome: string; measure: string; byWhen: string }>;
  /** Agencies with at least one contribution that stands (not withdrawn). */
  contributingAgencies: readonly Agency[];
  /** The next review date set by the latest review, if any. */
  nextReviewOn: string | null;
}

export interface FamilyHelpPlanContext {
  /** The moment the plan is judged at (now, or the asOf of a replay). */
  asOf: Date;
  /** Agencies of the organisations in the child's team at that moment. */
  teamAgencies: readonly Agency[];
}

const agencyNames: Record<Agency, string> = { education: 'education', health: 'health', social_care: 'social care' };

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

type Rule = CompletenessRule<FamilyHelpPlanFacts, FamilyHelpPlanContext>;

export const disabilityImpactRule: Rule = {
  id: 'fhp.disability-impact',
  title: 'How the disability affects daily life is recorded, including family functioning',
  missing: (facts) => {
    if (facts.disabilityImpactDomains.length === 0) return 'No disability impact is recorded for any domain of daily life.';
    if (!facts.disabilityImpactDomains.includes('family_functioning')) return 'The disability impact does not yet cover family functioning.';
    return null;
  },
};

export const childViewsRule: Rule = {
  id: 'fhp.child-views',
  title: "The child's own views are recorded",
  missing: (facts) => (facts.childViewsRecorded > 0 ? null : "The child's own views are not recorded."),
};

export const familyViewsRule: Rule = {
  id: 'fhp.family-views',
  title: "The parents' or carers' views are recorded",
  missing: (facts) => (facts.familyViewsRecorded > 0 ? null : "No parent's or carer's views are recorded."),
};

export const measurableOutcomeRule: Rule = {
  id: 'fhp.measurable-outcome',
  title: 'At least one outcome is measurable and dated',
  missing: (facts) => {
    if (facts.outcomes.length === 0) return 'No outcome is set.';
    const ok = facts.outcomes.some((o) => o.measure.trim().length > 0 && /^\d{4}-\d{2}-\d{2}/.test(o.byWhen));
    return ok ? null : 'No outcome says both how it will be measured and by when.';
  },
};

export const agencyContributionsRule: Rule = {
  id: 'fhp.agency-contributions',
  title: "Every agency in the child's team has recorded its contribution",
  notApplicable: (_facts, context) => (context.teamAgencies.length === 0 ? "the child's team is empty" : null),
  missing: (facts, context) => {
    const missing = [...new Set(context.teamAgencies)].filter((a) => !facts.contributingAgencies.includes(a)).sort();
    if (missing.length === 0) return null;
    return `No contribution is recorded from ${list(missing.map((a) => agencyNames[a]))}, though ${missing.length === 1 ? 'it is' : 'they are'} in the child's team.`;
  },
};

export const futureReviewRule: Rule = {
  id: 'fhp.review-date',
  title: 'A review date is set in the future',
  notApplicable: (facts) => (facts.status === 'closed' ? 'the plan is closed' : null),
  missing: (facts, context) => {
    if (facts.nextReviewOn === null) return 'No review date is set.';
    const today = dayOf(context.asOf);
    return facts.nextReviewOn >= today ? null : `The review date ${facts.nextReviewOn} has passed without a review being recorded.`;
  },
};

/** The checklist for a Family Help plan of a disabled child (DESIGN.md section 3, Plan completeness). */
export const familyHelpPlanCompletenessRules: readonly Rule[] = [
  disabilityImpactRule,
  childViewsRule,
  familyViewsRule,
  measurableOutcomeRule,
  agencyContributionsRule,
  futureReviewRule,
];
