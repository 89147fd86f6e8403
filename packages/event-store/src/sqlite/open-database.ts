import Database from 'better-sqlite3';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { migrate } from './schema';

export interface OpenDatabaseOptions {
  /** How long a connection waits for another process's write lock before giving up. */
  busyTimeoutMs: number;
}

/**
 * Opens the file in a fixed order: connection, then pragmas, then tables. WAL cannot be switched on
 * inside a transaction, and better-sqlite3 is synchronous, so doing it first on a fresh connection
 * (before anything could have begun a transaction) makes start-up deterministic.
 */
export function openDatabase(path: string, { busyTimeoutMs }: OpenDatabaseOptions): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    if (db.inTransaction) throw new Error('a fresh connection is inside a transaction');
    const mode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (mode !== 'wal') throw new Error(`journal_mode is ${mode}, not wal (is the path a regular file?)`);
    // FULL: in WAL mode every commit fsyncs the log, so an append resolves only once it is on disk.
    db.pragma('synchronous = FULL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof EventStoreError) throw error;
    throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `cannot open the event store at ${path}: ${(error as Error).message}`, { cause: error });
  }
}
