import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openAccessLogStoreFromEnv, openEventStoreFromEnv } from '@planledger/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogStreamOf } from '../../services/query-api/src/access/access-log-event';
import { callers, startHarness } from '../../services/query-api/src/testing/harness';

/**
 * `pnpm verify` on a data folder as the services leave it: the record file and, beside it, the
 * query API's own access-log file, written through the query API's read gate. Both are checked
 * (hash chains, seals, structure) and each is reported by its file name.
 */
const root = resolve(import.meta.dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'planledger-verify-access-log-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verifyWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), '--quiet', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('pnpm verify over a data folder with the query API\'s access-log file', () => {
  let dataDir: string;
  let childId: string;
  const env = () => ({ PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: '', PLANLEDGER_ACCESS_LOG_STORE: '' });

  beforeAll(async () => {
    dataDir = join(dir, 'data');
    // Opened as the services open them: the record, then the query API's own access-log file beside it.
    const record = await openEventStoreFromEnv({ PLANLEDGER_STORE_CREATE: '1' }, dataDir);
    const accessLog = await openAccessLogStoreFromEnv({}, dataDir, record);
    const h = await startHarness({ store: record, accessLogStore: accessLog });
    childId = (await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' })).entityId;
    for (let i = 0; i < 3; i++) expect((await h.gql('query($id: ID!) { child(id: $id) { id } }', { variables: { id: childId } })).body.errors).toBeUndefined();
    await h.close();
    await accessLog.close();
    await record.close();
  });

  it('checks both files, each by name, seals included', () => {
    const run = verifyWith(env());
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(new RegExp(`verify: ${join(dataDir, 'planledger.db')}: every hash chain holds`));
    expect(run.out).toContain(`verify: ${join(dataDir, 'access-log.db')}: every hash chain holds (3 events in 1 streams`);
    expect(run.out).not.toMatch(/seals not checked|no seals|before sealing began/);
  });

  it('fails on a tampered access-log row, naming the access-log file and the event', () => {
    const file = join(dataDir, 'access-log.db');
    const db = new Database(file);
    db.exec('DROP TRIGGER events_are_immutable');
    const victim = db.prepare('SELECT event_id, data FROM events WHERE stream_id = ? ORDER BY revision LIMIT 1 OFFSET 1').get(accessLogStreamOf(childId)) as { event_id: string; data: string };
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify({ ...(JSON.parse(victim.data) as object), outcome: 'refused' }), victim.event_id);
    db.close();
    const run = verifyWith(env());
    expect(run.code, run.out + run.err).toBe(1);
    expect(run.out).toContain(`BAD ${accessLogStreamOf(childId)}: first bad event at revision 1 (event ${victim.event_id}): hash_mismatch`);
    expect(run.out).toContain(`verify: ${join(dataDir, 'access-log.db')}: 1 of 1 streams are broken`);
    // The record file itself still holds, and says so.
    expect(run.out).toMatch(new RegExp(`verify: ${join(dataDir, 'planledger.db')}: every hash chain holds`));
  });

  it('exits 2 naming the access-log file when it cannot be read, after checking the record', () => {
    const other = join(dir, 'unreadable');
    mkdirSync(other, { mode: 0o700 });
    cpSync(join(dataDir, 'keys'), join(other, 'keys'), { recursive: true });
    cpSync(join(dataDir, 'planledger.db'), join(other, 'planledger.db'));
    writeFileSync(join(other, 'access-log.db'), 'not a database '.repeat(1000), { mode: 0o600 });
    const run = verifyWith({ PLANLEDGER_DATA_DIR: other, PLANLEDGER_STORE: '', PLANLEDGER_ACCESS_LOG_STORE: '' });
    expect(run.code, run.out + run.err).toBe(2);
    expect(run.out).toMatch(new RegExp(`verify: ${join(other, 'planledger.db')}: every hash chain holds`));
    expect(run.err).toContain(`verify: ${join(other, 'access-log.db')}: the store file ${join(other, 'access-log.db')} is not a SQLite database`);
  });
});
