import { childCoverage, computeKpis, partnershipCoverage, streamHistory, teamOf, type ChildView, type PlanView } from '@planledger/projections';
import { GraphQLError } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import type { QueryContext } from '../context';
import { presentChildDetails, presentEhcAssessment, presentFamilyHelpPlan, presentShortBreak, type Judgement } from './present';
import { isUuid, planKindOf, planPrefixes, streamIdFor, type PlanKind } from './record-ids';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars';
import { readReasonEnumValues, type ReadReason } from '../access/read-reasons';
import { isSubscriptionEnd } from './subscription-limits';
import { inKpiTurn } from './kpi-turns';

/** The reason code of a read: the argument (the ReadReason enum, mapped to its code) or else the header's. */
function reasonOf(ctx: QueryContext, argument: ReadReason | null | undefined): ReadReason | undefined {
  return argument ?? ctx.headerReason;
}

/** The child a stream belongs to (child streams name it themselves). */
function childOfStream(ctx: QueryContext, streamId: string): ChildView | null {
  const register = ctx.records.register();
  const childId = streamId.startsWith('child-') ? streamId.slice('child-'.length) : register.childOfStream.get(streamId);
  return (childId && register.children.get(childId)) || null;
}

async function admitStream(ctx: QueryContext, field: string, streamId: string | null, reason: ReadReason | null | undefined, asOf?: Date) {
  const child = streamId ? childOfStream(ctx, streamId) : null;
  const admitted = await ctx.gate.admit({
    caller: ctx.caller,
    child,
    query: field,
    ...(streamId ? { streamId } : {}),
    ...(asOf ? { asOf } : {}),
    ...(reasonOf(ctx, reason) ? { reason: reasonOf(ctx, reason)! } : {}),
    correlationId: ctx.correlationId,
  });
  return admitted ? child : null;
}

async function judgementFor(ctx: QueryContext, child: ChildView, asOf: Date | null | undefined): Promise<Judgement> {
  if (!asOf) return { at: ctx.now(), replay: false, teamAgencies: teamOf(child).map((m) => m.agency) };
  const then = await ctx.records.child(child.childId, asOf);
  return { at: asOf, replay: true, teamAgencies: then ? teamOf(then).map((m) => m.agency) : [] };
}

type PlanArgs = { id: string; asOf?: Date | null; reason?: ReadReason | null };

const planResolvers = {
  familyHelpPlan: async (_: unknown, { id, asOf, reason }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.family_help_plan, id);
    const child = await admitStream(ctx, 'familyHelpPlan', streamId, reason, asOf ?? undefined);
    if (!child || !streamId) return null;
    const view = await ctx.records.familyHelpPlan(streamId, asOf ?? undefined);
    return view ? presentFamilyHelpPlan(view, await judgementFor(ctx, child, asOf)) : null;
  },
  ehcAssessment: async (_: unknown, { id, asOf, reason }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.ehc_assessment, id);
    const child = await admitStream(ctx, 'ehcAssessment', streamId, reason, asOf ?? undefined);
    if (!child || !streamId) return null;
    const view = await ctx.records.ehcAssessment(streamId, asOf ?? undefined);
    return view ? presentEhcAssessment(view, await judgementFor(ctx, child, asOf)) : null;
  },
  shortBreak: async (_: unknown, { id, asOf, reason }: PlanArgs, ctx: QueryContext) => {
    const streamId = streamIdFor(planPrefixes.short_break, id);
    const child = await admitStream(ctx, 'shortBreak', streamId, reason, asOf ?? undefined);
    if (!child || !streamId) return null;
    const view = await ctx.records.shortBreak(streamId, asOf ?? undefined);
    return view ? presentShortBreak(view, await judgementFor(ctx, child, asOf)) : null;
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

function presentLive(view: PlanView, judgement: Judgement) {
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
const kpiCaches = new WeakMap<object, Map<string, { position: number; answer: unknown }>>();

/** One KPI cache per query service (its read models), never shared between services. */
function kpiCacheOf(ctx: QueryContext): Map<string, { position: number; answer: unknown }> {
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

/** The plan stream a subscription names: a stream id, or an id of whichever plan kind holds it. */
function planStreamOf(ctx: QueryContext, id: string): string | null {
  for (const prefix of Object.values(planPrefixes)) {
    const streamId = streamIdFor(prefix, id);
    if (streamId && (id.startsWith(prefix) || liveView(ctx, streamId))) return streamId;
  }
  return null;
}

const notFound = () => new GraphQLError('no such record, or it is not shared with your organisation', { extensions: { code: QueryErrorCodes.NOT_FOUND } });

export const resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JSONScalar,
  ReadReason: readReasonEnumValues,
  Query: {
    child: async (_: unknown, { id, reason }: { id: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const child = await admitStream(ctx, 'child', isUuid(id) ? `child-${id.toLowerCase()}` : null, reason);
      if (!child) return null;
      const judgement = await judgementFor(ctx, child, null);
      const views = (ctx.records.register().streamsOfChild.get(child.childId) ?? []).map((s) => liveView(ctx, s)).filter((v): v is PlanView => v !== undefined);
      const present = views.map((v) => presentLive(v, judgement));
      return {
        ...presentChildDetails(child),
        familyHelpPlans: present.filter((p, i) => views[i]!.kind === 'family_help_plan'),
        ehcAssessments: present.filter((p, i) => views[i]!.kind === 'ehc_assessment'),
        shortBreaks: present.filter((p, i) => views[i]!.kind === 'short_break'),
        coverage: () => childCoverage(views),
      };
    },
    ...planResolvers,
    history: async (_: unknown, { streamId, reason }: { streamId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const child = await admitStream(ctx, 'history', streamId.length <= 200 ? streamId : null, reason);
      if (!child) return null;
      return { streamId, childId: child.childId, events: streamHistory(await ctx.store.readStream(streamId)) };
    },
    verifyIntegrity: async (_: unknown, { streamId, reason }: { streamId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const child = await admitStream(ctx, 'verifyIntegrity', streamId.length <= 200 ? streamId : null, reason);
      if (!child) return null;
      const result = await ctx.store.verifyStream(streamId);
      return result.ok
        ? { streamId, ok: true, eventCount: result.eventCount, lastHash: result.lastHash, firstBadRevision: null, eventId: null, reason: null }
        : { streamId, ok: false, eventCount: result.eventCount, lastHash: null, firstBadRevision: result.firstBadRevision, eventId: result.eventId, reason: result.reason };
    },
    kpis: async (_: unknown, { from, to }: { from: string; to: string }, ctx: QueryContext) => {
      if (from > to) throw new GraphQLError('from must not be after to', { extensions: { code: QueryErrorCodes.BAD_INPUT } });
      // The figures change only with the log, the day, and what the caller may read: until one of
      // those moves, the answer computed for the first such request is the answer (with its takenAt).
      const keyAt = (now: Date) => [ctx.caller.role, ctx.caller.agency, ctx.caller.organisationId, from, to, now.toISOString().slice(0, 10)].join('|');
      const cache = kpiCacheOf(ctx);
      const cachedAnswer = () => {
        const cached = cache.get(keyAt(ctx.now()));
        return cached && cached.position === ctx.runner.position ? cached.answer : undefined;
      };
      const hit = cachedAnswer();
      if (hit !== undefined) return hit;
      // One window at a time across the service; a window computed while this one waited is shared.
      return inKpiTurn(ctx.records, () => {
        const shared = cachedAnswer();
        if (shared !== undefined) return shared;
        const now = ctx.now();
        const position = ctx.runner.position;
        const kpis = computeKpis(
          { ehcAssessments: ctx.records.ehcAssessments().values(), shortBreaks: ctx.records.shortBreaks().values(), audits: ctx.records.audits().values() },
          { from, to, now, includeChild: readableChildren(ctx) },
        );
        const answer = { from, to, takenAt: now, ...kpis };
        if (cache.size >= MAX_CACHED_KPIS) cache.clear();
        cache.set(keyAt(now), { position, answer });
        return answer;
      });
    },
    partnershipCoverage: (_: unknown, __: unknown, ctx: QueryContext) => {
      const readable = readableChildren(ctx);
      const result = partnershipCoverage(
        [...ctx.records.familyHelpPlans().values(), ...ctx.records.ehcAssessments().values()],
        (view) => readable(view.childId),
      );
      return { ...result, missing: Object.entries(result.missing).map(([agency, plans]) => ({ agency, plans })) };
    },
    readModels: (_: unknown, __: unknown, ctx: QueryContext) => ({ position: ctx.runner.position, ready: ctx.runner.ready }),
  },
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
