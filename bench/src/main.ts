import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileChildrenInto } from './child/run-child';
import { GROUPS, parseCliOptions, type Group } from './cli-options';
import { commandApiBenchmark } from './http/command-api-benchmark';
import { findingBenchmark } from './http/finding-benchmark';
import { graphqlBenchmark } from './http/graphql-benchmark';
import { webBenchmark } from './http/web-benchmark';
import { neighbourBenchmark } from './http/neighbour-benchmark';
import { describeMachine } from './machine';
import type { Measure } from './measure';
import { progress } from './progress';
import { rebuildBenchmark } from './rebuild/rebuild-benchmark';
import { createRecordCache, type RecordCache } from './record/record-cache';
import { replayBenchmark } from './replay/replay-benchmark';
import { scaleBenchmark } from './scale/scale-benchmark';
import { compareResults, readResults, renderMarkdown, writeResults, type BenchResults } from './results-file';
import { benchSizes, type BenchSizes } from './sizes';
import { appendBenchmarks } from './store/append-benchmarks';
import { bareContender } from './store/bare-contender';
import { bareGroupCommitContender } from './store/bare-group-commit-contender';
import { emmettContender, emmettStartFailures } from './store/emmett-contender';
import { planledgerContender } from './store/planledger-contender';
import { readBenchmarks } from './store/read-benchmarks';

const RESULTS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
const storeContenders = [planledgerContender, bareContender, emmettContender];
/** Appends also run against the bare insert with planledger's group commit, the like-for-like baseline with several writers. */
const appendContenders = [planledgerContender, bareContender, bareGroupCommitContender, emmettContender];

const suites: Record<Exclude<Group, 'scale'>, (sizes: BenchSizes, records: RecordCache) => Promise<Measure[]>> = {
  'store-append': (sizes) => appendBenchmarks(appendContenders, sizes.append),
  'store-read': (sizes) => readBenchmarks(storeContenders, sizes.read),
  rebuild: (sizes, records) => rebuildBenchmark(sizes.rebuild, records),
  'command-api': (sizes) => commandApiBenchmark(sizes.commandApi),
  graphql: (sizes, records) => graphqlBenchmark(sizes.graphql, records),
  neighbour: (sizes, records) => neighbourBenchmark(sizes.neighbour, records),
  replay: (sizes) => replayBenchmark(sizes.replay),
  finding: (sizes, records) => findingBenchmark(sizes.finding, records),
  web: (sizes) => webBenchmark(sizes.web),
};

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

const currentCommit = (): string => git(['rev-parse', '--short', 'HEAD'])?.trim() ?? 'unknown';

/** Uncommitted changes to the code being measured, so a results file never passes them off as the commit's. */
const uncommittedChanges = (): string[] =>
  (git(['status', '--porcelain', '--', 'packages', 'services']) ?? '')
    .split('\n')
    .map((line) => line.slice(3).trim())
    .filter(Boolean);

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.cpuProf) profileChildrenInto(resolve(options.cpuProf));
  const previous = options.compare ? readResults(options.compare) : null;
  const sizes = benchSizes(options.quick);
  const startedAt = new Date();
  const commit = currentCommit();
  const uncommitted = uncommittedChanges();
  const machine = describeMachine();
  progress(`planledger bench, ${options.quick ? 'quick' : 'full'} mode, commit ${commit}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  if (uncommitted.length > 0) progress(`note: measuring uncommitted changes in ${uncommitted.join(', ')}`);

  const measures: Measure[] = [];
  const records = createRecordCache();
  try {
    for (const group of options.groups) {
      progress(`== ${group}`);
      measures.push(...(group === 'scale' ? await scaleBenchmark({ events: options.scaleEvents, connections: 32, durationSeconds: options.quick ? 4 : 15, warmUpSeconds: options.quick ? 1 : 3 }) : await suites[group](sizes, records)));
    }
  } finally {
    records.remove();
  }
  if (emmettStartFailures.length > 0) progress(`Emmett failed to start ${emmettStartFailures.length} time(s): ${emmettStartFailures[0]}`);

  const results: BenchResults = {
    format: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    commit,
    uncommitted,
    machine,
    measures,
  };
  // Only a full run of every group stands as the latest: a quick or partial run is kept beside the others.
  const whole = !options.quick && GROUPS.every((group) => options.groups.includes(group));
  const written = writeResults(RESULTS_FOLDER, results, { latest: whole });
  process.stdout.write(`\n${renderMarkdown(results)}\n`);
  progress(`wrote ${written.json}, ${written.markdown} and ${written.copy}`);
  if (previous) process.stdout.write(`${compareResults(previous, results).join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
