import type { Measure, Target } from '../measure';
import { measured, notMeasured } from '../measure';
import { formatNumber, progress } from '../progress';
import { withTempFolder } from '../temp-files';
import { median, nowMs, perSecond } from '../timing';
import { benchEvents } from './bench-event';
import type { ContenderFactory, StoreContender } from './store-contender';

export interface AppendSizes {
  /** How long each contender is measured, after its warm-up. */
  durationMs: number;
  warmUpMs: number;
  /**
   * Each round runs every contender once, one after another; the median round counts. Rounds
   * interleave the contenders so that a noisy neighbour on the disk hits them all alike.
   */
  rounds: number;
  /**
   * Contenders left out of the concurrent scenario, with the reason. Quick mode leaves Emmett out:
   * its appends there spend seconds each waiting on SQLITE_BUSY.
   */
  skipConcurrent?: Record<string, string>;
}

interface Scenario {
  key: string;
  title: string;
  eventsPerAppend: number;
  writers: number;
  target?: Target;
}

const SCENARIOS: Scenario[] = [
  {
    key: 'single',
    title: 'Append, 1 event per append, expected revision, 1 writer',
    eventsPerAppend: 1,
    writers: 1,
    target: { text: '>= 0.8x bare insert', on: 'ratio', atLeast: 0.8 },
  },
  { key: 'batch100', title: 'Append, 100 events per append, 1 writer', eventsPerAppend: 100, writers: 1 },
  {
    key: 'concurrent32',
    title: 'Append, 1 event per append, 32 concurrent writers',
    eventsPerAppend: 1,
    writers: 32,
    target: { text: '>= 20,000 events/s', on: 'value', atLeast: 20_000 },
  },
];

const MAX_FAILURES = 10_000;

interface Outcome {
  eventsPerSecond: number;
  failures: number;
  firstFailure?: string;
}

/**
 * Each writer owns a stream and awaits every append before the next, passing the revision it
 * expects; all writers run until the same deadline. Loops are bounded by the deadline.
 */
async function drive(contender: StoreContender, scenario: Scenario, durationMs: number, tag: string): Promise<Outcome> {
  const deadline = nowMs() + durationMs;
  let events = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const start = nowMs();
  const writer = async (w: number) => {
    const streamId = `bench-${tag}-${w}`;
    let expected = -1;
    while (nowMs() < deadline) {
      const batch = benchEvents(scenario.eventsPerAppend, expected + 1);
      try {
        await contender.append(streamId, batch, expected);
        expected += batch.length;
        events += batch.length;
      } catch (error) {
        failures++;
        firstFailure ??= (error as Error).message;
        // A failed append left the stream as it was (all or nothing), so the writer tries again
        // until the deadline, as a client would; a bounded number of times, in case nothing ever succeeds.
        if (failures > MAX_FAILURES) return;
      }
    }
  };
  await Promise.all(Array.from({ length: scenario.writers }, (_, w) => writer(w)));
  return { eventsPerSecond: perSecond(events, nowMs() - start), failures, ...(firstFailure ? { firstFailure } : {}) };
}

async function runOnce(factory: ContenderFactory, scenario: Scenario, sizes: AppendSizes): Promise<Outcome> {
  return withTempFolder('append', async (file) => {
    const contender = await factory.open(file('store.db'));
    try {
      await drive(contender, scenario, sizes.warmUpMs, 'warm');
      return await drive(contender, scenario, sizes.durationMs, 'run');
    } finally {
      await contender.close();
    }
  });
}

export async function appendBenchmarks(contenders: readonly ContenderFactory[], sizes: AppendSizes): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const scenario of SCENARIOS) {
    const rounds = new Map<string, Outcome[]>();
    const problems = new Map<string, string>();
    for (const factory of contenders) {
      const reason = await factory.unavailable();
      if (reason) problems.set(factory.name, `unavailable: ${reason}`);
      const skip = scenario.writers > 1 ? sizes.skipConcurrent?.[factory.name] : undefined;
      if (skip && !reason) problems.set(factory.name, `skipped: ${skip}`);
    }
    for (let round = 1; round <= sizes.rounds; round++) {
      for (const factory of contenders) {
        if (problems.has(factory.name)) continue;
        progress(`store append ${scenario.key}, round ${round}/${sizes.rounds}: ${factory.name} ...`);
        try {
          const outcome = await runOnce(factory, scenario, sizes);
          rounds.set(factory.name, [...(rounds.get(factory.name) ?? []), outcome]);
          progress(`  ${formatNumber(outcome.eventsPerSecond)} events/s${outcome.failures ? `, ${outcome.failures} failed appends` : ''}`);
        } catch (error) {
          problems.set(factory.name, `failed: ${(error as Error).message}`);
          progress(`  failed: ${(error as Error).message}`);
        }
      }
    }
    const summary = (name: string) => {
      const outcomes = rounds.get(name) ?? [];
      const rates = outcomes.map((o) => o.eventsPerSecond);
      return { value: median(rates), min: Math.min(...rates), max: Math.max(...rates), outcomes };
    };
    // The baseline has planledger's transaction shape: with one writer, one transaction per append;
    // with several, one transaction per turn of the event loop (group commit).
    const baselineName = scenario.writers > 1 ? BARE_GROUP_COMMIT : BARE;
    const bare = problems.has(baselineName) || !rounds.has(baselineName) ? undefined : summary(baselineName);
    const baseline = bare ? { contender: baselineName, value: bare.value } : undefined;
    for (const factory of contenders) {
      const shape = {
        id: `store.append.${scenario.key}.${slug(factory.name)}`,
        title: scenario.title,
        contender: factory.name,
        unit: 'events/s',
        ...(factory.name === 'planledger' && scenario.target ? { target: scenario.target } : {}),
      };
      const problem = problems.get(factory.name);
      if (problem) {
        const status = problem.startsWith('unavailable') ? 'unavailable' : problem.startsWith('skipped') ? 'skipped' : 'failed';
        measures.push(notMeasured(status, shape, problem));
        continue;
      }
      const { value, min, max, outcomes } = summary(factory.name);
      const failures = outcomes.reduce((n, o) => n + o.failures, 0);
      const firstFailure = outcomes.find((o) => o.firstFailure)?.firstFailure;
      const note = [
        `median of ${outcomes.length} rounds of ${sizes.durationMs / 1000} s (range ${formatNumber(min)}-${formatNumber(max)}) after ${sizes.warmUpMs / 1000} s warm-up each`,
        'WAL + synchronous=FULL, 300-byte event data',
        NOTES[factory.name] ?? '',
        failures ? `${failures} appends failed (first: ${firstFailure})` : '',
      ]
        .filter(Boolean)
        .join('; ');
      // Rounds run side by side, so each round's ratio compares like with like on a noisy disk.
      const bareRates = bare?.outcomes.map((o) => o.eventsPerSecond) ?? [];
      const ratios = outcomes.map((o, r) => o.eventsPerSecond / (bareRates[r] ?? Number.NaN)).filter(Number.isFinite);
      const paired = baseline && factory.name !== baselineName ? { baseline: { ...baseline, ...(ratios.length ? { ratio: median(ratios) } : {}) } } : {};
      measures.push(measured({ ...shape, value, ...paired, note: `${note}${'baseline' in paired ? '; ratio: median of per-round ratios' : ''}` }));
    }
  }
  return measures;
}

const BARE = 'bare better-sqlite3';
const BARE_GROUP_COMMIT = 'bare better-sqlite3, group commit';

/** What each contender's append includes. */
const NOTES: Record<string, string> = {
  planledger: 'includes validation, expected-revision and idempotency checks, the hash chain and group commit (one transaction per event-loop turn)',
  [BARE]: 'one INSERT per event, one transaction per append, nothing else',
  [BARE_GROUP_COMMIT]: "the same INSERTs, grouped as planledger groups them: one transaction per event-loop turn, a savepoint per append",
  'emmett-sqlite': "Emmett's own append path (expected-version check), one transaction per append",
};

export const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
