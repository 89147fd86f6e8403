import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordApiHarness, organisationOf, type RecordApiHarness } from './testing/record-api-harness';

let harness: RecordApiHarness;
beforeAll(async () => {
  harness = await createRecordApiHarness();
});
afterAll(() => harness.close());

const lead = { userId: 'social-worker-1', name: 'Jo Lane', organisationId: organisationOf.social_worker, agency: 'social_care' };

describe('what a new user tripped on', () => {
  it('accepts an NHS number written with spaces and stores the ten digits', async () => {
    const response = await harness.send('/v1/children', { as: 'social_worker', body: { givenName: 'Ben', familyName: 'Ode', dateOfBirth: '2015-02-02', nhsNumber: '943 476 5919', primaryNeed: 'PD' } });
    expect(response.statusCode, response.body).toBe(201);
    const [event] = await harness.store.readStream(response.json().streamId);
    expect((event!.data as { nhsNumber: string }).nhsNumber).toBe('9434765919');
    const bad = await harness.send('/v1/children', { as: 'social_worker', body: { givenName: 'Ben', familyName: 'Ode', dateOfBirth: '2015-02-02', nhsNumber: '943 476 5918', primaryNeed: 'PD' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['body.nhsNumber']);
  });

  it('gives a Family Help plan its first review date when it opens, and refuses one not after the opening', async () => {
    const child = await harness.send('/v1/children', { as: 'social_worker', body: { givenName: 'Ada', familyName: 'Rowe', dateOfBirth: '2016-06-06', primaryNeed: 'ASD' } });
    const childId = child.json().entityId as string;
    const opened = await harness.send('/v1/family-help-plans', { as: 'social_worker', body: { childId, planType: 'family_help', leadPractitioner: lead, firstReviewOn: '2025-09-01', occurredAt: '2025-06-02T10:00:00Z' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const [event] = await harness.store.readStream(opened.json().streamId);
    expect(event!.data).toMatchObject({ firstReviewOn: '2025-09-01' });
    const before = await harness.store.headPosition();
    const refused = await harness.send('/v1/family-help-plans', { as: 'social_worker', body: { childId, planType: 'family_help', leadPractitioner: lead, firstReviewOn: '2025-06-02', occurredAt: '2025-06-02T10:00:00Z' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.rule).toBe('REVIEW_DATE_NOT_AFTER_OPENING');
    expect(await harness.store.headPosition()).toBe(before);
  });

  it('takes a correction naming only the fields it changes', async () => {
    const child = await harness.send('/v1/children', { as: 'social_worker', body: { givenName: 'Cy', familyName: 'Moss', dateOfBirth: '2014-01-09', primaryNeed: 'SLD' } });
    const plan = await harness.send('/v1/family-help-plans', { as: 'social_worker', body: { childId: child.json().entityId, planType: 'child_in_need', leadPractitioner: lead } });
    const planId = plan.json().entityId as string;
    const contribution = await harness.send(`/v1/family-help-plans/${planId}/contributions`, { as: 'social_worker', body: { agency: 'social_care', support: 'Family support worker', frequency: 'weekly', from: '2025-01-06' } });
    expect(contribution.statusCode, contribution.body).toBe(201);
    const corrected = await harness.send('/v1/corrections', {
      as: 'social_worker',
      body: { streamId: plan.json().streamId, correctedEventId: contribution.json().eventIds[0], reason: 'Fortnightly, not weekly', correctedData: { frequency: 'fortnightly' } },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const stored = (await harness.store.readStream(plan.json().streamId)).find((e) => e.eventId === corrected.json().eventIds[0])!;
    expect(stored.data).toMatchObject({ changedFields: ['frequency'], correctedData: { support: 'Family support worker', frequency: 'fortnightly', from: '2025-01-06' } });
  });
});
