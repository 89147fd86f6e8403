import Database from 'better-sqlite3';
import type { EventEnvelope } from '../../envelope';
import { EVENT_COLUMNS, rowToEnvelope, type EventRow } from '../event-row';

/**
 * Rewrites one stored event with a raw connection, as an attacker with access to the file would:
 * drops the immutability trigger, updates the row, puts the trigger back.
 */
export function tamperEvent(path: string, eventId: string, mutate: (stored: EventEnvelope) => EventEnvelope): void {
  const db = new Database(path);
  try {
    const row = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`).raw(true).get(eventId) as EventRow | undefined;
    if (!row) throw new Error(`no event ${eventId} to tamper with`);
    const e = mutate(rowToEnvelope(row));
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_are_immutable'").pluck().get() as string;
    db.transaction(() => {
      db.exec('DROP TRIGGER events_are_immutable');
      db.prepare(
        'UPDATE events SET stream_id = ?, revision = ?, type = ?, schema_version = ?, occurred_at = ?, recorded_at = ?, actor = ?, correlation_id = ?, causation_id = ?, data = ?, previous_hash = ?, hash = ? WHERE event_id = ?',
      ).run(e.streamId, e.revision, e.type, e.schemaVersion, e.occurredAt, e.recordedAt, JSON.stringify(e.actor), e.correlationId, e.causationId, JSON.stringify(e.data), e.previousHash, e.hash, eventId);
      db.exec(trigger);
    })();
  } finally {
    db.close();
  }
}

/** Overwrites one event's stored data with raw text (e.g. JSON that no longer parses), bypassing every check. */
export function overwriteStoredData(path: string, eventId: string, text: string): void {
  const db = new Database(path);
  try {
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_are_immutable'").pluck().get() as string;
    db.transaction(() => {
      db.exec('DROP TRIGGER events_are_immutable');
      const changed = db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(text, eventId).changes;
      if (changed !== 1) throw new Error(`no event ${eventId} to overwrite`);
      db.exec(trigger);
    })();
  } finally {
    db.close();
  }
}
