import { z } from 'zod';
import { defineEvent } from './catalogue';
import { freeText, idSchema, isoDateTime, shortText, streamIdSchema } from './common';

export const auditGrades = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;

const auditIds = { auditId: idSchema, childId: idSchema, planStreamId: streamIdSchema };

export const QualityAuditRecorded = defineEvent({
  type: 'QualityAuditRecorded',
  schemaVersion: 1,
  category: 'audit',
  description: 'An auditor grades a plan as it stood at a point in time, with findings.',
  data: z.strictObject({
    ...auditIds,
    /** The moment the plan was graded as at: the audit replays the plan stream to this time. */
    asOf: isoDateTime,
    grade: z.enum(auditGrades),
    findings: z.array(z.strictObject({ area: shortText, finding: freeText })).min(1).max(50),
  }),
});

export const AuditModerated = defineEvent({
  type: 'AuditModerated',
  schemaVersion: 1,
  category: 'audit',
  description: 'A second auditor moderates an audit: whether they agree with the grade, and the grade they would give.',
  data: z.strictObject({
    ...auditIds,
    originalGrade: z.enum(auditGrades),
    agreesWithGrade: z.boolean(),
    moderatedGrade: z.enum(auditGrades),
    comments: freeText,
  }),
});

export type QualityAuditRecordedData = z.infer<typeof QualityAuditRecorded.data>;
export type AuditModeratedData = z.infer<typeof AuditModerated.data>;
export type AuditGrade = (typeof auditGrades)[number];

export const auditEvents = [QualityAuditRecorded, AuditModerated] as const;
