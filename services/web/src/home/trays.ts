import type { Role } from '@planledger/domain';
import { govDate, label } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import type { ReadReasonCode } from '../session/read-reason-codes';

/** A child as the trays name them. */
interface ChildSummary {
  id: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
}

interface NamedPerson {
  name: string;
}

/** One cell as govukTable takes it, with the value the MOJ sortable table sorts by. */
export interface Cell {
  text?: string;
  html?: string;
  format?: 'numeric';
  attributes?: Record<string, string>;
}

/** A sort a tray offers: its key in the URL, the column it sorts, and how the query API is asked for it. */
export interface TraySort {
  key: string;
  column: number;
  /** GraphQL arguments for this sort (besides `descending`). */
  args: string;
}

export type RecordKind = 'family_help_plan' | 'ehc_assessment' | 'short_break';

export interface TrayRow {
  child: ChildSummary;
  kind: RecordKind;
  recordId: string;
  cells: Cell[];
}

export interface Tray {
  /** Its address: /work/<id>. */
  id: string;
  title: string;
  /** What Home says when the tray is empty. */
  empty: string;
  /** The reason the list read, and every record opened from it, carries. */
  reason: (person: SignedInPerson) => ReadReasonCode;
  field: string;
  /** The tray's own fixed arguments. */
  args: (person: SignedInPerson) => string;
  selection: string;
  columns: string[];
  sorts: TraySort[];
  defaultSort: string;
  rows: (answer: Record<string, unknown>) => TrayRow[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const childName = (c: ChildSummary) => [c.givenName, c.familyName].filter(Boolean).join(' ') || 'Child';
const dateCell = (date: string | null | undefined): Cell => ({ text: govDate(date) || 'Not set', ...(date ? { attributes: { 'data-sort-value': date } } : {}) });
const dueCell = (dueOn: string, overdue: boolean, daysOverdue: number): Cell => ({
  html: overdue
    ? `${esc(govDate(dueOn))} <strong class="govuk-tag govuk-tag--red">${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue</strong>`
    : esc(govDate(dueOn)),
  attributes: { 'data-sort-value': dueOn },
});
const numberCell = (n: number, text = String(n)): Cell => ({ text, format: 'numeric', attributes: { 'data-sort-value': String(n) } });
const percent = (score: number) => `${Math.round(score * 100)}%`;

const childSelection = 'child { id givenName familyName dateOfBirth }';
const dueSort = (column: number): TraySort => ({ key: 'due', column, args: '' });
const page = 'totalCount pageInfo { endCursor hasNextPage }';

type Rows<T> = { rows: T[] };

const adviceRows = (answer: Record<string, unknown>, requestedByColumn: boolean): TrayRow[] =>
  (answer as Rows<{ child: ChildSummary; assessmentId: string; assessmentKind: string; adviserType: string; adviser: { name: string | null; id: string }; requestedBy: { role: string; organisationName: string | null }; requestedOn: string; dueOn: string; overdue: boolean; daysOverdue: number; exception: string | null }>).rows.map((r) => ({
    child: r.child,
    kind: 'ehc_assessment',
    recordId: r.assessmentId,
    cells: [
      { text: `${label(r.adviserType)} advice${requestedByColumn ? '' : ` from ${r.adviser.name ?? r.adviser.id}`}` },
      requestedByColumn ? { text: `${label(r.requestedBy.role)}, ${r.requestedBy.organisationName ?? ''}` } : { text: label(r.assessmentKind) },
      dateCell(r.requestedOn),
      r.exception ? { html: `${esc(govDate(r.dueOn))} <strong class="govuk-tag govuk-tag--grey">Exception recorded</strong>`, attributes: { 'data-sort-value': r.dueOn } } : dueCell(r.dueOn, r.overdue, r.daysOverdue),
    ],
  }));

/** Every tray Home can show; which a person sees follows their role (traysFor). */
export const trays: Record<string, Tray> = {
  'advice-requested': {
    id: 'advice-requested',
    title: 'Advice you requested, not yet received',
    empty: 'All the advice you requested has been received.',
    reason: () => 'assessment',
    field: 'adviceTray',
    args: () => 'side: REQUESTED_BY_ME',
    selection: `rows { ${childSelection} assessmentId assessmentKind adviserType adviser { id name } requestedBy { role organisationName } requestedOn dueOn overdue daysOverdue exception } ${page}`,
    columns: ['Child', 'Advice', 'Assessment', 'Requested', 'Due'],
    sorts: [dueSort(4)],
    defaultSort: 'due',
    rows: (a) => adviceRows(a, false),
  },
  'advice-asked': {
    id: 'advice-asked',
    title: 'Advice asked of your organisation',
    empty: 'No advice is waiting for your organisation.',
    reason: () => 'advice_request',
    field: 'adviceTray',
    args: () => 'side: ASKED_OF_MY_ORGANISATION',
    selection: `rows { ${childSelection} assessmentId assessmentKind adviserType adviser { id name } requestedBy { role organisationName } requestedOn dueOn overdue daysOverdue exception } ${page}`,
    columns: ['Child', 'Advice', 'Requested by', 'Requested', 'Due'],
    sorts: [dueSort(4)],
    defaultSort: 'due',
    rows: (a) => adviceRows(a, true),
  },
  'statutory-clocks': {
    id: 'statutory-clocks',
    title: 'Annual review clocks still running',
    empty: 'No annual review decision or amended plan is due.',
    reason: () => 'assessment',
    field: 'statutoryClockTray',
    args: () => '',
    selection: `rows { ${childSelection} recordKind recordId clock startedOn dueOn overdue daysOverdue caseOfficer { name } exception } ${page}`,
    columns: ['Child', 'Clock', 'Case officer', 'Started', 'Due'],
    sorts: [dueSort(4)],
    defaultSort: 'due',
    rows: (a) =>
      (a as Rows<{ child: ChildSummary; recordId: string; clock: string; startedOn: string; dueOn: string; overdue: boolean; daysOverdue: number; caseOfficer: NamedPerson | null }>).rows.map((r) => ({
        child: r.child,
        kind: 'ehc_assessment',
        recordId: r.recordId,
        cells: [{ text: r.clock === 'amended_plan' ? 'Amended plan (12 weeks)' : 'Annual review decision (4 weeks)' }, { text: r.caseOfficer?.name ?? 'None named' }, dateCell(r.startedOn), dueCell(r.dueOn, r.overdue, r.daysOverdue)],
      })),
  },
  'plan-reviews': {
    id: 'plan-reviews',
    title: 'Family Help plan reviews',
    empty: 'No Family Help plan of your organisation has a review date.',
    reason: () => 'direct_work',
    field: 'planReviewTray',
    args: (p) => `filter: { organisationId: ${JSON.stringify(p.caller.organisationId)} }`,
    selection: `rows { ${childSelection} planId dueOn overdue daysOverdue lastReviewedOn leadPractitioner { name } } ${page}`,
    columns: ['Child', 'Lead practitioner', 'Last reviewed', 'Review due'],
    sorts: [dueSort(3)],
    defaultSort: 'due',
    rows: (a) =>
      (a as Rows<{ child: ChildSummary; planId: string; dueOn: string; overdue: boolean; daysOverdue: number; lastReviewedOn: string | null; leadPractitioner: NamedPerson | null }>).rows.map((r) => ({
        child: r.child,
        kind: 'family_help_plan',
        recordId: r.planId,
        cells: [{ text: r.leadPractitioner?.name ?? 'None named' }, r.lastReviewedOn ? dateCell(r.lastReviewedOn) : { text: 'Never' }, dueCell(r.dueOn, r.overdue, r.daysOverdue)],
      })),
  },
  'incomplete-plans': {
    id: 'incomplete-plans',
    title: 'Family Help plans with something missing',
    empty: 'Every open Family Help plan of your organisation meets its checklist.',
    reason: () => 'direct_work',
    field: 'incompletePlanTray',
    args: (p) => `filter: { organisationId: ${JSON.stringify(p.caller.organisationId)} }`,
    selection: `rows { ${childSelection} planId completenessScore failingRules { id title } dueOn leadPractitioner { name } } ${page}`,
    columns: ['Child', 'Lead practitioner', 'Missing', 'Checks met', 'Review due'],
    sorts: [dueSort(4)],
    defaultSort: 'due',
    rows: (a) =>
      (a as Rows<{ child: ChildSummary; planId: string; completenessScore: number; failingRules: Array<{ title: string }>; dueOn: string | null; leadPractitioner: NamedPerson | null }>).rows.map((r) => ({
        child: r.child,
        kind: 'family_help_plan',
        recordId: r.planId,
        cells: [
          { text: r.leadPractitioner?.name ?? 'None named' },
          { text: r.failingRules.map((f) => f.title).join('; ') },
          numberCell(r.completenessScore, percent(r.completenessScore)),
          dateCell(r.dueOn),
        ],
      })),
  },
  'short-break-decisions': {
    id: 'short-break-decisions',
    title: 'Short-break requests awaiting a decision',
    empty: 'No short-break request is waiting for a decision.',
    reason: () => 'direct_work',
    field: 'shortBreakDecisionTray',
    args: () => '',
    selection: `rows { ${childSelection} shortBreakId route requestedOn waitingDays requestedBy { role organisationName } } ${page}`,
    columns: ['Child', 'Route', 'Requested by', 'Requested', 'Waiting'],
    sorts: [dueSort(3)],
    defaultSort: 'due',
    rows: (a) =>
      (a as Rows<{ child: ChildSummary; shortBreakId: string; route: string; requestedOn: string; waitingDays: number; requestedBy: { role: string; organisationName: string | null } }>).rows.map((r) => ({
        child: r.child,
        kind: 'short_break',
        recordId: r.shortBreakId,
        cells: [{ text: label(r.route) }, { text: `${label(r.requestedBy.role)}, ${r.requestedBy.organisationName ?? ''}` }, dateCell(r.requestedOn), numberCell(r.waitingDays, `${r.waitingDays} ${r.waitingDays === 1 ? 'day' : 'days'}`)],
      })),
  },
  caseload: {
    id: 'caseload',
    title: 'Your caseload',
    empty: 'You are not the named lead practitioner or case officer of any open record.',
    reason: (p) => (p.caller.role === 'send_officer' ? 'assessment' : 'direct_work'),
    field: 'caseload',
    args: () => 'scope: MINE',
    selection: `childCount rows { ${childSelection} recordKind recordId namedRole completenessScore nextDue { what dueOn overdue } } ${page}`,
    columns: ['Child', 'Record', 'Checks met', 'Next due'],
    sorts: [
      { key: 'child', column: 0, args: 'sort: CHILD_NAME' },
      { key: 'completeness', column: 2, args: 'sort: COMPLETENESS' },
      { key: 'due', column: 3, args: 'sort: NEXT_DUE' },
    ],
    defaultSort: 'due',
    rows: (a) =>
      (a as Rows<{ child: ChildSummary; recordKind: RecordKind; recordId: string; completenessScore: number; nextDue: { what: string; dueOn: string; overdue: boolean } | null }>).rows.map((r) => ({
        child: r.child,
        kind: r.recordKind,
        recordId: r.recordId,
        cells: [
          { text: label(r.recordKind) },
          numberCell(r.completenessScore, percent(r.completenessScore)),
          r.nextDue
            ? {
                html: `${esc(label(r.nextDue.what))}, ${esc(govDate(r.nextDue.dueOn))}${r.nextDue.overdue ? ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' : ''}`,
                attributes: { 'data-sort-value': r.nextDue.dueOn },
              }
            : { text: 'Nothing due', attributes: { 'data-sort-value': '9999-12-31' } },
        ],
      })),
  },
};

/** The trays each role works from, in the order Home shows them. */
const byRole: Partial<Record<Role, string[]>> = {
  send_officer: ['advice-requested', 'statutory-clocks', 'caseload'],
  social_worker: ['caseload', 'plan-reviews', 'advice-asked'],
  team_manager: ['short-break-decisions', 'plan-reviews', 'incomplete-plans'],
  health_practitioner: ['advice-asked'],
  education_practitioner: ['advice-asked'],
};

export function traysFor(person: SignedInPerson): Tray[] {
  return (byRole[person.caller.role] ?? []).map((id) => trays[id]!);
}

export const childNameOf = childName;
