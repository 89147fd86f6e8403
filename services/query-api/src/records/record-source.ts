import type { EventStore } from '@planledger/event-store';
import {
  audits,
  childRegister,
  childSearchIndex,
  childViewAsOf,
  ehcAssessments,
  evolveEhcAssessmentView,
  evolveFamilyHelpPlanView,
  evolveShortBreakView,
  familyHelpPlans,
  organisationRegister,
  shortBreaks,
  viewAsOf,
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
  child(childId: string, asOf?: Date): Promise<ChildView | undefined>;
  familyHelpPlan(streamId: string, asOf?: Date): Promise<FamilyHelpPlanView | undefined>;
  ehcAssessment(streamId: string, asOf?: Date): Promise<EhcAssessmentView | undefined>;
  shortBreak(streamId: string, asOf?: Date): Promise<ShortBreakView | undefined>;
}

export function createRecordSource(store: EventStore, runner: ProjectionRunner): RecordSource {
  const register = () => runner.state(childRegister);
  return {
    register,
    organisations: () => runner.state(organisationRegister),
    searchIndex: () => runner.state(childSearchIndex),
    familyHelpPlans: () => runner.state(familyHelpPlans),
    ehcAssessments: () => runner.state(ehcAssessments),
    shortBreaks: () => runner.state(shortBreaks),
    audits: () => runner.state(audits),
    async child(childId, asOf) {
      if (!asOf) return register().children.get(childId);
      // Advice requests in the child's assessments invite advisers into the team, so they are replayed too.
      const assessments = (register().streamsOfChild.get(childId) ?? []).filter((id) => id.startsWith('ehc-assessment-'));
      return childViewAsOf(store, childId, assessments, asOf);
    },
    async familyHelpPlan(streamId, asOf) {
      return asOf ? viewAsOf(store, streamId, asOf, evolveFamilyHelpPlanView) : runner.state(familyHelpPlans).get(streamId);
    },
    async ehcAssessment(streamId, asOf) {
      return asOf ? viewAsOf(store, streamId, asOf, evolveEhcAssessmentView) : runner.state(ehcAssessments).get(streamId);
    },
    async shortBreak(streamId, asOf) {
      return asOf ? viewAsOf(store, streamId, asOf, evolveShortBreakView) : runner.state(shortBreaks).get(streamId);
    },
  };
}
