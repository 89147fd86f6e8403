import type { EventEnvelope, EventStore } from '@planledger/event-store';
import {
  audits,
  childRegister,
  childSearchIndex,
  childViewAsOf,
  createStreamCache,
  ehcAssessments,
  evolveEhcAssessmentView,
  evolveFamilyHelpPlanView,
  evolveShortBreakView,
  familyHelpPlans,
  organisationRegister,
  shortBreaks,
  isReplay,
  viewAsOf,
  type Instant,
  type ChildRegister,
  type ChildSearchIndex,
  type ChildView,
  type EhcAssessmentView,
  type FamilyHelpPlanView,
  type PlanViews,
  type AuditView,
  type ProjectionRunner,
  type ShortBreakView,
  type OrganisationRegisterView,
} from '@planledger/projections';

/** Where resolvers get views: the live read models, or a replay of one stream to an instant. */
export interface RecordSource {
  register(): ChildRegister;
  /** The organisation register, as both services check callers against it. */
  organisations(): OrganisationRegisterView;
  searchIndex(): ChildSearchIndex;
  familyHelpPlans(): PlanViews<FamilyHelpPlanView>;
  ehcAssessments(): PlanViews<EhcAssessmentView>;
  shortBreaks(): PlanViews<ShortBreakView>;
  audits(): PlanViews<AuditView>;
  /** Each takes an instant on either clock or both (see `Instant`); without one, the live view. */
  child(childId: string, at?: Instant): Promise<ChildView | undefined>;
  familyHelpPlan(streamId: string, at?: Instant): Promise<FamilyHelpPlanView | undefined>;
  ehcAssessment(streamId: string, at?: Instant): Promise<EhcAssessmentView | undefined>;
  shortBreak(streamId: string, at?: Instant): Promise<ShortBreakView | undefined>;
}

export function createRecordSource(store: EventStore, runner: ProjectionRunner): RecordSource {
  const register = () => runner.state(childRegister);
  // Replays read through a cache of recent streams: each read still checks the stream's revision in the store.
  const readStream = createStreamCache(store);
  const replayed = { readStream: (streamId: string) => readStream(streamId) as Promise<EventEnvelope[]> };
  return {
    register,
    organisations: () => runner.state(organisationRegister),
    searchIndex: () => runner.state(childSearchIndex),
    familyHelpPlans: () => runner.state(familyHelpPlans),
    ehcAssessments: () => runner.state(ehcAssessments),
    shortBreaks: () => runner.state(shortBreaks),
    audits: () => runner.state(audits),
    async child(childId, at) {
      if (!isReplay(at)) return register().children.get(childId);
      // Advice requests in the child's assessments invite advisers into the team, so they are replayed too.
      const assessments = (register().streamsOfChild.get(childId) ?? []).filter((id) => id.startsWith('ehc-assessment-'));
      return childViewAsOf(replayed, childId, assessments, at);
    },
    async familyHelpPlan(streamId, at) {
      return isReplay(at) ? viewAsOf(replayed, streamId, at, evolveFamilyHelpPlanView) : runner.state(familyHelpPlans).get(streamId);
    },
    async ehcAssessment(streamId, at) {
      return isReplay(at) ? viewAsOf(replayed, streamId, at, evolveEhcAssessmentView) : runner.state(ehcAssessments).get(streamId);
    },
    async shortBreak(streamId, at) {
      return isReplay(at) ? viewAsOf(replayed, streamId, at, evolveShortBreakView) : runner.state(shortBreaks).get(streamId);
    },
  };
}
