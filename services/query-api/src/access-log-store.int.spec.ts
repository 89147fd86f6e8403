import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSQLiteEventStore, openAccessLogStoreFromEnv, openEventStoreFromEnv, type EventEnvelope, type EventStore } from '@planledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessLogStreamOf } from './access/access-log-event';
import { QueryErrorCodes } from './errors';
import { callers, startHarness, type Harness } from './testing/harness';

/**
 * The query API over two real SQLite files, opened as its process opens them: the record (written by
 * the record API, here by the test's commands) and its own access-log file. Reads append to the
 * access log alone; the record file never hears of them.
 */
let dir: string;
let record: EventStore;
let accessLog: EventStore;
let h: Harness;
let childId: string;
let planId: string;

const allOf = (store: EventStore): Promise<EventEnvelope[]> => store.readAll({ maxCount: 100_000 });
const accessLogStreams = (events: EventEnvelope[]) => [...new Set(events.map((e) => e.streamId).filter((s) => s.startsWith('access-log-')))].sort();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'planledger-access-log-'));
  const env = { PLANLEDGER_STORE_CREATE: '1' };
  record = await openEventStoreFromEnv(env, dir);
  accessLog = await openAccessLogStoreFromEnv(env, dir, record);
  h = await startHarness({ store: record, accessLogStore: accessLog });
  childId = (await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Zainab', familyName: 'Privateperson', dateOfBirth: '2016-09-14', nhsNumber: '9434765919', primaryNeed: 'PMLD' })).entityId;
  planId = (
    await h.command(callers.socialWorker, 'openFamilyHelpPlan', {}, {
      childId,
      planType: 'family_help',
      leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
    })
  ).entityId;
});
afterEach(async () => {
  await h.close();
  await accessLog.close();
  await record.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the access log in a store file of its own', () => {
  it('keeps every read out of the record file, and in the access-log file', async () => {
    const recordBefore = await allOf(record);
    const positionBefore = h.api.runner.position;
    const read = async (query: string, variables: Record<string, unknown>, as = callers.socialWorker) => {
      const answer = await h.gql(query, { as, variables });
      expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
      return answer.body.data;
    };
    expect(await read('query($id: ID!) { child(id: $id) { id } }', { id: childId })).toEqual({ child: { id: childId } });
    expect(await read('query($id: ID!) { familyHelpPlan(id: $id) { id } }', { id: planId })).toEqual({ familyHelpPlan: { id: planId } });
    expect(await read('query($id: ID!) { child(id: $id) { id } }', { id: childId }, callers.outsider)).toEqual({ child: null });
    expect(await read('{ searchChildren(name: "Zainab Privateperson", reason: DIRECT_WORK) { totalCount } }', {})).toEqual({ searchChildren: { totalCount: 1 } });

    // The record file is exactly as the commands left it: no access-log stream, not one event more.
    const recordAfter = await allOf(record);
    expect(accessLogStreams(recordAfter)).toEqual([]);
    expect(recordAfter.map((e) => e.eventId)).toEqual(recordBefore.map((e) => e.eventId));
    // Nor did the reads wake the record's subscription.
    expect(h.api.runner.position).toBe(positionBefore);

    const logged = await allOf(accessLog);
    expect(accessLogStreams(logged)).toEqual([accessLogStreamOf(childId), 'access-log-lists-org-sc'].sort());
    expect(logged.map((e) => [e.type, e.actor.organisationId, (e.data as { query: string }).query, (e.data as { outcome?: string }).outcome])).toEqual([
      ['ChildRecordRead', 'org-sc', 'child', 'granted'],
      ['ChildRecordRead', 'org-sc', 'familyHelpPlan', 'granted'],
      ['ChildRecordRead', 'org-elsewhere', 'child', 'refused'],
      ['ChildrenListed', 'org-sc', 'searchChildren', undefined],
    ]);
  });

  it('answers who viewed, the history and the integrity of an access-log stream from the access-log file', async () => {
    await h.gql('query($id: ID!) { child(id: $id) { id } }', { variables: { id: childId } });
    const stream = accessLogStreamOf(childId);
    const answer = await h.gql(
      'query($id: ID!, $s: ID!) { childReads(childId: $id) { reads { query outcome } } history(streamId: $s) { streamId events { type } } verifyIntegrity(streamId: $s) { ok eventCount } }',
      { variables: { id: childId, s: stream } },
    );
    // Each field's own read is logged before it is answered, so each sees the reads before it.
    expect(answer.body).toEqual({
      data: {
        childReads: { reads: [{ query: 'child', outcome: 'granted' }, { query: 'childReads', outcome: 'granted' }, { query: 'history', outcome: 'granted' }, { query: 'verifyIntegrity', outcome: 'granted' }] },
        history: { streamId: stream, events: [{ type: 'ChildRecordRead' }, { type: 'ChildRecordRead' }, { type: 'ChildRecordRead' }, { type: 'ChildRecordRead' }] },
        verifyIntegrity: { ok: true, eventCount: 4 },
      },
    });
    expect(await record.readStream(stream)).toEqual([]);
  });

  it('serves no read whose entry the access-log file could not take, while the record stays readable', async () => {
    await accessLog.close();
    const answer = await h.gql('query($id: ID!) { child(id: $id) { id } }', { variables: { id: childId } });
    expect(answer.body.data).toEqual({ child: null });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(QueryErrorCodes.ACCESS_LOG_UNAVAILABLE);
    expect((await record.readStream(`child-${childId}`)).length).toBe(1);
    expect(accessLogStreams(await allOf(record))).toEqual([]);
    // Reopened so that afterEach can close it again.
    accessLog = getSQLiteEventStore({ path: join(dir, 'access-log.db'), create: false });
  });
});
