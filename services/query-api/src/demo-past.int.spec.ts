import { generateDemoPartnership, sampleStaff, type DemoCommand, type DemoPartnership } from '@planledger/demo';
import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

/**
 * The auditor's journey on the demo partnership, which is written on a simulated clock over the 18
 * months before its today. Every expected answer is worked out from the commands the demo sent
 * (what and when each was recorded), never from the read models being asked.
 */
const today = '2026-11-16';
// The English school terms, roughly: autumn September to December, spring January to March, summer April to July.
const lastTerm = { from: '2026-04-01', to: '2026-07-31' };

let store: EventStore;
let h: Harness;
let demo: DemoPartnership;
const commands: DemoCommand[] = [];

beforeAll(async () => {
  store = getMemoryEventStore();
  demo = await generateDemoPartnership({ store, size: 150, seed: 'a-past', today, onCommand: (c) => commands.push(c) });
  h = await startHarness({ store, registerTestCallers: false });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await store?.close();
});

const auditor = sampleStaff.auditor;
const planQuery = `query($id: ID!, $asOf: DateTime) {
  familyHelpPlan(id: $id, asOf: $asOf, reason: AUDIT) { asOf disabilityImpacts { domain } childViews { views } familyViews { views } needs { description } outcomes { outcome } contributions { agency } reviews { summary } }
}`;

describe('the demo has a past', () => {
  it('lets an auditor replay a plan at three past dates and see it grow, exactly as the demo recorded it', async () => {
    const planId = demo.showcase.familyHelpPlanId!;
    const ofPlan = commands.filter((c) => c.params['planId'] === planId || c.result.entityId === planId && c.command === 'openFamilyHelpPlan');
    expect(ofPlan.length).toBeGreaterThan(8);
    // Three instants in the plan's past: just after it opened, halfway through its story, and after its last recorded change.
    const instants = [ofPlan[1]!, ofPlan[Math.floor(ofPlan.length / 2)]!, ofPlan.at(-1)!].map((c) => c.recordedAt);
    expect(instants.every((at) => at < `${today}T00:00:00.000Z`)).toBe(true);

    const expectedAt = (asOf: string) => {
      const known = ofPlan.filter((c) => c.recordedAt <= asOf);
      const bodies = (command: string) => known.filter((c) => c.command === command).map((c) => c.body);
      return {
        asOf,
        disabilityImpacts: bodies('recordDisabilityImpact').map((b) => ({ domain: b['domain'] })),
        childViews: bodies('recordChildViews').map((b) => ({ views: b['views'] })),
        familyViews: bodies('recordFamilyViews').map((b) => ({ views: b['views'] })),
        needs: bodies('recordNeed').map((b) => ({ description: b['description'] })),
        outcomes: bodies('setOutcome').map((b) => ({ outcome: b['outcome'] })),
        contributions: bodies('recordContribution').map((b) => ({ agency: b['agency'] })),
        reviews: bodies('reviewFamilyHelpPlan').map((b) => ({ summary: b['summary'] })),
      };
    };
    const size = (plan: ReturnType<typeof expectedAt>) => Object.values(plan).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
    const sorted = <T>(items: T[]) => [...items].map((i) => JSON.stringify(i)).sort();
    const normalise = (plan: Record<string, unknown>) => Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, Array.isArray(v) ? sorted(v) : v]));

    const expected = instants.map(expectedAt);
    // It grows: each later date knows more of the plan than the one before.
    expect(size(expected[0]!)).toBeLessThan(size(expected[1]!));
    expect(size(expected[1]!)).toBeLessThan(size(expected[2]!));
    // When each fact was recorded, as the history shows it: the demo's own recorded times.
    const history = await h.gql(`query($id: ID!) { history(streamId: $id, reason: AUDIT) { events { recordedAt } } }`, { as: auditor, variables: { id: planId } });
    expect((history.body.data!['history'] as { events: Array<{ recordedAt: string }> }).events.map((e) => e.recordedAt)).toEqual(ofPlan.map((c) => c.recordedAt));
    // The plan's audit, graded on its audit date from the plan as it stood then.
    const audited = commands.filter((c) => c.command === 'recordQualityAudit' && c.body['planStreamId'] === `family-help-plan-${planId}`);
    expect(audited).toHaveLength(1);
    const audits = await h.gql(`query($id: ID!) { audits(planId: $id, reason: "audit") { grade planAsOf plan { ... on FamilyHelpPlan { asOf } } } }`, { as: auditor, variables: { id: `family-help-plan-${planId}` } });
    expect(audits.body.data!['audits']).toEqual([{ grade: audited[0]!.body['grade'], planAsOf: audited[0]!.body['asOf'], plan: { asOf: audited[0]!.body['asOf'] } }]);
    for (let i = 0; i < instants.length; i++) {
      const answer = await h.gql(planQuery, { as: auditor, variables: { id: planId, asOf: instants[i] } });
      expect(answer.body.errors).toBeUndefined();
      expect(normalise(answer.body.data!['familyHelpPlan'] as Record<string, unknown>)).toEqual(normalise(expected[i]!));
    }
  });

  it('has KPIs for last term: audits on their audit dates and short breaks by route, as the demo recorded them', async () => {
    const inTerm = (c: DemoCommand) => {
      const day = String(c.body['occurredAt']).slice(0, 10);
      return day >= lastTerm.from && day <= lastTerm.to;
    };
    const audits = commands.filter((c) => c.command === 'recordQualityAudit' && inTerm(c));
    const breaks = commands.filter((c) => c.command === 'requestShortBreak' && inTerm(c));
    expect(audits.length).toBeGreaterThan(0);
    expect(breaks.length).toBeGreaterThan(0);
    const answer = await h.gql(
      `query($from: Date!, $to: Date!) { kpis(from: $from, to: $to) {
        auditsGoodOrOutstanding { numerator denominator } shortBreaksByRoute { key figure { numerator } } adviceWithinSixWeeks { denominator } annualReviewDecisionWithinFourWeeks { denominator } } }`,
      { as: auditor, variables: lastTerm },
    );
    expect(answer.body.errors).toBeUndefined();
    const kpis = answer.body.data!['kpis'] as {
      auditsGoodOrOutstanding: { numerator: number; denominator: number };
      shortBreaksByRoute: Array<{ key: string; figure: { numerator: number } }>;
      adviceWithinSixWeeks: { denominator: number };
      annualReviewDecisionWithinFourWeeks: { denominator: number };
    };
    expect(kpis.auditsGoodOrOutstanding).toEqual({
      numerator: audits.filter((c) => c.body['grade'] === 'good' || c.body['grade'] === 'outstanding').length,
      denominator: audits.length,
    });
    const byRoute = new Map<string, number>();
    for (const c of breaks) byRoute.set(String(c.body['route']), (byRoute.get(String(c.body['route'])) ?? 0) + 1);
    expect(Object.fromEntries(kpis.shortBreaksByRoute.filter((g) => g.figure.numerator > 0).map((g) => [g.key, g.figure.numerator]))).toEqual(Object.fromEntries(byRoute));
    expect(kpis.adviceWithinSixWeeks.denominator).toBeGreaterThan(0);
    expect(kpis.annualReviewDecisionWithinFourWeeks.denominator).toBeGreaterThan(0);
  });
});
