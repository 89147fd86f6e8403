import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedDemoRegister } from '@planledger/demo';
import { getSQLiteEventStore } from '@planledger/event-store';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `pnpm token` run as a user runs it, against a data folder holding the demo partnership's register. */
const root = resolve(import.meta.dirname, '../..');
let dataDir: string;
const token = (...args: string[]) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/token.ts'), ...args], { cwd: root, env: { ...process.env, PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: '' }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr };
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'planledger-token-'));
  const store = getSQLiteEventStore({ path: join(dataDir, 'planledger.db') });
  await seedDemoRegister(store);
  await store.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pnpm token', () => {
  it('mints a combination the register allows, with the organisation\'s agency', () => {
    const run = token('--role', 'health_practitioner', '--org', 'org-nhs-lpt-camhs');
    expect(run.code, run.err).toBe(0);
    expect(decodeJwt(run.out)).toMatchObject({ role: 'health_practitioner', agency: 'health', organisation_id: 'org-nhs-lpt-camhs' });
  });

  it.each([
    [['--role', 'health_practitioner', '--org', 'org-school-leicester-1'], 'ROLE_NOT_FOR_ORGANISATION_KIND'],
    [['--role', 'social_worker', '--org', 'org-sc-leicester', '--agency', 'health'], 'AGENCY_NOT_ORGANISATIONS'],
    [['--role', 'auditor', '--org', 'org-does-not-exist'], 'ORGANISATION_NOT_REGISTERED'],
  ])('refuses %j and says why (%s)', (args, rule) => {
    const run = token(...args);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain(rule);
    expect(run.err).toContain('may speak for');
  });

  it('mints one token per role for the sample organisations', () => {
    const run = token('--all', '--json');
    expect(run.code, run.err).toBe(0);
    expect((JSON.parse(run.out) as Array<{ role: string }>).map((t) => t.role)).toContain('partnership_administrator');
  });
});
