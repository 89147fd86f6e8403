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
  /** Interleaved rounds of timed reads of the long stream; the median counts. */
  streamReads: number;
  /** Interleaved rounds of timed whole-log reads; the median counts. */
  logReads: number;
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
  /** Events/s of each stream read, one per round. */
  stream: number[];
  /** Events/s of each whole-log read, one per round. */
  log: number[];
  loadSeconds: number;
}

/**
 * Every contender is loaded into its own file first and kept open; then the reads run in rounds,
 * each round reading every contender once, one after the other. A noisy neighbour on the disk or
 * the CPU then hits every contender alike, and each round's ratio compares reads made side by side.
 */
export async function readBenchmarks(contenders: readonly ContenderFactory[], sizes: ReadSizes): Promise<Measure[]> {
  const results = new Map<string, ReadOutcome | string>();
  await withTempFolder('read', async (file) => {
    const open: Array<{ name: string; contender: StoreContender }> = [];
    try {
      for (const [n, factory] of contenders.entries()) {
        const reason = await factory.unavailable();
        if (reason) {
          results.set(factory.name, `unavailable: ${reason}`);
          continue;
        }
        progress(`store read: loading ${formatNumber(sizes.logEvents)} events into ${factory.name} ...`);
        try {
          const contender = await factory.open(file(`store-${n}.db`));
          open.push({ name: factory.name, contender });
          const loadStart = nowMs();
          await fill(contender, sizes);
          const loadSeconds = (nowMs() - loadStart) / 1000;
          const warm = await contender.readStream(LONG_STREAM);
          if (warm !== sizes.streamEvents) throw new Error(`the stream read back ${warm} events, not ${sizes.streamEvents}`);
          results.set(factory.name, { stream: [], log: [], loadSeconds });
          progress(`  loaded in ${loadSeconds.toFixed(1)} s`);
        } catch (error) {
          results.set(factory.name, `failed: ${(error as Error).message}`);
          progress(`  failed: ${(error as Error).message}`);
        }
      }
      const running = () => open.filter((o) => typeof results.get(o.name) !== 'string');
      const round = async (what: 'stream' | 'log', r: number, total: number) => {
        progress(`store read ${what}, round ${r + 1}/${total}`);
        for (const { name, contender } of running()) {
          const outcome = results.get(name) as ReadOutcome;
          try {
            const start = nowMs();
            const n = what === 'stream' ? await contender.readStream(LONG_STREAM) : await contender.readAll();
            const expected = what === 'stream' ? sizes.streamEvents : sizes.logEvents;
            if (n !== expected) throw new Error(`the ${what} read back ${n} events, not ${expected}`);
            outcome[what].push(perSecond(n, nowMs() - start));
          } catch (error) {
            results.set(name, `failed: ${(error as Error).message}`);
            progress(`  ${name} failed: ${(error as Error).message}`);
          }
        }
      };
      for (let r = 0; r < sizes.streamReads; r++) await round('stream', r, sizes.streamReads);
      for (let r = 0; r < sizes.logReads; r++) await round('log', r, sizes.logReads);
    } finally {
      for (const { contender } of open) await contender.close();
    }
  });

  const measures: Measure[] = [];
  const bare = results.get(BARE);
  for (const [key, title, pick, note] of [
    [
      'stream',
      `Read a ${formatNumber(sizes.streamEvents)}-event stream, parsed`,
      (o: ReadOutcome) => o.stream,
      `median of ${sizes.streamReads} interleaved rounds (one read of each contender per round), log of ${formatNumber(sizes.logEvents)} events`,
    ],
    [
      'all',
      `Read the whole log (${formatNumber(sizes.logEvents)} events) from position 0, parsed`,
      (o: ReadOutcome) => o.log,
      `pages of 1,000; median of ${sizes.logReads} interleaved rounds (one pass of each contender per round)`,
    ],
  ] as const) {
    const bareRates = bare && typeof bare !== 'string' ? pick(bare) : undefined;
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
      const rates = pick(result);
      const ratios = bareRates ? rates.map((rate, r) => rate / (bareRates[r] ?? Number.NaN)).filter(Number.isFinite) : [];
      const paired = bareRates && factory.name !== BARE ? { baseline: { contender: BARE, value: median(bareRates), ...(ratios.length ? { ratio: median(ratios) } : {}) } } : {};
      measures.push(
        measured({
          ...shape,
          value: median(rates),
          ...paired,
          note: `${READ_NOTES[factory.name] ?? ''}; ${note} (range ${formatNumber(Math.min(...rates))}-${formatNumber(Math.max(...rates))})${'baseline' in paired ? '; ratio: median of per-round ratios' : ''}; loaded in ${result.loadSeconds.toFixed(1)} s`,
        }),
      );
    }
  }
  return measures;
}

const BARE = 'bare better-sqlite3';

/** What each contender's read includes. */
const READ_NOTES: Record<string, string> = {
  planledger: "the adapter's readStream/readAll: pages of SQL, every row decoded to a full envelope (data and actor parsed)",
  [BARE]: 'SELECT of the stored JSON and JSON.parse of each row, nothing else',
  'emmett-sqlite': "Emmett's readStream, and readMessagesBatch for the log, on one connection",
};
