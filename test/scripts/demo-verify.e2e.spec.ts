import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDemoPartnership } from '@planledger/demo';
import { getSQLiteEventStore, loadLogKeys } from '@planledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `pnpm verify` on a store holding the demo partnership, loaded as `pnpm start` loads it (SQLite,
 * sealed with the services' key): the backdated history passes every check, and the report says
 * the record is demo data.
 */
const root = resolve(import.meta.dirname, '../..');
const today = '2026-10-01';
let dataDir: string;
const verify = (...args: string[]) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), '--quiet', ...args], {
    cwd: root,
    env: { ...process.env, PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${join(dataDir, 'planledger.db')}` },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'planledger-demo-verify-'));
  const store = getSQLiteEventStore({ path: join(dataDir, 'planledger.db'), sealKey: loadLogKeys({ dataDir, create: true })!.sealKey });
  await generateDemoPartnership({ store, size: 12, seed: 'verify', today });
  await store.close();
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pnpm verify on the demo', () => {
  it('passes, checkpoint included, and names the demo data with its simulated span', () => {
    const checkpoint = join(dataDir, 'checkpoint.json');
    const first = verify('--save-checkpoint', checkpoint);
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toMatch(/every hash chain holds/);
    expect(first.out).toContain(`verify: demo data: events recorded from 2025-04-01T08:00:00.000Z until ${today}T00:00:00.000Z are the made-up demo partnership (seed verify, 12 children with EHC plans, today ${today})`);
    const again = verify('--checkpoint', checkpoint);
    expect(again.code, again.out + again.err).toBe(0);
    expect(again.out).toMatch(/the log extends the checkpoint/);
  });
});
