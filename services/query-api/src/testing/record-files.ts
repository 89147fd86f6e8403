import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCommand } from '@planledger/domain';
import { registerCallers } from '@planledger/domain/testing';
import { getSQLiteEventStore, type EventEnvelope, type EventStore, type SQLiteEventStore } from '@planledger/event-store';
import { recordReadModels, type ReadModel } from '@planledger/projections';
import { afterEach } from 'vitest';
import { callers } from './harness';

/** The record's read models, compared side by side, so their different state types are seen as one. */
export const models = recordReadModels as unknown as ReadonlyArray<ReadModel<unknown>>;

/**
 * Temporary folders and SQLite connections for a spec, all closed and removed after each test.
 * Call at the top of the spec file (it registers the `afterEach`).
 */
export function useRecordFiles(prefix: string) {
  const dirs: string[] = [];
  const stores: EventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  /** A connection of its own to a record file, closed after the test. */
  const open = (path: string): SQLiteEventStore => {
    const store = getSQLiteEventStore({ path });
    stores.push(store);
    return store;
  };
  /** A new folder with a record file (`planledger.db`) in it and a writer on that file. */
  const freshRecord = () => {
    const dir = tempDir();
    const path = join(dir, 'planledger.db');
    return { dir, path, writer: open(path) };
  };
  return { tempDir, open, freshRecord };
}

export async function readWholeLog(store: EventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let page = await store.readAll({ maxCount: 1000 }); page.length > 0; page = await store.readAll({ after: all.at(-1)!.globalPosition, maxCount: 1000 })) all.push(...page);
  return all;
}

/** A small case per child: registration, team, plan, contributions, views, a withdrawal, a correction. */
export async function writeCases(store: EventStore, children: number, from = 0) {
  await registerCallers(store, Object.values(callers));
  for (let i = from; i < from + children; i++) {
    const run = (caller: (typeof callers)[keyof typeof callers], command: string, params: Record<string, unknown>, body: Record<string, unknown>) =>
      executeCommand(store, { command, params, body, caller });
    const child = await run(callers.teamManager, 'registerChild', {}, { givenName: `Child${i}`, familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'SLD' });
    await run(callers.teamManager, 'addTeamMember', { childId: child.entityId }, { organisationId: 'org-health' });
    const plan = await run(callers.socialWorker, 'openFamilyHelpPlan', {}, {
      childId: child.entityId,
      planType: 'early_help',
      leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
    });
    const planId = plan.entityId;
    const mine = await run(callers.socialWorker, 'recordContribution', { planId }, { agency: 'social_care', support: 'Key worker', frequency: 'weekly', from: '2026-01-01' });
    await run(callers.health, 'recordContribution', { planId }, { agency: 'health', support: 'Physiotherapy', frequency: 'monthly', from: '2026-01-01' });
    const views = await run(callers.socialWorker, 'recordChildViews', { planId }, { views: 'Likes music.', howGathered: 'observation' });
    if (i % 3 === 0) await run(callers.socialWorker, 'withdrawContribution', {}, { streamId: plan.streamId, withdrawnEventId: mine.eventIds[0], reason: 'Duplicate.' });
    if (i % 4 === 1) await run(callers.socialWorker, 'correctEvent', {}, { streamId: plan.streamId, correctedEventId: views.eventIds[0], correctedData: { views: 'Likes drums.' }, reason: 'Misheard.' });
  }
}
