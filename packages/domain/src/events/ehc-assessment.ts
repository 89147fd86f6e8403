import { z } from 'zod';
import { defineEvent } from './catalogue';
import { agencySchema, freeText, idSchema, isoDate, organisationIdSchema, personName, userIdSchema } from './common';

export const ehcAssessmentKinds = ['needs_assessment', 'annual_review'] as const;
/** Advice the local authority must seek under the SEND Regulations 2014, regulation 6. */
export const adviserTypes = [
  'parent_young_person',
  'education',
  'health',
  'educational_psychologist',
  'social_care',
  'preparation_for_adulthood',
  'other',
] as const;
/** Circumstances in which advice need not be given within six weeks (regulation 8(2)). */
export const adviceExceptions = ['exceptional_personal_circumstances', 'absent_from_area', 'missed_appointment', 'school_closure_period'] as const;
/** EHC plan sections an adviser may fill; which ones depends on the adviser's agency (see adviceSectionsByAgency). */
export const adviceSections = ['B', 'C', 'D', 'F', 'G', 'H1', 'H2'] as const;
export const annualReviewDecisions = ['maintain', 'amend', 'cease'] as const;
export const assessmentClosureReasons = ['plan_issued', 'decided_not_to_issue', 'review_completed', 'plan_ceased', 'withdrawn', 'moved_area', 'other'] as const;

const assessmentIds = { assessmentId: idSchema, childId: idSchema };

export const adviceSectionsSchema = z
  .strictObject({ B: freeText, C: freeText, D: freeText, F: freeText, G: freeText, H1: freeText, H2: freeText })
  .partial()
  .refine((sections) => Object.keys(sections).length > 0, 'at least one section is required');

export const EhcAssessmentStarted = defineEvent({
  type: 'EhcAssessmentStarted',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'An EHC needs assessment or an annual review of an EHC plan starts.',
  data: z.strictObject({
    ...assessmentIds,
    kind: z.enum(ehcAssessmentKinds),
    startedOn: isoDate,
    /** The plan version under review (annual reviews). */
    planVersion: z.int().min(1).max(1000).optional(),
  }),
});

/** The local authority officer named as the assessment's case officer (EHC coordinator). */
export const caseOfficerSchema = z.strictObject({ userId: userIdSchema, name: personName, organisationId: organisationIdSchema });

export const CaseOfficerAssigned = defineEvent({
  type: 'CaseOfficerAssigned',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'The assessment\'s named case officer is assigned or reassigned; the assessment appears in their caseload from then on.',
  data: z.strictObject({ ...assessmentIds, caseOfficer: caseOfficerSchema, assignedOn: isoDate, previousUserId: userIdSchema.optional() }),
});

export const AdviceRequested = defineEvent({
  type: 'AdviceRequested',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'Advice is requested from a regulation 6 adviser; it is due six weeks after the request (regulation 8).',
  data: z.strictObject({
    ...assessmentIds,
    requestId: idSchema,
    adviserType: z.enum(adviserTypes),
    adviserAgency: agencySchema,
    adviserOrganisationId: organisationIdSchema,
    requestedOn: isoDate,
    adviceDueOn: isoDate,
  }),
});

export const AdviceExceptionRecorded = defineEvent({
  type: 'AdviceExceptionRecorded',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'A regulation 8(2) exception to the six-week advice deadline, with the reason.',
  data: z.strictObject({ ...assessmentIds, requestId: idSchema, adviserType: z.enum(adviserTypes), exception: z.enum(adviceExceptions), reason: freeText }),
});

export const AdviceSubmitted = defineEvent({
  type: 'AdviceSubmitted',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'An adviser submits advice for the sections of the EHC plan their agency fills (education B/F, health C/G, social care D/H1/H2).',
  data: z.strictObject({
    ...assessmentIds,
    requestId: idSchema,
    adviserType: z.enum(adviserTypes),
    agency: agencySchema,
    organisationId: organisationIdSchema,
    submittedOn: isoDate,
    adviceDueOn: isoDate,
    sections: adviceSectionsSchema,
  }),
});

export const AdviceModerated = defineEvent({
  type: 'AdviceModerated',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'Submitted advice is checked against the quality criteria, with feedback.',
  data: z.strictObject({ ...assessmentIds, requestId: idSchema, adviserType: z.enum(adviserTypes), agency: agencySchema, meetsQualityCriteria: z.boolean(), feedback: freeText }),
});

export const AdviceIncorporated = defineEvent({
  type: 'AdviceIncorporated',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'Submitted advice is incorporated into a version of the EHC plan.',
  data: z.strictObject({ ...assessmentIds, requestId: idSchema, adviserType: z.enum(adviserTypes), agency: agencySchema, planVersion: z.int().min(1).max(1000) }),
});

export const AnnualReviewMeetingHeld = defineEvent({
  type: 'AnnualReviewMeetingHeld',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'The annual review meeting is held; the decision is due within 4 weeks and an amended plan within 12 weeks.',
  data: z.strictObject({
    ...assessmentIds,
    heldOn: isoDate,
    agenciesPresent: z.array(agencySchema).max(3),
    summary: freeText,
    decisionDueOn: isoDate,
    amendedPlanDueOn: isoDate,
  }),
});

export const AnnualReviewDecisionMade = defineEvent({
  type: 'AnnualReviewDecisionMade',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'After the annual review meeting the local authority decides to maintain, amend or cease the plan.',
  data: z.strictObject({ ...assessmentIds, decision: z.enum(annualReviewDecisions), decidedOn: isoDate, decisionDueOn: isoDate, reasons: freeText }),
});

export const AmendedPlanIssued = defineEvent({
  type: 'AmendedPlanIssued',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'The final amended EHC plan is issued (due within 12 weeks of the annual review meeting).',
  data: z.strictObject({ ...assessmentIds, planVersion: z.int().min(1).max(1000), issuedOn: isoDate, amendedPlanDueOn: isoDate }),
});

export const EhcAssessmentClosed = defineEvent({
  type: 'EhcAssessmentClosed',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'The assessment or annual review is closed, with the reason.',
  data: z.strictObject({ ...assessmentIds, closedOn: isoDate, reason: z.enum(assessmentClosureReasons), detail: freeText.optional() }),
});

export type EhcAssessmentStartedData = z.infer<typeof EhcAssessmentStarted.data>;
export type CaseOfficerAssignedData = z.infer<typeof CaseOfficerAssigned.data>;
export type AdviceRequestedData = z.infer<typeof AdviceRequested.data>;
export type AdviceExceptionRecordedData = z.infer<typeof AdviceExceptionRecorded.data>;
export type AdviceSubmittedData = z.infer<typeof AdviceSubmitted.data>;
export type AdviceModeratedData = z.infer<typeof AdviceModerated.data>;
export type AdviceIncorporatedData = z.infer<typeof AdviceIncorporated.data>;
export type AnnualReviewMeetingHeldData = z.infer<typeof AnnualReviewMeetingHeld.data>;
export type AnnualReviewDecisionMadeData = z.infer<typeof AnnualReviewDecisionMade.data>;
export type AmendedPlanIssuedData = z.infer<typeof AmendedPlanIssued.data>;
export type EhcAssessmentClosedData = z.infer<typeof EhcAssessmentClosed.data>;
export type AdviserType = (typeof adviserTypes)[number];
export type AdviceSection = (typeof adviceSections)[number];

export const ehcAssessmentEvents = [
  EhcAssessmentStarted,
  CaseOfficerAssigned,
  AdviceRequested,
  AdviceExceptionRecorded,
  AdviceSubmitted,
  AdviceModerated,
  AdviceIncorporated,
  AnnualReviewMeetingHeld,
  AnnualReviewDecisionMade,
  AmendedPlanIssued,
  EhcAssessmentClosed,
] as const;
