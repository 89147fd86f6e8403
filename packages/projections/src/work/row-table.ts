/**
 * Rows derived from streams, replaced a stream at a time, read sorted by due date and grouped by
 * look-up key. Sorting and grouping happen once after a change, not on every read.
 */
export interface RowTable<Row extends { streamId: string; dueOn: string | null; childId: string }> {
  replace(streamId: string, rows: readonly Row[]): void;
  clear(): void;
  /** Files the rows under their keys again (the keys of unchanged rows may have moved). */
  regroup(): void;
  /** Every row, soonest due first (rows with nothing due last). */
  all(): readonly Row[];
  /** The rows filed under a key, in the same order. */
  rowsFor(key: string): readonly Row[];
  readonly size: number;
}

export const byDueDate = <Row extends { streamId: string; dueOn: string | null }>(a: Row, b: Row) => {
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  return a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0;
};

export function createRowTable<Row extends { streamId: string; dueOn: string | null; childId: string }>(keysOf: (row: Row) => readonly string[]): RowTable<Row> {
  const byStream = new Map<string, readonly Row[]>();
  let size = 0;
  let sorted: Row[] | null = null;
  let groups: Map<string, Row[]> | null = null;
  const build = () => {
    if (sorted) return;
    sorted = [];
    for (const rows of byStream.values()) for (const row of rows) sorted.push(row);
    // Stable sort: rows of one stream keep the order the stream gave them.
    sorted.sort(byDueDate);
    groups = new Map();
    for (const row of sorted) {
      for (const key of keysOf(row)) {
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
    }
  };
  return {
    replace(streamId, rows) {
      const before = byStream.get(streamId);
      if (!before && rows.length === 0) return;
      size += rows.length - (before?.length ?? 0);
      if (rows.length === 0) byStream.delete(streamId);
      else byStream.set(streamId, rows);
      sorted = null;
      groups = null;
    },
    regroup() {
      sorted = null;
      groups = null;
    },
    clear() {
      byStream.clear();
      size = 0;
      sorted = null;
      groups = null;
    },
    all() {
      build();
      return sorted!;
    },
    rowsFor(key) {
      build();
      return groups!.get(key) ?? [];
    },
    get size() {
      return size;
    },
  };
}
