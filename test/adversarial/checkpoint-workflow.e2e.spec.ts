import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLogKeys, openEventStoreFromEnv } from '@planledger/event-store';
import { newEvent } from '@planledger/event-store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/service-process';

/**
 * The checkpoint workflow as the README gives it, through `pnpm verify` as an operator runs it: save a
 * checkpoint, keep it elsewhere, write more, verify against it; then put the older file back.
 */
let dir: string;
let store: string;

function verify(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'verify.ts'), '--quiet', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PLANLEDGER_STORE: `sqlite:${store}`, PLANLEDGER_DATA_DIR: dir },
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Appends as a writing service would; the first run creates the store file (as `pnpm start`'s first run does). */
async function append(streamId: string, n: number, { create = false } = {}) {
  const s = await openEventStoreFromEnv({ PLANLEDGER_STORE: `sqlite:${store}`, ...(create ? { PLANLEDGER_STORE_CREATE: '1' } : {}) }, dir);
  for (let i = 0; i < n; i++) await s.append(streamId, [newEvent('Noted', { i })]);
  await s.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'planledger-checkpoint-'));
  store = join(dir, 'planledger.db');
  await append('plan-a', 3, { create: true });
});
const outcomes: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`adversarial: checkpoint workflow through pnpm verify: ${outcomes.join('; ')}`);
});

describe('the checkpoint workflow', () => {
  it('saves a signed checkpoint, and a log that grew since still extends it', async () => {
    const saved = verify('--save-checkpoint', join(dir, 'off-host', 'checkpoint.json'));
    expect(saved.code, saved.out).toBe(0);
    expect(saved.out).toMatch(/checkpoint of 3 events saved to .*keep a copy off this host/);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'off-host', 'checkpoint.json'), 'utf8')) as { treeSize: number; signature: string };
    expect(checkpoint.treeSize).toBe(3);
    copyFileSync(store, join(dir, 'older.db'));
    await append('plan-b', 2);
    const later = verify('--checkpoint', join(dir, 'off-host', 'checkpoint.json'));
    expect(later.code, later.out).toBe(0);
    expect(later.out).toContain('the log extends the checkpoint of 3 events');
    outcomes.push(`grown log extends its checkpoint: exit ${later.code}`);
  });

  it('catches an older file put back against a later checkpoint', async () => {
    const saved = verify('--save-checkpoint', join(dir, 'off-host', 'later.json'));
    expect(saved.code, saved.out).toBe(0);
    copyFileSync(join(dir, 'older.db'), store);
    rmSync(`${store}-wal`, { force: true });
    rmSync(`${store}-shm`, { force: true });
    const rolledBack = verify('--checkpoint', join(dir, 'off-host', 'later.json'));
    expect(rolledBack.code, rolledBack.out).toBe(1);
    expect(rolledBack.out).toContain('BAD log: log_shorter_than_checkpoint at position 3');
    expect(rolledBack.out).toContain('BAD plan-b: first bad event at revision 0: truncated');
    outcomes.push(`rolled-back file: exit ${rolledBack.code}, ${rolledBack.out.split('\n').filter((l) => l.startsWith('BAD')).length} findings named`);
  });

  it('verifies a checkpoint with the public key alone, and refuses one signed by another key', () => {
    const keys = loadLogKeys({ dataDir: dir })!;
    const pem = join(dir, 'off-host', 'public.pem');
    writeFileSync(pem, keys.checkpointPublicKey.export({ type: 'spki', format: 'pem' }));
    expect(verify('--checkpoint', join(dir, 'off-host', 'checkpoint.json'), '--checkpoint-key', pem).code).toBe(0);
    const other = join(dir, 'other');
    loadLogKeys({ dataDir: other, create: true });
    const foreign = loadLogKeys({ dataDir: other })!.checkpointPublicKey.export({ type: 'spki', format: 'pem' });
    writeFileSync(join(other, 'public.pem'), foreign);
    const refused = verify('--checkpoint', join(dir, 'off-host', 'checkpoint.json'), '--checkpoint-key', join(other, 'public.pem'));
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('BAD log: checkpoint_signature');
    outcomes.push(`checkpoint under a foreign key: exit ${refused.code}`);
  });
});
