import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../runner/read-model';
import { actors, recordedEvents } from '../testing/recorded-events';
import { audits } from './audit';
import { ehcAssessments } from './ehc-assessment';
import { computeKpis } from './kpis';
import { ehcAssessmentCompleteness } from './plan-completeness';
import { shortBreaks } from './short-break';

const childId = randomUUID();
const assessmentId = randomUUID();
const stream = `ehc-assessment-${assessmentId}`;
const ids = { assessmentId, childId };

/** An annual review: education advice on time, health advice never arriving, social care under an exception. */
function annualReview() {
  const r = recordedEvents();
  const requests = { education: randomUUID(), health: randomUUID(), social_care: randomUUID() };
  const request = (adviserType: keyof typeof requests, adviserAgency: 'education' | 'health' | 'social_care', org: string) =>
    r.record(stream, 'AdviceRequested', { ...ids, requestId: requests[adviserType], adviserType, adviserAgency, adviserOrganisationId: org, requestedOn: '2026-01-05', adviceDueOn: '2026-02-16' }, { recordedAt: '2026-01-05T09:00:00.000Z' });
  const events = [
    r.record(stream, 'EhcAssessmentStarted', { ...ids, kind: 'annual_review', startedOn: '2026-01-05', planVersion: 1 }, { recordedAt: '2026-01-05T08:00:00.000Z' }),
    request('education', 'education', 'org-school'),
    request('health', 'health', 'org-health'),
    request('social_care', 'social_care', 'org-sc'),
    r.record(stream, 'AdviceSubmitted', { ...ids, requestId: requests.education, adviserType: 'education', agency: 'education', organisationId: 'org-school', submittedOn: '2026-02-01', adviceDueOn: '2026-02-16', sections: { B: 'b', F: 'f' } }, { actor: actors.education, recordedAt: '2026-02-01T10:00:00.000Z' }),
    r.record(stream, 'AdviceExceptionRecorded', { ...ids, requestId: requests.social_care, adviserType: 'social_care', exception: 'absent_from_area', reason: 'Away.' }, { recordedAt: '2026-02-02T10:00:00.000Z' }),
    r.record(stream, 'AnnualReviewMeetingHeld', { ...ids, heldOn: '2026-02-20', agenciesPresent: ['education'], summary: 's', decisionDueOn: '2026-03-20', amendedPlanDueOn: '2026-05-15' }, { recordedAt: '2026-02-20T16:00:00.000Z' }),
    r.record(stream, 'AnnualReviewDecisionMade', { ...ids, decision: 'amend', decidedOn: '2026-03-25', decisionDueOn: '2026-03-20', reasons: 'r' }, { recordedAt: '2026-03-25T10:00:00.000Z' }),
  ];
  return { r, events, requests };
}

describe('EHC assessment read model', () => {
  it('threads every advice step under its request', () => {
    const { events, requests } = annualReview();
    const view = foldEvents(ehcAssessments, events).get(stream)!;
    expect(view.advice.size).toBe(3);
    expect(view.advice.get(requests.education)).toMatchObject({ submitted: { data: { submittedOn: '2026-02-01' } }, exception: null });
    expect(view.advice.get(requests.social_care)?.exception?.data.exception).toBe('absent_from_area');
    expect(view.decision?.data.decision).toBe('amend');
    const report = ehcAssessmentCompleteness(view, new Date('2026-04-01T00:00:00Z'));
    expect(report.rules.filter((x) => x.applies && !x.satisfied).map((x) => x.id)).toEqual([
      'ehc.advice-received.parent_young_person',
      'ehc.advice-received.health',
      'ehc.advice-on-time',
      'ehc.advice-moderated',
      'ehc.advice-incorporated',
      'ehc.review-decision-on-time',
      'ehc.amended-plan-on-time',
    ]);
  });

  it('withdrawn advice no longer counts as received', () => {
    const { r, events, requests } = annualReview();
    const submitted = events[4]!;
    const withdrawn = r.record(stream, 'ContributionWithdrawn', { childId, streamId: stream, withdrawnEventId: submitted.eventId, withdrawnEventType: 'AdviceSubmitted', reason: 'Wrong child.' }, { recordedAt: '2026-02-03T00:00:00.000Z' });
    const view = foldEvents(ehcAssessments, [...events, withdrawn]).get(stream)!;
    expect(view.advice.get(requests.education)?.submitted).toBeNull();
    expect(view.meta.withdrawals).toBe(1);
  });
});

describe('KPIs', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  const window = { from: '2026-01-01', to: '2026-03-31', now };

  it('gives advice timeliness with exceptions apart, and the annual-review clocks, each with the records behind it', () => {
    const { events, requests } = annualReview();
    const kpis = computeKpis({ ehcAssessments: foldEvents(ehcAssessments, events).values(), shortBreaks: [], audits: [] }, window);
    expect([kpis.adviceWithinSixWeeks.numerator, kpis.adviceWithinSixWeeks.denominator]).toEqual([1, 2]);
    expect(kpis.adviceWithinSixWeeks.records.map((x) => [x.itemId, x.met, x.doneOn])).toEqual([
      [requests.education, true, '2026-02-01'],
      [requests.health, false, null],
    ]);
    expect(kpis.adviceWithinSixWeeksByOrganisation.map((g) => [g.key, g.figure.numerator, g.figure.denominator])).toEqual([
      ['org-health', 0, 1],
      ['org-school', 1, 1],
    ]);
    expect([kpis.adviceExceptions.numerator, kpis.adviceExceptions.denominator, kpis.adviceExceptions.records[0]?.itemId]).toEqual([1, 3, requests.social_care]);
    expect([kpis.annualReviewDecisionWithinFourWeeks.numerator, kpis.annualReviewDecisionWithinFourWeeks.denominator]).toEqual([0, 1]);
    // The amended plan is not due until 15 May: pending, so not yet counted.
    expect(kpis.amendedPlanWithinTwelveWeeks.denominator).toBe(0);
    expect(kpis.amendedPlanWithinTwelveWeeks.rate).toBeNull();
    expect([kpis.healthAdviceIncorporated.numerator, kpis.healthAdviceIncorporated.denominator]).toEqual([0, 1]);
  });

  it('treats advice not yet due as pending, and counts only the window and the children allowed', () => {
    const { events } = annualReview();
    const early = computeKpis({ ehcAssessments: foldEvents(ehcAssessments, events).values(), shortBreaks: [], audits: [] }, { ...window, now: new Date('2026-02-10T00:00:00Z') });
    expect(early.adviceWithinSixWeeks.denominator).toBe(1);
    expect(early.advicePending.map((x) => x.group)).toEqual(['health']);
    const outside = computeKpis({ ehcAssessments: foldEvents(ehcAssessments, events).values(), shortBreaks: [], audits: [] }, { ...window, from: '2026-02-17' });
    expect(outside.adviceWithinSixWeeks.denominator).toBe(0);
    const hidden = computeKpis({ ehcAssessments: foldEvents(ehcAssessments, events).values(), shortBreaks: [], audits: [] }, { ...window, includeChild: () => false });
    expect(hidden.adviceWithinSixWeeks.denominator + hidden.adviceExceptions.numerator + hidden.annualReviewDecisionWithinFourWeeks.denominator).toBe(0);
  });

  it('counts short breaks by route and outcome and audits by grade', () => {
    const r = recordedEvents();
    const events = [];
    const routes = ['local_offer', 'local_offer', 'social_care_assessment'] as const;
    for (const [i, route] of routes.entries()) {
      const shortBreakId = randomUUID();
      const s = `short-break-${shortBreakId}`;
      events.push(r.record(s, 'ShortBreakRequested', { shortBreakId, childId, route, requestedOn: '2026-02-01' }, { recordedAt: '2026-02-01T00:00:00.000Z' }));
      if (i === 0) {
        events.push(
          r.record(s, 'ShortBreakDecided', {
            shortBreakId,
            childId,
            route,
            outcome: 'declined',
            granted: [],
            eligibilityCriteriaVersion: 'c1',
            shortBreaksStatementVersion: 's1',
            decisionMaker: { userId: 'u-tm', role: 'team_manager' },
            decidedOn: '2026-02-10',
            reasons: 'r',
          }, { recordedAt: '2026-02-10T00:00:00.000Z' }),
        );
      }
    }
    for (const grade of ['good', 'inadequate'] as const) {
      const auditId = randomUUID();
      events.push(r.record(`audit-${auditId}`, 'QualityAuditRecorded', { auditId, childId, planStreamId: `family-help-plan-${randomUUID()}`, asOf: '2026-03-01T00:00:00Z', grade, findings: [{ area: 'a', finding: 'f' }] }, { actor: actors.auditor, recordedAt: '2026-03-02T00:00:00.000Z' }));
    }
    const kpis = computeKpis({ ehcAssessments: [], shortBreaks: foldEvents(shortBreaks, events).values(), audits: foldEvents(audits, events).values() }, window);
    const pairs = (groups: typeof kpis.shortBreaksByRoute) => Object.fromEntries(groups.map((g) => [g.key, [g.figure.numerator, g.figure.denominator]]));
    expect(pairs(kpis.shortBreaksByRoute)).toEqual({ local_offer: [2, 3], self_assessment: [0, 3], social_care_assessment: [1, 3] });
    expect(pairs(kpis.shortBreaksByRouteAndOutcome.filter((g) => g.figure.numerator > 0))).toEqual({ 'local_offer/declined': [1, 3], 'local_offer/undecided': [1, 3], 'social_care_assessment/undecided': [1, 3] });
    expect(pairs(kpis.auditGrades)).toEqual({ outstanding: [0, 2], good: [1, 2], requires_improvement: [0, 2], inadequate: [1, 2] });
    expect([kpis.auditsGoodOrOutstanding.numerator, kpis.auditsGoodOrOutstanding.denominator]).toEqual([1, 2]);
  });
});
