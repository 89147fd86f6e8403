import type { Measure, Target } from '../measure';
import { measured, notMeasured } from '../measure';
import { formatNumber, progress } from '../progress';
import { withTempFolder } from '../temp-files';
import { median, nowMs, perSecond } from '../timing';
import { slug } from './append-benchmarks';
import { benchEvents } from './bench-event';
import type { ContenderFactory, StoreContender } from './store-contender';

export interface ReadSizes {
  /** Events in the stream read whole. */
  streamEvents: number;
  /** Events in the whole log (the long stream included). */
  logEvents: number;
  /** Timed reads of the long stream; the median counts. */
  streamReads: number;
}

const TARGET: Target = { text: '>= 0.7x bare select + JSON.parse', on: 'ratio', atLeast: 0.7 };
const OTHER_STREAM_EVENTS = 100;
const LOAD_CHUNK_EVENTS = 10_000;
const LONG_STREAM = 'plan-long';

/** Fills a contender with one long stream and many 100-event streams, a chunk at a time (bounded memory). */
async function fill(contender: StoreContender, sizes: ReadSizes): Promise<void> {
  await contender.load([{ streamId: LONG_STREAM, events: benchEvents(sizes.streamEvents) }]);
  let streamNo = 0;
  let remaining = sizes.logEvents - sizes.streamEvents;
  while (remaining > 0) {
    const streams: Array<{ streamId: string; events: ReturnType<typeof benchEvents> }> = [];
    let size = 0;
    while (remaining > 0 && size < LOAD_CHUNK_EVENTS) {
      const n = Math.min(OTHER_STREAM_EVENTS, remaining);
      streams.push({ streamId: `plan-${streamNo++}`, events: benchEvents(n) });
      size += n;
      remaining -= n;
    }
    await contender.load(streams);
  }
}

interface ReadOutcome {
  stream: number;
  log: number;
  loadSeconds: number;
}

export async function readBenchmarks(contenders: readonly ContenderFactory[], sizes: ReadSizes): Promise<Measure[]> {
  const results = new Map<string, ReadOutcome | string>();
  for (const factory of contenders) {
    const reason = await factory.unavailable();
    if (reason) {
      results.set(factory.name, `unavailable: ${reason}`);
      continue;
    }
    progress(`store read: loading ${formatNumber(sizes.logEvents)} events into ${factory.name} ...`);
    try {
      const outcome = await withTempFolder('read', async (file) => {
        const contender = await factory.open(file('store.db'));
        try {
          const loadStart = nowMs();
          await fill(contender, sizes);
          const loadSeconds = (nowMs() - loadStart) / 1000;
          progress(`  loaded in ${loadSeconds.toFixed(1)} s; reading the ${formatNumber(sizes.streamEvents)}-event stream`);
          const warm = await contender.readStream(LONG_STREAM);
          if (warm !== sizes.streamEvents) throw new Error(`the stream read back ${warm} events, not ${sizes.streamEvents}`);
          const rates: number[] = [];
          for (let r = 0; r < sizes.streamReads; r++) {
            const start = nowMs();
            const n = await contender.readStream(LONG_STREAM);
            rates.push(perSecond(n, nowMs() - start));
          }
          progress(`  stream ${formatNumber(median(rates))} events/s; reading the whole log`);
          const start = nowMs();
          const all = await contender.readAll();
          const log = perSecond(all, nowMs() - start);
          if (all !== sizes.logEvents) throw new Error(`the log read back ${all} events, not ${sizes.logEvents}`);
          progress(`  log ${formatNumber(log)} events/s`);
          return { stream: median(rates), log, loadSeconds };
        } finally {
          await contender.close();
        }
      });
      results.set(factory.name, outcome);
    } catch (error) {
      results.set(factory.name, `failed: ${(error as Error).message}`);
      progress(`  failed: ${(error as Error).message}`);
    }
  }

  const measures: Measure[] = [];
  const bare = results.get('bare better-sqlite3');
  for (const [key, title, pick, note] of [
    [
      'stream',
      `Read a ${formatNumber(sizes.streamEvents)}-event stream, parsed`,
      (o: ReadOutcome) => o.stream,
      `median of ${sizes.streamReads} reads, log of ${formatNumber(sizes.logEvents)} events`,
    ],
    ['all', `Read the whole log (${formatNumber(sizes.logEvents)} events) from position 0, parsed`, (o: ReadOutcome) => o.log, 'pages of 1,000, one pass'],
  ] as const) {
    const baseline = bare && typeof bare !== 'string' ? { contender: 'bare better-sqlite3', value: pick(bare) } : undefined;
    for (const factory of contenders) {
      const result = results.get(factory.name)!;
      const shape = {
        id: `store.read.${key}.${slug(factory.name)}`,
        title,
        contender: factory.name,
        unit: 'events/s',
        ...(factory.name === 'planledger' ? { target: TARGET } : {}),
      };
      if (typeof result === 'string') {
        measures.push(notMeasured(result.startsWith('unavailable') ? 'unavailable' : 'failed', shape, result));
        continue;
      }
      measures.push(
        measured({
          ...shape,
          value: pick(result),
          ...(baseline && factory.name !== baseline.contender ? { baseline } : {}),
          note: `${note}; loaded in ${result.loadSeconds.toFixed(1)} s`,
        }),
      );
    }
  }
  return measures;
}
