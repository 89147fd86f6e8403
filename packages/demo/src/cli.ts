/**
 * Loads the demo partnership into the configured store, through the same commands users issue.
 *
 *   pnpm demo [--size 4200] [--seed leicester] [--today YYYY-MM-DD] [--concurrency 32]
 *
 * The store is PLANLEDGER_STORE (sqlite:<file>, memory:, esdb://...), default sqlite:.data/planledger.db;
 * NHS number claims are named with the key of PLANLEDGER_DATA_DIR (default .data), as the record API's are.
 * Running it again with the same seed writes nothing new: every command is idempotent.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_STORE_URL, loadNhsNumberKey, openEventStore } from '@planledger/event-store';
import { DEFAULT_DEMO_CONCURRENCY, DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE, generateDemoPartnership } from './generate-demo-partnership';
import { progressLine } from './progress-line';

const usage = 'usage: pnpm demo [--size N] [--seed S] [--today YYYY-MM-DD] [--concurrency N]';
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: String(DEFAULT_DEMO_SIZE) },
    seed: { type: 'string', default: DEFAULT_DEMO_SEED },
    today: { type: 'string' },
    concurrency: { type: 'string', default: String(DEFAULT_DEMO_CONCURRENCY) },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const size = Number(values.size);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(size) || size < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`--size and --concurrency must be whole numbers of at least 1\n${usage}`);
  process.exit(2);
}

const url = process.env.PLANLEDGER_STORE?.trim() || DEFAULT_STORE_URL;
// Loading the demo is an explicit request for a store, so a missing file is created.
const store = await openEventStore(url, { create: true });
try {
  const before = await store.headPosition();
  // The record API on this data folder names NHS number claims with the same key.
  const nhsNumberKey = loadNhsNumberKey({ dataDir: process.env.PLANLEDGER_DATA_DIR?.trim() || '.data', create: true })!;
  const demo = await generateDemoPartnership({ store, size, seed: values.seed, concurrency, onProgress: progressLine(), nhsNumberKey, ...(values.today ? { today: values.today } : {}) });
  const after = await store.headPosition();
  const seconds = demo.elapsedMs / 1000;
  console.log(
    [
      `Demo partnership (seed ${demo.seed}, today ${demo.today}) in ${store.kind} store:`,
      `  ${demo.children} children, ${demo.ehcAssessments} EHC assessments or annual reviews, ${demo.familyHelpPlans} Family Help plans, ${demo.shortBreaks} short breaks, ${demo.audits} audits`,
      `  ${demo.commands} commands in ${seconds.toFixed(1)} s (${Math.round(demo.commands / seconds)} commands/s); the log grew from position ${before} to ${after}`,
      `  showcase child ${demo.showcase.childId}, Family Help plan ${demo.showcase.familyHelpPlanId}`,
    ].join('\n'),
  );
} finally {
  await store.close();
}
