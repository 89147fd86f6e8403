import { govDate, label, organisationName } from '../layout/labels';
import { fullName } from './child-queries';

export interface ChildPageData {
  id: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  upn: string | null;
  primaryNeed: string | null;
  team: Array<{ organisationId: string; agency: string; joinedAt: string; reason: string }>;
  familyHelpPlans: Array<{ id: string; planType: string | null; status: string; nextReviewOn: string | null; leadPractitioner: { name: string } | null; completeness: { score: number; satisfied: number; applicable: number } }>;
  ehcAssessments: Array<{ id: string; kind: string | null; status: string; startedOn: string | null; completeness: { score: number; satisfied: number; applicable: number } }>;
  shortBreaks: Array<{ id: string; route: string | null; status: string; requestedOn: string | null }>;
  coverage: { allThree: boolean; missing: string[]; agencies: Array<{ agency: string; contributed: boolean; contributions: number; lastContributedAt: string | null }> };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const nhs = (n: string | null) => (n && n.length === 10 ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : (n ?? ''));

/** The child page's rows and tables as the GOV.UK macros take them. */
export function childPageView(child: ChildPageData, options: { mayRemove?: boolean } = {}) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value || 'Not recorded' } });
  const childHref = encodeURIComponent(child.id);
  const status = (s: string) => ({ text: label(s), classes: s === 'open' ? 'govuk-tag--blue' : 'govuk-tag--grey' });
  const removable = child.team.filter((m) => m.reason !== 'advice_requested').length;
  const score = (c: { satisfied: number; applicable: number }) => `${c.satisfied} of ${c.applicable} checks met`;
  return {
    child,
    childHref,
    name: fullName(child),
    details: [
      row('Date of birth', govDate(child.dateOfBirth)),
      row('NHS number', nhs(child.nhsNumber)),
      row('Unique pupil number (UPN)', child.upn ?? ''),
      row('Primary need', label(child.primaryNeed)),
    ],
    team: child.team.map((m) => [
      { text: organisationName(m.organisationId) },
      { text: label(m.agency) },
      { text: govDate(m.joinedAt) },
      // Members invited by an advice request leave with the assessment, not by removal; the last member
      // added to the team cannot be removed (the record API would refuse both), so neither is offered.
      ...(options.mayRemove
        ? [m.reason !== 'advice_requested' && removable > 1 ? { html: `<a class="govuk-link" href="/children/${childHref}/team/${encodeURIComponent(m.organisationId)}/remove">Remove<span class="govuk-visually-hidden"> ${escapeHtml(organisationName(m.organisationId))} from the team</span></a>` } : { text: '' }]
        : []),
    ]),
    coverage: child.coverage.agencies.map((a) => [
      { text: label(a.agency) },
      { html: a.contributed ? '<strong class="govuk-tag govuk-tag--green">Contributed</strong>' : '<strong class="govuk-tag govuk-tag--red">Nothing yet</strong>' },
      { text: String(a.contributions), format: 'numeric' },
      { text: a.lastContributedAt ? govDate(a.lastContributedAt) : 'Never' },
    ]),
    missing: child.coverage.missing.map(label),
    records: [
      ...child.familyHelpPlans.map((p) => ({
        href: `/family-help-plans/${encodeURIComponent(p.id)}`,
        title: `${label(p.planType)} plan`,
        status: status(p.status),
        detail: `${score(p.completeness)}${p.leadPractitioner ? `. Lead practitioner: ${p.leadPractitioner.name}` : ''}${p.nextReviewOn ? `. Next review ${govDate(p.nextReviewOn)}` : ''}`,
      })),
      ...child.ehcAssessments.map((a) => ({
        href: `/ehc-assessments/${encodeURIComponent(a.id)}`,
        title: label(a.kind),
        status: status(a.status),
        detail: `${score(a.completeness)}${a.startedOn ? `. Started ${govDate(a.startedOn)}` : ''}`,
      })),
      ...child.shortBreaks.map((s) => ({
        href: `/short-breaks/${encodeURIComponent(s.id)}`,
        title: `Short break: ${label(s.route)}`,
        status: status(s.status),
        detail: s.requestedOn ? `Requested ${govDate(s.requestedOn)}` : '',
      })),
    ],
  };
}
