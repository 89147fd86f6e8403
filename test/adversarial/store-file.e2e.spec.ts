import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSQLiteEventStore, storeRefusalExitCodes, type SQLiteEventStore } from '@planledger/event-store';
import { newEvent } from '@planledger/event-store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { nextNhsNumber, registration } from '../../services/record-api/src/testing/command-examples';
import { createRecordApiHarness } from '../../services/record-api/src/testing/record-api-harness';
import { repoRoot, startService } from './support/service-process';

/**
 * The record API refuses a store file it must not use: one line on stderr, its own exit code, no
 * stack trace, nothing written. Each case starts the real process on a file made bad as an
 * attacker or a failing disk would leave it.
 */
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const report = (line: string) => console.log(`adversarial: ${line}`);

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'planledger-store-file-'));
  folders.push(dir);
  return dir;
}

/** Runs a service as its own process until it exits (a refused start exits at once). */
function runUntilExit(dataDir: string, storeFile: string, env: Record<string, string> = {}, service: 'record-api' | 'query-api' = 'record-api') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'services', service, 'src', 'main.ts')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, HOST: '127.0.0.1', PORT: '0', ...env },
  });
  return { code: run.status, stderr: run.stderr.trim() };
}

async function goodStore(dir: string): Promise<string> {
  const file = join(dir, 'planledger.db');
  const store = getSQLiteEventStore({ path: file });
  for (let i = 0; i < 200; i++) await store.append(`stream-${i}`, [newEvent('TestEventHappened', { text: 'y'.repeat(500) })], 'no_stream');
  await store.close();
  return file;
}

const cases: Array<[string, string, (dir: string) => Promise<string>]> = [
  ['a missing file (not asked to create one)', 'ES_ERR_STORE_MISSING', async (dir) => join(dir, 'planledger.db')],
  ['a zero-length file', 'ES_ERR_STORE_EMPTY', async (dir) => {
    const file = join(dir, 'planledger.db');
    writeFileSync(file, '', { mode: 0o600 });
    return file;
  }],
  ['a file other users can read (0644)', 'ES_ERR_STORE_PERMISSIONS', async (dir) => {
    const file = await goodStore(dir);
    chmodSync(file, 0o644);
    return file;
  }],
  ['a garbage file', 'ES_ERR_STORE_NOT_A_DATABASE', async (dir) => {
    const file = join(dir, 'planledger.db');
    writeFileSync(file, 'not a database '.repeat(1000), { mode: 0o600 });
    return file;
  }],
  ['a file with a damaged page', 'ES_ERR_STORE_CORRUPT', async (dir) => {
    const file = await goodStore(dir);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 4);
    closeSync(fd);
    return file;
  }],
];

describe('the record API refuses a bad store file at start', () => {
  for (const [what, code, make] of cases) {
    it(`refuses ${what} with ${code}, its own exit code and one line`, async () => {
      const dir = folder();
      const file = await make(dir);
      const sizeBefore = (() => {
        try {
          return statSync(file).size;
        } catch {
          return null;
        }
      })();
      const { code: exit, stderr } = runUntilExit(dir, file);
      report(`${what}: exit ${exit}, "${stderr}"`);
      expect(exit).toBe(storeRefusalExitCodes[code as keyof typeof storeRefusalExitCodes]);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toContain(code);
      expect(stderr).not.toMatch(/\n\s+at |Error:/);
      const sizeAfter = (() => {
        try {
          return statSync(file).size;
        } catch {
          return null;
        }
      })();
      expect(sizeAfter).toBe(sizeBefore);
    }, 60_000);
  }

  it('has the query API refuse a record file with a damaged page with the same line and exit code, though it checks the file while it folds', async () => {
    const dir = folder();
    const file = await cases.find(([, code]) => code === 'ES_ERR_STORE_CORRUPT')![2](dir);
    const sizeBefore = statSync(file).size;
    const { code: exit, stderr } = runUntilExit(dir, file, {}, 'query-api');
    report(`the query API on a file with a damaged page: exit ${exit}, "${stderr}"`);
    expect(exit).toBe(storeRefusalExitCodes.ES_ERR_STORE_CORRUPT);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('ES_ERR_STORE_CORRUPT');
    expect(stderr).not.toMatch(/\n\s+at |Error:/);
    expect(statSync(file).size).toBe(sizeBefore);
  }, 60_000);

  it('refuses a log key that does not decode, in both services, with one line that names where it was and not the key', async () => {
    const dir = folder();
    const file = await goodStore(dir);
    const badSeal = { PLANLEDGER_LOG_SEAL_KEY: Buffer.from('too short').toString('base64') };
    const badCheckpoint = { PLANLEDGER_CHECKPOINT_KEY: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----' };
    const runs = [
      ['record-api', badSeal, 'PLANLEDGER_LOG_SEAL_KEY'],
      ['query-api', badSeal, 'PLANLEDGER_LOG_SEAL_KEY'],
      ['record-api', badCheckpoint, 'PLANLEDGER_CHECKPOINT_KEY'],
      ['query-api', badCheckpoint, 'PLANLEDGER_CHECKPOINT_KEY'],
    ] as const;
    const sizeBefore = statSync(file).size;
    for (const [service, env, named] of runs) {
      const { code: exit, stderr } = runUntilExit(dir, file, env, service);
      report(`${service} with a bad ${named}: exit ${exit}, "${stderr}"`);
      expect(exit).toBe(storeRefusalExitCodes.ES_ERR_UNAVAILABLE);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toContain(named);
      expect(stderr).not.toContain(Object.values(env)[0]!.split('\n')[1] ?? Object.values(env)[0]!);
      expect(stderr).not.toMatch(/\n\s+at |Error:/);
    }
    expect(statSync(file).size).toBe(sizeBefore);
  }, 240_000);

  it('refuses a second writer on the same file, while the query API still reads and follows it', async () => {
    const dir = folder();
    const file = join(dir, 'planledger.db');
    const first = await startService('record-api', { dataDir: dir, storeFile: file });
    try {
      const { code: exit, stderr } = runUntilExit(dir, file);
      const reader = await startService('query-api', { dataDir: dir, storeFile: file });
      const ready = (await fetch(`${reader.url}/health/ready`)).status;
      await reader.stop();
      report(`a second record API on a file in use: exit ${exit}, "${stderr}"; the query API on the same file: ready ${ready}`);
      expect(exit).toBe(storeRefusalExitCodes.ES_ERR_STORE_LOCKED);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(ready).toBe(200);
    } finally {
      await first.stop();
    }
  }, 120_000);

  it('refuses a second query API on the same access-log file with one line; the first keeps its file', async () => {
    const dir = folder();
    const file = join(dir, 'planledger.db');
    const writer = await startService('record-api', { dataDir: dir, storeFile: file });
    const first = await startService('query-api', { dataDir: dir, storeFile: file });
    try {
      const { code: exit, stderr } = runUntilExit(dir, file, {}, 'query-api');
      const ready = (await fetch(`${first.url}/health/ready`)).status;
      report(`a second query API on an access-log file in use: exit ${exit}, "${stderr}"; the first: ready ${ready}`);
      expect(exit).toBe(storeRefusalExitCodes.ES_ERR_STORE_LOCKED);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toContain(join(dir, 'access-log.db'));
      expect(stderr).not.toMatch(/\n\s+at |Error:/);
      expect(ready).toBe(200);
    } finally {
      await first.stop();
      await writer.stop();
    }
  }, 120_000);
});

describe('a full disk', () => {
  it('is answered 503 with its own code, readiness is 503 until a write succeeds, and nothing acknowledged is lost', async () => {
    const dir = folder();
    const file = join(dir, 'planledger.db');
    // A page cap is SQLite's own SQLITE_FULL, the same answer a full disk gives.
    let store: SQLiteEventStore = getSQLiteEventStore({ path: file, maxPageCount: 60 });
    const h = await createRecordApiHarness({ store });
    const acknowledged: string[] = [];
    let full: { statusCode: number; code: string; retryAfter: string | undefined } | null = null;
    for (let i = 0; i < 1000 && !full; i++) {
      const answer = await h.send('/v1/children', {
        as: 'social_worker',
        body: { ...registration, nhsNumber: nextNhsNumber() },
      });
      if (answer.statusCode === 201) acknowledged.push(answer.json().streamId as string);
      else if (answer.statusCode === 503) full = { statusCode: 503, code: answer.json().error.code as string, retryAfter: answer.headers['retry-after'] as string | undefined };
      else throw new Error(`unexpected ${answer.statusCode}: ${answer.body}`);
    }
    expect(full).toMatchObject({ statusCode: 503, code: 'API_ERR_STORAGE_FULL' });
    expect(full!.retryAfter).toBeDefined();
    const readyWhileFull = await h.send('/health/ready', { method: 'GET' });
    store.setMaxPageCount(1_000_000);
    const readyAfter = await h.send('/health/ready', { method: 'GET' });
    report(`filling the store: ${acknowledged.length} children acknowledged, then ${full!.statusCode} ${full!.code}; readiness ${readyWhileFull.statusCode} while full, ${readyAfter.statusCode} once a write succeeds`);
    expect(readyWhileFull.statusCode).toBe(503);
    expect(readyAfter.statusCode).toBe(200);
    await h.close();
    store = getSQLiteEventStore({ path: file, create: false });
    const missing: string[] = [];
    for (const streamId of acknowledged) if ((await store.streamRevision(streamId)) < 0) missing.push(streamId);
    await store.close();
    expect(missing).toEqual([]);
  }, 120_000);
});
