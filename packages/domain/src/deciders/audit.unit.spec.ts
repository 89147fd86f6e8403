import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { QualityAuditRecordedData } from '../events/audit';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import type { AuditCommand } from './audit';
import { decideAudit, evolveAudit, initialAuditState } from './audit';
import type { RecordedEvent } from './decision';
import { fold } from './decision';

const childId = entityId(100);
const planId = entityId(200);
const auditId = entityId(500);
const planStreamId = `family-help-plan-${planId}`;
const auditor = callerFor('auditor', 'qa-team', 'auditor-1');
const secondAuditor = callerFor('auditor', 'qa-team', 'auditor-2');
const planOpened = { eventId: entityId(9), type: 'FamilyHelpPlanOpened', data: { planId, childId }, recordedAt: '2025-01-10T10:00:00Z' } as unknown as EventEnvelope;
const audit: QualityAuditRecordedData = { auditId, childId, planStreamId, asOf: '2025-05-01T00:00:00Z', grade: 'good', findings: [{ area: 'outcomes', finding: 'Clear and measurable' }] };
const recorded: RecordedEvent = { type: 'QualityAuditRecorded', data: audit, actor: { userId: auditor.userId, role: 'auditor', agency: 'education', organisationId: 'qa-team' } };

const when = (given: RecordedEvent[], command: AuditCommand, caller = auditor, planEvents: EventEnvelope[] = [planOpened]) =>
  decideAudit(command, fold(evolveAudit, initialAuditState(), given), { ...contextFor(caller), planEvents });

describe('audit decider', () => {
  it('grades a plan as it stood at a time', () => {
    expect(when([], { type: 'recordQualityAudit', data: audit })).toEqual([{ type: 'QualityAuditRecorded', data: audit }]);
  });

  it('refuses a plan that does not exist or belongs to another child', () => {
    expectRefusal(() => when([], { type: 'recordQualityAudit', data: audit }, auditor, []), DomainErrorCodes.RULE, 'PLAN_NOT_FOUND');
    expectRefusal(() => when([], { type: 'recordQualityAudit', data: { ...audit, childId: entityId(101) } }), DomainErrorCodes.RULE, 'PLAN_NOT_FOUND');
    expectRefusal(() => when([], { type: 'recordQualityAudit', data: { ...audit, planStreamId: `child-${childId}` } }), DomainErrorCodes.RULE, 'PLAN_NOT_FOUND');
  });

  it('refuses to grade a time in the future or before the plan was recorded', () => {
    expectRefusal(() => when([], { type: 'recordQualityAudit', data: { ...audit, asOf: '2025-07-01T00:00:00Z' } }), DomainErrorCodes.RULE, 'AS_OF_IN_FUTURE');
    expectRefusal(() => when([], { type: 'recordQualityAudit', data: { ...audit, asOf: '2025-01-01T00:00:00Z' } }), DomainErrorCodes.RULE, 'AS_OF_BEFORE_PLAN');
  });

  it('refuses to record the same audit twice', () => {
    expectRefusal(() => when([recorded], { type: 'recordQualityAudit', data: audit }), DomainErrorCodes.RULE, 'AUDIT_ALREADY_RECORDED');
  });

  it('moderates another auditor\'s audit', () => {
    expect(when([recorded], { type: 'moderateAudit', data: { agreesWithGrade: false, moderatedGrade: 'requires_improvement', comments: 'No family views' } }, secondAuditor)).toEqual([
      { type: 'AuditModerated', data: { auditId, childId, planStreamId, originalGrade: 'good', agreesWithGrade: false, moderatedGrade: 'requires_improvement', comments: 'No family views' } },
    ]);
    expect(when([recorded], { type: 'moderateAudit', data: { agreesWithGrade: true, comments: 'Agree' } }, secondAuditor)[0]?.data).toMatchObject({ moderatedGrade: 'good' });
  });

  it('refuses self-moderation, moderating twice, an inconsistent grade and a missing audit', () => {
    expectRefusal(() => when([recorded], { type: 'moderateAudit', data: { agreesWithGrade: true, comments: 'c' } }, auditor), DomainErrorCodes.FORBIDDEN, 'OWN_AUDIT_MODERATION');
    const moderated: RecordedEvent = { type: 'AuditModerated', data: { auditId, childId, planStreamId, originalGrade: 'good', agreesWithGrade: true, moderatedGrade: 'good', comments: 'c' }, actor: { userId: secondAuditor.userId, role: 'auditor', agency: 'education', organisationId: 'qa-team' } };
    expectRefusal(() => when([recorded, moderated], { type: 'moderateAudit', data: { agreesWithGrade: true, comments: 'c' } }, secondAuditor), DomainErrorCodes.RULE, 'ALREADY_MODERATED');
    expectRefusal(() => when([recorded], { type: 'moderateAudit', data: { agreesWithGrade: true, moderatedGrade: 'inadequate', comments: 'c' } }, secondAuditor), DomainErrorCodes.RULE, 'MODERATED_GRADE_INCONSISTENT');
    expectRefusal(() => when([], { type: 'moderateAudit', data: { agreesWithGrade: true, comments: 'c' } }, secondAuditor), DomainErrorCodes.RULE, 'AUDIT_NOT_FOUND');
  });
});
