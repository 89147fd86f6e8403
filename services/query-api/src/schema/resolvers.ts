import { londonDateOf } from '@planledger/domain';
import { childCoverage, computeKpisInSlices, isReplay, judgedAt, kpiChanges, kpisAtInSlices, partnershipCoverage, streamHistory, teamOf, type ChildView, type Instant, type KpiRecord, type Kpis, type PlanView } from '@planledger/projections';
import { GraphQLError } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import type { QueryContext } from '../context';
import { presentChildDetails, presentEhcAssessment, presentFamilyHelpPlan, presentShortBreak, type Judgement } from './present';
import { isUuid, planKindOf, planPrefixes, streamIdFor, type PlanKind } from './record-ids';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars';
import { organisationAnswer } from '../organisations/organisation-names';
import { findingResolvers, organisationNameResolvers } from './finding-resolvers';
import { reasonOf } from './reason';
import { readReasonEnumValues, type ReadReason } from '../access/read-reasons';
import { childIdOfAccessLogStream, isAccessLogStream } from '../access/access-log-event';
import { isSubscriptionEnd } from './subscription-limits';
import { inKpiTurn } from './kpi-turns';
import { recordChildResolvers } from './record-child';
import { listKpiRecords } from './kpi-records';

/** The child a stream belongs to (child streams name it themselves). */
function childOfStream(ctx: QueryContext, streamId: string): ChildView | null {
  const register = ctx.records.register();
  const childId = streamId.startsWith('child-') ? streamId.slice('child-'.length) : (childIdOfAccessLogStream(streamId) ?? register.childOfStream.get(streamId));
  return (childId && register.children.get(childId)) || null;
}

export async function admitStream(ctx: QueryContext, field: string, streamId: string | null, reason: ReadReason | null | undefined, at: Instant = {}) {
  const child = streamId ? childOfStream(ctx, streamId) : null;
  const admitted = await ctx.gate.admit({
    caller: ctx.caller,
    child,
    query: field,
    ...(streamId ? { streamId } : {}),
    ...(at.asOf ? { asOf: at.asOf } : {}),
    ...(at.happenedBy ? { happenedBy: at.happenedBy } : {}),
    ...(reasonOf(ctx, reason) ? { reason: reasonOf(ctx, reason)! } : {}),
    correlationId: ctx.correlationId,
    // Who read a child is shown only to those who may see its readers, whichever query asks.
    ...(streamId && isAccessLogStream(streamId) ? { rule: 'access_log' as const } : {}),
  });
  return admitted ? child : null;
}

export async function judgementFor(ctx: QueryContext, child: ChildView, at: Instant): Promise<Judgement> {
  const dateOfBirth = child.registered?.data.dateOfBirth ?? null;
  if (!isReplay(at)) return { at: ctx.now(), replay: false, teamAgencies: teamOf(child).map((m) => m.agency), dateOfBirth };
  const then = await ctx.records.child(child.childId, at);
  return { at: judgedAt(at, ctx.now()), replay: true, asOf: at.asOf ?? null, happenedBy: at.happenedBy ?? null, teamAgencies: then ? teamOf(then).map((m) => m.agency) : [], dateOfBirth };
}

type InstantArgs = { asOf?: Date | null; happenedBy?: Date | null };
type PlanArgs = InstantArgs & { id: string; reason?: ReadReason | null };

/** The two clocks of a query's arguments: recorded time (asOf) and world time (happenedBy). */
function instantArgs({ asOf, happenedBy }: InstantArgs): Instant {
  return { ...(asOf ? { asOf } : {}), ...(happenedBy ? { happenedBy } : {}) };
}

const planResolvers = {
  familyHelpPlan: async (_: unknown, { id, reason, ...clocks }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.family_help_plan, id);
    const at = instantArgs(clocks);
    const child = await admitStream(ctx, 'familyHelpPlan', streamId, reason, at);
    if (!child || !streamId) return null;
    const view = await ctx.records.familyHelpPlan(streamId, at);
    return view ? presentFamilyHelpPlan(view, await judgementFor(ctx, child, at)) : null;
  },
  ehcAssessment: async (_: unknown, { id, reason, ...clocks }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.ehc_assessment, id);
    const at = instantArgs(clocks);
    const child = await admitStream(ctx, 'ehcAssessment', streamId, reason, at);
    if (!child || !streamId) return null;
    const view = await ctx.records.ehcAssessment(streamId, at);
    return view ? presentEhcAssessment(view, await judgementFor(ctx, child, at)) : null;
  },
  shortBreak: async (_: unknown, { id, reason, ...clocks }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.short_break, id);
    const at = instantArgs(clocks);
    const child = await admitStream(ctx, 'shortBreak', streamId, reason, at);
    if (!child || !streamId) return null;
    const view = await ctx.records.shortBreak(streamId, at);
    return view ? presentShortBreak(view, await judgementFor(ctx, child, at)) : null;
  },
};

function liveView(ctx: QueryContext, streamId: string): PlanView | undefined {
  switch (planKindOf(streamId)) {
    case 'family_help_plan':
      return ctx.records.familyHelpPlans().get(streamId);
    case 'ehc_assessment':
      return ctx.records.ehcAssessments().get(streamId);
    case 'short_break':
      return ctx.records.shortBreaks().get(streamId);
    default:
      return undefined;
  }
}

export async function replayView(ctx: QueryContext, streamId: string, at: Instant): Promise<PlanView | undefined> {
  switch (planKindOf(streamId)) {
    case 'family_help_plan':
      return ctx.records.familyHelpPlan(streamId, at);
    case 'ehc_assessment':
      return ctx.records.ehcAssessment(streamId, at);
    case 'short_break':
      return ctx.records.shortBreak(streamId, at);
    default:
      return undefined;
  }
}

export function presentLive(view: PlanView, judgement: Judgement) {
  switch (view.kind) {
    case 'family_help_plan':
      return presentFamilyHelpPlan(view, judgement);
    case 'ehc_assessment':
      return presentEhcAssessment(view, judgement);
    case 'short_break':
      return presentShortBreak(view, judgement);
  }
}

/** The caller's read rights over many children at once, each child judged once per request. */
const MAX_CACHED_KPIS = 500;
const kpiCaches = new WeakMap<object, Map<string, { position: number; answer: unknown; takenAt: Date }>>();

/** One KPI cache per query service (its read models), never shared between services. */
function kpiCacheOf(ctx: QueryContext): Map<string, { position: number; answer: unknown; takenAt: Date }> {
  let cache = kpiCaches.get(ctx.records);
  if (!cache) {
    cache = new Map();
    kpiCaches.set(ctx.records, cache);
  }
  return cache;
}

function readableChildren(ctx: QueryContext) {
  const seen = new Map<string, boolean>();
  const children = ctx.records.register().children;
  return (childId: string) => {
    let ok = seen.get(childId);
    if (ok === undefined) {
      ok = ctx.gate.mayRead(ctx.caller, children.get(childId));
      seen.set(childId, ok);
    }
    return ok;
  };
}

type KpiArgs = InstantArgs & { from: string; to: string };

/**
 * The figures for a window, live or as the partnership would have reported them at an instant. The
 * figures change only with the log, the day (or the instant), and what the caller may read: until
 * one of those moves, the answer computed for the first such request is the answer.
 */
async function kpisFor(ctx: QueryContext, from: string, to: string, at: Instant): Promise<{ takenAt: Date; answer: Kpis }> {
  if (from > to) throw new GraphQLError('from must not be after to', { extensions: { code: QueryErrorCodes.BAD_INPUT } });
  const now = ctx.now();
  const replay = isReplay(at);
  const key = [ctx.caller.role, ctx.caller.agency, ctx.caller.organisationId, from, to, replay ? `${at.asOf?.toISOString() ?? ''}/${at.happenedBy?.toISOString() ?? ''}` : londonDateOf(now)].join('|');
  const cache = kpiCacheOf(ctx);
  const cachedAnswer = () => {
    const cached = cache.get(key);
    return cached && cached.position === ctx.runner.position ? { takenAt: cached.takenAt, answer: cached.answer as Kpis } : undefined;
  };
  const hit = cachedAnswer();
  if (hit) return hit;
  // One window at a time across the service; a window computed while this one waited is shared.
  return inKpiTurn(ctx.records, async () => {
    const shared = cachedAnswer();
    if (shared) return shared;
    const position = ctx.runner.position;
    const window = { from, to, now, includeChild: readableChildren(ctx) };
    // Both computed in slices that hand the event loop back every few milliseconds (see inSlices).
    // A replay reads the whole log up to its head, a page at a time; the live figures take each
    // view as it stands when its slice reaches it (the cache below keeps an answer only for the
    // position it was started at).
    const answer = replay
      ? await kpisAtInSlices(ctx.recordLog, at, window)
      : await computeKpisInSlices({ ehcAssessments: [...ctx.records.ehcAssessments().values()], shortBreaks: [...ctx.records.shortBreaks().values()], audits: [...ctx.records.audits().values()] }, window);
    if (cache.size >= MAX_CACHED_KPIS) cache.clear();
    const takenAt = replay ? judgedAt(at, now) : now;
    cache.set(key, { position, answer, takenAt });
    return { takenAt, answer };
  });
}

/** The plan stream a subscription names: a stream id, or an id of whichever plan kind holds it. */
function planStreamOf(ctx: QueryContext, id: string): string | null {
  for (const prefix of Object.values(planPrefixes)) {
    const streamId = streamIdFor(prefix, id);
    if (streamId && (id.startsWith(prefix) || liveView(ctx, streamId))) return streamId;
  }
  return null;
}

const recordPrefixes = ['child-', ...Object.values(planPrefixes), 'audit-'];

/**
 * The stream a history or integrity query names: a stream id as given, or a record's id (a child,
 * plan, assessment, short break or audit) resolved to its stream. Null for anything else.
 */
function recordStreamOf(ctx: QueryContext, id: string): string | null {
  if (id.length > 200) return null;
  if (!isUuid(id)) return id;
  const lower = id.toLowerCase();
  const register = ctx.records.register();
  if (register.children.has(lower)) return `child-${lower}`;
  for (const prefix of recordPrefixes) if (register.childOfStream.has(`${prefix}${lower}`)) return `${prefix}${lower}`;
  return null;
}

const notFound = () => new GraphQLError('no such record, or it is not shared with your organisation', { extensions: { code: QueryErrorCodes.NOT_FOUND } });

export const resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JSONScalar,
  Completeness: {
    numerator: (report: { satisfied: number }) => report.satisfied,
    denominator: (report: { applicable: number }) => report.applicable,
  },
  ReadReason: readReasonEnumValues,
  Figure: {
    records: (figure: { records: readonly KpiRecord[] }, _: unknown, ctx: QueryContext) => listKpiRecords(ctx, figure.records),
  },
  Kpis: {
    advicePending: (kpis: { advicePending: readonly KpiRecord[] }, _: unknown, ctx: QueryContext) => listKpiRecords(ctx, kpis.advicePending),
  },
  KpiFigureChange: {
    records: (change: { records: readonly unknown[] }, _: unknown, ctx: QueryContext) => listKpiRecords(ctx, change.records),
  },
  Query: {
    child: async (_: unknown, { id, reason, ...clocks }: InstantArgs & { id: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const at = instantArgs(clocks);
      const live = await admitStream(ctx, 'child', isUuid(id) ? `child-${id.toLowerCase()}` : null, reason, at);
      if (!live) return null;
      const child = isReplay(at) ? await ctx.records.child(live.childId, at) : live;
      if (!child) return null;
      const judgement = await judgementFor(ctx, live, at);
      const streams = ctx.records.register().streamsOfChild.get(child.childId) ?? [];
      const views = (isReplay(at) ? await Promise.all(streams.map((s) => replayView(ctx, s, at))) : streams.map((s) => liveView(ctx, s))).filter((v): v is PlanView => v !== undefined);
      const present = views.map((v) => presentLive(v, judgement));
      return {
        ...presentChildDetails(child),
        asOf: judgement.asOf ?? null,
        happenedBy: judgement.happenedBy ?? null,
        familyHelpPlans: present.filter((p, i) => views[i]!.kind === 'family_help_plan'),
        ehcAssessments: present.filter((p, i) => views[i]!.kind === 'ehc_assessment'),
        shortBreaks: present.filter((p, i) => views[i]!.kind === 'short_break'),
        coverage: () => childCoverage(views),
      };
    },
    ...planResolvers,
    history: async (_: unknown, { streamId: id, reason }: { streamId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const streamId = recordStreamOf(ctx, id);
      const child = await admitStream(ctx, 'history', streamId, reason);
      if (!child || !streamId) return null;
      return { streamId, childId: child.childId, events: streamHistory(await ctx.streams.readStream(streamId)) };
    },
    verifyIntegrity: async (_: unknown, { streamId: id, reason }: { streamId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const streamId = recordStreamOf(ctx, id);
      const child = await admitStream(ctx, 'verifyIntegrity', streamId, reason);
      if (!child || !streamId) return null;
      const result = await ctx.streams.verifyStream(streamId);
      return result.ok
        ? { streamId, ok: true, eventCount: result.eventCount, lastHash: result.lastHash, firstBadRevision: null, eventId: null, reason: null }
        : { streamId, ok: false, eventCount: result.eventCount, lastHash: null, firstBadRevision: result.firstBadRevision, eventId: result.eventId, reason: result.reason };
    },
    kpis: async (_: unknown, { from, to, ...clocks }: KpiArgs, ctx: QueryContext) => {
      const at = instantArgs(clocks);
      const { takenAt, answer } = await kpisFor(ctx, from, to, at);
      return { from, to, takenAt, asOf: at.asOf ?? null, happenedBy: at.happenedBy ?? null, ...answer };
    },
    kpiChanges: async (_: unknown, { from, to, asOf, since }: { from: string; to: string; asOf: Date; since?: Date | null }, ctx: QueryContext) => {
      if (since && since < asOf) throw new GraphQLError('since must not be before asOf', { extensions: { code: QueryErrorCodes.BAD_INPUT } });
      const then = await kpisFor(ctx, from, to, { asOf });
      const now = await kpisFor(ctx, from, to, since ? { asOf: since } : {});
      return { from, to, asOf, since: now.takenAt, changes: kpiChanges(then.answer, now.answer) };
    },
    partnershipCoverage: (_: unknown, __: unknown, ctx: QueryContext) => {
      const readable = readableChildren(ctx);
      const result = partnershipCoverage(
        [...ctx.records.familyHelpPlans().values(), ...ctx.records.ehcAssessments().values()],
        (view) => readable(view.childId),
      );
      return { ...result, missing: Object.entries(result.missing).map(([agency, plans]) => ({ agency, plans })) };
    },
    organisations: (_: unknown, { includeRetired }: { includeRetired?: boolean | null }, ctx: QueryContext) =>
      [...ctx.records.organisations().organisations.values()].filter((o) => includeRetired !== false || o.active).map((o) => organisationAnswer(ctx.records.organisations(), o.organisationId)),
    readModels: (_: unknown, __: unknown, ctx: QueryContext) => ({ position: ctx.runner.position, ready: ctx.runner.ready }),
    ...findingResolvers,
  },
  ...organisationNameResolvers,
  ...recordChildResolvers,
  Subscription: {
    planChanged: {
      subscribe: async (_: unknown, { id, reason }: { id: string; reason?: ReadReason | null }, ctx: QueryContext) => {
        const streamId = planStreamOf(ctx, id);
        const child = await admitStream(ctx, 'planChanged', streamId, reason);
        if (!child || !streamId) throw notFound();
        return ctx.subscribeToPlan(streamId);
      },
      // A subscription whose token expired ends with a coded error event (then the stream closes).
      resolve: (change: unknown) => {
        if (isSubscriptionEnd(change)) throw change.error;
        return change;
      },
    },
  },
};

export type { PlanKind };
