import Database from 'better-sqlite3';
import { migrate } from './schema';
import { damagedFileError, quickCheckProblems } from './file-check';
import { checkStoreFile, storeOpenError } from './store-file';

export interface OpenDatabaseOptions {
  /** How long a connection waits for another process's write lock before giving up. */
  busyTimeoutMs: number;
  /** Create a missing or zero-length file (else either is refused). */
  create: boolean;
  /** Largest number of pages the file may grow to (SQLite answers SQLITE_FULL past it, as for a full disk). */
  maxPageCount?: number;
  /** Run `quick_check` here (the default). False: the caller checks the file itself (`checkFileInBackground`). */
  quickCheck?: boolean;
}

/**
 * Opens the file in a fixed order: connection, then pragmas, then tables. WAL cannot be switched on
 * inside a transaction, and better-sqlite3 is synchronous, so doing it first on a fresh connection
 * (before anything could have begun a transaction) makes start-up deterministic.
 */
export function openDatabase(path: string, { busyTimeoutMs, create, maxPageCount, quickCheck = true }: OpenDatabaseOptions): Database.Database {
  checkStoreFile(path, { create });
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs, fileMustExist: true });
  } catch (error) {
    throw storeOpenError(path, error);
  }
  try {
    if (db.inTransaction) throw new Error('a fresh connection is inside a transaction');
    const mode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (mode !== 'wal') throw new Error(`journal_mode is ${mode}, not wal (is the path a regular file?)`);
    // FULL: in WAL mode every commit fsyncs the log, so an append resolves only once it is on disk.
    db.pragma('synchronous = FULL');
    // A damaged page is found now, at start, rather than by the first request that reads it.
    if (quickCheck) {
      const problems = quickCheckProblems(db);
      if (problems.length > 0) throw damagedFileError(path, problems);
    }
    if (maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(maxPageCount)}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw storeOpenError(path, error);
  }
}
