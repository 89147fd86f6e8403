import type { EventEnvelope } from '@planledger/event-store';
import type { DomainEvent } from '../events/all';
import type { AuditGrade, QualityAuditRecordedData } from '../events/audit';
import { parseStreamId } from '../events/common';
import type { DecisionContext, RecordedEvent } from './decision';
import { forbid, refuse } from './decision';

export interface AuditState {
  status: 'not_recorded' | 'recorded';
  auditId: string | null;
  childId: string | null;
  planStreamId: string | null;
  grade: AuditGrade | null;
  auditorUserId: string | null;
  moderatorUserIds: string[];
}

export const initialAuditState = (): AuditState => ({ status: 'not_recorded', auditId: null, childId: null, planStreamId: null, grade: null, auditorUserId: null, moderatorUserIds: [] });

/** Streams an audit may grade. */
export const auditablePlanCategories = ['family-help-plan', 'ehc-assessment', 'short-break'] as const;

export type AuditCommand =
  | { type: 'recordQualityAudit'; data: QualityAuditRecordedData }
  | { type: 'moderateAudit'; data: { agreesWithGrade: boolean; moderatedGrade?: AuditGrade | undefined; comments: string } };

export interface AuditDecisionContext extends DecisionContext {
  /** The plan stream the audit grades, as stored (empty when there is no such stream). */
  planEvents: readonly EventEnvelope[];
}

export function evolveAudit(state: AuditState, event: RecordedEvent): AuditState {
  switch (event.type) {
    case 'QualityAuditRecorded':
      return {
        ...state,
        status: 'recorded',
        auditId: event.data.auditId,
        childId: event.data.childId,
        planStreamId: event.data.planStreamId,
        grade: event.data.grade,
        auditorUserId: event.actor?.userId ?? null,
      };
    case 'AuditModerated':
      return event.actor ? { ...state, moderatorUserIds: [...state.moderatorUserIds, event.actor.userId] } : state;
    default:
      return state;
  }
}

export function decideAudit(command: AuditCommand, state: AuditState, ctx: AuditDecisionContext): DomainEvent[] {
  if (command.type === 'recordQualityAudit') {
    if (state.status !== 'not_recorded') refuse('AUDIT_ALREADY_RECORDED', 'the audit is already recorded');
    const { planStreamId, childId, asOf } = command.data;
    const first = ctx.planEvents[0];
    const category = parseStreamId(planStreamId)?.category;
    if (!first || !category || !(auditablePlanCategories as readonly string[]).includes(category) || (first.data as { childId?: unknown }).childId !== childId) {
      refuse('PLAN_NOT_FOUND', 'the child has no such plan');
    }
    if (Date.parse(asOf) > ctx.now.getTime()) refuse('AS_OF_IN_FUTURE', 'a plan can only be graded as it stood up to now');
    if (Date.parse(asOf) < Date.parse(first.recordedAt)) refuse('AS_OF_BEFORE_PLAN', 'the plan was not yet recorded at that time');
    return [{ type: 'QualityAuditRecorded', data: command.data }];
  }
  if (state.status !== 'recorded' || !state.auditId || !state.childId || !state.planStreamId || !state.grade) refuse('AUDIT_NOT_FOUND', 'no such audit');
  if (state.auditorUserId === ctx.caller.userId) forbid('OWN_AUDIT_MODERATION', 'an auditor cannot moderate their own audit');
  if (state.moderatorUserIds.includes(ctx.caller.userId)) refuse('ALREADY_MODERATED', 'you have already moderated this audit');
  const { agreesWithGrade, comments } = command.data;
  const moderatedGrade = command.data.moderatedGrade ?? state.grade;
  if (agreesWithGrade !== (moderatedGrade === state.grade)) refuse('MODERATED_GRADE_INCONSISTENT', 'agreeing with the grade means giving the same grade');
  return [
    {
      type: 'AuditModerated',
      data: { auditId: state.auditId, childId: state.childId, planStreamId: state.planStreamId, originalGrade: state.grade, agreesWithGrade, moderatedGrade, comments },
    },
  ];
}
