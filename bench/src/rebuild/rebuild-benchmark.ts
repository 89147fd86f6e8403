import { benchScript, runJsonChild } from '../child/run-child';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { buildRecordFile } from '../record/record-file';
import { withTempFolder } from '../temp-files';
import type { RebuildOutcome } from './rebuild-child';

export interface RebuildSizes {
  /** Events in the generated record (about; whole children are copied). */
  events: number;
  /** Children written through executeCommand before copying. */
  baseChildren: number;
}

const EVENTS_PER_CHILD = 35.2;
const TITLE = 'Rebuild every read model from position 0';

/** Builds a record of about `events` events, then rebuilds every read model from it in a child process. */
export async function rebuildBenchmark(sizes: RebuildSizes): Promise<Measure[]> {
  return withTempFolder('rebuild', async (file) => {
    const target = Math.ceil(sizes.events / EVENTS_PER_CHILD);
    progress(`rebuild: building a record of about ${formatNumber(sizes.events)} events`);
    let record;
    try {
      record = await buildRecordFile(file('record.db'), { baseChildren: sizes.baseChildren, children: target });
    } catch (error) {
      const reason = `could not build the record: ${(error as Error).message}`;
      return [
        notMeasured('failed', { id: 'rebuild.rate', title: TITLE, contender: 'planledger', unit: 'events/s' }, reason),
        notMeasured('failed', { id: 'rebuild.peak-rss', title: `${TITLE}: peak RSS`, contender: 'planledger', unit: 'MiB' }, reason),
      ];
    }
    progress('rebuild: replaying it into every read model in a child process ...');
    const outcome = await runJsonChild<RebuildOutcome>(benchScript('rebuild/rebuild-child.ts'), [record.file], { timeoutMs: 20 * 60_000 });
    const rate = (outcome.events * 1000) / outcome.ms;
    progress(`  ${formatNumber(outcome.events)} events in ${(outcome.ms / 1000).toFixed(1)} s: ${formatNumber(rate)} events/s, peak RSS ${formatNumber(outcome.peakRssMiB)} MiB`);
    const note = `read from SQLite (the query API's start-up path: projection runner over readAll pages of 1,000) in its own process; ${record.description}; ${outcome.failures} events failed to apply`;
    return [
      measured({
        id: 'rebuild.rate',
        title: `${TITLE} (${formatNumber(outcome.events)} events)`,
        contender: 'planledger',
        value: rate,
        unit: 'events/s',
        target: { text: '>= 150,000 events/s', on: 'value', atLeast: 150_000 },
        note,
      }),
      measured({
        id: 'rebuild.peak-rss',
        title: `${TITLE} (${formatNumber(outcome.events)} events): peak RSS`,
        contender: 'planledger',
        value: outcome.peakRssMiB,
        unit: 'MiB',
        target: { text: '< 1.5 GB (1,430 MiB)', on: 'value', atMost: 1430 },
        note: `RSS of the rebuilding process (before: ${formatNumber(outcome.rssBeforeMiB)} MiB, heap after: ${formatNumber(outcome.heapUsedAfterMiB)} MiB)`,
      }),
    ];
  });
}
