import { getMemoryEventStore, getSQLiteEventStore, loadNhsNumberKey, type EventStore } from '@planledger/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordApiLogger } from './logger';
import { createRecordApiHarness, organisationOf, outsiderOf, type RecordApiHarness } from './testing/record-api-harness';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-nhs-e2e-'));
  dirs.push(dir);
  return dir;
};

const child = (nhsNumber: string, givenName = 'Ben') => ({ givenName, familyName: 'Ode', dateOfBirth: '2015-02-02', nhsNumber, primaryNeed: 'PD' });

function captureLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createRecordApiLogger(sink, 'trace') };
}

async function expectRefusedTwice(harness: RecordApiHarness, nhsNumber: string, spaced: string) {
  const first = await harness.send('/v1/children', { as: 'social_worker', body: child(nhsNumber) });
  expect(first.statusCode, first.body).toBe(201);
  const before = await harness.store.headPosition();
  const again = await harness.send('/v1/children', { as: 'social_worker', body: child(spaced, 'Benjamin') });
  expect(again.statusCode, again.body).toBe(409);
  expect(again.json()).toEqual({ error: { code: 'PL_ERR_NHS_NUMBER_ALREADY_REGISTERED', rule: 'NHS_NUMBER_ALREADY_REGISTERED', message: expect.any(String), existingChildId: first.json().entityId } });
  expect(await harness.store.headPosition()).toBe(before);
  return first.json().entityId as string;
}

describe('POST /v1/children: one NHS number, one child', () => {
  it('answers 201 then 409 (spaces accepted), telling the existing child\'s id to its team, not to an outsider; nothing logged carries the number', async () => {
    const { lines, logger } = captureLogs();
    const harness = await createRecordApiHarness({ logger });
    try {
      const childId = await expectRefusedTwice(harness, '9434765919', '943 476 5919');
      const outsider = await harness.send('/v1/children', { as: outsiderOf('social_worker'), body: child('943-476-5919', 'Ben O') });
      expect(outsider.statusCode, outsider.body).toBe(409);
      expect(outsider.json().error.code).toBe('PL_ERR_NHS_NUMBER_ALREADY_REGISTERED');
      expect(outsider.json().error).not.toHaveProperty('existingChildId');
      expect(outsider.body).not.toContain(childId);
      // A SEND officer of the LA, not (yet) in this child's team, is told no more than the outsider.
      const send = await harness.send('/v1/children', { as: 'send_officer', body: child('9434765919', 'B') });
      expect(send.statusCode).toBe(409);
      expect(send.json().error.existingChildId).toBeUndefined();

      const all = await harness.store.readAll();
      const streams = [...new Set(all.map((e) => e.streamId))];
      expect(streams.filter((s) => s.startsWith('nhs-number-claim-'))).toHaveLength(1);
      expect(streams.join('\n')).not.toMatch(/9434765919|943 476/);
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.join('\n')).not.toMatch(/9434765919|943 476 5919|943-476-5919/);
    } finally {
      await harness.close();
    }
  });

  it.each([
    ['memory', () => getMemoryEventStore()],
    ['SQLite', () => getSQLiteEventStore({ path: join(tempDir(), 'store.db') })],
  ] as const)('gives exactly one of two parallel registrations of one number a 201 and the other a 409 (%s store)', async (_kind, open: () => EventStore) => {
    const harness = await createRecordApiHarness({ store: open() });
    try {
      for (const nhsNumber of ['9434765021', '9434765048', '9434765056']) {
        const answers = await Promise.all([0, 1].map((i) => harness.send('/v1/children', { as: 'social_worker', body: child(nhsNumber, `Twin ${i}`) })));
        expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      }
    } finally {
      await harness.close();
    }
  });

  it('still refuses the number after the record API restarts on the same store and key', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'planledger.db');
    const nhsNumberKey = loadNhsNumberKey({ dataDir, create: true })!;
    const first = await createRecordApiHarness({ store: getSQLiteEventStore({ path }), nhsNumberKey });
    let childId: string;
    try {
      childId = await expectRefusedTwice(first, '9434765064', '943 476 5064');
    } finally {
      await first.close();
    }
    const restarted = await createRecordApiHarness({ store: getSQLiteEventStore({ path, create: false }), nhsNumberKey: loadNhsNumberKey({ dataDir })!, registerOrganisations: false });
    try {
      const again = await restarted.send('/v1/children', { as: 'social_worker', body: child('9434765064', 'Ben again') });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.existingChildId).toBe(childId);
    } finally {
      await restarted.close();
    }
  });

  it('moves the claim when the LA SEND team corrects a child\'s NHS number, and refuses a number another child holds', async () => {
    const harness = await createRecordApiHarness();
    try {
      const first = await harness.send('/v1/children', { as: 'social_worker', body: child('9434765072', 'Ann') });
      const second = await harness.send('/v1/children', { as: 'social_worker', body: child('9434765080', 'Bea') });
      const joined = await harness.send(`/v1/children/${first.json().entityId}/team-members`, { as: 'team_manager', body: { organisationId: organisationOf.send_officer } });
      expect(joined.statusCode, joined.body).toBe(201);
      const [registered] = await harness.store.readStream(first.json().streamId);
      const correct = (nhsNumber: string) =>
        harness.send('/v1/corrections', { as: 'send_officer', body: { streamId: first.json().streamId, correctedEventId: registered!.eventId, reason: 'Mistyped at registration', correctedData: { nhsNumber } } });
      const refused = await correct('943 476 5080');
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.code).toBe('PL_ERR_NHS_NUMBER_ALREADY_REGISTERED');
      // The SEND team is not in the second child's team, so it is not told which child holds it.
      expect(refused.body).not.toContain(second.json().entityId);
      const moved = await correct('943 476 5005');
      expect(moved.statusCode, moved.body).toBe(201);
      expect((await harness.send('/v1/children', { as: 'social_worker', body: child('9434765005', 'C') })).statusCode).toBe(409);
      expect((await harness.send('/v1/children', { as: 'social_worker', body: child('9434765072', 'D') })).statusCode).toBe(201);
    } finally {
      await harness.close();
    }
  });
});
