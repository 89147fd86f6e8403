import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordSide, type RecordSide } from './support/record-side';

/**
 * Many writers at once through the real record API process on a SQLite file: conflicting appends at
 * one If-Match revision, appends with no stated revision, and appends to different streams.
 */
const WRITERS = 50;
const ROUNDS = 20;

let side: RecordSide;
beforeAll(async () => {
  side = await startRecordSide();
});
afterAll(() => side.close());

interface Needs {
  descriptions: string[];
  eventIds: string[];
}

async function needsOf(planId: string): Promise<Needs> {
  const events = await side.store.readStream(`family-help-plan-${planId}`);
  const needs = events.filter((e) => e.type === 'NeedRecorded');
  return { descriptions: needs.map((e) => (e.data as { description: string }).description), eventIds: needs.map((e) => e.eventId) };
}

const duplicates = (values: readonly string[]) => values.length - new Set(values).size;

describe('concurrent commands over HTTP', () => {
  it(`lets exactly one of ${WRITERS} writers at the same If-Match revision win, ${ROUNDS} rounds over`, { timeout: 120_000 }, async () => {
    const { planId } = await side.world(['planId']);
    const url = `/v1/family-help-plans/${planId}/needs`;
    let won = 0;
    let conflicts = 0;
    let lost = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const revision = await side.store.streamRevision(`family-help-plan-${planId}`);
      const answers = await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) =>
          side.send(url, { as: 'social_worker', body: { description: `round ${round} writer ${writer}` }, headers: { 'if-match': `"${revision}"` } }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s !== 201 && s !== 409), answers.map((a) => a.body).join('\n')).toEqual([]);
      const winners = answers.flatMap((a, writer) => (a.statusCode === 201 ? [writer] : []));
      expect(winners).toHaveLength(1);
      for (const refused of answers.filter((a) => a.statusCode === 409)) {
        expect(refused.json().error).toMatchObject({ code: 'PL_ERR_CONFLICT', currentRevision: revision + 1 });
      }
      const after = await needsOf(planId);
      const thisRound = after.descriptions.filter((d) => d.startsWith(`round ${round} `));
      expect(thisRound).toEqual([`round ${round} writer ${winners[0]}`]);
      expect(after.eventIds).toContain(answers[winners[0]!]!.json().eventIds[0]);
      expect(await side.store.streamRevision(`family-help-plan-${planId}`)).toBe(revision + 1);
      won += winners.length;
      conflicts += statuses.filter((s) => s === 409).length;
      lost += winners.filter((w) => !after.eventIds.includes(answers[w]!.json().eventIds[0])).length;
    }
    const final = await needsOf(planId);
    const duplicated = duplicates(final.descriptions) + duplicates(final.eventIds);
    expect(final.descriptions).toHaveLength(ROUNDS);
    expect(duplicated).toBe(0);
    expect((await side.store.verifyStream(`family-help-plan-${planId}`)).ok).toBe(true);
    console.log(`adversarial: concurrency: ${WRITERS} writers x ${ROUNDS} rounds at one If-Match revision: ${won} won, ${conflicts} got 409, ${lost} lost, ${duplicated} duplicated`);
  });

  it(`writes every one of ${WRITERS} concurrent commands to ${WRITERS} different streams`, { timeout: 60_000 }, async () => {
    const plans = [];
    const { childId } = await side.world(['childId']);
    for (let i = 0; i < WRITERS; i++) {
      const lead = { userId: 'social-worker-1', name: 'Jo Marchbanks', organisationId: 'org-sc-leicester', agency: 'social_care' };
      const opened = await side.send('/v1/family-help-plans', { as: 'social_worker', body: { childId, planType: 'family_help', leadPractitioner: lead } });
      expect(opened.statusCode, opened.body).toBe(201);
      plans.push(opened.json().entityId as string);
    }
    const before = await side.store.headPosition();
    const answers = await Promise.all(
      plans.map((planId, i) => side.send(`/v1/family-help-plans/${planId}/needs`, { as: 'social_worker', body: { description: `plan ${i}` }, headers: { 'if-match': '0' } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(WRITERS).fill(201));
    let missing = 0;
    for (const [i, planId] of plans.entries()) {
      const needs = await needsOf(planId);
      if (needs.descriptions.join() !== `plan ${i}`) missing++;
    }
    expect(missing).toBe(0);
    expect(await side.store.headPosition()).toBe(before + WRITERS);
    console.log(`adversarial: concurrency: ${WRITERS} writers on ${WRITERS} different streams: ${answers.filter((a) => a.statusCode === 201).length} written, ${missing} missing`);
  });

  it(`answers every one of ${WRITERS} writers with no If-Match on one stream truthfully: each 201 is stored once, each 409 is not stored`, { timeout: 60_000 }, async () => {
    const { planId } = await side.world(['planId']);
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => side.send(`/v1/family-help-plans/${planId}/needs`, { as: 'social_worker', body: { description: `unconditional ${writer}` } })),
    );
    expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => a.body)).toEqual([]);
    const stored = (await needsOf(planId)).descriptions;
    const answered = answers.flatMap((a, writer) => (a.statusCode === 201 ? [`unconditional ${writer}`] : []));
    const lost = answered.filter((d) => !stored.includes(d)).length;
    console.log(
      `adversarial: concurrency: ${WRITERS} writers with no If-Match on one stream: ${answered.length} written after re-deciding, ${WRITERS - answered.length} got 409 after the retries ran out, ${lost} lost, ${duplicates(stored)} duplicated`,
    );
    expect([...stored].sort()).toEqual([...answered].sort());
    expect(duplicates(stored)).toBe(0);
  });
});
