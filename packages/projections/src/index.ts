export { foldEvents, type ReadModel } from './runner/read-model';
export { startProjectionRunner, type ProjectionFailure, type ProjectionRunner, type ProjectionRunnerOptions, type RunnerCheckpoint } from './runner/projection-runner';
export { cutAt, eventsAt, instantOf, isReplay, judgedAt, recordedBy, type Instant, type InstantLike } from './replay/as-of';
export { foldAt, viewAsOf } from './replay/view-as-of';
export { kpiChanges, kpisAt, kpisAtInSlices, REPLAY_PAGE_SIZE, type KpiFigureChange, type KpiRecordChange } from './replay/kpis-at';
export { childViewAsOf } from './replay/child-view-as-of';
export { createStreamCache, type StreamReader } from './replay/stream-cache';
export { correctionTarget, streamHistory, type HistoryEntry } from './history/stream-history';
export type { Entry, StreamMeta } from './read-models/entry';
export { evolveStream, type CorrectableView, type StreamRules } from './read-models/correctable-stream';
export { organisationRegister, type OrganisationRegisterView, type OrganisationView } from './read-models/organisation-register';
export { leadOrganisationOf } from './read-models/lead-organisation';
export { childRegister, childStreamRules, evolveChildView, teamOf, type ChildRegister, type ChildView, type TeamMember } from './read-models/child-register';
export {
  evolveFamilyHelpPlanView,
  familyHelpPlans,
  familyHelpPlanStreamRules,
  currentLeadPractitioner,
  latestReview,
  type FamilyHelpPlanView,
  type PlanViews,
} from './read-models/family-help-plan';
export { currentCaseOfficer, ehcAssessments, ehcAssessmentStreamRules, evolveEhcAssessmentView, type AdviceThread, type EhcAssessmentView } from './read-models/ehc-assessment';
export { evolveShortBreakView, shortBreaks, shortBreakStreamRules, type ShortBreakView } from './read-models/short-break';
export { audits, auditStreamRules, evolveAuditView, type AuditView } from './read-models/audit';
export {
  adviceFacts,
  ehcAssessmentCompleteness,
  ehcAssessmentFacts,
  needsAssessmentTimeline,
  familyHelpPlanCompleteness,
  familyHelpPlanFacts,
  shortBreakCompleteness,
  shortBreakFacts,
} from './read-models/plan-completeness';
export {
  agencyOrder,
  childCoverage,
  partnershipCoverage,
  planCoverage,
  type AgencyCoverage,
  type Coverage,
  type PartnershipCoverage,
  type PlanRef,
  type PlanView,
} from './read-models/coverage';
export { computeKpis, computeKpisInSlices, kpiSteps, type Figure, type KpiSources, type GroupedFigure, type KpiRecord, type Kpis, type KpiWindow } from './read-models/kpis';
export { recordReadModels } from './read-models/record-read-models';
export { childSearchIndex, normaliseNhsNumber, normaliseUpn, searchChildren, type ChildSearchIndex, type SearchCriteria, type SearchHit } from './finding/child-search';
export { createWorkIndex, type WorkIndex, type WorkSources, type WorkTables } from './work/work-index';
export type { AdviceRow, AuditablePlanRow, CaseloadRow, ClockRow, IncompletePlanRow, NamedPerson, PlanReviewRow, RecordKind, ShortBreakRequestRow } from './work/work-rows';
export { addDays, auditSample, daysLeft, daysOverdue, decodeCursor, dueStatus, filterRows, MAX_PAGE, pageOf, type AuditSampleOptions, type DueState, type Page, type TrayFilter } from './work/work-queries';
export { drain, inSlices, DEFAULT_SLICE_MS, type SliceOptions, type Steps } from './runner/slices';
export { createReadModelSnapshots, modelFingerprint, SNAPSHOT_FORMAT, type ReadModelSnapshots, type ReadModelSnapshotOptions, type SnapshotRefusal, type WrittenSnapshot } from './runner/read-model-snapshots';
