import type { Agency } from '../application/contract';
import type { DomainEvent } from '../events/all';
import type {
  AgencyContributionRecordedData,
  ChildViewsRecordedData,
  DisabilityImpactRecordedData,
  FamilyHelpPlanClosedData,
  FamilyHelpPlanOpenedData,
  FamilyViewsRecordedData,
  LeadPractitionerAssignedData,
  NeedRecordedData,
  OutcomeSetData,
  PlanReviewedData,
} from '../events/family-help-plan';
import { dateOf } from '../validation/dates';
import type { DecisionContext, RecordedEvent } from './decision';
import { forbid, refuse } from './decision';

type PlanScoped<T> = Omit<T, 'planId' | 'childId'>;

export interface FamilyHelpPlanState {
  status: 'not_opened' | 'open' | 'closed';
  planId: string | null;
  childId: string | null;
  /** Agencies with a contribution on the plan. */
  contributingAgencies: Agency[];
  nextReviewOn: string | null;
  /** The user id of the lead practitioner named last (at opening or by a reassignment). */
  leadPractitionerUserId: string | null;
}

export const initialFamilyHelpPlanState = (): FamilyHelpPlanState => ({ status: 'not_opened', planId: null, childId: null, contributingAgencies: [], nextReviewOn: null, leadPractitionerUserId: null });

export type FamilyHelpPlanCommand =
  | { type: 'openFamilyHelpPlan'; data: FamilyHelpPlanOpenedData }
  | { type: 'assignLeadPractitioner'; data: Pick<LeadPractitionerAssignedData, 'leadPractitioner'> }
  | { type: 'recordDisabilityImpact'; data: PlanScoped<DisabilityImpactRecordedData> }
  | { type: 'recordChildViews'; data: PlanScoped<ChildViewsRecordedData> }
  | { type: 'recordFamilyViews'; data: PlanScoped<FamilyViewsRecordedData> }
  | { type: 'recordNeed'; data: Omit<PlanScoped<NeedRecordedData>, 'needId'> }
  | { type: 'setOutcome'; data: Omit<PlanScoped<OutcomeSetData>, 'outcomeId'> }
  | { type: 'recordContribution'; data: Omit<PlanScoped<AgencyContributionRecordedData>, 'contributionId' | 'organisationId'> }
  | { type: 'reviewFamilyHelpPlan'; data: Omit<PlanScoped<PlanReviewedData>, 'reviewedOn'> }
  | { type: 'closeFamilyHelpPlan'; data: Omit<PlanScoped<FamilyHelpPlanClosedData>, 'closedOn'> };

export function evolveFamilyHelpPlan(state: FamilyHelpPlanState, event: RecordedEvent): FamilyHelpPlanState {
  switch (event.type) {
    case 'FamilyHelpPlanOpened':
      return { ...state, status: 'open', planId: event.data.planId, childId: event.data.childId, leadPractitionerUserId: event.data.leadPractitioner.userId };
    case 'LeadPractitionerAssigned':
      return { ...state, leadPractitionerUserId: event.data.leadPractitioner.userId };
    case 'AgencyContributionRecorded':
      return state.contributingAgencies.includes(event.data.agency) ? state : { ...state, contributingAgencies: [...state.contributingAgencies, event.data.agency] };
    case 'PlanReviewed':
      return { ...state, nextReviewOn: event.data.nextReviewOn };
    case 'FamilyHelpPlanClosed':
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

function openPlan(state: FamilyHelpPlanState): { planId: string; childId: string } {
  if (state.status === 'not_opened' || !state.planId || !state.childId) refuse('PLAN_NOT_OPEN', 'the Family Help plan has not been opened');
  if (state.status === 'closed') refuse('PLAN_CLOSED', 'the Family Help plan is closed');
  return { planId: state.planId, childId: state.childId };
}

export function decideFamilyHelpPlan(command: FamilyHelpPlanCommand, state: FamilyHelpPlanState, ctx: DecisionContext): DomainEvent[] {
  if (command.type === 'openFamilyHelpPlan') {
    if (state.status !== 'not_opened') refuse('PLAN_ALREADY_OPEN', 'the Family Help plan is already open');
    if (command.data.firstReviewOn !== undefined && command.data.firstReviewOn <= dateOf(ctx.occurredAt)) refuse('REVIEW_DATE_NOT_AFTER_OPENING', 'the first review comes after the plan opens');
    return [{ type: 'FamilyHelpPlanOpened', data: command.data }];
  }
  const ids = openPlan(state);
  const today = dateOf(ctx.occurredAt);
  switch (command.type) {
    case 'assignLeadPractitioner': {
      const previous = state.leadPractitionerUserId;
      if (previous === command.data.leadPractitioner.userId) refuse('LEAD_PRACTITIONER_UNCHANGED', 'that person is already the plan\'s lead practitioner');
      return [{ type: 'LeadPractitionerAssigned', data: { ...ids, leadPractitioner: command.data.leadPractitioner, assignedOn: today, ...(previous ? { previousUserId: previous } : {}) } }];
    }
    case 'recordDisabilityImpact':
      return [{ type: 'DisabilityImpactRecorded', data: { ...ids, ...command.data } }];
    case 'recordChildViews':
      return [{ type: 'ChildViewsRecorded', data: { ...ids, ...command.data } }];
    case 'recordFamilyViews':
      return [{ type: 'FamilyViewsRecorded', data: { ...ids, ...command.data } }];
    case 'recordNeed':
      return [{ type: 'NeedRecorded', data: { ...ids, needId: ctx.newId(), ...command.data } }];
    case 'setOutcome':
      if (command.data.byWhen <= today) refuse('OUTCOME_DATE_NOT_IN_FUTURE', 'an outcome must be due after the day it is set');
      return [{ type: 'OutcomeSet', data: { ...ids, outcomeId: ctx.newId(), ...command.data } }];
    case 'recordContribution':
      if (command.data.agency !== ctx.caller.agency) forbid('AGENCY_MISMATCH', 'an agency records only its own contributions');
      if (command.data.to !== undefined && command.data.to < command.data.from) refuse('CONTRIBUTION_ENDS_BEFORE_START', 'a contribution cannot end before it starts');
      return [
        {
          type: 'AgencyContributionRecorded',
          data: { ...ids, contributionId: ctx.newId(), organisationId: ctx.caller.organisationId, ...command.data },
        },
      ];
    case 'reviewFamilyHelpPlan':
      if (command.data.nextReviewOn <= today) refuse('NEXT_REVIEW_NOT_AFTER_REVIEW', 'the next review must be after this one');
      return [{ type: 'PlanReviewed', data: { ...ids, reviewedOn: today, ...command.data } }];
    case 'closeFamilyHelpPlan':
      return [{ type: 'FamilyHelpPlanClosed', data: { ...ids, closedOn: today, ...command.data } }];
  }
}
