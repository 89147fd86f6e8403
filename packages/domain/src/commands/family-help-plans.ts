import { decideFamilyHelpPlan } from '../deciders/family-help-plan';
import { familyHelpPlanStream } from '../deciders/streams';
import { idSchema, streamIdOf } from '../events/common';
import {
  AgencyContributionRecorded,
  ChildViewsRecorded,
  DisabilityImpactRecorded,
  FamilyHelpPlanClosed,
  FamilyHelpPlanOpened,
  FamilyViewsRecorded,
  LeadPractitionerAssigned,
  NeedRecorded,
  OutcomeSet,
  PlanReviewed,
} from '../events/family-help-plan';
import { commandBody, idParams, noParams } from './body';
import { defineCommand } from './define-command';

const planParams = idParams('planId');
const planTarget = ({ planId }: { planId: string }) => ({ streamId: streamIdOf('family-help-plan', planId), entityId: planId });

export const openFamilyHelpPlan = defineCommand({
  name: 'openFamilyHelpPlan',
  path: '/v1/family-help-plans',
  summary: 'Open a Family Help plan for a child, with its lead practitioner.',
  params: noParams,
  body: commandBody({
    childId: idSchema,
    planType: FamilyHelpPlanOpened.data.shape.planType,
    leadPractitioner: FamilyHelpPlanOpened.data.shape.leadPractitioner,
    firstReviewOn: FamilyHelpPlanOpened.data.shape.firstReviewOn,
  }),
  emits: ['FamilyHelpPlanOpened'],
  stream: familyHelpPlanStream,
  target: { creates: 'family-help-plan' },
  childOf: (body) => body.childId,
  decide: ({ body, entityId, state, ctx }) => decideFamilyHelpPlan({ type: 'openFamilyHelpPlan', data: { planId: entityId, ...body } }, state, ctx),
});

export const assignLeadPractitioner = defineCommand({
  name: 'assignLeadPractitioner',
  path: '/v1/family-help-plans/:planId/lead-practitioner',
  summary: 'Assign or reassign the plan\'s lead practitioner (assigned on the occurredAt date).',
  params: planParams,
  body: commandBody({ leadPractitioner: LeadPractitionerAssigned.data.shape.leadPractitioner }),
  emits: ['LeadPractitionerAssigned'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'assignLeadPractitioner', data: body }, state, ctx),
});

export const recordDisabilityImpact = defineCommand({
  name: 'recordDisabilityImpact',
  path: '/v1/family-help-plans/:planId/disability-impacts',
  summary: 'Record how the disability affects one domain of daily life (including family functioning).',
  params: planParams,
  body: commandBody(DisabilityImpactRecorded.data.omit({ planId: true, childId: true }).shape),
  emits: ['DisabilityImpactRecorded'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'recordDisabilityImpact', data: body }, state, ctx),
});

export const recordChildViews = defineCommand({
  name: 'recordChildViews',
  path: '/v1/family-help-plans/:planId/child-views',
  summary: 'Record the child\'s own views.',
  params: planParams,
  body: commandBody(ChildViewsRecorded.data.omit({ planId: true, childId: true }).shape),
  emits: ['ChildViewsRecorded'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'recordChildViews', data: body }, state, ctx),
});

export const recordFamilyViews = defineCommand({
  name: 'recordFamilyViews',
  path: '/v1/family-help-plans/:planId/family-views',
  summary: 'Record the views of a parent or carer.',
  params: planParams,
  body: commandBody(FamilyViewsRecorded.data.omit({ planId: true, childId: true }).shape),
  emits: ['FamilyViewsRecorded'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'recordFamilyViews', data: body }, state, ctx),
});

export const recordNeed = defineCommand({
  name: 'recordNeed',
  path: '/v1/family-help-plans/:planId/needs',
  summary: 'Record a need the plan addresses.',
  params: planParams,
  body: commandBody(NeedRecorded.data.omit({ planId: true, childId: true, needId: true }).shape),
  emits: ['NeedRecorded'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'recordNeed', data: body }, state, ctx),
});

export const setOutcome = defineCommand({
  name: 'setOutcome',
  path: '/v1/family-help-plans/:planId/outcomes',
  summary: 'Set an outcome: what, how measured, by when, who is responsible.',
  params: planParams,
  body: commandBody(OutcomeSet.data.omit({ planId: true, childId: true, outcomeId: true }).shape),
  emits: ['OutcomeSet'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'setOutcome', data: body }, state, ctx),
});

export const recordContribution = defineCommand({
  name: 'recordContribution',
  path: '/v1/family-help-plans/:planId/contributions',
  summary: 'Record the caller\'s agency\'s contribution: what support, how often, from when to when.',
  params: planParams,
  body: commandBody(AgencyContributionRecorded.data.omit({ planId: true, childId: true, contributionId: true, organisationId: true }).shape),
  emits: ['AgencyContributionRecorded'],
  stream: familyHelpPlanStream,
  target: planTarget,
  writesForAgency: ({ body }) => body.agency,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'recordContribution', data: body }, state, ctx),
});

export const reviewFamilyHelpPlan = defineCommand({
  name: 'reviewFamilyHelpPlan',
  path: '/v1/family-help-plans/:planId/reviews',
  summary: 'Record a review of the plan (reviewed on the occurredAt date) and the next review date.',
  params: planParams,
  body: commandBody({ summary: PlanReviewed.data.shape.summary, nextReviewOn: PlanReviewed.data.shape.nextReviewOn }),
  emits: ['PlanReviewed'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'reviewFamilyHelpPlan', data: body }, state, ctx),
});

export const closeFamilyHelpPlan = defineCommand({
  name: 'closeFamilyHelpPlan',
  path: '/v1/family-help-plans/:planId/closure',
  summary: 'Close the plan (closed on the occurredAt date), with the reason.',
  params: planParams,
  body: commandBody({ reason: FamilyHelpPlanClosed.data.shape.reason, detail: FamilyHelpPlanClosed.data.shape.detail }),
  emits: ['FamilyHelpPlanClosed'],
  stream: familyHelpPlanStream,
  target: planTarget,
  decide: ({ body, state, ctx }) => decideFamilyHelpPlan({ type: 'closeFamilyHelpPlan', data: body }, state, ctx),
});

export const familyHelpPlanCommands = [
  openFamilyHelpPlan,
  assignLeadPractitioner,
  recordDisabilityImpact,
  recordChildViews,
  recordFamilyViews,
  recordNeed,
  setOutcome,
  recordContribution,
  reviewFamilyHelpPlan,
  closeFamilyHelpPlan,
];

