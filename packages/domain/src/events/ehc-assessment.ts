import { z } from 'zod';
import { defineEvent } from './catalogue';
import { agencySchema, freeText, idSchema, isoDate, organisationIdSchema, personName, shortText, userIdSchema } from './common';

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
/**
 * The only circumstances in which a body asked for advice need not give it within six weeks
 * (regulation 8(2)(a)-(c)): exceptional circumstances affecting the child, parent or young person; their
 * absence from the area for at least 4 weeks; a missed appointment for an examination or test. A school
 * closure is not among them (it excuses the local authority's own clocks, regulations 5(4), 10(4), 13(3)).
 */
export const adviceExceptions = ['exceptional_personal_circumstances', 'absent_from_area', 'missed_appointment'] as const;
/**
 * EHC plan sections an adviser may fill: A (views, interests, aspirations) from the parent's or young
 * person's advice, the others by the adviser's agency (see adviceSectionsByAgency).
 */
export const adviceSections = ['A', 'B', 'C', 'D', 'F', 'G', 'H1', 'H2'] as const;
/** The sections of an EHC plan, regulation 12(1)(a)-(k). */
export const ehcPlanSections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'] as const;
/** Who made the request for an EHC needs assessment (Children and Families Act 2014 s36(1), and others who bring a child to the authority's attention). */
export const assessmentRequesters = ['parent', 'young_person', 'school_or_setting', 'health', 'social_care', 'other'] as const;
/** The decision whether to secure an EHC needs assessment (regulation 5). */
export const assessmentDecisions = ['assess', 'not_assess'] as const;
/** The local authority's own clocks in a needs assessment. */
export const timelineClocks = ['decision_to_assess', 'decision_not_to_issue', 'final_plan'] as const;
/**
 * Why the authority need not meet one of its own time limits (regulations 5(4), 10(4) and 13(3), which
 * refers to 10(4)(a)-(d)): the school, post-16 institution or early years setting asked for advice was
 * closed for 4 weeks or more around the request; exceptional personal circumstances of the child, parent
 * or young person; their absence from the area for 4 weeks or more.
 */
export const timelineExceptions = ['school_or_setting_closure', 'exceptional_personal_circumstances', 'absent_from_area'] as const;
export const annualReviewDecisions = ['maintain', 'amend', 'cease'] as const;
export const assessmentClosureReasons = ['plan_issued', 'decided_not_to_issue', 'review_completed', 'plan_ceased', 'withdrawn', 'moved_area', 'other'] as const;

const assessmentIds = { assessmentId: idSchema, childId: idSchema };

export const adviceSectionsSchema = z
  .strictObject({ A: freeText, B: freeText, C: freeText, D: freeText, F: freeText, G: freeText, H1: freeText, H2: freeText })
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
    /** Needs assessments: who asked; startedOn is the day the request was received. */
    requestedBy: z.enum(assessmentRequesters).optional(),
    /** Needs assessments: the decision whether to assess is due 6 weeks after the request (regulation 5(1)). */
    decisionToAssessDueOn: isoDate.optional(),
    /** Needs assessments: a decision not to issue a plan is due 16 weeks after the request (regulation 10(1)). */
    decisionNotToIssueDueOn: isoDate.optional(),
    /** Needs assessments: the final plan is due 20 weeks after the request (regulation 13(2)). */
    finalPlanDueOn: isoDate.optional(),
  }),
});

export const planSectionsSchema = z
  .strictObject(Object.fromEntries(ehcPlanSections.map((s) => [s, freeText])) as Record<(typeof ehcPlanSections)[number], typeof freeText>)
  .partial();

export const AssessmentDecisionMade = defineEvent({
  type: 'AssessmentDecisionMade',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description:
    'The local authority decides whether to secure an EHC needs assessment, due 6 weeks after the request (regulation 5(1)); a refusal carries its reasons and the notice of the right of appeal (regulation 5(3)).',
  data: z.strictObject({
    ...assessmentIds,
    decision: z.enum(assessmentDecisions),
    decidedOn: isoDate,
    decisionDueOn: isoDate,
    reasons: freeText.optional(),
    /** A refusal: the parent or young person was told of the right to appeal, its time limits, mediation and advice (regulation 5(3)). */
    rightOfAppealNotified: z.boolean(),
  }),
});

export const PlanNotToBeIssuedDecided = defineEvent({
  type: 'PlanNotToBeIssuedDecided',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description:
    'After the assessment the local authority decides not to issue an EHC plan, due 16 weeks after the request (regulation 10(1)), with its reasons and the right of appeal (regulation 10(3)).',
  data: z.strictObject({ ...assessmentIds, decidedOn: isoDate, decisionDueOn: isoDate, reasons: freeText, rightOfAppealNotified: z.literal(true) }),
});

export const DraftPlanIssued = defineEvent({
  type: 'DraftPlanIssued',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description:
    'A draft EHC plan is sent, giving at least 15 days, beginning with the day it was served, for representations and a request for a particular school (regulation 13(1); Children and Families Act 2014 ss 38-39).',
  data: z.strictObject({
    ...assessmentIds,
    planVersion: z.int().min(1).max(1000),
    issuedOn: isoDate,
    /** The last day of the representations period: issuedOn + representation days - 1. */
    representationsEndOn: isoDate,
    sections: planSectionsSchema,
  }),
});

export const DraftPlanRepresentationsReceived = defineEvent({
  type: 'DraftPlanRepresentationsReceived',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description:
    "The parent's or young person's representations on the draft plan, with any school or institution they ask to be named (s38(2)(b)(ii)) and whether they asked for a meeting (regulation 13(1)(a)(ii)).",
  data: z.strictObject({
    ...assessmentIds,
    receivedOn: isoDate,
    summary: freeText,
    preferredSchool: shortText.optional(),
    meetingRequested: z.boolean(),
  }),
});

export const FinalPlanIssued = defineEvent({
  type: 'FinalPlanIssued',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description: 'The finalised EHC plan is sent, due 20 weeks after the request (regulation 13(2)); section I names the school or institution.',
  data: z.strictObject({
    ...assessmentIds,
    planVersion: z.int().min(1).max(1000),
    issuedOn: isoDate,
    finalPlanDueOn: isoDate,
    /** The draft's representations period ended before this plan was issued. */
    representationsPeriodHonoured: z.boolean(),
    namedSchool: shortText.optional(),
    sections: planSectionsSchema,
  }),
});

export const TimelineExceptionRecorded = defineEvent({
  type: 'TimelineExceptionRecorded',
  schemaVersion: 1,
  category: 'ehc-assessment',
  description:
    "An exception to one of the authority's own time limits (regulations 5(4), 10(4), 13(3)), recorded against the clock it stops, dated when it applied, with the reason.",
  data: z.strictObject({ ...assessmentIds, clock: z.enum(timelineClocks), exception: z.enum(timelineExceptions), appliedOn: isoDate, reason: freeText }),
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
  data: z.strictObject({
    ...assessmentIds,
    requestId: idSchema,
    adviserType: z.enum(adviserTypes),
    exception: z.enum(adviceExceptions),
    reason: freeText,
    /** The day the circumstance applied (within the six weeks); the exception may be recorded later, even after the advice arrived. */
    appliedOn: isoDate.optional(),
  }),
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
export type AssessmentDecisionMadeData = z.infer<typeof AssessmentDecisionMade.data>;
export type PlanNotToBeIssuedDecidedData = z.infer<typeof PlanNotToBeIssuedDecided.data>;
export type DraftPlanIssuedData = z.infer<typeof DraftPlanIssued.data>;
export type DraftPlanRepresentationsReceivedData = z.infer<typeof DraftPlanRepresentationsReceived.data>;
export type FinalPlanIssuedData = z.infer<typeof FinalPlanIssued.data>;
export type TimelineExceptionRecordedData = z.infer<typeof TimelineExceptionRecorded.data>;
export type AssessmentRequester = (typeof assessmentRequesters)[number];
export type TimelineClock = (typeof timelineClocks)[number];
export type TimelineException = (typeof timelineExceptions)[number];
export type AdviceException = (typeof adviceExceptions)[number];
export type PlanSection = (typeof ehcPlanSections)[number];
export type AdviceSection = (typeof adviceSections)[number];

export const ehcAssessmentEvents = [
  EhcAssessmentStarted,
  AssessmentDecisionMade,
  PlanNotToBeIssuedDecided,
  DraftPlanIssued,
  DraftPlanRepresentationsReceived,
  FinalPlanIssued,
  TimelineExceptionRecorded,
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

/** What each section of an EHC plan holds, as regulation 12 of the SEND Regulations 2014 sets it out. */
export const ehcPlanSectionDefinitions: ReadonlyArray<{ section: PlanSection; regulation: string; title: string }> = [
  { section: 'A', regulation: '12(1)(a)', title: 'The views, interests and aspirations of the child and parents, or of the young person' },
  { section: 'B', regulation: '12(1)(b)', title: 'Special educational needs' },
  { section: 'C', regulation: '12(1)(c)', title: 'Health care needs relating to the special educational needs' },
  { section: 'D', regulation: '12(1)(d)', title: 'Social care needs relating to the special educational needs or to a disability' },
  { section: 'E', regulation: '12(1)(e)', title: 'The outcomes sought' },
  { section: 'F', regulation: '12(1)(f)', title: 'Special educational provision' },
  { section: 'G', regulation: '12(1)(g)', title: 'Health care provision' },
  { section: 'H1', regulation: '12(1)(h)(i)', title: 'Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970' },
  { section: 'H2', regulation: '12(1)(h)(ii)', title: 'Other social care provision' },
  { section: 'I', regulation: '12(1)(i)', title: 'The school or other institution, or its type' },
  { section: 'J', regulation: '12(1)(j)', title: 'Needs and outcomes to be met by a direct payment' },
  { section: 'K', regulation: '12(3)', title: 'The advice and information gathered in the assessment (appendices)' },
];
