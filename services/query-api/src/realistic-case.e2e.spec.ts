import { commandCatalogue, executeCommand, type Caller } from '@planledger/domain';
import { getMemoryEventStore } from '@planledger/event-store';
import { buildRecordApi } from '@planledger/record-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers, startHarness, type Harness } from './testing/harness';
import { driveRealisticCase, storyClock, type RealisticCase, type Send } from './testing/realistic-case';

/**
 * A realistic case driven through the record API over HTTP (fastify inject), then read back through
 * GraphQL with exact figures, and replayed as the record stood on 5 February.
 */
const queriedAt = new Date('2026-05-01T12:00:00Z');
const earlier = '2026-02-05T00:00:00Z';

let h: Harness;
let recordApi: Awaited<ReturnType<typeof buildRecordApi>>;
let story: RealisticCase;

beforeAll(async () => {
  const clock = storyClock('2026-01-05T09:00:00Z');
  const store = getMemoryEventStore({ now: clock.now });
  h = await startHarness({ store, now: () => queriedAt });
  recordApi = await buildRecordApi({ store, identity: h.identity, execute: (s, r) => executeCommand(s, r, { now: clock.now }), rateLimit: { max: 0, windowMs: 60_000 } });
  const send: Send = async (caller, command, params, body) => {
    const definition = commandCatalogue.find((d) => d.name === command)!;
    const url = definition.path.replace(/:(\w+)/g, (_, key: string) => String(params[key]));
    const response = await recordApi.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await h.token(caller)}` }, payload: body });
    if (response.statusCode !== 201) throw new Error(`${command}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  story = await driveRealisticCase(send, clock, store);
  expect(await h.api.runner.waitFor(story.lastPosition, 5_000)).toBe(true);
});

afterAll(async () => {
  await recordApi?.close();
  await h?.close();
  await h?.store.close();
});

const completeness = 'completeness { score satisfied applicable rules { id applies satisfied explanation } }';
const coverage = 'coverage { allThree missing agencies { agency contributed contributions lastContributedAt } }';
const failing = (c: { rules: Array<{ id: string; applies: boolean; satisfied: boolean; explanation: string }> }) =>
  c.rules.filter((r) => r.applies && !r.satisfied).map((r) => [r.id, r.explanation]);

async function data<T>(query: string, variables: Record<string, unknown>, as: Caller = callers.socialWorker): Promise<T> {
  const answer = await h.gql(query, { as, variables });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data as T;
}

describe('a realistic case through the record API, read through GraphQL', () => {
  it('scores the Family Help plan now, and as it stood on 5 February', async () => {
    type Plan = { familyHelpPlan: { asOf: string | null; completeness: { score: number; satisfied: number; applicable: number; rules: never[] }; coverage: { allThree: boolean; missing: string[] } } };
    const query = `query($id: ID!, $asOf: DateTime) { familyHelpPlan(id: $id, asOf: $asOf) { asOf ${completeness} ${coverage} } }`;
    const now = (await data<Plan>(query, { id: story.planId })).familyHelpPlan;
    expect(now.asOf).toBeNull();
    expect([now.completeness.satisfied, now.completeness.applicable]).toEqual([5, 6]);
    expect(now.completeness.score).toBeCloseTo(5 / 6);
    expect(failing(now.completeness)).toEqual([['fhp.review-date', 'The review date 2026-04-06 has passed without a review being recorded.']]);
    expect(now.coverage).toMatchObject({ allThree: true, missing: [] });

    const then = (await data<Plan>(query, { id: story.planId, asOf: earlier })).familyHelpPlan;
    expect(then.asOf).toBe('2026-02-05T00:00:00.000Z');
    expect([then.completeness.satisfied, then.completeness.applicable]).toEqual([3, 6]);
    expect(failing(then.completeness)).toEqual([
      ['fhp.disability-impact', 'The disability impact does not yet cover family functioning.'],
      ['fhp.family-views', "No parent's or carer's views are recorded."],
      ['fhp.agency-contributions', "No contribution is recorded from education, though it is in the child's team."],
    ]);
    expect(then.coverage).toMatchObject({ allThree: false, missing: ['education'] });
  });

  it('scores the EHC annual review now, and as it stood on 5 February', async () => {
    type Review = { ehcAssessment: { kind: string; completeness: { satisfied: number; applicable: number; rules: never[] }; coverage: { missing: string[] }; advice: Array<{ adviserType: string; onTime: boolean | null }> } };
    const query = `query($id: ID!, $asOf: DateTime) { ehcAssessment(id: $id, asOf: $asOf) { kind advice { adviserType onTime } ${completeness} ${coverage} } }`;
    const now = (await data<Review>(query, { id: story.assessmentId }, callers.sendOfficer)).ehcAssessment;
    expect(now.kind).toBe('annual_review');
    expect([now.completeness.satisfied, now.completeness.applicable]).toEqual([9, 10]);
    expect(failing(now.completeness)).toEqual([['ehc.advice-on-time', 'Advice from health was not received within six weeks and no regulation 8(2) exception is recorded.']]);
    expect(now.coverage.missing).toEqual([]);
    expect(Object.fromEntries(now.advice.map((a) => [a.adviserType, a.onTime]))).toEqual({ parent_young_person: null, education: true, health: false, social_care: true });

    const then = (await data<Review>(query, { id: story.assessmentId, asOf: earlier }, callers.sendOfficer)).ehcAssessment;
    expect([then.completeness.satisfied, then.completeness.applicable]).toEqual([3, 8]);
    expect(failing(then.completeness)).toEqual([
      ['ehc.advice-received.parent_young_person', 'Advice from the parent or young person has not been received (due 2026-02-23) and no regulation 8(2) exception is recorded.'],
      ['ehc.advice-received.health', 'Advice from health has not been received (due 2026-02-23) and no regulation 8(2) exception is recorded.'],
      ['ehc.advice-moderated', 'Advice from education, social care has not been moderated.'],
      ['ehc.advice-incorporated', 'Advice from education, social care has not been incorporated into a plan version.'],
      ['ehc.review-meeting', 'No annual review meeting is recorded.'],
    ]);
    expect(then.coverage.missing).toEqual(['health']);
  });

  it('scores the short break and shows the child across all their records', async () => {
    type Child = { child: { team: Array<{ organisationId: string }>; familyHelpPlans: unknown[]; ehcAssessments: unknown[]; shortBreaks: Array<{ status: string; completeness: { satisfied: number; applicable: number } }>; coverage: { allThree: boolean } } };
    const child = (await data<Child>(`query($id: ID!) { child(id: $id) { team { organisationId } familyHelpPlans { id } ehcAssessments { id } shortBreaks { status completeness { satisfied applicable } } coverage { allThree } } }`, { id: story.childId })).child;
    expect(child.team.map((m) => m.organisationId)).toEqual(['org-sc', 'org-la', 'org-health', 'org-school']);
    expect([child.familyHelpPlans.length, child.ehcAssessments.length]).toEqual([1, 1]);
    expect(child.shortBreaks).toEqual([{ status: 'decided', completeness: { satisfied: 5, applicable: 5 } }]);
    expect(child.coverage.allThree).toBe(true);
  });

  it('gives the partnership measures for the spring term with the records behind each', async () => {
    type F = { numerator: number; denominator: number; records: Array<{ streamId: string; itemId: string | null; met: boolean }> };
    type G = Array<{ key: string; figure: { numerator: number; denominator: number } }>;
    const figure = 'numerator denominator records { streamId itemId met }';
    const grouped = 'key figure { numerator denominator }';
    const { kpis } = await data<{ kpis: Record<string, F | G> }>(
      `{ kpis(from: "2026-01-01", to: "2026-04-30") {
          adviceWithinSixWeeks { ${figure} } adviceWithinSixWeeksByAdviserType { ${grouped} } adviceWithinSixWeeksByOrganisation { ${grouped} }
          adviceExceptions { ${figure} } annualReviewDecisionWithinFourWeeks { ${figure} } amendedPlanWithinTwelveWeeks { ${figure} }
          healthAdviceIncorporated { ${figure} } socialCareAdviceIncorporated { ${figure} } healthAndSocialCareAdviceIncorporated { ${figure} }
          shortBreaksByRoute { ${grouped} } auditGrades { ${grouped} } auditsGoodOrOutstanding { ${figure} } } }`,
      {},
      callers.auditor,
    );
    const ratio = (f: F | G) => [(f as F).numerator, (f as F).denominator];
    const groups = (g: F | G) => Object.fromEntries((g as G).map((x) => [x.key, [x.figure.numerator, x.figure.denominator]]));
    expect(ratio(kpis.adviceWithinSixWeeks!)).toEqual([2, 3]);
    expect((kpis.adviceWithinSixWeeks as F).records.filter((r) => !r.met)).toEqual([{ streamId: story.assessmentStreamId, itemId: story.requestIds.health, met: false }]);
    expect(groups(kpis.adviceWithinSixWeeksByAdviserType!)).toEqual({ education: [1, 1], health: [0, 1], social_care: [1, 1] });
    expect(groups(kpis.adviceWithinSixWeeksByOrganisation!)).toEqual({ 'org-health': [0, 1], 'org-sc': [1, 1], 'org-school': [1, 1] });
    expect(ratio(kpis.adviceExceptions!)).toEqual([1, 4]);
    expect((kpis.adviceExceptions as F).records.map((r) => r.itemId)).toEqual([story.requestIds.parent_young_person]);
    for (const key of ['annualReviewDecisionWithinFourWeeks', 'amendedPlanWithinTwelveWeeks', 'healthAdviceIncorporated', 'socialCareAdviceIncorporated', 'healthAndSocialCareAdviceIncorporated', 'auditsGoodOrOutstanding']) {
      expect([key, ...ratio(kpis[key]!)]).toEqual([key, 1, 1]);
    }
    expect(groups(kpis.shortBreaksByRoute!)).toEqual({ local_offer: [1, 1], self_assessment: [0, 1], social_care_assessment: [0, 1] });
    expect(groups(kpis.auditGrades!)).toEqual({ outstanding: [0, 1], good: [1, 1], requires_improvement: [0, 1], inadequate: [0, 1] });
  });

  it('counts the partnership coverage of open plans', async () => {
    const { partnershipCoverage } = await data<{ partnershipCoverage: unknown }>('{ partnershipCoverage { plans withAllThree share missing { agency plans { streamId } } } }', {}, callers.auditor);
    expect(partnershipCoverage).toEqual({
      plans: 2,
      withAllThree: 2,
      share: 1,
      missing: [
        { agency: 'education', plans: [] },
        { agency: 'health', plans: [] },
        { agency: 'social_care', plans: [] },
      ],
    });
  });
});
