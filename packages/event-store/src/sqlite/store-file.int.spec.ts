import { chmodSync, openSync, closeSync, readFileSync, statSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStoreErrorCodes } from '../errors';
import { newEvent } from '../testing/contract';
import { getSQLiteEventStore, type SQLiteEventStore } from './sqlite-event-store';
import { tempStoreDirectory } from './testing/temp-store-file';

const dirs: Array<{ remove(): void }> = [];
const stores: SQLiteEventStore[] = [];
const tempDir = () => {
  const d = tempStoreDirectory();
  dirs.push(d);
  return d;
};
const open = (options: Parameters<typeof getSQLiteEventStore>[0]) => {
  const store = getSQLiteEventStore(options);
  stores.push(store);
  return store;
};
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});

describe('a SQLite store file that is not fit to use is refused at open, with a code', () => {
  it('creates a new file 0600 in a 0700 folder, only when asked', () => {
    const dir = tempDir();
    const file = join(dir.file('nested'), 'store.db');
    expect(() => open({ path: file, create: false })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_MISSING }));
    open({ path: file, create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.file('nested'))).mode & 0o777).toBe(0o700);
  });

  it('refuses a file other users can read, and a folder other users can enter', async () => {
    const dir = tempDir();
    const file = dir.file();
    await open({ path: file }).close();
    stores.pop();
    chmodSync(file, 0o644);
    expect(() => open({ path: file })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_PERMISSIONS }));
    chmodSync(file, 0o600);
    const folder = dir.file('open-folder');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    expect(() => open({ path: join(folder, 'store.db') })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_PERMISSIONS }));
  });

  it('refuses a zero-length file unless asked to create the store', () => {
    const file = tempDir().file();
    writeFileSync(file, '', { mode: 0o600 });
    expect(() => open({ path: file, create: false })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_EMPTY }));
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a file that is not a database', () => {
    const file = tempDir().file();
    writeFileSync(file, 'x'.repeat(8192), { mode: 0o600 });
    expect(() => open({ path: file, create: false })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_NOT_A_DATABASE }));
  });

  /** A store of 200 events whose middle pages (past the header page) were overwritten with garbage, as a failing disk might. */
  async function damagedStore(): Promise<string> {
    const file = tempDir().file();
    const store = open({ path: file });
    for (let i = 0; i < 200; i++) await store.append(`s-${i}`, [newEvent('TestEventHappened', { text: 'y'.repeat(500) })], 'no_stream');
    await store.close();
    stores.pop();
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(8 * 4096);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 4);
    closeSync(fd);
    return file;
  }

  it('refuses a file with a damaged page (quick_check at open)', async () => {
    const file = await damagedStore();
    expect(() => open({ path: file, create: false })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_CORRUPT }));
  });

  it('checks the file in a separate process when asked, and refuses the damage there', async () => {
    const file = await damagedStore();
    // The pages that open reads (header, schema) are whole: the open succeeds and the check finds the damage.
    const store = open({ path: file, create: false, checkFileInBackground: true });
    await expect(store.fileCheck()).rejects.toMatchObject({ code: EventStoreErrorCodes.STORE_CORRUPT, message: expect.stringContaining('is damaged') });
  });

  it('passes a whole file checked in the background, and reads it meanwhile', async () => {
    const file = tempDir().file();
    const writer = open({ path: file });
    for (let i = 0; i < 50; i++) await writer.append(`s-${i}`, [newEvent('TestEventHappened', { n: i })], 'no_stream');
    const reader = open({ path: file, create: false, checkFileInBackground: true });
    const checked = reader.fileCheck();
    expect(await reader.readAll({ maxCount: 1000 })).toHaveLength(50);
    await expect(checked).resolves.toBeUndefined();
    // A store checked at open answers at once.
    await expect(writer.fileCheck()).resolves.toBeUndefined();
  });

  it('stops a background check when the store closes, and refuses nothing for it', async () => {
    const file = tempDir().file();
    await open({ path: file }).close();
    stores.pop();
    const reader = getSQLiteEventStore({ path: file, create: false, checkFileInBackground: true });
    let outcome = 'stopped';
    reader.fileCheck().then(
      () => (outcome = 'passed'),
      () => (outcome = 'refused'),
    );
    // close resolves once the check's process is gone; whether it finished first or was killed, a whole file is never refused.
    await reader.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(['passed', 'stopped']).toContain(outcome);
  });

  it('refuses a second writer on the same file, while a reader still opens it', () => {
    const file = tempDir().file();
    open({ path: file, exclusiveWriter: true });
    expect(() => open({ path: file, exclusiveWriter: true })).toThrow(expect.objectContaining({ code: EventStoreErrorCodes.STORE_LOCKED }));
    expect(() => open({ path: file })).not.toThrow();
    expect(statSync(`${file}.lock`).mode & 0o777).toBe(0o600);
  });

  it('lets the next writer in once the first closes', async () => {
    const file = tempDir().file();
    const first = open({ path: file, exclusiveWriter: true });
    await first.close();
    expect(() => open({ path: file, exclusiveWriter: true })).not.toThrow();
  });
});

describe('a full disk', () => {
  it('answers ES_ERR_STORAGE_FULL, reports itself unwritable until a write succeeds, and loses nothing acknowledged', async () => {
    const file = tempDir().file();
    const store = open({ path: file, maxPageCount: 40 });
    const acknowledged: string[] = [];
    let failure: unknown;
    for (let i = 0; i < 500 && !failure; i++) {
      const event = newEvent('TestEventHappened', { text: 'z'.repeat(1000) });
      try {
        await store.append(`full-${i}`, [event], 'no_stream');
        acknowledged.push(event.eventId);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({ code: EventStoreErrorCodes.STORAGE_FULL });
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(await store.writeHealth()).toEqual({ ok: false, code: EventStoreErrorCodes.STORAGE_FULL });
    store.setMaxPageCount(100_000);
    expect(await store.writeHealth()).toEqual({ ok: true });
    await store.append('after-full', [newEvent()], 'no_stream');
    await store.close();
    stores.pop();
    const again = open({ path: file, create: false });
    const stored = new Set((await again.readAll({ maxCount: 10_000 })).map((e) => e.eventId));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });
});
