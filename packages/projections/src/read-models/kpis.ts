import { londonDateOf, type AuditGrade } from '@planledger/domain';
import { needsAssessmentTimeline } from './plan-completeness';
import type { AuditView } from './audit';
import type { EhcAssessmentView } from './ehc-assessment';
import type { ShortBreakView } from './short-break';
import { drain, inSlices, type SliceOptions, type Steps } from '../runner/slices';

/** One record behind a figure: which stream, which item inside it, and whether it met the measure. */
export interface KpiRecord {
  streamId: string;
  childId: string;
  /** The item inside the stream (e.g. the advice request id), null when the stream itself is the record. */
  itemId: string | null;
  /** What the record is grouped by, e.g. the adviser type or the grade. */
  group: string | null;
  met: boolean;
  dueOn: string | null;
  doneOn: string | null;
}

export interface Figure {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when there is nothing to measure. */
  rate: number | null;
  /** Every record in the denominator, met or not (for a share of a group: the group's records). */
  records: KpiRecord[];
}

export interface GroupedFigure {
  key: string;
  figure: Figure;
}

export interface KpiWindow {
  /** First day counted (ISO date, inclusive). */
  from: string;
  /** Last day counted (ISO date, inclusive). */
  to: string;
  /** The moment the figures are taken: a deadline not yet passed is pending, not missed. */
  now: Date;
  /** Only children this predicate accepts are counted (the caller's read rights). */
  includeChild?: (childId: string) => boolean;
}

export interface Kpis {
  adviceWithinSixWeeks: Figure;
  adviceWithinSixWeeksByAdviserType: GroupedFigure[];
  adviceWithinSixWeeksByOrganisation: GroupedFigure[];
  /**
   * Requests due in the window with a regulation 8(2) exception, reported apart from the six-week
   * figure: numerator the exceptions, denominator every request due in the window, records the exceptions.
   */
  adviceExceptions: Figure;
  /** Requests due in the window whose deadline has not passed and whose advice has not arrived. */
  advicePending: KpiRecord[];
  /** Needs assessments whose 6-week date falls in the window, decided or overdue; reg 5(4) exceptions left out. */
  decisionToAssessWithinSixWeeks: Figure;
  /** Final plans issued in the window (as SEN2 counts them), within 20 weeks of the request, exception cases included. */
  finalPlanWithinTwentyWeeks: Figure;
  /** The same, leaving out the plans with a regulation 13(3) exception (SEN2's "excluding exceptions"). */
  finalPlanWithinTwentyWeeksExcludingExceptions: Figure;
  /** Needs assessments whose outcome after assessment (draft plan, or decision not to issue) fell in the window: those with a draft. */
  draftPlansIssued: Figure;
  /** Final plans issued in the window after a draft: issued only once the representations period had ended. */
  representationPeriodsHonoured: Figure;
  annualReviewDecisionWithinFourWeeks: Figure;
  amendedPlanWithinTwelveWeeks: Figure;
  healthAdviceIncorporated: Figure;
  socialCareAdviceIncorporated: Figure;
  healthAndSocialCareAdviceIncorporated: Figure;
  shortBreaksByRoute: GroupedFigure[];
  shortBreaksByRouteAndOutcome: GroupedFigure[];
  auditGrades: GroupedFigure[];
  auditsGoodOrOutstanding: Figure;
  auditModerationAgreement: Figure;
}

function figure(records: KpiRecord[]): Figure {
  let numerator = 0;
  for (const r of records) if (r.met) numerator++;
  return { numerator, denominator: records.length, rate: records.length === 0 ? null : numerator / records.length, records };
}

function grouped(records: KpiRecord[], keyOf: (r: KpiRecord) => string, order?: readonly string[]): GroupedFigure[] {
  const groups = new Map<string, KpiRecord[]>();
  for (const key of order ?? []) groups.set(key, []);
  for (const r of records) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const keys = order ? [...groups.keys()] : [...groups.keys()].sort();
  return keys.map((key) => ({ key, figure: figure(groups.get(key)!) }));
}

/**
 * Each group's share of all records (e.g. short breaks by route): the numerator counts the group, the
 * denominator every record, and `records` lists the group's own records.
 */
function shares(records: KpiRecord[], keyOf: (r: KpiRecord) => string, order: readonly string[]): GroupedFigure[] {
  return order.map((key) => {
    const mine = records.filter((r) => keyOf(r) === key);
    return { key, figure: { numerator: mine.length, denominator: records.length, rate: records.length === 0 ? null : mine.length / records.length, records: mine } };
  });
}

const inWindow = (day: string | undefined | null, w: KpiWindow) => typeof day === 'string' && day >= w.from && day <= w.to;

const shortBreakRoutes = ['local_offer', 'self_assessment', 'social_care_assessment'] as const;
const shortBreakOutcomes = ['approved', 'partly_approved', 'declined', 'undecided'] as const;
const auditGradeOrder: readonly AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

/**
 * The partnership's measures over a window of days, each with the records behind it:
 * - advice: requests whose six-week due date falls in the window (reg 8(2) exceptions apart);
 * - annual reviews: meetings held in the window (decision within 4 weeks, amended plan within 12,
 *   health and social care advice incorporated);
 * - short breaks: requests made in the window, by route and outcome;
 * - audits: audits recorded (occurred) in the window, by grade.
 */
export interface KpiSources {
  ehcAssessments: Iterable<EhcAssessmentView>;
  shortBreaks: Iterable<ShortBreakView>;
  audits: Iterable<AuditView>;
}

export function computeKpis(sources: KpiSources, window: KpiWindow): Kpis {
  return drain(kpiSteps(sources, window));
}

/** The same figures, computed a slice at a time so other requests are served in between (see `inSlices`). */
export function computeKpisInSlices(sources: KpiSources, window: KpiWindow, slices?: SliceOptions): Promise<Kpis> {
  return inSlices(kpiSteps(sources, window), slices);
}

/**
 * One record behind a figure, built with one shape (a spread of a smaller object gives every record
 * its own hidden class, which made a window over 4,000 children many times slower).
 */
const kpiRecord = (streamId: string, childId: string, itemId: string | null, group: string | null, met: boolean, dueOn: string | null, doneOn: string | null): KpiRecord => ({
  streamId,
  childId,
  itemId,
  group,
  met,
  dueOn,
  doneOn,
});

/** The fold behind `computeKpis`, yielding after each record it looks at. */
export function* kpiSteps(sources: KpiSources, window: KpiWindow): Steps<Kpis> {
  const today = londonDateOf(window.now);
  const include = window.includeChild ?? (() => true);
  const advice: KpiRecord[] = [];
  const exceptions: KpiRecord[] = [];
  const pending: KpiRecord[] = [];
  const organisationOf = new Map<KpiRecord, string>();
  const decisions: KpiRecord[] = [];
  const amended: KpiRecord[] = [];
  const health: KpiRecord[] = [];
  const socialCare: KpiRecord[] = [];
  const both: KpiRecord[] = [];
  const decisionsToAssess: KpiRecord[] = [];
  const finalPlans: KpiRecord[] = [];
  const drafts: KpiRecord[] = [];
  const representations: KpiRecord[] = [];

  for (const view of sources.ehcAssessments) {
    yield;
    if (!include(view.childId)) continue;
    const streamId = view.meta.streamId;
    const childId = view.childId;
    for (const thread of view.advice.values()) {
      const req = thread.requested?.data;
      if (!req || !inWindow(req.adviceDueOn, window)) continue;
      const submittedOn = thread.submitted?.data.submittedOn ?? null;
      const record = kpiRecord(streamId, childId, thread.requestId, req.adviserType, submittedOn !== null && submittedOn <= req.adviceDueOn, req.adviceDueOn, submittedOn);
      if (thread.exception) {
        exceptions.push(kpiRecord(streamId, childId, thread.requestId, `${req.adviserType}:${thread.exception.data.exception}`, true, req.adviceDueOn, submittedOn));
      } else if (submittedOn === null && req.adviceDueOn >= today) {
        pending.push(record);
      } else {
        advice.push(record);
        organisationOf.set(record, req.adviserOrganisationId);
      }
    }
    const timeline = needsAssessmentTimeline(view);
    if (timeline) {
      const decidedOn = timeline.assessDecision?.decidedOn ?? null;
      const excepted = timeline.exceptions.decision_to_assess;
      if (inWindow(timeline.decisionToAssessDueOn, window) && !excepted && (decidedOn !== null || timeline.decisionToAssessDueOn < today)) {
        decisionsToAssess.push(kpiRecord(streamId, childId, null, timeline.assessDecision?.decision ?? null, decidedOn !== null && decidedOn <= timeline.decisionToAssessDueOn, timeline.decisionToAssessDueOn, decidedOn));
      }
      const final = timeline.finalPlan;
      if (final && inWindow(final.issuedOn, window)) {
        const exception = timeline.exceptions.final_plan?.exception ?? null;
        finalPlans.push(kpiRecord(streamId, childId, null, exception, final.issuedOn <= timeline.finalPlanDueOn, timeline.finalPlanDueOn, final.issuedOn));
        if (timeline.draft) {
          representations.push(kpiRecord(streamId, childId, null, null, final.representationsPeriodHonoured, timeline.draft.representationsEndOn, final.issuedOn));
        }
      }
      const outcomeOn = timeline.draft?.issuedOn ?? timeline.notToIssueDecidedOn;
      if (outcomeOn && inWindow(outcomeOn, window)) {
        drafts.push(kpiRecord(streamId, childId, null, timeline.draft ? 'draft_plan' : 'decision_not_to_issue', timeline.draft !== null, timeline.decisionNotToIssueDueOn, outcomeOn));
      }
    }
    const meeting = view.meeting?.data;
    if (view.started?.data.kind === 'annual_review' && meeting && inWindow(meeting.heldOn, window)) {
      const decidedOn = view.decision?.data.decidedOn ?? null;
      if (decidedOn !== null || meeting.decisionDueOn < today) {
        decisions.push(kpiRecord(streamId, childId, null, view.decision?.data.decision ?? null, decidedOn !== null && decidedOn <= meeting.decisionDueOn, meeting.decisionDueOn, decidedOn));
      }
      if (view.decision?.data.decision === 'amend') {
        const issuedOn = view.amendedPlan?.data.issuedOn ?? null;
        if (issuedOn !== null || meeting.amendedPlanDueOn < today) {
          amended.push(kpiRecord(streamId, childId, null, null, issuedOn !== null && issuedOn <= meeting.amendedPlanDueOn, meeting.amendedPlanDueOn, issuedOn));
        }
      }
      const incorporatedOf = (type: 'health' | 'social_care') => {
        for (const t of view.advice.values()) if (t.requested?.data.adviserType === type && t.submitted && t.incorporated) return t;
        return null;
      };
      const h = incorporatedOf('health');
      const s = incorporatedOf('social_care');
      const rec = (met: boolean, group: string, doneOn: string | null): KpiRecord => kpiRecord(streamId, childId, null, group, met, null, doneOn);
      health.push(rec(h !== null, 'health', h?.incorporated?.recordedAt.slice(0, 10) ?? null));
      socialCare.push(rec(s !== null, 'social_care', s?.incorporated?.recordedAt.slice(0, 10) ?? null));
      both.push(rec(h !== null && s !== null, 'health_and_social_care', null));
    }
  }

  const breaks: KpiRecord[] = [];
  for (const view of sources.shortBreaks) {
    yield;
    if (!include(view.childId)) continue;
    const requested = view.requested?.data;
    if (!requested || !inWindow(requested.requestedOn, window)) continue;
    const outcome = view.decision?.data.outcome ?? 'undecided';
    breaks.push(kpiRecord(view.meta.streamId, view.childId, null, `${requested.route}/${outcome}`, true, null, view.decision?.data.decidedOn ?? null));
  }
  const routeOf = (r: KpiRecord) => r.group!.split('/')[0]!;

  const graded: KpiRecord[] = [];
  const moderations: KpiRecord[] = [];
  for (const view of sources.audits) {
    yield;
    if (!include(view.childId)) continue;
    const audit = view.recorded;
    if (!audit || !inWindow(audit.occurredAt.slice(0, 10), window)) continue;
    const auditedOn = audit.occurredAt.slice(0, 10);
    const audited = (group: string, met: boolean) => kpiRecord(view.meta.streamId, view.childId, audit.data.planStreamId, group, met, null, auditedOn);
    graded.push(audited(audit.data.grade, audit.data.grade === 'good' || audit.data.grade === 'outstanding'));
    for (const m of view.moderations.values()) moderations.push(audited(m.data.moderatedGrade, m.data.agreesWithGrade));
  }

  // Grouping walks every record again: hand the loop back between measures too.
  yield;
  const adviceWithinSixWeeksByAdviserType = grouped(advice, (r) => r.group!);
  yield;
  const adviceWithinSixWeeksByOrganisation = grouped(advice, (r) => organisationOf.get(r)!);
  yield;
  const shortBreaksByRoute = shares(breaks, routeOf, shortBreakRoutes);
  yield;
  const shortBreaksByRouteAndOutcome = shares(
    breaks,
    (r) => r.group!,
    shortBreakRoutes.flatMap((route) => shortBreakOutcomes.map((o) => `${route}/${o}`)),
  );
  yield;
  const adviceCounted = advice.length + exceptions.length + pending.length;
  return {
    adviceWithinSixWeeks: figure(advice),
    adviceWithinSixWeeksByAdviserType,
    adviceWithinSixWeeksByOrganisation,
    adviceExceptions: {
      numerator: exceptions.length,
      denominator: adviceCounted,
      rate: adviceCounted === 0 ? null : exceptions.length / adviceCounted,
      records: exceptions,
    },
    advicePending: pending,
    decisionToAssessWithinSixWeeks: figure(decisionsToAssess),
    finalPlanWithinTwentyWeeks: figure(finalPlans),
    finalPlanWithinTwentyWeeksExcludingExceptions: figure(finalPlans.filter((r) => r.group === null)),
    draftPlansIssued: figure(drafts),
    representationPeriodsHonoured: figure(representations),
    annualReviewDecisionWithinFourWeeks: figure(decisions),
    amendedPlanWithinTwelveWeeks: figure(amended),
    healthAdviceIncorporated: figure(health),
    socialCareAdviceIncorporated: figure(socialCare),
    healthAndSocialCareAdviceIncorporated: figure(both),
    shortBreaksByRoute,
    shortBreaksByRouteAndOutcome,
    auditGrades: shares(graded, (r) => r.group!, auditGradeOrder),
    auditsGoodOrOutstanding: figure(graded),
    auditModerationAgreement: figure(moderations),
  };
}
