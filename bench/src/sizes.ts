import type { CommandApiSizes } from './http/command-api-benchmark';
import type { GraphqlSizes } from './http/graphql-benchmark';
import type { RebuildSizes } from './rebuild/rebuild-benchmark';
import type { ReplaySizes } from './replay/replay-benchmark';
import type { AppendSizes } from './store/append-benchmarks';
import type { ReadSizes } from './store/read-benchmarks';

export interface BenchSizes {
  append: AppendSizes;
  read: ReadSizes;
  rebuild: RebuildSizes;
  replay: ReplaySizes;
  commandApi: CommandApiSizes;
  graphql: GraphqlSizes;
}

/** Leicester's SEND partnership: 4,000+ children with EHC plans (the demo's default size). */
const LEICESTER_CHILDREN = 4_200;

/** Quick fits everything in under two minutes on 2 cores; full is the size the design's targets name. */
export function benchSizes(quick: boolean): BenchSizes {
  return quick
    ? {
        append: {
          durationMs: 1000,
          warmUpMs: 250,
          rounds: 2,
          skipConcurrent: { 'emmett-sqlite': 'not run in quick mode (each append waits seconds on SQLITE_BUSY); see the full run' },
        },
        read: { streamEvents: 10_000, logEvents: 100_000, streamReads: 5, logReads: 2 },
        // The Leicester-sized record (about 148,000 events) serves the quick rebuild too, so it is built once.
        rebuild: { children: LEICESTER_CHILDREN, baseChildren: 100 },
        replay: { planEvents: 1000, replays: 200 },
        commandApi: { connections: 32, durationSeconds: 4, warmUpSeconds: 1, children: 100 },
        graphql: { record: { source: 'generated', children: LEICESTER_CHILDREN, baseChildren: 100 }, connections: 32, durationSeconds: 4, warmUpSeconds: 1, kpiDurationSeconds: 3, visibilityCommands: 100 },
      }
    : {
        append: { durationMs: 3000, warmUpMs: 500, rounds: 5 },
        read: { streamEvents: 10_000, logEvents: 1_000_000, streamReads: 9, logReads: 3 },
        // About 1,000,000 events.
        rebuild: { children: 28_400, baseChildren: 400 },
        replay: { planEvents: 1000, replays: 1000 },
        commandApi: { connections: 32, durationSeconds: 15, warmUpSeconds: 3, children: 300 },
        graphql: { record: { source: 'demo', size: LEICESTER_CHILDREN, seed: 'leicester' }, connections: 32, durationSeconds: 15, warmUpSeconds: 3, kpiDurationSeconds: 10, visibilityCommands: 200 },
      };
}
