import { londonDateOf } from '@planledger/domain';
import type { ReadReason } from '../access/read-reasons';
import {
  auditSample,
  daysLeft,
  daysOverdue,
  decodeCursor,
  dueStatus,
  filterRows,
  MAX_PAGE,
  pageOf,
  searchChildren,
  type AdviceRow,
  type CaseloadRow,
  type RecordKind,
  type NamedPerson,
  type Page,
  type SearchCriteria,
  type TrayFilter,
} from '@planledger/projections';
import type { ChildrenListedData } from '../access/access-log-event';
import type { QueryContext } from '../context';
import { QueryErrorCodes } from '../errors';
import { GraphQLError } from '../graphql-runtime';
import { organisationAnswer } from '../organisations/organisation-names';
import { reasonOf } from './reason';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: QueryErrorCodes.BAD_INPUT } });

interface PageArgs {
  first?: number | null;
  after?: string | null;
  reason?: ReadReason | null;
}

function paging({ first, after }: PageArgs): { first: number; offset: number } {
  const size = first ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw badInput(`first must be 1-${MAX_PAGE}`);
  if (after === null || after === undefined) return { first: size, offset: 0 };
  const offset = after.length <= 40 ? decodeCursor(after) : null;
  if (offset === null) throw badInput('after must be a cursor from an earlier page');
  return { first: size, offset };
}

function checkFilter(filter: TrayFilter | null | undefined): TrayFilter {
  const f = filter ?? {};
  if (f.state === 'due_within' && (f.withinDays === null || f.withinDays === undefined)) throw badInput('filter.withinDays is required with state due_within');
  if (f.withinDays !== null && f.withinDays !== undefined && (!Number.isInteger(f.withinDays) || f.withinDays < 0 || f.withinDays > 3660)) throw badInput('filter.withinDays must be 0-3660');
  if (f.organisationId && f.organisationId.length > 100) throw badInput('filter.organisationId must be at most 100 characters');
  return f;
}

/** Today as a calendar date in England, the day statutory dates are counted in. */
const today = (ctx: QueryContext) => londonDateOf(ctx.now());

/** Writes the list read to the access log (ids only), then answers. */
async function logged<Row extends { childId: string }>(ctx: QueryContext, query: string, args: PageArgs, page: Page<Row>, extra: Partial<ChildrenListedData> = {}) {
  const reason = reasonOf(ctx, args.reason);
  await ctx.gate.recordList(
    ctx.caller,
    { query, hits: page.totalCount, shownChildIds: [...new Set(page.rows.map((r) => r.childId))], ...(reason ? { reason } : {}), ...extra },
    ctx.correlationId,
  );
  return page;
}

const pageInfo = (page: Page<unknown>) => ({ endCursor: page.endCursor, hasNextPage: page.hasNextPage });

function childSummary(ctx: QueryContext, childId: string) {
  const registered = ctx.records.register().children.get(childId)?.registered?.data;
  return { id: childId, givenName: registered?.givenName ?? null, familyName: registered?.familyName ?? null, dateOfBirth: registered?.dateOfBirth ?? null };
}

const organisation = (ctx: QueryContext, id: string) => organisationAnswer(ctx.records.organisations(), id);
const person = (p: NamedPerson | null) => p && { userId: p.userId, name: p.name, organisationId: p.organisationId };
const due = (dueOn: string, day: string) => ({ overdue: dueStatus(dueOn, day) === 'overdue', daysOverdue: daysOverdue(dueOn, day) });

type SearchArgs = PageArgs & { nhsNumber?: string | null; upn?: string | null; name?: string | null; dateOfBirth?: string | null };

function criteriaOf(args: SearchArgs): { criteria: SearchCriteria; searchedBy: NonNullable<ChildrenListedData['searchedBy']> } {
  const given = [args.nhsNumber, args.upn, args.name].filter((v) => v !== null && v !== undefined);
  if (given.length !== 1) throw badInput('give exactly one of nhsNumber, upn or name');
  if (args.dateOfBirth && !args.name) throw badInput('dateOfBirth narrows a search by name');
  for (const [field, value, max] of [['nhsNumber', args.nhsNumber, 20], ['upn', args.upn, 20], ['name', args.name, 200]] as const) {
    if (value !== null && value !== undefined && (value.trim().length === 0 || value.length > max)) throw badInput(`${field} must be 1-${max} characters`);
  }
  if (args.nhsNumber) return { criteria: { nhsNumber: args.nhsNumber }, searchedBy: 'nhs_number' };
  if (args.upn) return { criteria: { upn: args.upn }, searchedBy: 'upn' };
  return {
    criteria: { name: args.name!, ...(args.dateOfBirth ? { dateOfBirth: args.dateOfBirth } : {}) },
    searchedBy: args.dateOfBirth ? 'name_and_date_of_birth' : 'name',
  };
}

type CaseloadArgs = PageArgs & { scope?: 'MINE' | 'ORGANISATION' | null; sort?: 'NEXT_DUE' | 'CHILD_NAME' | 'COMPLETENESS' | null; descending?: boolean | null };
type TrayArgs = PageArgs & { filter?: TrayFilter | null; descending?: boolean | null };
type AdviceArgs = TrayArgs & { side?: 'REQUESTED_BY_ME' | 'REQUESTED_BY_MY_ORGANISATION' | 'ASKED_OF_MY_ORGANISATION' | null };
type AuditArgs = PageArgs & { notAuditedWithinMonths: number; share: number; seed: string; filter?: TrayFilter | null };

/**
 * Answers worth keeping while the rows they were computed from stand: a row table hands out the same
 * array until one of its rows changes, so the array itself is the key (and is let go with it).
 */
const MAX_REMEMBERED = 64;
const rememberedAnswers = new WeakMap<object, Map<string, unknown>>();
function remembered<T>(rows: object, key: string, compute: () => T): T {
  let answers = rememberedAnswers.get(rows);
  if (!answers) rememberedAnswers.set(rows, (answers = new Map()));
  if (answers.has(key)) return answers.get(key) as T;
  const answer = compute();
  if (answers.size >= MAX_REMEMBERED) answers.clear();
  answers.set(key, answer);
  return answer;
}

const foldName = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function sortCaseload(ctx: QueryContext, rows: CaseloadRow[], sort: CaseloadArgs['sort'], descending: boolean) {
  if (sort === 'CHILD_NAME') {
    // One folded key per row, compared as plain strings: localeCompare per comparison is too slow for a team's caseload.
    const keys = new Map<string, string>();
    for (const row of rows) {
      if (keys.has(row.childId)) continue;
      const r = ctx.records.register().children.get(row.childId)?.registered?.data;
      keys.set(row.childId, r ? `${foldName(r.familyName)}\u0000${foldName(r.givenName)}` : '');
    }
    rows.sort((a, b) => {
      const x = keys.get(a.childId)!;
      const y = keys.get(b.childId)!;
      return x < y ? -1 : x > y ? 1 : a.streamId < b.streamId ? -1 : 1;
    });
  } else if (sort === 'COMPLETENESS') {
    rows.sort((a, b) => a.completenessScore - b.completenessScore || (a.streamId < b.streamId ? -1 : 1));
  }
  // NEXT_DUE: the rows already come soonest due first.
  return descending ? rows.reverse() : rows;
}

export const findingResolvers = {
  searchChildren: async (_: unknown, args: SearchArgs, ctx: QueryContext) => {
    const { criteria, searchedBy } = criteriaOf(args);
    const { first, offset } = paging({ ...args, first: args.first ?? 20 });
    const children = ctx.records.register().children;
    const hits = searchChildren(ctx.records.searchIndex(), criteria, (childId) => ctx.work.mayRead(ctx.caller, childId));
    const page = await logged(ctx, 'searchChildren', args, pageOf(hits, first, offset), { searchedBy });
    return {
      totalCount: page.totalCount,
      pageInfo: pageInfo(page),
      hits: page.rows.map((hit) => ({
        childId: hit.childId,
        givenName: hit.givenName,
        familyName: hit.familyName,
        dateOfBirth: hit.dateOfBirth,
        primaryNeed: children.get(hit.childId)?.registered?.data.primaryNeed ?? null,
        teamOrganisations: (ctx.work.childTeam(hit.childId)?.members ?? []).map((m) => organisation(ctx, m.organisationId)),
        matchedBy: hit.matchedBy,
      })),
    };
  },

  caseload: async (_: unknown, args: CaseloadArgs, ctx: QueryContext) => {
    const { first, offset } = paging(args);
    const tables = ctx.work.refresh(ctx.now());
    const key = args.scope === 'ORGANISATION' ? `org:${ctx.caller.organisationId}` : `user:${ctx.caller.userId}`;
    // A user id is only unique within its organisation: "mine" is my id in my organisation.
    const mine = (row: CaseloadRow) => args.scope === 'ORGANISATION' || row.named.organisationId === ctx.caller.organisationId;
    const rows = remembered(tables.caseload.rowsFor(key), `${ctx.caller.role}|${ctx.caller.organisationId}|${args.scope}|${args.sort}|${args.descending}`, () =>
      sortCaseload(
        ctx,
        filterRows(tables.caseload.rowsFor(key), {}, today(ctx), (row) => mine(row) && ctx.work.mayRead(ctx.caller, row.childId)),
        args.sort,
        args.descending ?? false,
      ),
    );
    const page = await logged(ctx, 'caseload', args, pageOf(rows, first, offset));
    const day = today(ctx);
    return {
      childCount: remembered(rows, 'childCount', () => new Set(rows.map((r) => r.childId)).size),
      ...pageAnswer(page, (row) => ({
        ...rowBase(ctx, row),
        recordId: row.recordId,
        namedRole: row.namedRole,
        namedPerson: person(row.named),
        completenessScore: row.completenessScore,
        nextDue: row.nextDue && { ...row.nextDue, overdue: dueStatus(row.nextDue.dueOn, day) === 'overdue' },
      })),
    };
  },

  adviceTray: async (_: unknown, args: AdviceArgs, ctx: QueryContext) => {
    const { caller } = ctx;
    const key =
      args.side === 'ASKED_OF_MY_ORGANISATION' ? `to:${caller.organisationId}` : args.side === 'REQUESTED_BY_MY_ORGANISATION' ? `byorg:${caller.organisationId}` : `by:${caller.userId}`;
    const mine = (row: AdviceRow) => args.side === 'ASKED_OF_MY_ORGANISATION' || row.requestedBy.organisationId === caller.organisationId;
    const day = today(ctx);
    return pageAnswer(await trayPage(ctx, 'adviceTray', args, (t) => t.advice.rowsFor(key), { variant: args.side ?? '', row: mine }), (row) => ({
      ...rowBase(ctx, row),
      assessmentId: row.recordId,
      assessmentKind: row.assessmentKind,
      requestId: row.requestId,
      adviserType: row.adviserType,
      adviserAgency: row.adviserAgency,
      adviser: organisation(ctx, row.adviserOrganisationId),
      requestedBy: row.requestedBy,
      requestedOn: row.requestedOn,
      dueOn: row.dueOn,
      ...due(row.dueOn, day),
      exception: row.exception,
    }));
  },

  statutoryClockTray: async (_: unknown, args: TrayArgs, ctx: QueryContext) => {
    const day = today(ctx);
    return pageAnswer(await trayPage(ctx, 'statutoryClockTray', args, teamRows((t) => t.clocks)), (row) => ({
      ...rowBase(ctx, row),
      recordId: row.recordId,
      assessmentKind: row.assessmentKind,
      clock: row.clock,
      regulation: row.regulation,
      exceptionRegulation: row.exceptionRegulation,
      startedOn: row.startedOn,
      dueOn: row.dueOn,
      ...due(row.dueOn, day),
      daysLeft: daysLeft(row.dueOn, day),
      status: row.status,
      state: row.exception ? 'exception_recorded' : row.status === 'overdue' ? 'overdue' : 'on_time',
      lawful: row.lawful,
      caseOfficer: person(row.caseOfficer),
      exception: row.exception,
      exceptionAppliedOn: row.exceptionAppliedOn,
    }));
  },

  planReviewTray: async (_: unknown, args: TrayArgs, ctx: QueryContext) => {
    const day = today(ctx);
    return pageAnswer(await trayPage(ctx, 'planReviewTray', args, teamRows((t) => t.planReviews)), (row) => ({
      ...rowBase(ctx, row),
      planId: row.recordId,
      dueOn: row.dueOn,
      ...due(row.dueOn, day),
      lastReviewedOn: row.lastReviewedOn,
      leadPractitioner: person(row.leadPractitioner),
    }));
  },

  incompletePlanTray: async (_: unknown, args: TrayArgs, ctx: QueryContext) =>
    pageAnswer(await trayPage(ctx, 'incompletePlanTray', args, teamRows((t) => t.incompletePlans)), (row) => ({
      ...rowBase(ctx, row),
      planId: row.recordId,
      completenessScore: row.completenessScore,
      failingRules: row.failing,
      dueOn: row.dueOn,
      leadPractitioner: person(row.leadPractitioner),
    })),

  shortBreakDecisionTray: async (_: unknown, args: TrayArgs, ctx: QueryContext) => {
    const day = today(ctx);
    return pageAnswer(await trayPage(ctx, 'shortBreakDecisionTray', args, teamRows((t) => t.shortBreakRequests)), (row) => ({
      ...rowBase(ctx, row),
      shortBreakId: row.recordId,
      route: row.route,
      requestedOn: row.requestedOn,
      waitingDays: daysOverdue(row.requestedOn, day),
      requestedBy: row.requestedBy,
    }));
  },

  auditSample: async (_: unknown, args: AuditArgs, ctx: QueryContext) => {
    if (ctx.caller.role !== 'auditor') throw new GraphQLError('the audit sample is for auditors', { extensions: { code: QueryErrorCodes.FORBIDDEN } });
    if (!Number.isInteger(args.notAuditedWithinMonths) || args.notAuditedWithinMonths < 0 || args.notAuditedWithinMonths > 600) throw badInput('notAuditedWithinMonths must be 0-600');
    if (!(args.share > 0 && args.share <= 1)) throw badInput('share must be more than 0 and at most 1');
    if (args.seed.length === 0 || args.seed.length > 100) throw badInput('seed must be 1-100 characters');
    const filter = checkFilter(args.filter);
    const { first, offset } = paging(args);
    const tables = ctx.work.refresh(ctx.now());
    const sample = remembered(tables.auditablePlans.all(), JSON.stringify([ctx.caller.organisationId, today(ctx), args.notAuditedWithinMonths, args.share, args.seed, filter]), () =>
      auditSample(
        filterRows(tables.auditablePlans.all(), filter, today(ctx), (row) => ctx.work.mayRead(ctx.caller, row.childId)),
        { notAuditedWithinMonths: args.notAuditedWithinMonths, share: args.share, seed: args.seed, now: ctx.now() },
      ),
    );
    const page = await logged(ctx, 'auditSample', args, pageOf(sample.sample, first, offset));
    return {
      population: sample.population,
      sampleSize: sample.sample.length,
      ...pageAnswer(page, (row) => ({ ...rowBase(ctx, row), recordId: row.recordId, lastAuditedAt: row.lastAuditedAt })),
    };
  },
};

type Tables = ReturnType<QueryContext['work']['refresh']>;
type TrayRow = { childId: string; streamId: string; organisationId: string; recordKind: RecordKind; dueOn: string | null; exception?: string | null };

/** The rows of a tray filed by team: an auditor's every row, anyone else's their organisation's team rows. */
const teamRows =
  <Row extends TrayRow>(table: (tables: Tables) => { all(): readonly Row[]; rowsFor(key: string): readonly Row[] }) =>
  (tables: Tables, ctx: QueryContext) =>
    ctx.caller.role === 'auditor' ? table(tables).all() : table(tables).rowsFor(`team:${ctx.caller.organisationId}`);

/**
 * A tray's page: its rows filtered (only children the caller may read), ordered, paged and access-logged.
 * The filtered rows are remembered while the rows they came from stand (a change to a child's team
 * re-derives that child's rows, so the array changes with it) for the same caller, filter and day;
 * the page is still access-logged on every read.
 */
async function trayPage<Row extends TrayRow>(
  ctx: QueryContext,
  query: string,
  args: TrayArgs,
  rowsOf: (tables: Tables, ctx: QueryContext) => readonly Row[],
  admit: { variant: string; row: (row: Row) => boolean } = { variant: '', row: () => true },
) {
  const filter = checkFilter(args.filter);
  const { first, offset } = paging(args);
  const rows = rowsOf(ctx.work.refresh(ctx.now()), ctx);
  const day = today(ctx);
  const { caller } = ctx;
  const key = JSON.stringify([query, admit.variant, caller.role, caller.agency, caller.organisationId, caller.userId, day, filter, args.descending ?? false]);
  const visible = remembered(rows, key, () => filterRows(rows, filter, day, (row) => admit.row(row) && ctx.work.mayRead(caller, row.childId), args.descending ?? false));
  return logged(ctx, query, args, pageOf(visible, first, offset));
}

/** Every list answer's shape: the count, the page's rows as presented, and where the next page starts. */
const pageAnswer = <Row, Out>(page: Page<Row>, present: (row: Row) => Out) => ({ totalCount: page.totalCount, pageInfo: pageInfo(page), rows: page.rows.map(present) });

/** What every tray row says of itself: the child, the record's kind and stream, and the organisation the row is for. */
// child and organisation are resolved only when the query selects them (the default resolver calls a function).
const rowBase = (ctx: QueryContext, row: TrayRow) => ({
  child: () => childSummary(ctx, row.childId),
  recordKind: row.recordKind,
  streamId: row.streamId,
  organisation: () => organisation(ctx, row.organisationId),
});

/** Organisation names beside organisation ids, wherever an answer carries one. */
const withOrganisationName = { organisationName: (parent: { organisationId?: string | null }, _: unknown, ctx: QueryContext) => (parent.organisationId ? ctx.organisationName(parent.organisationId) : null) };

export const organisationNameResolvers = {
  Actor: withOrganisationName,
  TeamMember: withOrganisationName,
  LeadPractitioner: withOrganisationName,
  Responsible: withOrganisationName,
  Contribution: withOrganisationName,
  Advice: withOrganisationName,
  NamedPerson: { organisation: (parent: { organisationId: string }, _: unknown, ctx: QueryContext) => organisation(ctx, parent.organisationId) },
};
