import { decideAudit } from '../deciders/audit';
import { auditStream } from '../deciders/streams';
import { AuditModerated, QualityAuditRecorded } from '../events/audit';
import { idSchema, streamIdOf } from '../events/common';
import { commandBody, idParams, noParams } from './body';
import { defineCommand } from './define-command';

export const recordQualityAudit = defineCommand({
  name: 'recordQualityAudit',
  path: '/v1/audits',
  summary: 'Grade a plan as it stood at a point in time, with findings (auditors only; any child).',
  params: noParams,
  body: commandBody({ childId: idSchema, ...QualityAuditRecorded.data.pick({ planStreamId: true, asOf: true, grade: true, findings: true }).shape }),
  emits: ['QualityAuditRecorded'],
  stream: auditStream,
  target: { creates: 'audit' },
  childOf: (body) => body.childId,
  related: (body) => [body.planStreamId],
  decide: ({ body, entityId, state, related, ctx }) =>
    decideAudit({ type: 'recordQualityAudit', data: { auditId: entityId, ...body } }, state, { ...ctx, planEvents: related.get(body.planStreamId) ?? [] }),
});

export const moderateAudit = defineCommand({
  name: 'moderateAudit',
  path: '/v1/audits/:auditId/moderations',
  summary: 'Moderate another auditor\'s audit: agree with the grade or give another.',
  params: idParams('auditId'),
  body: commandBody({ agreesWithGrade: AuditModerated.data.shape.agreesWithGrade, moderatedGrade: AuditModerated.data.shape.moderatedGrade.optional(), comments: AuditModerated.data.shape.comments }),
  emits: ['AuditModerated'],
  stream: auditStream,
  target: ({ auditId }) => ({ streamId: streamIdOf('audit', auditId), entityId: auditId }),
  decide: ({ body, state, ctx }) => decideAudit({ type: 'moderateAudit', data: body }, state, { ...ctx, planEvents: [] }),
});

export const auditCommands = [recordQualityAudit, moderateAudit];
