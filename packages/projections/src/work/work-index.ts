import { canRead, clockStatus, londonDateOf, needsAssessmentClockStates, type Caller, type ChildTeam } from '@planledger/domain';
import type { EventEnvelope } from '@planledger/event-store';
import type { AuditView } from '../read-models/audit';
import { teamOf, type ChildRegister } from '../read-models/child-register';
import { currentCaseOfficer, type EhcAssessmentView } from '../read-models/ehc-assessment';
import { currentLeadPractitioner, latestReview, type FamilyHelpPlanView, type PlanViews } from '../read-models/family-help-plan';
import { ehcAssessmentCompleteness, familyHelpPlanCompleteness, needsAssessmentTimeline } from '../read-models/plan-completeness';
import type { ShortBreakView } from '../read-models/short-break';
import { createRowTable, type RowTable } from './row-table';
import type { AdviceRow, AuditablePlanRow, CaseloadRow, ClockRow, IncompletePlanRow, NamedPerson, PlanReviewRow, ShortBreakRequestRow } from './work-rows';

/** The live read models the work index derives its rows from. */
export interface WorkSources {
  register(): ChildRegister;
  familyHelpPlans(): PlanViews<FamilyHelpPlanView>;
  ehcAssessments(): PlanViews<EhcAssessmentView>;
  shortBreaks(): PlanViews<ShortBreakView>;
  audits(): PlanViews<AuditView>;
}

export interface WorkTables {
  caseload: RowTable<CaseloadRow>;
  advice: RowTable<AdviceRow>;
  clocks: RowTable<ClockRow>;
  planReviews: RowTable<PlanReviewRow>;
  incompletePlans: RowTable<IncompletePlanRow>;
  shortBreakRequests: RowTable<ShortBreakRequestRow>;
  auditablePlans: RowTable<AuditablePlanRow>;
}

/**
 * Caseloads and work trays, kept as rows per stream. The runner tells the index which streams an
 * event touched (`noteApplied`); the next read re-derives just those streams' rows (`refresh`), and
 * every row once a day, since what is overdue and how complete a plan is depend on the day. Reads
 * then filter rows already sorted by due date and grouped by caseload, organisation and team.
 */
export interface WorkIndex {
  noteApplied(event: EventEnvelope): void;
  /** Brings every row up to date for this instant. */
  refresh(now: Date): WorkTables;
  /** The child's team as the access policy sees it (cached until the team changes). */
  childTeam(childId: string): ChildTeam | null;
  mayRead(caller: Caller, childId: string): boolean;
}

const teamKeys = (team: ChildTeam | null) => (team ? team.members.map((m) => `team:${m.organisationId}`) : []);

export function createWorkIndex(sources: WorkSources): WorkIndex {
  const teams = new Map<string, ChildTeam | null>();
  const teamKeysOf = (childId: string) => teamKeys(childTeam(childId));
  const tables: WorkTables = {
    caseload: createRowTable<CaseloadRow>((row) => [`user:${row.named.userId}`, `org:${row.named.organisationId}`]),
    advice: createRowTable<AdviceRow>((row) => [`by:${row.requestedBy.userId}`, `byorg:${row.requestedBy.organisationId}`, `to:${row.adviserOrganisationId}`]),
    clocks: createRowTable<ClockRow>((row) => teamKeysOf(row.childId)),
    planReviews: createRowTable<PlanReviewRow>((row) => teamKeysOf(row.childId)),
    incompletePlans: createRowTable<IncompletePlanRow>((row) => teamKeysOf(row.childId)),
    shortBreakRequests: createRowTable<ShortBreakRequestRow>((row) => teamKeysOf(row.childId)),
    auditablePlans: createRowTable<AuditablePlanRow>((row) => teamKeysOf(row.childId)),
  };
  const dirtyStreams = new Set<string>();
  const dirtyChildren = new Set<string>();
  const dirtyAudits = new Set<string>();
  const lastAudited = new Map<string, string>();
  const planOfAudit = new Map<string, string>();
  let builtFor: string | null = null;

  function childTeam(childId: string): ChildTeam | null {
    let team = teams.get(childId);
    if (team === undefined) {
      const child = sources.register().children.get(childId);
      team = child ? { childId, members: teamOf(child).map((m) => ({ organisationId: m.organisationId, agency: m.agency })) } : null;
      teams.set(childId, team);
    }
    return team;
  }

  function rederive(streamId: string, now: Date) {
    const plan = sources.familyHelpPlans().get(streamId);
    if (plan) return derivePlan(plan, now);
    const assessment = sources.ehcAssessments().get(streamId);
    if (assessment) return deriveAssessment(assessment, now);
    const shortBreak = sources.shortBreaks().get(streamId);
    if (shortBreak) return deriveShortBreak(shortBreak);
  }

  function derivePlan(view: FamilyHelpPlanView, now: Date) {
    const streamId = view.meta.streamId;
    const open = view.opened !== null && view.closed === null;
    const lead = open ? currentLeadPractitioner(view) : null;
    const named: NamedPerson | null = lead ? { userId: lead.userId, name: lead.name, organisationId: lead.organisationId } : null;
    const base = { streamId, recordKind: 'family_help_plan' as const, recordId: view.planId, childId: view.childId, organisationId: named?.organisationId ?? view.opened?.actor.organisationId ?? '' };
    const nextReviewOn = open ? (latestReview(view)?.data.nextReviewOn ?? null) : null;
    const team = childTeam(view.childId);
    const report = open ? familyHelpPlanCompleteness(view, now, team ? team.members.map((m) => m.agency) : []) : null;
    tables.caseload.replace(
      streamId,
      named && report ? [{ ...base, dueOn: nextReviewOn, namedRole: 'lead_practitioner', named, completenessScore: report.score, nextDue: nextReviewOn ? { what: 'plan_review', dueOn: nextReviewOn } : null }] : [],
    );
    tables.planReviews.replace(streamId, nextReviewOn ? [{ ...base, dueOn: nextReviewOn, lastReviewedOn: latestReview(view)?.data.reviewedOn ?? null, leadPractitioner: named }] : []);
    const failing = report ? report.rules.filter((r) => r.applies && !r.satisfied) : [];
    tables.incompletePlans.replace(streamId, report && failing.length > 0 ? [{ ...base, dueOn: nextReviewOn, completenessScore: report.score, failing, leadPractitioner: named }] : []);
    tables.auditablePlans.replace(streamId, open ? [{ ...base, dueOn: null, lastAuditedAt: lastAudited.get(streamId) ?? null }] : []);
  }

  function deriveAssessment(view: EhcAssessmentView, now: Date) {
    const streamId = view.meta.streamId;
    const open = view.started !== null && view.closed === null;
    const officer = open ? currentCaseOfficer(view) : null;
    const named: NamedPerson | null = officer ? { ...officer } : null;
    const organisationId = named?.organisationId ?? view.started?.actor.organisationId ?? '';
    const base = { streamId, recordKind: 'ehc_assessment' as const, recordId: view.assessmentId, childId: view.childId, organisationId };
    const advice: AdviceRow[] = [];
    const clocks: ClockRow[] = [];
    if (open) {
      for (const thread of view.advice.values()) {
        const requested = thread.requested;
        if (!requested || thread.submitted) continue;
        advice.push({
          ...base,
          organisationId: requested.data.adviserOrganisationId,
          assessmentKind: view.started!.data.kind,
          requestId: thread.requestId,
          adviserType: requested.data.adviserType,
          adviserAgency: requested.data.adviserAgency,
          adviserOrganisationId: requested.data.adviserOrganisationId,
          requestedOn: requested.data.requestedOn,
          dueOn: requested.data.adviceDueOn,
          requestedBy: requested.actor,
          exception: thread.exception?.data.exception ?? null,
        });
      }
      clocks.push(...runningClocks(view, base, named, londonDateOf(now)));
    }
    tables.advice.replace(streamId, advice);
    tables.clocks.replace(streamId, clocks);
    const due = [...advice.map((a) => ({ what: 'advice', dueOn: a.dueOn })), ...clocks.map((c) => ({ what: c.clock, dueOn: c.dueOn }))].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
    const nextDue = due[0] ?? null;
    tables.caseload.replace(
      streamId,
      named ? [{ ...base, dueOn: nextDue?.dueOn ?? null, namedRole: 'case_officer', named, completenessScore: ehcAssessmentCompleteness(view, now).score, nextDue }] : [],
    );
    tables.auditablePlans.replace(streamId, open ? [{ ...base, dueOn: null, lastAuditedAt: lastAudited.get(streamId) ?? null }] : []);
  }

  /** The clocks of an assessment still running on `today`, each as the domain judges it (due dates from the record's events). */
  function runningClocks(view: EhcAssessmentView, base: Pick<ClockRow, 'streamId' | 'recordKind' | 'recordId' | 'childId' | 'organisationId'>, caseOfficer: NamedPerson | null, today: string): ClockRow[] {
    const assessmentKind = view.started!.data.kind;
    const rows: ClockRow[] = [];
    const timeline = needsAssessmentTimeline(view);
    if (timeline) {
      for (const state of needsAssessmentClockStates(timeline, today)) {
        if (state.status !== 'pending' && state.status !== 'overdue') continue;
        rows.push({
          ...base,
          clock: state.clock,
          assessmentKind,
          regulation: state.regulation,
          exceptionRegulation: state.exceptionRegulation,
          startedOn: timeline.requestedOn,
          dueOn: state.dueOn,
          status: state.status,
          lawful: state.lawful,
          caseOfficer,
          exception: state.exception?.exception ?? null,
          exceptionAppliedOn: state.exception?.appliedOn ?? null,
        });
      }
    }
    const meeting = view.meeting?.data;
    if (meeting) {
      const decided = view.decision?.data ?? null;
      const reviewClocks = [
        { clock: 'annual_review_decision', dueOn: meeting.decisionDueOn, doneOn: decided?.decidedOn ?? null, applies: true },
        { clock: 'amended_plan', dueOn: meeting.amendedPlanDueOn, doneOn: view.amendedPlan?.data.issuedOn ?? null, applies: decided?.decision === 'amend' },
      ];
      for (const c of reviewClocks) {
        const status = clockStatus(c.dueOn, c.doneOn, c.applies, today);
        if (status !== 'pending' && status !== 'overdue') continue;
        rows.push({ ...base, clock: c.clock, assessmentKind, regulation: null, exceptionRegulation: null, startedOn: meeting.heldOn, dueOn: c.dueOn, status, lawful: status === 'pending', caseOfficer, exception: null, exceptionAppliedOn: null });
      }
    }
    return rows;
  }

  function deriveShortBreak(view: ShortBreakView) {
    const requested = view.requested;
    const waiting = requested !== null && view.decision === null && view.ended === null;
    tables.shortBreakRequests.replace(
      view.meta.streamId,
      waiting
        ? [
            {
              streamId: view.meta.streamId,
              recordKind: 'short_break',
              recordId: view.shortBreakId,
              childId: view.childId,
              organisationId: requested.actor.organisationId,
              // Nothing sets a deadline for a short-break decision: the longest waiting come first.
              dueOn: requested.data.requestedOn,
              route: requested.data.route,
              requestedOn: requested.data.requestedOn,
              requestedBy: requested.actor,
            },
          ]
        : [],
    );
  }

  function reauditPlan(auditStreamId: string) {
    const audit = sources.audits().get(auditStreamId);
    const planStreamId = audit?.recorded?.data.planStreamId ?? planOfAudit.get(auditStreamId);
    if (!planStreamId) return;
    if (audit?.recorded) planOfAudit.set(auditStreamId, planStreamId);
    let latest: string | null = null;
    for (const [other, plan] of planOfAudit) {
      if (plan !== planStreamId) continue;
      const at = sources.audits().get(other)?.recorded?.occurredAt;
      if (at && (latest === null || at > latest)) latest = at;
    }
    if (latest) lastAudited.set(planStreamId, latest);
    else lastAudited.delete(planStreamId);
    dirtyStreams.add(planStreamId);
  }

  function markChild(childId: string) {
    dirtyChildren.add(childId);
  }

  return {
    noteApplied(event) {
      if (event.streamId.startsWith('child-')) return markChild(event.streamId.slice('child-'.length));
      if (event.streamId.startsWith('audit-')) {
        dirtyAudits.add(event.streamId);
        return;
      }
      dirtyStreams.add(event.streamId);
      if (event.type === 'AdviceRequested') {
        const childId = (event.data as { childId?: unknown }).childId;
        if (typeof childId === 'string') markChild(childId);
      }
    },
    refresh(now) {
      const today = londonDateOf(now);
      if (builtFor !== today) {
        // A new day (or the first read): everything is derived afresh.
        builtFor = today;
        dirtyStreams.clear();
        dirtyChildren.clear();
        dirtyAudits.clear();
        teams.clear();
        lastAudited.clear();
        planOfAudit.clear();
        for (const table of Object.values(tables)) table.clear();
        for (const streamId of sources.audits().keys()) reauditPlan(streamId);
        dirtyStreams.clear();
        for (const streamId of sources.familyHelpPlans().keys()) rederive(streamId, now);
        for (const streamId of sources.ehcAssessments().keys()) rederive(streamId, now);
        for (const streamId of sources.shortBreaks().keys()) rederive(streamId, now);
        return tables;
      }
      if (dirtyChildren.size > 0) {
        const streamsOfChild = sources.register().streamsOfChild;
        for (const childId of dirtyChildren) {
          teams.delete(childId);
          for (const streamId of streamsOfChild.get(childId) ?? []) dirtyStreams.add(streamId);
        }
        dirtyChildren.clear();
        // Rows filed under team keys move with the team.
        for (const table of [tables.clocks, tables.planReviews, tables.incompletePlans, tables.shortBreakRequests, tables.auditablePlans]) table.regroup();
      }
      for (const auditStreamId of dirtyAudits) reauditPlan(auditStreamId);
      dirtyAudits.clear();
      for (const streamId of dirtyStreams) rederive(streamId, now);
      dirtyStreams.clear();
      return tables;
    },
    childTeam,
    mayRead(caller, childId) {
      return canRead(caller, childTeam(childId));
    },
  };
}
