import { govDate, label, organisationName } from '../layout/labels';
import { formForRule } from './plan-forms';
import type { RecordChild } from './plan-queries';

interface Recorded {
  occurredAt: string;
  recordedAt: string;
  by: { role: string; organisationId: string };
}

export interface Rule {
  id: string;
  title: string;
  applies: boolean;
  satisfied: boolean;
  explanation: string;
}

export interface PlanPageData {
  id: string;
  childId: string;
  child: RecordChild;
  status: string;
  planType: string | null;
  closedOn: string | null;
  closureReason: string | null;
  nextReviewOn: string | null;
  leadPractitioner: { name: string; organisationId: string } | null;
  disabilityImpacts: Array<{ domain: string; impact: string; supportNeeded: string | null; recorded: Recorded }>;
  childViews: Array<{ views: string; howGathered: string; recorded: Recorded }>;
  familyViews: Array<{ views: string; relationship: string; recorded: Recorded }>;
  needs: Array<{ needId: string; description: string; agency: string | null; recorded: Recorded }>;
  outcomes: Array<{ outcomeId: string; outcome: string; measure: string; byWhen: string; responsible: { agency: string; role: string }; recorded: Recorded }>;
  contributions: Array<{ contributionId: string; agency: string; organisationId: string; support: string; frequency: string; from: string; to: string | null; recorded: Recorded }>;
  reviews: Array<{ reviewedOn: string; summary: string; nextReviewOn: string; recorded: Recorded }>;
  completeness: { score: number; satisfied: number; applicable: number; rules: Rule[] };
  coverage: { allThree: boolean; missing: string[]; agencies: Array<{ agency: string; contributed: boolean; contributions: number; lastContributedAt: string | null }> };
}

const by = (r: Recorded) => `${label(r.by.role)}, ${organisationName(r.by.organisationId)}, ${govDate(r.occurredAt)}`;

/** A completeness checklist as a GOV.UK task list: what is missing first, each gap linked to the form that fills it. */
export function checklistOf(rules: readonly Rule[], planHref: string, formsOffered: readonly string[]) {
  const applicable = rules.filter((r) => r.applies);
  const ordered = [...applicable.filter((r) => !r.satisfied), ...applicable.filter((r) => r.satisfied)];
  return ordered.map((rule) => {
    const form = formForRule[rule.id];
    const href = !rule.satisfied && form && formsOffered.includes(form) ? `${planHref}/${form}` : undefined;
    return {
      title: { text: rule.title },
      hint: { text: rule.satisfied ? undefined : rule.explanation },
      ...(href ? { href } : {}),
      status: rule.satisfied ? { text: 'Done' } : { tag: { text: 'Missing', classes: 'govuk-tag--red' } },
    };
  });
}

export function planPageView(plan: PlanPageData, formsOffered: readonly string[]) {
  const planHref = `/family-help-plans/${encodeURIComponent(plan.id)}`;
  const missing = plan.completeness.rules.filter((r) => r.applies && !r.satisfied);
  const card = (title: string, rows: Array<{ key: string; value: string }>) => ({ card: { title: { text: title } }, rows: rows.map((r) => ({ key: { text: r.key }, value: { text: r.value } })) });
  return {
    plan,
    planHref,
    childHref: `/children/${encodeURIComponent(plan.childId)}`,
    missingCount: missing.length,
    checklist: checklistOf(plan.completeness.rules, planHref, formsOffered),
    summary: [
      { key: { text: 'Type' }, value: { text: label(plan.planType) } },
      { key: { text: 'Status' }, value: { text: plan.status === 'closed' ? `Closed on ${govDate(plan.closedOn)} (${label(plan.closureReason)})` : 'Open' } },
      { key: { text: 'Lead practitioner' }, value: { text: plan.leadPractitioner ? `${plan.leadPractitioner.name}, ${organisationName(plan.leadPractitioner.organisationId)}` : 'None' } },
      { key: { text: 'Next review' }, value: { text: plan.nextReviewOn ? govDate(plan.nextReviewOn) : 'Not set' } },
    ],
    impacts: plan.disabilityImpacts.map((i) =>
      card(label(i.domain), [
        { key: 'Impact', value: i.impact },
        ...(i.supportNeeded ? [{ key: 'Support needed', value: i.supportNeeded }] : []),
        { key: 'Recorded by', value: by(i.recorded) },
      ]),
    ),
    childViews: plan.childViews.map((v) => card(`Gathered by ${label(v.howGathered).toLowerCase()}`, [{ key: 'Views', value: v.views }, { key: 'Recorded by', value: by(v.recorded) }])),
    familyViews: plan.familyViews.map((v) => card(`Views of the ${v.relationship}`, [{ key: 'Views', value: v.views }, { key: 'Recorded by', value: by(v.recorded) }])),
    needs: plan.needs.map((n) => [{ text: n.description }, { text: n.agency ? label(n.agency) : 'Not assigned' }]),
    outcomes: plan.outcomes.map((o) =>
      card(o.outcome, [
        { key: 'How it is measured', value: o.measure },
        { key: 'By when', value: govDate(o.byWhen) },
        { key: 'Responsible', value: `${o.responsible.role} (${label(o.responsible.agency)})` },
      ]),
    ),
    contributions: plan.contributions.map((c) => [
      { text: `${label(c.agency)}: ${organisationName(c.organisationId)}` },
      { text: c.support },
      { text: c.frequency },
      { text: `${govDate(c.from)}${c.to ? ` to ${govDate(c.to)}` : ''}` },
    ]),
    coverage: plan.coverage.agencies.map((a) => [{ text: label(a.agency) }, { text: a.contributed ? `Yes, last on ${govDate(a.lastContributedAt)}` : 'No' }]),
    reviews: plan.reviews.map((r) => ({
      label: { text: 'Plan reviewed' },
      text: r.summary,
      datetime: { timestamp: r.reviewedOn, type: 'date' },
      byline: { text: `${label(r.recorded.by.role)}, ${organisationName(r.recorded.by.organisationId)}. Next review ${govDate(r.nextReviewOn)}` },
    })),
  };
}
