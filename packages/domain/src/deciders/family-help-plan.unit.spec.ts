import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import { fold } from './decision';
import type { FamilyHelpPlanCommand } from './family-help-plan';
import { decideFamilyHelpPlan, evolveFamilyHelpPlan, initialFamilyHelpPlanState } from './family-help-plan';

const childId = entityId(100);
const planId = entityId(200);
const ids = { planId, childId };
const sw = callerFor('social_worker');
const health = callerFor('health_practitioner');
const lead = { userId: sw.userId, name: 'Sam Lee', organisationId: sw.organisationId, agency: 'social_care' as const };
const openedData = { ...ids, planType: 'child_in_need' as const, leadPractitioner: lead };
const opened: DomainEvent = { type: 'FamilyHelpPlanOpened', data: openedData };
const closed: DomainEvent = { type: 'FamilyHelpPlanClosed', data: { ...ids, closedOn: '2025-06-01', reason: 'needs_met' } };

const when = (given: DomainEvent[], command: FamilyHelpPlanCommand, ctx = contextFor(sw)) =>
  decideFamilyHelpPlan(command, fold(evolveFamilyHelpPlan, initialFamilyHelpPlanState(), given), ctx);

describe('Family Help plan decider', () => {
  it('opens a plan', () => {
    expect(when([], { type: 'openFamilyHelpPlan', data: openedData })).toEqual([opened]);
  });

  it('refuses to open a plan twice', () => {
    expectRefusal(() => when([opened], { type: 'openFamilyHelpPlan', data: openedData }), DomainErrorCodes.RULE, 'PLAN_ALREADY_OPEN');
  });

  it('takes a first review date when the plan opens, only after the opening day', () => {
    expect(when([], { type: 'openFamilyHelpPlan', data: { ...openedData, firstReviewOn: '2025-09-01' } })).toEqual([{ type: 'FamilyHelpPlanOpened', data: { ...openedData, firstReviewOn: '2025-09-01' } }]);
    expectRefusal(() => when([], { type: 'openFamilyHelpPlan', data: { ...openedData, firstReviewOn: '2025-06-02' } }), DomainErrorCodes.RULE, 'REVIEW_DATE_NOT_AFTER_OPENING');
  });

  it('reassigns the lead practitioner, naming the one before, and refuses a reassignment to the same person', () => {
    const next = { userId: 'sw-2', name: 'Jo Park', organisationId: sw.organisationId, agency: 'social_care' as const };
    const assigned: DomainEvent = { type: 'LeadPractitionerAssigned', data: { ...ids, leadPractitioner: next, assignedOn: '2025-06-02', previousUserId: sw.userId } };
    expect(when([opened], { type: 'assignLeadPractitioner', data: { leadPractitioner: next } })).toEqual([assigned]);
    expectRefusal(() => when([opened, assigned], { type: 'assignLeadPractitioner', data: { leadPractitioner: next } }), DomainErrorCodes.RULE, 'LEAD_PRACTITIONER_UNCHANGED');
    expect(when([opened, assigned], { type: 'assignLeadPractitioner', data: { leadPractitioner: lead } })).toEqual([
      { type: 'LeadPractitionerAssigned', data: { ...ids, leadPractitioner: lead, assignedOn: '2025-06-02', previousUserId: 'sw-2' } },
    ]);
    expectRefusal(() => when([opened, closed], { type: 'assignLeadPractitioner', data: { leadPractitioner: next } }), DomainErrorCodes.RULE, 'PLAN_CLOSED');
  });

  it('records disability impact, views and needs against the open plan', () => {
    expect(when([opened], { type: 'recordDisabilityImpact', data: { domain: 'family_functioning', impact: 'Parents sleep 4 hours a night' } })).toEqual([
      { type: 'DisabilityImpactRecorded', data: { ...ids, domain: 'family_functioning', impact: 'Parents sleep 4 hours a night' } },
    ]);
    expect(when([opened], { type: 'recordChildViews', data: { views: 'Likes swimming', howGathered: 'communication_aid' } })[0]?.type).toBe('ChildViewsRecorded');
    expect(when([opened], { type: 'recordFamilyViews', data: { views: 'Need respite', relationship: 'mother' } })[0]?.type).toBe('FamilyViewsRecorded');
    expect(when([opened], { type: 'recordNeed', data: { description: 'Overnight support' } })).toEqual([
      { type: 'NeedRecorded', data: { ...ids, needId: entityId(1), description: 'Overnight support' } },
    ]);
  });

  it('sets a dated, measurable outcome', () => {
    const outcome = { outcome: 'Sleeps through', measure: 'Nights per week', byWhen: '2025-12-01', responsible: { agency: 'health' as const, role: 'sleep nurse' } };
    expect(when([opened], { type: 'setOutcome', data: outcome })).toEqual([{ type: 'OutcomeSet', data: { ...ids, outcomeId: entityId(1), ...outcome } }]);
  });

  it('refuses an outcome due today or earlier', () => {
    const outcome = { outcome: 'x', measure: 'y', byWhen: '2025-06-02', responsible: { agency: 'health' as const, role: 'r' } };
    expectRefusal(() => when([opened], { type: 'setOutcome', data: outcome }), DomainErrorCodes.RULE, 'OUTCOME_DATE_NOT_IN_FUTURE');
  });

  it('records a contribution from the caller\'s own agency, naming their organisation', () => {
    const data = { agency: 'health' as const, support: 'Sleep clinic', frequency: 'monthly', from: '2025-06-01' };
    expect(when([opened], { type: 'recordContribution', data }, contextFor(health))).toEqual([
      { type: 'AgencyContributionRecorded', data: { ...ids, contributionId: entityId(1), organisationId: health.organisationId, ...data } },
    ]);
  });

  it('refuses a contribution written for another agency', () => {
    const data = { agency: 'education' as const, support: 'x', frequency: 'weekly', from: '2025-06-01' };
    expectRefusal(() => when([opened], { type: 'recordContribution', data }, contextFor(health)), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('refuses a contribution that ends before it starts', () => {
    const data = { agency: 'health' as const, support: 'x', frequency: 'weekly', from: '2025-06-01', to: '2025-05-01' };
    expectRefusal(() => when([opened], { type: 'recordContribution', data }, contextFor(health)), DomainErrorCodes.RULE, 'CONTRIBUTION_ENDS_BEFORE_START');
  });

  it('reviews the plan on the day it happened, with a later next review', () => {
    expect(when([opened], { type: 'reviewFamilyHelpPlan', data: { summary: 'Going well', nextReviewOn: '2025-09-01' } })).toEqual([
      { type: 'PlanReviewed', data: { ...ids, reviewedOn: '2025-06-02', summary: 'Going well', nextReviewOn: '2025-09-01' } },
    ]);
    expectRefusal(() => when([opened], { type: 'reviewFamilyHelpPlan', data: { summary: 'x', nextReviewOn: '2025-06-02' } }), DomainErrorCodes.RULE, 'NEXT_REVIEW_NOT_AFTER_REVIEW');
  });

  it('closes the plan, and then refuses anything more', () => {
    expect(when([opened], { type: 'closeFamilyHelpPlan', data: { reason: 'needs_met' } })).toEqual([{ ...closed, data: { ...closed.data, closedOn: '2025-06-02' } }]);
    expectRefusal(() => when([opened, closed], { type: 'recordNeed', data: { description: 'x' } }), DomainErrorCodes.RULE, 'PLAN_CLOSED');
    expectRefusal(() => when([opened, closed], { type: 'closeFamilyHelpPlan', data: { reason: 'other' } }), DomainErrorCodes.RULE, 'PLAN_CLOSED');
  });

  it('refuses writes to a plan never opened', () => {
    expectRefusal(() => when([], { type: 'recordChildViews', data: { views: 'x', howGathered: 'direct_conversation' } }), DomainErrorCodes.RULE, 'PLAN_NOT_OPEN');
  });
});
