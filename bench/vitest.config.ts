import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The bench code's own tests (`pnpm --filter @planledger/bench test`). The benchmarks themselves are
 * never tests: `pnpm bench` runs them, and the root test command leaves this folder out.
 */
export default defineConfig({
  root: join(dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['bench/src/**/*.spec.ts'],
    pool: 'forks',
  },
});
