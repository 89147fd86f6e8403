import { mkdirSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError, EventStoreErrorCodes } from '../errors';

const statOrNull = (path: string): Stats | null => {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/**
 * Checks the store file before SQLite touches it: the folder is 0700 and the file 0600 (a record of
 * children is for this service's user alone), and a missing or zero-length file is created only when
 * the caller asked for it. Returns true when it created the file.
 */
export function checkStoreFile(path: string, { create }: { create: boolean }): boolean {
  const dir = dirname(path);
  let folder = statOrNull(dir);
  if (!folder) {
    if (!create) throw new EventStoreError(EventStoreErrorCodes.STORE_MISSING, `the store folder ${dir} does not exist; create the store on first start (pnpm start, or PLANLEDGER_STORE_CREATE=1)`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    folder = statSync(dir);
  }
  if (!folder.isDirectory()) throw new EventStoreError(EventStoreErrorCodes.STORE_MISSING, `${dir} is not a folder`);
  if ((folder.mode & 0o077) !== 0) {
    throw new EventStoreError(EventStoreErrorCodes.STORE_PERMISSIONS, `the store folder ${dir} is open to other users (mode ${octal(folder.mode)}); run: chmod 700 ${dir}`);
  }
  const file = statOrNull(path);
  if (!file) {
    if (!create) throw new EventStoreError(EventStoreErrorCodes.STORE_MISSING, `there is no store file at ${path}; create it on first start (pnpm start, or PLANLEDGER_STORE_CREATE=1)`);
    try {
      writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process sharing the file created it a moment ago: it is as good as ours.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return true;
  }
  if (!file.isFile()) throw new EventStoreError(EventStoreErrorCodes.STORE_NOT_A_DATABASE, `the store path ${path} is not a regular file`);
  if ((file.mode & 0o077) !== 0) {
    throw new EventStoreError(EventStoreErrorCodes.STORE_PERMISSIONS, `the store file ${path} is readable by other users (mode ${octal(file.mode)}); run: chmod 600 ${path}`);
  }
  if (file.size === 0 && !create) {
    throw new EventStoreError(EventStoreErrorCodes.STORE_EMPTY, `the store file ${path} is empty (0 bytes); it is not opened as an empty store unless asked (PLANLEDGER_STORE_CREATE=1)`);
  }
  return false;
}

/** Maps what SQLite says about a file it cannot use to a refusal with a code. */
export function storeOpenError(path: string, error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB') return new EventStoreError(EventStoreErrorCodes.STORE_NOT_A_DATABASE, `the store file ${path} is not a SQLite database`, { cause: error });
  if (code === 'SQLITE_CORRUPT') return new EventStoreError(EventStoreErrorCodes.STORE_CORRUPT, `the store file ${path} is damaged (${message})`, { cause: error });
  return new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `cannot open the event store at ${path}: ${message}`, { cause: error });
}

/**
 * One writer per file. SQLite lets any number of connections write a file in turn, so a second record
 * service would interleave its appends with the first's. The writer holds an exclusive lock on a
 * companion file (`<store>.lock`) for as long as it is open; the operating system releases it when the
 * process ends, however it ends, so a crash never leaves a stale lock. Readers (the query service
 * following the log) do not take it.
 */
export function takeWriterLock(path: string): { release(): void } {
  const lockPath = `${path}.lock`;
  if (!statOrNull(lockPath)) writeFileSync(lockPath, '', { mode: 0o600, flag: 'a' });
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new EventStoreError(EventStoreErrorCodes.STORE_LOCKED, `another process is already writing the store file ${path}; only one writer may hold it`);
    }
    throw storeOpenError(lockPath, error);
  }
  return {
    release() {
      if (!lock.open) return;
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
