import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { getMemoryEventStore } from '@planledger/event-store';
import {
  adviceFacts,
  childRegister,
  ehcAssessmentCompleteness,
  ehcAssessments,
  familyHelpPlanCompleteness,
  familyHelpPlans,
  foldEvents,
  needsAssessmentTimeline,
  planCoverage,
  teamOf,
} from '@planledger/projections';
import { afterEach, describe, expect, it } from 'vitest';
import { isValidNhsNumber, nhsNumberClaimStreamId } from '@planledger/domain';
import { nhsNumber } from './child-details';
import { generateDemoPartnership } from './generate-demo-partnership';
import { seededRandom } from './random';

const today = '2026-03-02';
const stores: EventStore[] = [];

async function load(size: number, seed: string): Promise<{ store: EventStore; events: EventEnvelope[] }> {
  const store = getMemoryEventStore();
  stores.push(store);
  await generateDemoPartnership({ store, size, seed, today });
  const events: EventEnvelope[] = [];
  for (let page = await store.readAll({ maxCount: 5000 }); page.length > 0; page = await store.readAll({ after: page.at(-1)!.globalPosition, maxCount: 5000 })) {
    events.push(...page);
  }
  return { store, events };
}

/** What a run decides, leaving out what the clock decides: when events were recorded (hence hashes and order) and audits, graded as they are written. */
function decided(events: readonly EventEnvelope[]) {
  const audit = (e: EventEnvelope) => e.streamId.startsWith('audit-');
  return events
    .map((e) => ({
      streamId: e.streamId,
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      actor: e.actor,
      correlationId: e.correlationId,
      occurredAt: audit(e) ? 'now' : e.occurredAt,
      data: audit(e) ? { ...(e.data as object), asOf: 'when graded' } : e.data,
    }))
    .sort((a, b) => a.streamId.localeCompare(b.streamId) || a.revision - b.revision);
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('generateDemoPartnership', () => {
  it('writes the same record, ids included, for the same seed, and a different one for another seed', async () => {
    const [first, second, other] = await Promise.all([load(15, 'seed-a'), load(15, 'seed-a'), load(15, 'seed-b')]);
    expect(first.events.length).toBeGreaterThan(200);
    expect(decided(second.events)).toEqual(decided(first.events));
    expect(decided(other.events)).not.toEqual(decided(first.events));
    const firstIds = new Set(first.events.map((e) => e.eventId));
    // The organisation register is the partnership's, whatever the seed: the same for both.
    expect(other.events.filter((e) => firstIds.has(e.eventId) && e.streamId !== 'organisation-register')).toEqual([]);
    expect(first.events.filter((e) => e.streamId === 'organisation-register').length).toBeGreaterThan(30);
  });

  it('writes nothing new when run again with the same seed, so an interrupted load can be resumed', async () => {
    const { store, events } = await load(6, 'resume');
    const again = await generateDemoPartnership({ store, size: 6, seed: 'resume', today });
    expect(await store.headPosition()).toBe(events.at(-1)!.globalPosition);
    expect(again.commands).toBeGreaterThan(0);
  });

  it('sizes the partnership by children with EHC plans, plus a tenth as many with only a Family Help plan, and reports progress', async () => {
    const store = getMemoryEventStore();
    stores.push(store);
    const seen: number[] = [];
    const demo = await generateDemoPartnership({ store, size: 20, seed: 'sizes', today, onProgress: (p) => seen.push(p.done) });
    expect([demo.children, demo.ehcAssessments]).toEqual([22, 20]);
    expect(demo.familyHelpPlans).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(demo.showcase.familyHelpPlanId && demo.showcase.ehcAssessmentId && demo.showcase.shortBreakId && demo.showcase.auditId).toBeTruthy();
    expect(demo.showcase.team).toEqual(expect.arrayContaining(['org-sc-leicester', 'org-la-leicester-send', 'org-nhs-llr-icb', 'org-school-leicester-1']));
  });

  it('leaves realistic gaps for the read models to show, beside plans without them', async () => {
    const { events } = await load(80, 'gaps');
    const register = foldEvents(childRegister, events);
    const plans = [...foldEvents(familyHelpPlans, events).values()];
    const assessments = [...foldEvents(ehcAssessments, events).values()];
    const asOf = new Date(`${today}T00:00:00Z`);

    const planReports = plans.map((view) => {
      const child = register.children.get(view.childId)!;
      return familyHelpPlanCompleteness(view, asOf, teamOf(child).map((m) => m.agency));
    });
    const failing = (report: (typeof planReports)[number], id: string) => report.rules.some((r) => r.id === id && r.applies && !r.satisfied);
    const withoutFamilyFunctioning = planReports.filter((r) => r.rules.some((rule) => rule.id === 'fhp.disability-impact' && !rule.satisfied && /family functioning/.test(rule.explanation)));
    expect(withoutFamilyFunctioning.length).toBeGreaterThan(0);
    expect(planReports.filter((r) => !failing(r, 'fhp.disability-impact')).length).toBeGreaterThan(withoutFamilyFunctioning.length);
    expect(plans.filter((view) => planCoverage(view).missing.includes('health')).length).toBeGreaterThan(0);
    expect(plans.filter((view) => planCoverage(view).allThree).length).toBeGreaterThan(0);

    const advice = assessments.flatMap(adviceFacts);
    expect(advice.filter((a) => a.submittedOn !== null && a.submittedOn > a.adviceDueOn).length).toBeGreaterThan(0);
    expect(advice.filter((a) => a.submittedOn !== null && a.submittedOn <= a.adviceDueOn).length).toBeGreaterThan(0);
    expect(advice.filter((a) => a.exception !== null).length).toBeGreaterThan(0);
    expect(advice.filter((a) => a.adviserType === 'health' && a.submittedOn === null && a.exception === null).length).toBeGreaterThan(0);

    const decisions = assessments.flatMap((view) => (view.decision ? [view.decision.data] : []));
    expect(decisions.filter((d) => d.decidedOn > d.decisionDueOn).length).toBeGreaterThan(0);
    expect(decisions.filter((d) => d.decidedOn <= d.decisionDueOn).length).toBeGreaterThan(0);
    const reports = assessments.map((view) => ehcAssessmentCompleteness(view, asOf));
    expect(reports.filter((r) => r.rules.some((rule) => rule.id === 'ehc.advice-on-time' && rule.applies && !rule.satisfied)).length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'QualityAuditRecorded').length).toBeGreaterThan(0);
  });

  it('holds needs assessments at every stage of the timeline, on time and late', async () => {
    const { events } = await load(400, 'timeline');
    const needs = [...foldEvents(ehcAssessments, events).values()].filter((view) => view.started?.data.kind === 'needs_assessment');
    const timelines = needs.map((view) => needsAssessmentTimeline(view)!);
    expect(needs.every((view) => view.started?.data.requestedBy !== undefined)).toBe(true);
    const stage = (t: (typeof timelines)[number]) =>
      t.finalPlan ? 'final' : t.draft ? 'draft' : t.notToIssueDecidedOn ? 'not_to_issue' : t.assessDecision?.decision === 'not_assess' ? 'refused' : t.assessDecision ? 'assessing' : 'requested';
    expect([...new Set(timelines.map(stage))].sort()).toEqual(['assessing', 'draft', 'final', 'not_to_issue', 'refused', 'requested']);
    const decided = timelines.filter((t) => t.assessDecision);
    expect(decided.some((t) => t.assessDecision!.decidedOn > t.decisionToAssessDueOn)).toBe(true);
    expect(decided.some((t) => t.assessDecision!.decidedOn <= t.decisionToAssessDueOn)).toBe(true);
    const finals = timelines.filter((t) => t.finalPlan);
    expect(finals.some((t) => t.finalPlan!.issuedOn > t.finalPlanDueOn)).toBe(true);
    expect(finals.some((t) => t.finalPlan!.issuedOn <= t.finalPlanDueOn)).toBe(true);
    expect(timelines.some((t) => Object.keys(t.exceptions).length > 0)).toBe(true);
  });
});

describe('demo NHS numbers', () => {
  it('are valid and never shared by two children, with their claims named by the key given', async () => {
    const store = getMemoryEventStore();
    stores.push(store);
    const nhsNumberKey = Buffer.alloc(32, 3);
    await generateDemoPartnership({ store, size: 60, seed: 'nhs-unique', today, nhsNumberKey });
    const events = await store.readAll();
    const numbers = events.filter((e) => e.type === 'ChildRegistered').map((e) => (e.data as { nhsNumber?: string }).nhsNumber).filter((n): n is string => n !== undefined);
    expect(numbers.length).toBeGreaterThan(40);
    expect(numbers.every(isValidNhsNumber)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    const claimStreams = new Set(events.filter((e) => e.type === 'NhsNumberClaimed').map((e) => e.streamId));
    expect(claimStreams).toEqual(new Set(numbers.map((n) => nhsNumberClaimStreamId(nhsNumberKey, n))));
  });

  it('stay distinct over many more children than a demo has, where nine drawn digits would collide', () => {
    const random = seededRandom('collisions', 0);
    const numbers = Array.from({ length: 100_000 }, (_, serial) => nhsNumber(random, serial));
    expect(numbers.every(isValidNhsNumber)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
