import { z } from 'zod';
import { defineEvent } from './catalogue';
import { agencySchema, freeText, idSchema, isoDate, organisationIdSchema, personName, shortText, userIdSchema } from './common';

export const familyHelpPlanTypes = ['early_help', 'family_help', 'child_in_need', 'child_protection', 'looked_after'] as const;
/** Domains of daily life a disability impact is recorded against; family functioning is always expected. */
export const disabilityImpactDomains = [
  'communication',
  'mobility',
  'personal_care',
  'learning',
  'behaviour_and_emotional_wellbeing',
  'health',
  'family_functioning',
] as const;
export const planClosureReasons = ['needs_met', 'stepped_down', 'stepped_up', 'transferred', 'moved_area', 'family_withdrew', 'reached_adulthood', 'other'] as const;

const planIds = { planId: idSchema, childId: idSchema };

export const leadPractitionerSchema = z.strictObject({ userId: userIdSchema, name: personName, organisationId: organisationIdSchema, agency: agencySchema });

export const FamilyHelpPlanOpened = defineEvent({
  type: 'FamilyHelpPlanOpened',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'A Family Help plan (early help, Family Help, child in need, child protection or looked after) is opened with its lead practitioner.',
  data: z.strictObject({
    ...planIds,
    planType: z.enum(familyHelpPlanTypes),
    leadPractitioner: leadPractitionerSchema,
    /** The first review date, set when the plan opens (later ones come with each review). */
    firstReviewOn: isoDate.optional(),
  }),
});

export const LeadPractitionerAssigned = defineEvent({
  type: 'LeadPractitionerAssigned',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'The plan\'s lead practitioner is assigned or reassigned; the plan appears in their caseload from then on.',
  data: z.strictObject({ ...planIds, leadPractitioner: leadPractitionerSchema, assignedOn: isoDate, previousUserId: userIdSchema.optional() }),
});

export const DisabilityImpactRecorded = defineEvent({
  type: 'DisabilityImpactRecorded',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'How the child\'s disability affects one domain of daily life, including family functioning.',
  data: z.strictObject({ ...planIds, domain: z.enum(disabilityImpactDomains), impact: freeText, supportNeeded: freeText.optional() }),
});

export const ChildViewsRecorded = defineEvent({
  type: 'ChildViewsRecorded',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'The child\'s own views, and how they were gathered.',
  data: z.strictObject({
    ...planIds,
    views: freeText,
    howGathered: z.enum(['direct_conversation', 'with_advocate', 'communication_aid', 'observation', 'other']),
  }),
});

export const FamilyViewsRecorded = defineEvent({
  type: 'FamilyViewsRecorded',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'The views of a parent or carer.',
  data: z.strictObject({ ...planIds, views: freeText, relationship: shortText }),
});

export const NeedRecorded = defineEvent({
  type: 'NeedRecorded',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'A need the plan addresses.',
  data: z.strictObject({ ...planIds, needId: idSchema, description: freeText, agency: agencySchema.optional() }),
});

export const OutcomeSet = defineEvent({
  type: 'OutcomeSet',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'An outcome: what should change, how it will be measured, by when and who is responsible.',
  data: z.strictObject({
    ...planIds,
    outcomeId: idSchema,
    outcome: freeText,
    measure: freeText,
    byWhen: isoDate,
    responsible: z.strictObject({ agency: agencySchema, organisationId: organisationIdSchema.optional(), role: shortText }),
  }),
});

export const AgencyContributionRecorded = defineEvent({
  type: 'AgencyContributionRecorded',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'What support one agency provides, how often, from when to when. Written only by that agency.',
  data: z.strictObject({
    ...planIds,
    contributionId: idSchema,
    agency: agencySchema,
    organisationId: organisationIdSchema,
    support: freeText,
    frequency: shortText,
    from: isoDate,
    to: isoDate.optional(),
  }),
});

export const PlanReviewed = defineEvent({
  type: 'PlanReviewed',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'A review of the plan, with the date of the next one.',
  data: z.strictObject({ ...planIds, reviewedOn: isoDate, summary: freeText, nextReviewOn: isoDate }),
});

export const FamilyHelpPlanClosed = defineEvent({
  type: 'FamilyHelpPlanClosed',
  schemaVersion: 1,
  category: 'family-help-plan',
  description: 'The plan is closed, with the reason.',
  data: z.strictObject({ ...planIds, closedOn: isoDate, reason: z.enum(planClosureReasons), detail: freeText.optional() }),
});

export type FamilyHelpPlanOpenedData = z.infer<typeof FamilyHelpPlanOpened.data>;
export type LeadPractitionerAssignedData = z.infer<typeof LeadPractitionerAssigned.data>;
export type DisabilityImpactRecordedData = z.infer<typeof DisabilityImpactRecorded.data>;
export type ChildViewsRecordedData = z.infer<typeof ChildViewsRecorded.data>;
export type FamilyViewsRecordedData = z.infer<typeof FamilyViewsRecorded.data>;
export type NeedRecordedData = z.infer<typeof NeedRecorded.data>;
export type OutcomeSetData = z.infer<typeof OutcomeSet.data>;
export type AgencyContributionRecordedData = z.infer<typeof AgencyContributionRecorded.data>;
export type PlanReviewedData = z.infer<typeof PlanReviewed.data>;
export type FamilyHelpPlanClosedData = z.infer<typeof FamilyHelpPlanClosed.data>;

export const familyHelpPlanEvents = [
  FamilyHelpPlanOpened,
  LeadPractitionerAssigned,
  DisabilityImpactRecorded,
  ChildViewsRecorded,
  FamilyViewsRecorded,
  NeedRecorded,
  OutcomeSet,
  AgencyContributionRecorded,
  PlanReviewed,
  FamilyHelpPlanClosed,
] as const;
