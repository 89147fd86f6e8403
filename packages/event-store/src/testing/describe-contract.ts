import { afterAll, beforeAll, describe, it } from 'vitest';
import { contractChecks, type ContractContext } from './contract';

export interface ContractHarness {
  setup(): Promise<ContractContext & { teardown?: () => Promise<void> }>;
  /** When set, every check is reported as skipped with this reason (e.g. no Docker engine). */
  skipReason?: string | null;
  timeoutMs?: number;
}

/** Registers the event-store contract as vitest tests for one adapter. */
export function describeEventStoreContract(adapter: string, harness: ContractHarness): void {
  const suiteName = harness.skipReason ? `event-store contract: ${adapter} (skipped: ${harness.skipReason})` : `event-store contract: ${adapter}`;
  describe.skipIf(Boolean(harness.skipReason))(suiteName, () => {
    let ctx: Awaited<ReturnType<ContractHarness['setup']>>;
    beforeAll(async () => {
      ctx = await harness.setup();
    }, 180_000);
    afterAll(async () => {
      await ctx?.store.close();
      await ctx?.teardown?.();
    });
    for (const check of contractChecks) {
      it(check.name, () => check.run(ctx), harness.timeoutMs ?? 20_000);
    }
  });
}
