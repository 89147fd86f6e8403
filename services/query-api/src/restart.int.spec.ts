import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCommand } from '@planledger/domain';
import { getSQLiteEventStore, type EventEnvelope, type EventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { registerCallers } from '@planledger/domain/testing';
import { foldEvents, recordReadModels, startProjectionRunner, type ReadModel } from '@planledger/projections';
import { afterEach, describe, expect, it } from 'vitest';
import { buildQueryApi } from './build-query-api';
import { createQueryApiLogger } from './logger';
import { callers } from './testing/harness';

// Compared side by side, so their different state types are seen as one.
const models = recordReadModels as unknown as ReadonlyArray<ReadModel<unknown>>;
const dirs: string[] = [];
const stores: EventStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function readWholeLog(store: EventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let page = await store.readAll({ maxCount: 1000 }); page.length > 0; page = await store.readAll({ after: all.at(-1)!.globalPosition, maxCount: 1000 })) all.push(...page);
  return all;
}

/** Writes a small case per child: registration, team, plan, contributions, views, a withdrawal. */
async function writeCases(store: EventStore, children: number) {
  await registerCallers(store, Object.values(callers));
  for (let i = 0; i < children; i++) {
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
    await run(callers.socialWorker, 'recordChildViews', { planId }, { views: 'Likes music.', howGathered: 'observation' });
    if (i % 3 === 0) await run(callers.socialWorker, 'withdrawContribution', {}, { streamId: plan.streamId, withdrawnEventId: mine.eventIds[0], reason: 'Duplicate.' });
  }
}

describe('restarting the query service', () => {
  it('stopped while events are still arriving, then restarted on the same store, ends identical to a full rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planledger-restart-'));
    dirs.push(dir);
    const path = join(dir, 'planledger.db');
    const writer = getSQLiteEventStore({ path });
    stores.push(writer);
    const identity = await getLocalIdentity({ dataDir: dir });
    const logger = createQueryApiLogger(undefined, 'silent');

    const first = buildQueryApi({ store: writer, identity, logger, development: false });
    await writeCases(writer, 10);
    const caughtUpTo = await writer.headPosition();
    expect(await first.runner.waitFor(caughtUpTo, 10_000)).toBe(true);
    // Stop the first service once it has begun applying the next events, while the rest still arrive.
    const writing = writeCases(writer, 30);
    while (first.runner.position === caughtUpTo) await new Promise((resolve) => setTimeout(resolve, 1));
    await first.close();
    const stoppedAt = first.runner.position;
    await writing;
    const head = await writer.headPosition();
    expect(stoppedAt).toBeLessThan(head);

    const log = await readWholeLog(writer);
    const rebuilt = models.map((model) => foldEvents(model, log));

    // A restarted service (its own connection to the same database file) rebuilds from the log.
    const reader = getSQLiteEventStore({ path });
    stores.push(reader);
    const second = buildQueryApi({ store: reader, identity, logger, development: false });
    await second.ready(10_000);
    expect(await second.runner.waitFor(head, 10_000)).toBe(true);
    expect(models.map((model) => second.runner.state(model))).toEqual(rebuilt);
    await second.close();

    // Resuming from the stopped service's checkpoint and state ends in the same place: no gap, no double count.
    const resumed = startProjectionRunner({
      store: reader,
      readModels: recordReadModels,
      after: stoppedAt,
      initialStates: new Map(models.map((model) => [model.name, first.runner.state(model)])),
    });
    await resumed.whenReady(10_000);
    expect(resumed.position).toBe(head);
    expect(models.map((model) => resumed.state(model))).toEqual(rebuilt);
    await resumed.stop();
  }, 60_000);
});
