import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCommand } from '@planledger/domain';
import { registerCallers } from '@planledger/domain/testing';
import { getMemoryEventStore, type EventEnvelope } from '@planledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers } from './testing/harness';

const root = join(import.meta.dirname, '..', '..', '..');
let dir: string;
let log: EventEnvelope[];

function verify(...args: string[]) {
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'verify.ts'), '--quiet', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PLANLEDGER_STORE: `sqlite:${join(dir, 'absent.db')}` } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'planledger-verify-'));
  const store = getMemoryEventStore();
  await registerCallers(store, [callers.socialWorker]);
  const child = await executeCommand(store, { command: 'registerChild', params: {}, body: { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' }, caller: callers.socialWorker });
  const plan = await executeCommand(store, {
    command: 'openFamilyHelpPlan',
    params: {},
    body: { childId: child.entityId, planType: 'early_help', leadPractitioner: { userId: 'u-sw', name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' } },
    caller: callers.socialWorker,
  });
  await executeCommand(store, { command: 'recordChildViews', params: { planId: plan.entityId }, body: { views: 'Likes trains.', howGathered: 'observation' }, caller: callers.socialWorker });
  log = await store.readAll({ maxCount: 1000 });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, events: EventEnvelope[]) => {
  const file = join(dir, name);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  return file;
};

describe('pnpm verify', () => {
  it('passes a log whose every chain holds', () => {
    const run = verify('--log', write('good.jsonl', log));
    expect(run.code).toBe(0);
    // The register's events (the caller's organisation) are part of the log too.
    expect(run.out).toContain(`every hash chain holds (${log.length} events in ${new Set(log.map((e) => e.streamId)).size} streams`);
  });

  it('names the first bad event of a tampered stream and exits 1', () => {
    const victim = log.find((e) => e.type === 'ChildViewsRecorded')!;
    const tampered = log.map((e) => (e.eventId === victim.eventId ? { ...e, data: { ...(e.data as object), views: 'Altered.' } } : e));
    const run = verify('--log', write('tampered.jsonl', tampered));
    expect(run.code).toBe(1);
    expect(run.out).toContain(`BAD ${victim.streamId}: first bad event at revision 1 (event ${victim.eventId}): hash_mismatch`);
    expect(run.out).toContain(`1 of ${new Set(log.map((e) => e.streamId)).size} streams are broken`);
  });

  it('exits 2 when there is no store to read', () => {
    const run = verify();
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/no store at/);
  });
});
