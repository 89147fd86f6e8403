import { benchScript, runJsonChild } from '../child/run-child';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import type { RecordCache } from '../record/record-cache';
import type { RebuildOutcome } from './rebuild-child';

export interface RebuildSizes {
  /** Children in the generated record (about 35 events each). */
  children: number;
  /** Children written through executeCommand before copying. */
  baseChildren: number;
}

const TITLE = 'Rebuild every read model from position 0';

/** Gets a generated record, then rebuilds every read model from it in a child process. */
export async function rebuildBenchmark(sizes: RebuildSizes, records: RecordCache): Promise<Measure[]> {
  const rateShape = { id: 'rebuild.rate', title: TITLE, contender: 'planledger', unit: 'events/s', target: { text: '>= 150,000 events/s', on: 'value' as const, atLeast: 150_000 } };
  const rssShape = { id: 'rebuild.peak-rss', title: `${TITLE}: peak RSS`, contender: 'planledger', unit: 'MiB', target: { text: '< 1.5 GB (1,430 MiB)', on: 'value' as const, below: 1430 } };
  let record;
  let outcome: RebuildOutcome;
  try {
    progress(`rebuild: a record of ${formatNumber(sizes.children)} children`);
    record = await records.get(sizes.children, sizes.baseChildren);
    progress('rebuild: replaying it into every read model in a child process ...');
    outcome = await runJsonChild<RebuildOutcome>(benchScript('rebuild/rebuild-child.ts'), [record.file], { timeoutMs: 20 * 60_000 });
  } catch (error) {
    const reason = (error as Error).message;
    progress(`  failed: ${reason}`);
    return [notMeasured('failed', rateShape, reason), notMeasured('failed', rssShape, reason)];
  }
  const rate = (outcome.events * 1000) / outcome.ms;
  progress(`  ${formatNumber(outcome.events)} events in ${(outcome.ms / 1000).toFixed(1)} s: ${formatNumber(rate)} events/s, peak RSS ${formatNumber(outcome.peakRssMiB)} MiB`);
  const size = ` (${formatNumber(outcome.events)} events)`;
  return [
    measured({
      ...rateShape,
      title: `${TITLE}${size}`,
      value: rate,
      note: `read from SQLite (the query API's start-up path: projection runner over readAll pages of 1,000) in its own process; ${record.description}; ${outcome.failures} events failed to apply`,
    }),
    measured({
      ...rssShape,
      title: `${TITLE}${size}: peak RSS`,
      value: outcome.peakRssMiB,
      note: `RSS of the rebuilding process (at start: ${formatNumber(outcome.rssBeforeMiB)} MiB; heap used after: ${formatNumber(outcome.heapUsedAfterMiB)} MiB)`,
    }),
  ];
}
