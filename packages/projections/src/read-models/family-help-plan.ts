import type { EventEnvelope } from '@planledger/event-store';
import type { EventData } from '@planledger/domain';
import { evolveStream, newStreamMeta, type StreamRules } from './correctable-stream';
import type { Entry, StreamMeta } from './entry';
import type { ReadModel } from '../runner/read-model';

export interface FamilyHelpPlanView {
  kind: 'family_help_plan';
  planId: string;
  childId: string;
  opened: Entry<EventData<'FamilyHelpPlanOpened'>> | null;
  closed: Entry<EventData<'FamilyHelpPlanClosed'>> | null;
  /** Reassignments of the lead practitioner after opening, by event id. */
  leadAssignments: Map<string, Entry<EventData<'LeadPractitionerAssigned'>>>;
  disabilityImpacts: Map<string, Entry<EventData<'DisabilityImpactRecorded'>>>;
  childViews: Map<string, Entry<EventData<'ChildViewsRecorded'>>>;
  familyViews: Map<string, Entry<EventData<'FamilyViewsRecorded'>>>;
  needs: Map<string, Entry<EventData<'NeedRecorded'>>>;
  outcomes: Map<string, Entry<EventData<'OutcomeSet'>>>;
  contributions: Map<string, Entry<EventData<'AgencyContributionRecorded'>>>;
  reviews: Map<string, Entry<EventData<'PlanReviewed'>>>;
  meta: StreamMeta;
}

export const familyHelpPlanStreamRules: StreamRules<FamilyHelpPlanView> = {
  start(event, childId) {
    if (event.type !== 'FamilyHelpPlanOpened') return null;
    return {
      kind: 'family_help_plan',
      planId: (event.data as EventData<'FamilyHelpPlanOpened'>).planId,
      childId,
      opened: null,
      closed: null,
      leadAssignments: new Map(),
      disabilityImpacts: new Map(),
      childViews: new Map(),
      familyViews: new Map(),
      needs: new Map(),
      outcomes: new Map(),
      contributions: new Map(),
      reviews: new Map(),
      meta: newStreamMeta(event, childId),
    };
  },
  apply(view, type, entry) {
    switch (type) {
      case 'FamilyHelpPlanOpened':
        view.opened = entry as FamilyHelpPlanView['opened'];
        break;
      case 'FamilyHelpPlanClosed':
        view.closed = entry as FamilyHelpPlanView['closed'];
        break;
      case 'LeadPractitionerAssigned':
        view.leadAssignments.set(entry.eventId, entry as Entry<EventData<'LeadPractitionerAssigned'>>);
        break;
      case 'DisabilityImpactRecorded':
        view.disabilityImpacts.set(entry.eventId, entry as Entry<EventData<'DisabilityImpactRecorded'>>);
        break;
      case 'ChildViewsRecorded':
        view.childViews.set(entry.eventId, entry as Entry<EventData<'ChildViewsRecorded'>>);
        break;
      case 'FamilyViewsRecorded':
        view.familyViews.set(entry.eventId, entry as Entry<EventData<'FamilyViewsRecorded'>>);
        break;
      case 'NeedRecorded':
        view.needs.set(entry.eventId, entry as Entry<EventData<'NeedRecorded'>>);
        break;
      case 'OutcomeSet':
        view.outcomes.set(entry.eventId, entry as Entry<EventData<'OutcomeSet'>>);
        break;
      case 'AgencyContributionRecorded':
        view.contributions.set(entry.eventId, entry as Entry<EventData<'AgencyContributionRecorded'>>);
        break;
      case 'PlanReviewed':
        view.reviews.set(entry.eventId, entry as Entry<EventData<'PlanReviewed'>>);
        break;
    }
  },
  find(view, eventId) {
    if (view.opened?.eventId === eventId) return view.opened;
    if (view.closed?.eventId === eventId) return view.closed;
    return (
      view.leadAssignments.get(eventId) ??
      view.disabilityImpacts.get(eventId) ??
      view.childViews.get(eventId) ??
      view.familyViews.get(eventId) ??
      view.needs.get(eventId) ??
      view.outcomes.get(eventId) ??
      view.contributions.get(eventId) ??
      view.reviews.get(eventId)
    );
  },
  remove(view, eventId) {
    if (view.opened?.eventId === eventId) view.opened = null;
    if (view.closed?.eventId === eventId) view.closed = null;
    view.leadAssignments.delete(eventId);
    view.disabilityImpacts.delete(eventId);
    view.childViews.delete(eventId);
    view.familyViews.delete(eventId);
    view.needs.delete(eventId);
    view.outcomes.delete(eventId);
    view.contributions.delete(eventId);
    view.reviews.delete(eventId);
  },
};

export const evolveFamilyHelpPlanView = (view: FamilyHelpPlanView | undefined, event: EventEnvelope) => evolveStream(familyHelpPlanStreamRules, view, event);

/** The latest review by the date it was held (then by when it was recorded). */
export function latestReview(view: FamilyHelpPlanView): Entry<EventData<'PlanReviewed'>> | null {
  let latest: Entry<EventData<'PlanReviewed'>> | null = null;
  for (const review of view.reviews.values()) {
    if (!latest || review.data.reviewedOn > latest.data.reviewedOn || (review.data.reviewedOn === latest.data.reviewedOn && review.recordedAt >= latest.recordedAt)) {
      latest = review;
    }
  }
  return latest;
}

/** The lead practitioner now: the last reassignment recorded, else the one named at opening. */
export function currentLeadPractitioner(view: FamilyHelpPlanView): EventData<'FamilyHelpPlanOpened'>['leadPractitioner'] | null {
  let last: Entry<EventData<'LeadPractitionerAssigned'>> | null = null;
  for (const assignment of view.leadAssignments.values()) if (!last || assignment.recordedAt >= last.recordedAt) last = assignment;
  return last?.data.leadPractitioner ?? view.opened?.data.leadPractitioner ?? null;
}

export type PlanViews<View> = Map<string, View>;

const FAMILY_HELP_PLAN_PREFIX = 'family-help-plan-';

/** Every Family Help plan, keyed by stream id. */
export const familyHelpPlans: ReadModel<PlanViews<FamilyHelpPlanView>> = {
  name: 'family-help-plans',
  initial: () => new Map(),
  evolve(state, event) {
    if (!event.streamId.startsWith(FAMILY_HELP_PLAN_PREFIX)) return state;
    const before = state.get(event.streamId);
    const after = evolveFamilyHelpPlanView(before, event);
    if (after && !before) state.set(event.streamId, after);
    return state;
  },
};
