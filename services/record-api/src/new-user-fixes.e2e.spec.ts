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
});
