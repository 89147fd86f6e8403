import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getMemoryEventStore, getSQLiteEventStore, type EventStore } from '@planledger/event-store';

/**
 * PLANLEDGER_STORE picks the store: `sqlite:<file>` (the default, `<dataDir>/planledger.db`) or
 * `memory` (nothing survives a restart; for demos and tests).
 */
export function storeFromEnv(env: NodeJS.ProcessEnv, dataDir: string): EventStore {
  const spec = env.PLANLEDGER_STORE?.trim() || `sqlite:${join(dataDir, 'planledger.db')}`;
  if (spec === 'memory') return getMemoryEventStore();
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    mkdirSync(dirname(path), { recursive: true });
    return getSQLiteEventStore({ path });
  }
  throw new Error(`PLANLEDGER_STORE must be sqlite:<file> or memory, got ${JSON.stringify(spec)}`);
}
