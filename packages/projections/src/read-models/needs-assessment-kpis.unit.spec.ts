import { randomUUID } from 'node:crypto';
import type { DomainEventType } from '@planledger/domain';
import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../runner/read-model';
import { recordedEvents } from '../testing/recorded-events';
import { ehcAssessments } from './ehc-assessment';
import { computeKpis } from './kpis';

/**
 * Four needs assessments requested in early 2026: one on time throughout, one whose final plan was late
 * with a regulation 13(3) exception, one late without an exception (and finalised inside the
 * representations period), one refused late. Expected figures are counted by hand from that story.
 */
function partnership() {
  const r = recordedEvents();
  const events: EventEnvelope[] = [];
  const story = (name: string, requestedOn: string, clocks: { six: string; sixteen: string; twenty: string }, steps: Array<[DomainEventType, Record<string, unknown>, string]>) => {
    const childId = randomUUID();
    const assessmentId = randomUUID();
    const stream = `ehc-assessment-${assessmentId}`;
    const ids = { assessmentId, childId };
    events.push(
      r.record(stream, 'EhcAssessmentStarted', { ...ids, kind: 'needs_assessment', requestedBy: 'parent', startedOn: requestedOn, decisionToAssessDueOn: clocks.six, decisionNotToIssueDueOn: clocks.sixteen, finalPlanDueOn: clocks.twenty }, { recordedAt: `${requestedOn}T09:00:00.000Z` }),
    );
    for (const [type, data, on] of steps) events.push(r.record(stream, type, { ...ids, ...data } as never, { recordedAt: `${on}T10:00:00.000Z` }));
    return { name, stream };
  };
  const jan = { six: '2026-02-16', sixteen: '2026-04-27', twenty: '2026-05-25' };
  const onTime = story('on time', '2026-01-05', jan, [
    ['AssessmentDecisionMade', { decision: 'assess', decidedOn: '2026-02-10', decisionDueOn: jan.six, rightOfAppealNotified: false }, '2026-02-10'],
    ['DraftPlanIssued', { planVersion: 1, issuedOn: '2026-04-20', representationsEndOn: '2026-05-04', sections: {} }, '2026-04-20'],
    ['FinalPlanIssued', { planVersion: 1, issuedOn: '2026-05-18', finalPlanDueOn: jan.twenty, representationsPeriodHonoured: true, sections: {} }, '2026-05-18'],
  ]);
  const excepted = story('late with exception', '2026-01-05', jan, [
    ['AssessmentDecisionMade', { decision: 'assess', decidedOn: '2026-02-16', decisionDueOn: jan.six, rightOfAppealNotified: false }, '2026-02-16'],
    ['TimelineExceptionRecorded', { clock: 'final_plan', exception: 'absent_from_area', appliedOn: '2026-03-01', reason: 'Abroad for 6 weeks' }, '2026-03-01'],
    ['DraftPlanIssued', { planVersion: 1, issuedOn: '2026-05-25', representationsEndOn: '2026-06-08', sections: {} }, '2026-05-25'],
    ['FinalPlanIssued', { planVersion: 1, issuedOn: '2026-06-15', finalPlanDueOn: jan.twenty, representationsPeriodHonoured: true, sections: {} }, '2026-06-15'],
  ]);
  const late = story('late, no exception', '2026-01-05', jan, [
    ['AssessmentDecisionMade', { decision: 'assess', decidedOn: '2026-02-20', decisionDueOn: jan.six, rightOfAppealNotified: false }, '2026-02-20'],
    ['DraftPlanIssued', { planVersion: 1, issuedOn: '2026-06-01', representationsEndOn: '2026-06-15', sections: {} }, '2026-06-01'],
    ['FinalPlanIssued', { planVersion: 1, issuedOn: '2026-06-10', finalPlanDueOn: jan.twenty, representationsPeriodHonoured: false, sections: {} }, '2026-06-10'],
  ]);
  const refusedLate = story('refused late', '2026-01-05', jan, [
    ['AssessmentDecisionMade', { decision: 'not_assess', decidedOn: '2026-03-02', decisionDueOn: jan.six, reasons: 'r', rightOfAppealNotified: true }, '2026-03-02'],
  ]);
  const notToIssue = story('assessed, no plan', '2026-01-05', jan, [
    ['AssessmentDecisionMade', { decision: 'assess', decidedOn: '2026-02-02', decisionDueOn: jan.six, rightOfAppealNotified: false }, '2026-02-02'],
    ['PlanNotToBeIssuedDecided', { decidedOn: '2026-04-20', decisionDueOn: jan.sixteen, reasons: 'r', rightOfAppealNotified: true }, '2026-04-20'],
  ]);
  return { events, onTime, excepted, late, refusedLate, notToIssue };
}

describe('needs assessment KPIs', () => {
  const p = partnership();
  const views = foldEvents(ehcAssessments, p.events);
  const kpis = computeKpis({ ehcAssessments: views.values(), shortBreaks: [], audits: [] }, { from: '2026-01-01', to: '2026-12-31', now: new Date('2026-07-01T12:00:00Z') });
  const streamsMet = (records: Array<{ streamId: string; met: boolean }>) => records.map((r) => [r.streamId, r.met]).sort();

  it('decision whether to assess within 6 weeks: 3 of 5 (the 16 February decision is on its due day)', () => {
    expect(kpis.decisionToAssessWithinSixWeeks).toMatchObject({ numerator: 3, denominator: 5 });
    expect(streamsMet(kpis.decisionToAssessWithinSixWeeks.records)).toEqual(
      [[p.onTime.stream, true], [p.excepted.stream, true], [p.late.stream, false], [p.refusedLate.stream, false], [p.notToIssue.stream, true]].sort(),
    );
  });

  it('final plan within 20 weeks, as SEN2 counts it: 1 of 3 with exception cases, 1 of 2 without them', () => {
    expect(kpis.finalPlanWithinTwentyWeeks).toMatchObject({ numerator: 1, denominator: 3 });
    expect(kpis.finalPlanWithinTwentyWeeks.records.find((r) => r.streamId === p.excepted.stream)).toMatchObject({ group: 'absent_from_area', met: false, dueOn: '2026-05-25', doneOn: '2026-06-15' });
    expect(kpis.finalPlanWithinTwentyWeeksExcludingExceptions).toMatchObject({ numerator: 1, denominator: 2 });
    expect(kpis.finalPlanWithinTwentyWeeksExcludingExceptions.records.map((r) => r.streamId).sort()).toEqual([p.onTime.stream, p.late.stream].sort());
  });

  it('draft plans issued: 3 of the 4 assessments that reached an outcome after assessment; representations honoured in 2 of 3 final plans', () => {
    expect(kpis.draftPlansIssued).toMatchObject({ numerator: 3, denominator: 4 });
    expect(kpis.draftPlansIssued.records.find((r) => r.streamId === p.notToIssue.stream)).toMatchObject({ group: 'decision_not_to_issue', met: false });
    expect(kpis.representationPeriodsHonoured).toMatchObject({ numerator: 2, denominator: 3 });
    expect(kpis.representationPeriodsHonoured.records.find((r) => !r.met)).toMatchObject({ streamId: p.late.stream, dueOn: '2026-06-15', doneOn: '2026-06-10' });
  });

  it('counts only what falls in the window', () => {
    const spring = computeKpis({ ehcAssessments: views.values(), shortBreaks: [], audits: [] }, { from: '2026-06-01', to: '2026-06-30', now: new Date('2026-07-01T12:00:00Z') });
    expect(spring.finalPlanWithinTwentyWeeks).toMatchObject({ numerator: 0, denominator: 2 });
    expect(spring.decisionToAssessWithinSixWeeks.denominator).toBe(0);
  });
});
