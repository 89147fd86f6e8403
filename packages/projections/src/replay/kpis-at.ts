import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { audits } from '../read-models/audit';
import { ehcAssessments } from '../read-models/ehc-assessment';
import { computeKpis, computeKpisInSlices, type Figure, type KpiRecord, type Kpis, type KpiWindow } from '../read-models/kpis';
import { shortBreaks } from '../read-models/short-break';
import { foldEvents } from '../runner/read-model';
import { inSlices, type SliceOptions, type Steps } from '../runner/slices';
import { cutAt, eventsAt, judgedAt, type Instant } from './as-of';

/**
 * The partnership's measures as they would have been reported at an instant: the whole log cut on
 * both clocks, folded through the live read models, and judged at that instant (a deadline not yet
 * passed then is pending, not missed).
 */
export function kpisAt(log: readonly EventEnvelope[], at: Instant, window: Omit<KpiWindow, 'now'> & { now: Date }): Kpis {
  const events = eventsAt(log, at);
  return computeKpis(
    {
      ehcAssessments: foldEvents(ehcAssessments, events).values(),
      shortBreaks: foldEvents(shortBreaks, events).values(),
      audits: foldEvents(audits, events).values(),
    },
    { ...window, now: judgedAt(at, window.now) },
  );
}

/** Events read from the store per page by `kpisAtInSlices`. */
export const REPLAY_PAGE_SIZE = 250;

/**
 * `kpisAt` over the store's whole log, up to its head when called: read a page at a time, each
 * page cut and folded in slices (see `inSlices`), the figures then computed in slices too. Only
 * the three read models the figures need are held, never the log itself.
 */
export async function kpisAtInSlices(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  at: Instant,
  window: Omit<KpiWindow, 'now'> & { now: Date },
  slices?: SliceOptions,
): Promise<Kpis> {
  const head = await store.headPosition();
  const keep = cutAt(at);
  const folded = { ehcAssessments: ehcAssessments.initial(), shortBreaks: shortBreaks.initial(), audits: audits.initial() };
  function* foldPage(page: readonly EventEnvelope[]): Steps<void> {
    for (const event of page) {
      if (event.globalPosition > head) return;
      if (keep(event)) {
        folded.ehcAssessments = ehcAssessments.evolve(folded.ehcAssessments, event);
        folded.shortBreaks = shortBreaks.evolve(folded.shortBreaks, event);
        folded.audits = audits.evolve(folded.audits, event);
      }
      yield;
    }
  }
  for (let after = -1; after < head; ) {
    const page = await store.readAll({ after, maxCount: REPLAY_PAGE_SIZE });
    if (page.length === 0) break;
    await inSlices(foldPage(page), slices);
    after = page[page.length - 1]!.globalPosition;
    // Reading a page is synchronous work of its own: hand the loop back before the next one.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return computeKpisInSlices(
    { ehcAssessments: [...folded.ehcAssessments.values()], shortBreaks: [...folded.shortBreaks.values()], audits: [...folded.audits.values()] },
    { ...window, now: judgedAt(at, window.now) },
    slices,
  );
}

export type KpiRecordChange = 'added' | 'removed' | 'now_met' | 'no_longer_met' | 'dates_changed';

export interface KpiFigureChange {
  /** The measure, with its group for grouped measures: `adviceWithinSixWeeksByAdviserType.health`. */
  measure: string;
  then: Pick<Figure, 'numerator' | 'denominator' | 'rate'>;
  now: Pick<Figure, 'numerator' | 'denominator' | 'rate'>;
  /** The records that moved the figure, each as it stands now (or as it stood then, when removed). */
  records: Array<{ change: KpiRecordChange; record: KpiRecord }>;
}

function figuresOf(kpis: Kpis): Map<string, Figure> {
  const out = new Map<string, Figure>();
  for (const [name, value] of Object.entries(kpis) as Array<[string, Kpis[keyof Kpis]]>) {
    if (Array.isArray(value)) {
      for (const item of value) if ('key' in item) out.set(`${name}.${item.key}`, item.figure);
      if (name === 'advicePending') {
        const records = value as KpiRecord[];
        out.set(name, { numerator: records.length, denominator: records.length, rate: null, records });
      }
    } else out.set(name, value);
  }
  return out;
}

const recordKey = (r: KpiRecord) => `${r.streamId}|${r.itemId ?? ''}|${r.group ?? ''}`;

/**
 * How each figure changed between two reports of the same window (e.g. as reported on the day, and
 * as the record stands now): facts recorded late, corrections and withdrawals move records in or out
 * of a figure or change whether they met it. Only figures that changed are listed.
 */
export function kpiChanges(then: Kpis, now: Kpis): KpiFigureChange[] {
  const before = figuresOf(then);
  const after = figuresOf(now);
  const out: KpiFigureChange[] = [];
  const empty: Figure = { numerator: 0, denominator: 0, rate: null, records: [] };
  for (const measure of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(measure) ?? empty;
    const b = after.get(measure) ?? empty;
    const old = new Map(a.records.map((r) => [recordKey(r), r]));
    const records: KpiFigureChange['records'] = [];
    for (const r of b.records) {
      const was = old.get(recordKey(r));
      old.delete(recordKey(r));
      if (!was) records.push({ change: 'added', record: r });
      else if (was.met !== r.met) records.push({ change: r.met ? 'now_met' : 'no_longer_met', record: r });
      else if (was.dueOn !== r.dueOn || was.doneOn !== r.doneOn) records.push({ change: 'dates_changed', record: r });
    }
    for (const r of old.values()) records.push({ change: 'removed', record: r });
    if (records.length === 0 && a.numerator === b.numerator && a.denominator === b.denominator) continue;
    out.push({ measure, then: { numerator: a.numerator, denominator: a.denominator, rate: a.rate }, now: { numerator: b.numerator, denominator: b.denominator, rate: b.rate }, records });
  }
  return out;
}
