import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getSQLiteEventStore } from './sqlite-event-store';
import { tempStoreDirectory } from './testing/temp-store-file';

/**
 * Durability is judged by what reaches the disk, not by what a copy of the file shows: a copy made
 * while the machine stays up reads the page cache, so it would see commits that were never synced.
 * So the writer runs in a child process under strace, and the trace must show, before each
 * acknowledgement, an fsync or fdatasync of the WAL after the last write to it.
 */
const dir = tempStoreDirectory();
afterAll(() => dir.remove());

const childScript = fileURLToPath(new URL('./testing/acknowledge-appends.ts', import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

function straceProblem(): string | null {
  const probe = spawnSync('strace', ['-f', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore' });
  if (probe.error) return `no strace: ${probe.error.message}`;
  if (probe.status !== 0) return `no strace: it cannot trace here (exit ${probe.status})`;
  return null;
}
const skipReason = straceProblem();

/** What the trace shows at each acknowledgement: whether the WAL had unsynced writes, and whether this commit wrote to it at all. */
interface AcknowledgementTrace {
  ack: number;
  walWritten: boolean;
  unsyncedWalWrite: boolean;
}

/**
 * For each acknowledgement, the thread (first column of `strace -f -o`) that ran the last WAL sync
 * before it, and the process's main thread (the first line's). Syncs at open and close (schema
 * creation, the closing checkpoint) are SQLite's own and may run anywhere.
 */
function syncThreadsBeforeAcks(trace: string): { main: string; syncedBy: string[] } {
  const lines = trace.split('\n').filter((l) => l.trim() !== '');
  const thread = (line: string) => /^(\d+)\s/.exec(line)?.[1] ?? '';
  const syncedBy: string[] = [];
  let lastSync = '';
  for (const line of lines) {
    if (/\b(?:fsync|fdatasync)\(\d+<[^>]*-wal>/.test(line)) lastSync = thread(line);
    else if (/\bwrite\(1<[^>]*>, "ack \d+\\n"/.test(line)) syncedBy.push(lastSync);
  }
  return { main: thread(lines[0] ?? ''), syncedBy };
}

/** Reads an `strace -f -y` log of write, pwrite*, fsync and fdatasync calls. */
function acknowledgementsIn(trace: string): AcknowledgementTrace[] {
  const out: AcknowledgementTrace[] = [];
  let unsynced = false;
  let written = false;
  for (const line of trace.split('\n')) {
    const ack = /\bwrite\(1<[^>]*>, "ack (\d+)\\n"/.exec(line);
    if (ack) {
      out.push({ ack: Number(ack[1]), walWritten: written, unsyncedWalWrite: unsynced });
      written = false;
    } else if (/\b(?:write|pwrite64|pwritev|pwritev2)\(\d+<[^>]*-wal>/.test(line)) {
      unsynced = true;
      written = true;
    } else if (/\b(?:fsync|fdatasync)\(\d+<[^>]*-wal>/.test(line)) {
      unsynced = false;
    }
  }
  return out;
}

function traceChild(path: string, count: number, traceFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['-f', '-y', '-s', '32', '-e', 'trace=write,pwrite64,pwritev,pwritev2,fsync,fdatasync', '-o', traceFile];
    const child = spawn('strace', [...args, process.execPath, '--import', tsxLoader, childScript, path, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('sqlite event store: the connection commits durably', () => {
  it('reports WAL, synchronous NORMAL and the WAL sync an acknowledgement waits for, from its own writing connection', async () => {
    const store = getSQLiteEventStore({ path: dir.file() });
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'normal', acknowledgedAfter: 'wal-fdatasync' });
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(Boolean(skipReason))(`sqlite event store: every acknowledged commit is synced to disk${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('fsyncs the WAL after its last write and before each append resolves (seen by strace)', async () => {
    const count = 5;
    const traceFile = dir.file('trace.txt');
    const { code, stderr } = await traceChild(dir.file(), count, traceFile);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const acks = acknowledgementsIn(readFileSync(traceFile, 'utf8'));
    expect(acks.map((a) => a.ack)).toEqual(Array.from({ length: count }, (_, i) => i));
    for (const a of acks) expect(a, `acknowledgement ${a.ack}`).toEqual({ ack: a.ack, walWritten: true, unsyncedWalWrite: false });
  }, 60_000);

  it('waits for the disk off the main thread: every WAL sync runs on another thread (seen by strace)', () => {
    // The trace of the test above: the process's first line is its main thread.
    const { main, syncedBy } = syncThreadsBeforeAcks(readFileSync(dir.file('trace.txt'), 'utf8'));
    expect(main).toMatch(/^\d+$/);
    expect(syncedBy).toHaveLength(5);
    for (const thread of syncedBy) {
      expect(thread).toMatch(/^\d+$/);
      expect(thread).not.toBe(main);
    }
  });
});
