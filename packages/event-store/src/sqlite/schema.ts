import type { Database } from 'better-sqlite3';
import { EventStoreError, EventStoreErrorCodes } from '../errors';

/** Bumped whenever the tables change; kept in `PRAGMA user_version` of the file. */
export const SCHEMA_VERSION = 1;

/**
 * The uniqueness constraints are the last line of defence: even if the append code had a bug, two
 * events can never share an id, a stream can never hold two events at one revision, and the log can
 * never hold two events at one position. The triggers make a stored event immutable through this
 * file's own connections (an attacker with disk access can still drop them, which is what the hash
 * chain is for).
 */
const VERSION_1 = `
CREATE TABLE events (
  global_position INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  revision        INTEGER NOT NULL CHECK (revision >= 0),
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  occurred_at     TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  actor           TEXT    NOT NULL,
  correlation_id  TEXT    NOT NULL,
  causation_id    TEXT,
  data            TEXT    NOT NULL,
  previous_hash   TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE streams (
  stream_id TEXT    PRIMARY KEY,
  revision  INTEGER NOT NULL,
  last_hash TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'stored events are immutable'); END;
CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'stored events are never deleted'); END;
`;

function userVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Creates the tables on a new file. Runs in a write transaction and re-reads the version inside it,
 * so several processes opening the same new file at once create the schema exactly once.
 */
export function migrate(db: Database): void {
  if (userVersion(db) === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const found = userVersion(db);
    if (found === 0) {
      db.exec(VERSION_1);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else if (found !== SCHEMA_VERSION) {
      throw new EventStoreError(
        EventStoreErrorCodes.UNAVAILABLE,
        `the event store file has schema version ${found}; this code reads version ${SCHEMA_VERSION}`,
      );
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
