import type { AuditablePlanRow, RecordKind } from './work-rows';

/** Filtering, ordering and paging of work rows: what every tray and caseload read shares. */

export type DueState = 'overdue' | 'due_within' | 'exception_recorded';

export interface TrayFilter {
  /** Only rows for this organisation (the named person's, the adviser's, or the one that started the record). */
  organisationId?: string | null;
  recordKind?: RecordKind | null;
  /** overdue: due before today; due_within: due from today to today + withinDays; exception_recorded: an exception is recorded. */
  state?: DueState | null;
  withinDays?: number | null;
}

export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** overdue (due before today), due (today or later), or none (nothing due). */
export function dueStatus(dueOn: string | null, today: string): 'overdue' | 'due' | 'none' {
  if (dueOn === null) return 'none';
  return dueOn < today ? 'overdue' : 'due';
}

/** Whole days from today to the due date (0 when due today or overdue). */
export function daysLeft(dueOn: string, today: string): number {
  return daysOverdue(today, dueOn);
}

/** Whole days past the due date (0 when not overdue). */
export function daysOverdue(dueOn: string | null, today: string): number {
  if (dueOn === null || dueOn >= today) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
}

type FilterableRow = { organisationId: string; recordKind: RecordKind; dueOn: string | null; childId: string; exception?: string | null };

export function filterRows<Row extends FilterableRow>(rows: readonly Row[], filter: TrayFilter, today: string, admit: (row: Row) => boolean, descending = false): Row[] {
  const until = filter.state === 'due_within' ? addDays(today, filter.withinDays ?? 0) : null;
  const out: Row[] = [];
  for (const row of rows) {
    if (filter.organisationId && row.organisationId !== filter.organisationId) continue;
    if (filter.recordKind && row.recordKind !== filter.recordKind) continue;
    if (filter.state === 'overdue' && !(row.dueOn !== null && row.dueOn < today)) continue;
    if (until !== null && !(row.dueOn !== null && row.dueOn >= today && row.dueOn <= until)) continue;
    if (filter.state === 'exception_recorded' && !row.exception) continue;
    if (!admit(row)) continue;
    out.push(row);
  }
  return descending ? out.reverse() : out;
}

export interface Page<Row> {
  totalCount: number;
  rows: Row[];
  /** Pass as `after` to read the next page; null on the last page. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_PAGE = 100;

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

/** The offset a cursor stands for; null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^o:(\d{1,9})$/.exec(text);
  return match ? Number(match[1]) : null;
}

export function pageOf<Row>(rows: readonly Row[], first: number, offset: number): Page<Row> {
  const slice = rows.slice(offset, offset + first);
  const end = offset + slice.length;
  const hasNextPage = end < rows.length;
  return { totalCount: rows.length, rows: slice, endCursor: hasNextPage ? encodeCursor(end) : null, hasNextPage };
}

/** FNV-1a, 32 bits: a fixed, fast hash, so the same seed ranks the same plans the same way on any machine. */
function rank(seed: string, streamId: string): number {
  let hash = 0x811c9dc5;
  const text = `${seed}\u0000${streamId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface AuditSampleOptions {
  /** Plans last graded before this many months ago (or never) form the population. */
  notAuditedWithinMonths: number;
  /** The share of the population to sample, 0..1 (e.g. 0.05). */
  share: number;
  seed: string;
  now: Date;
}

/**
 * The audit sample: the plans not audited within N months, and of those a share picked by ranking
 * each plan by a hash of the seed and its stream id. The same seed over the same plans gives the same
 * sample; a plan joining or leaving the population moves no other plan's rank.
 */
export function auditSample<Row extends AuditablePlanRow>(rows: readonly Row[], options: AuditSampleOptions): { population: number; sample: Row[] } {
  const cutoff = new Date(options.now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - options.notAuditedWithinMonths);
  const cutoffIso = cutoff.toISOString();
  const population = rows.filter((row) => row.lastAuditedAt === null || row.lastAuditedAt < cutoffIso);
  const size = Math.ceil(population.length * options.share);
  const ranked = population.map((row) => ({ row, rank: rank(options.seed, row.streamId) })).sort((a, b) => a.rank - b.rank || (a.row.streamId < b.row.streamId ? -1 : 1));
  return { population: population.length, sample: ranked.slice(0, size).map((r) => r.row) };
}
