import { quickCheckProblems } from './file-check';
import type { Database } from 'better-sqlite3';

/**
 * Seals live beside the events, one row per sealed event, append-only like them. Created on open
 * (IF NOT EXISTS), so a store written before sealing began gains the table and seals from then on.
 */
export const SEALS_DDL = `
CREATE TABLE IF NOT EXISTS seals (
  global_position INTEGER PRIMARY KEY,
  seal            TEXT    NOT NULL
);
CREATE TRIGGER IF NOT EXISTS seals_are_immutable BEFORE UPDATE ON seals
BEGIN SELECT RAISE(ABORT, 'seals are immutable'); END;
CREATE TRIGGER IF NOT EXISTS seals_are_never_deleted BEFORE DELETE ON seals
BEGIN SELECT RAISE(ABORT, 'seals are never deleted'); END;
`;

/** The triggers that keep the store append-only; `pnpm verify` reports any that is missing. */
export const APPEND_ONLY_TRIGGERS = ['events_are_immutable', 'events_are_never_deleted', 'seals_are_immutable', 'seals_are_never_deleted'] as const;

export function ensureSealsTable(db: Database): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seals'").pluck().get();
  if (!exists) db.exec(SEALS_DDL);
}

/** What the file itself says about its soundness, beyond the hash chains. */
export interface StructureReport {
  ok: boolean;
  problems: Array<{ check: 'trigger_missing' | 'streams_table' | 'quick_check'; detail: string; streamId?: string }>;
}

export function checkStructure(db: Database): StructureReport {
  const problems: StructureReport['problems'] = [];
  const triggers = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]);
  for (const name of APPEND_ONLY_TRIGGERS) if (!triggers.has(name)) problems.push({ check: 'trigger_missing', detail: `trigger ${name} is missing` });
  // Every stream's head as the streams table has it, against the events themselves, both ways.
  const mismatches = db
    .prepare(
      `SELECT s.stream_id, s.revision, s.last_hash, e.revision, e.hash FROM streams s
         LEFT JOIN (SELECT stream_id, max(revision) AS revision FROM events GROUP BY stream_id) m ON m.stream_id = s.stream_id
         LEFT JOIN events e ON e.stream_id = m.stream_id AND e.revision = m.revision
       WHERE e.revision IS NULL OR e.revision <> s.revision OR e.hash <> s.last_hash
       UNION ALL
       SELECT m.stream_id, NULL, NULL, m.revision, NULL FROM (SELECT stream_id, max(revision) AS revision FROM events GROUP BY stream_id) m
       WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = m.stream_id)`,
    )
    .raw(true)
    .all() as Array<[string, number | null, string | null, number | null, string | null]>;
  for (const [streamId, tableRevision, , eventRevision] of mismatches) {
    problems.push({
      check: 'streams_table',
      streamId,
      detail:
        tableRevision === null
          ? `stream ${streamId} has events up to revision ${eventRevision} but no row in the streams table`
          : eventRevision === null
            ? `the streams table says ${streamId} is at revision ${tableRevision}, but it has no events`
            : `the streams table says ${streamId} is at revision ${tableRevision} with another head than its events (last revision ${eventRevision})`,
    });
  }
  for (const line of quickCheckProblems(db)) problems.push({ check: 'quick_check', detail: line });
  return { ok: problems.length === 0, problems };
}
