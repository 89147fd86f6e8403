/**
 * Runs in its own process so its peak RSS is the rebuild's alone: opens a SQLite record, rebuilds
 * every read model of packages/projections from position 0 with the projection runner (as the
 * query API does on start), and prints one JSON line with the time, events and peak RSS.
 *
 *   node --import tsx bench/src/rebuild/rebuild-child.ts <file.db>
 */
import { getSQLiteEventStore } from '@planledger/event-store';
import { recordReadModels, startProjectionRunner } from '@planledger/projections';

export interface RebuildOutcome {
  events: number;
  ms: number;
  failures: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  heapUsedAfterMiB: number;
  /** The largest heap in use seen, sampled every 20,000 events applied. */
  peakHeapUsedMiB: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: rebuild-child.ts <file.db>');
const store = getSQLiteEventStore({ path: file });
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
const start = performance.now();
const runner = startProjectionRunner({ store, readModels: recordReadModels });
let applied = 0;
let peakHeapUsed = 0;
runner.onApplied(() => {
  if (++applied % 20_000 === 0) peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
});
await runner.whenReady(15 * 60_000);
const ms = performance.now() - start;
const outcome: RebuildOutcome = {
  events: runner.position + 1,
  ms,
  failures: runner.failures,
  // maxRSS is in kibibytes.
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  rssBeforeMiB,
  heapUsedAfterMiB: process.memoryUsage().heapUsed / 2 ** 20,
  peakHeapUsedMiB: Math.max(peakHeapUsed, process.memoryUsage().heapUsed) / 2 ** 20,
};
await runner.stop();
await store.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
