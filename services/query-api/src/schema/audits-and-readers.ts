import type { ReadReason } from '../access/read-reasons';
import { isReplay, type AuditView, type PlanView } from '@planledger/projections';
import type { QueryContext } from '../context';
import { accessLogStreamOf, type ChildRecordReadData } from '../access/access-log-event';
import { recorded } from './present';
import { isUuid, planPrefixes, streamIdFor } from './record-ids';
import { admitStream, judgementFor, presentLive, replayView } from './resolvers';

/**
 * Quality audits (grade, findings, moderation and agreement, with the plan as it stood at the audit's
 * point in time one field away) and who has read a child's record.
 */

const AUDIT_PREFIX = 'audit-';

function presentAudit(ctx: QueryContext, view: AuditView) {
  const audit = view.recorded;
  const moderations = [...view.moderations.values()].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1));
  const agreeing = moderations.filter((m) => m.data.agreesWithGrade).length;
  const planStreamId = audit?.data.planStreamId ?? null;
  const asOf = audit ? new Date(audit.data.asOf) : null;
  return {
    id: view.auditId,
    streamId: view.meta.streamId,
    childId: view.childId,
    planStreamId,
    planAsOf: asOf,
    grade: audit?.data.grade ?? null,
    findings: audit?.data.findings ?? [],
    recorded: audit ? recorded(audit) : null,
    moderations: moderations.map((m) => ({
      originalGrade: m.data.originalGrade,
      agreesWithGrade: m.data.agreesWithGrade,
      moderatedGrade: m.data.moderatedGrade,
      comments: m.data.comments,
      recorded: recorded(m),
    })),
    agreement: { moderations: moderations.length, agreeing, rate: moderations.length === 0 ? null : agreeing / moderations.length },
    /** The audited plan replayed to the instant it was graded as at (recorded time). */
    plan: async () => {
      if (!planStreamId || !asOf) return null;
      const child = ctx.records.register().children.get(view.childId);
      if (!child) return null;
      const at = { asOf };
      const planView: PlanView | undefined = await replayView(ctx, planStreamId, at);
      return planView && isReplay(at) ? presentLive(planView, await judgementFor(ctx, child, at)) : null;
    },
  };
}

const auditsOfStream = (ctx: QueryContext, planStreamId: string) =>
  [...ctx.records.audits().values()]
    .filter((a) => a.recorded?.data.planStreamId === planStreamId)
    .sort((a, b) => (a.meta.firstRecordedAt < b.meta.firstRecordedAt ? -1 : 1));

function anyPlanStream(id: string): string | null {
  for (const prefix of Object.values(planPrefixes)) {
    if (id.startsWith(prefix)) return streamIdFor(prefix, id);
  }
  return null;
}

export const auditAndReaderResolvers = {
  AuditedPlan: {
    __resolveType: (plan: { kind?: string; planType?: unknown; route?: unknown }) => ('route' in plan ? 'ShortBreak' : 'planType' in plan ? 'FamilyHelpPlan' : 'EhcAssessment'),
  },
  Query: {
    audit: async (_: unknown, { id, reason }: { id: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const streamId = streamIdFor(AUDIT_PREFIX, id);
      const child = await admitStream(ctx, 'audit', streamId, reason);
      if (!child || !streamId) return null;
      const view = ctx.records.audits().get(streamId);
      return view ? presentAudit(ctx, view) : null;
    },
    audits: async (_: unknown, { planId, reason }: { planId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const streamId = anyPlanStream(planId);
      const child = await admitStream(ctx, 'audits', streamId, reason);
      if (!child || !streamId) return null;
      return auditsOfStream(ctx, streamId).map((view) => presentAudit(ctx, view));
    },
    childReads: async (_: unknown, { childId, reason }: { childId: string; reason?: ReadReason | null }, ctx: QueryContext) => {
      const streamId = isUuid(childId) ? accessLogStreamOf(childId.toLowerCase()) : null;
      const child = await admitStream(ctx, 'childReads', streamId, reason);
      if (!child || !streamId) return null;
      const reads = (await ctx.streams.readStream(streamId)).filter((e) => e.type === 'ChildRecordRead');
      return {
        childId: child.childId,
        reads: reads.map((e) => {
          const data = e.data as ChildRecordReadData;
          return {
            at: e.recordedAt,
            by: e.actor,
            organisationId: e.actor.organisationId,
            query: data.query,
            streamId: data.streamId ?? null,
            asOf: data.asOf ?? null,
            happenedBy: data.happenedBy ?? null,
            outcome: data.outcome,
            reason: data.reason ?? null,
            correlationId: e.correlationId,
          };
        }),
      };
    },
  },
};
