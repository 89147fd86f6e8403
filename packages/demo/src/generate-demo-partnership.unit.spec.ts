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
import { gradeFromCompleteness } from './child-journey';
import { generateDemoPartnership, type DemoProgress } from './generate-demo-partnership';
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

const DAY_MS = 86_400_000;

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('generateDemoPartnership', () => {
  it('writes the same record, ids included, for the same seed, and a different one for another seed', async () => {
    const [first, second, other] = await Promise.all([load(15, 'seed-a'), load(15, 'seed-a'), load(15, 'seed-b')]);
    expect(first.events.length).toBeGreaterThan(200);
    // The simulated clock decides recordedAt too, so the whole log is the same: order, times and hashes included.
    expect(second.events).toEqual(first.events);
    expect(other.events.map((e) => e.hash)).not.toEqual(first.events.map((e) => e.hash));
    const firstIds = new Set(first.events.map((e) => e.eventId));
    // The organisation register is the partnership's, whatever the seed: the same for both.
    expect(other.events.filter((e) => firstIds.has(e.eventId) && e.streamId !== 'organisation-register')).toEqual([]);
    expect(first.events[0]).toMatchObject({ streamId: 'demo-data', type: 'DemoDataMarked', data: { seed: 'seed-a', size: 15, today } });
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
    const seen: DemoProgress[] = [];
    const demo = await generateDemoPartnership({ store, size: 20, seed: 'sizes', today, onProgress: (p) => seen.push(p) });
    expect([demo.children, demo.ehcAssessments]).toEqual([22, 20]);
    expect(demo.familyHelpPlans).toBeGreaterThanOrEqual(3);
    // One report per command, in recorded order: commands and children only grow, the simulated day never goes back.
    expect(seen).toHaveLength(demo.commands);
    expect(seen.every((p, i) => i === 0 || (p.commands >= seen[i - 1]!.commands && p.done >= seen[i - 1]!.done && p.recordedOn >= seen[i - 1]!.recordedOn))).toBe(true);
    expect(seen.at(-1)).toMatchObject({ done: 22, total: 22, totalCommands: demo.commands });
    expect(demo.showcase.familyHelpPlanId && demo.showcase.ehcAssessmentId && demo.showcase.shortBreakId && demo.showcase.auditId).toBeTruthy();
    expect(demo.showcase.team).toEqual(expect.arrayContaining(['org-sc-leicester', 'org-la-leicester-send', 'org-nhs-llr-icb', 'org-school-leicester-1']));
  });

  it('tells the story on a simulated clock: each event recorded after it happened, in recorded order, within the 18 months before today', async () => {
    const { events } = await load(60, 'clock');
    const todayMs = Date.parse(`${today}T00:00:00Z`);
    const recorded = events.map((e) => Date.parse(e.recordedAt));
    expect(recorded.every((t, i) => i === 0 || t >= recorded[i - 1]!)).toBe(true);
    expect(recorded[0]).toBe(todayMs - 548 * DAY_MS + 8 * 3_600_000);
    expect(Math.max(...recorded)).toBeLessThan(todayMs);
    const stories = events.filter((e) => e.streamId !== 'organisation-register' && e.streamId !== 'demo-data');
    expect(stories.every((e) => Date.parse(e.occurredAt) <= Date.parse(e.recordedAt))).toBe(true);
    // Most within days of happening, some the same day, a few weeks late; spread over the whole 18 months.
    const lagDays = stories.map((e) => (Date.parse(e.recordedAt) - Date.parse(e.occurredAt)) / DAY_MS);
    const share = (test: (d: number) => boolean) => lagDays.filter(test).length / lagDays.length;
    expect(share((d) => d < 1)).toBeGreaterThan(0.1);
    expect(share((d) => d < 11)).toBeGreaterThan(0.65);
    expect(share((d) => d >= 60)).toBeLessThan(0.05);
    expect(share((d) => d >= 21)).toBeGreaterThan(0.005);
    const months = new Set(stories.map((e) => e.recordedAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(17);
  });

  it('grades each audit, on its audit date, from the plan\'s completeness on the record at the instant it was graded as at, and moderators sometimes disagree', async () => {
    const { events } = await load(120, 'audits');
    const auditEvents = events.filter((e) => e.type === 'QualityAuditRecorded');
    expect(auditEvents.length).toBeGreaterThan(5);
    const grades = new Set<string>();
    for (const audit of auditEvents) {
      const data = audit.data as { planStreamId: string; childId: string; asOf: string; grade: string; findings: unknown[] };
      expect(audit.occurredAt.slice(8, 10)).toBe('15');
      expect(Date.parse(data.asOf)).toBeLessThanOrEqual(Date.parse(audit.recordedAt));
      // The record at asOf, cut from the log by hand: the plan's stream, the child's stream and the advice requests.
      const asOf = new Date(data.asOf);
      const known = events.filter((e) => Date.parse(e.recordedAt) <= asOf.getTime());
      const plan = foldEvents(familyHelpPlans, known.filter((e) => e.streamId === data.planStreamId)).get(data.planStreamId)!;
      const register = foldEvents(childRegister, known.filter((e) => e.streamId === `child-${data.childId}` || (e.type === 'AdviceRequested' && (e.data as { childId?: string }).childId === data.childId) || e.streamId.startsWith('ehc-assessment-')));
      const child = register.children.get(data.childId)!;
      const expected = gradeFromCompleteness(familyHelpPlanCompleteness(plan, asOf, teamOf(child).map((m) => m.agency)));
      expect({ grade: data.grade, findings: data.findings }).toEqual({ grade: expected.grade, findings: expected.findings });
      grades.add(data.grade);
    }
    expect(grades.size).toBeGreaterThanOrEqual(2);
    const moderations = events.filter((e) => e.type === 'AuditModerated').map((e) => (e.data as { agreesWithGrade: boolean }).agreesWithGrade);
    expect(moderations).toContain(true);
    expect(moderations).toContain(false);
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
  }, 120_000);
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
