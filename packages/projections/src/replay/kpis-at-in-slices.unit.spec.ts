import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { actors, recordedEvents } from '../testing/recorded-events';
import { computeKpis, computeKpisInSlices } from '../read-models/kpis';
import { ehcAssessments } from '../read-models/ehc-assessment';
import { foldEvents } from '../runner/read-model';
import { kpisAt, kpisAtInSlices, REPLAY_PAGE_SIZE } from './kpis-at';

const REVIEWS = 400;

/** Annual reviews held on consecutive days, each decided on time, recorded the day it happened. */
function reviews(): EventEnvelope[] {
  const r = recordedEvents();
  const events: EventEnvelope[] = [];
  for (let i = 0; i < REVIEWS; i++) {
    const ids = { assessmentId: randomUUID(), childId: randomUUID() };
    const stream = `ehc-assessment-${ids.assessmentId}`;
    const day = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000 / 4);
    const on = day.toISOString().slice(0, 10);
    const at = day.toISOString();
    events.push(
      r.record(stream, 'EhcAssessmentStarted', { ...ids, kind: 'annual_review', startedOn: on, planVersion: 1 }, { recordedAt: at }),
      r.record(stream, 'AnnualReviewMeetingHeld', { ...ids, heldOn: on, agenciesPresent: ['education'], summary: 's', decisionDueOn: '2027-12-31', amendedPlanDueOn: '2027-12-31' }, { recordedAt: at }),
      r.record(stream, 'AnnualReviewDecisionMade', { ...ids, decision: 'maintain', decidedOn: on, decisionDueOn: '2027-12-31', reasons: 'r' }, { actor: actors.sendOfficer, recordedAt: at }),
    );
  }
  return events;
}

/** The two calls of the store port a replay uses, over recorded events, paged as the port pages. */
const logOf = (events: readonly EventEnvelope[]) => ({
  readAll: async ({ after = -1, maxCount = 1000 } = {}) => events.filter((e) => e.globalPosition > after).slice(0, maxCount),
  headPosition: async () => events.length - 1,
});

const window = { from: '2026-01-01', to: '2026-12-31', now: new Date('2027-01-01T00:00:00Z') };

describe('KPI windows in slices', () => {
  const log = reviews();

  it('reads the whole log, however many pages it takes', async () => {
    expect(log.length).toBeGreaterThan(REPLAY_PAGE_SIZE * 4);
    const all = await kpisAtInSlices(logOf(log), { asOf: new Date('2027-01-01T00:00:00Z') }, window);
    expect(all.annualReviewDecisionWithinFourWeeks.denominator).toBe(REVIEWS);
    // Cut on recorded time: reviews are recorded four a day from 1 January, so 25 days hold 100.
    const early = await kpisAtInSlices(logOf(log), { asOf: new Date('2026-01-25T23:59:59Z') }, window);
    expect(early.annualReviewDecisionWithinFourWeeks.denominator).toBe(100);
    expect(early).toEqual(kpisAt(log, { asOf: new Date('2026-01-25T23:59:59Z') }, window));
  });

  it('hands the event loop back while it works, and answers as the synchronous fold does', async () => {
    const views = [...foldEvents(ehcAssessments, log).values()];
    let served = 0;
    const neighbour = setInterval(() => served++, 0);
    let slices = 0;
    try {
      const sliced = await computeKpisInSlices({ ehcAssessments: views, shortBreaks: [], audits: [] }, window, { sliceMs: 0, onSlice: () => slices++ });
      expect(sliced).toEqual(computeKpis({ ehcAssessments: views, shortBreaks: [], audits: [] }, window));
    } finally {
      clearInterval(neighbour);
    }
    expect(slices).toBeGreaterThan(1);
    expect(served).toBeGreaterThan(0);
  });
});
