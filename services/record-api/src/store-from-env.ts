import { join } from 'node:path';
import { openEventStore, type EventStore } from '@planledger/event-store';

/**
 * PLANLEDGER_STORE picks the store: `sqlite:<file>` (the default, `<dataDir>/planledger.db`),
 * `memory` (nothing survives a restart), or an EventStoreDB URL (`esdb://…`, `esdb+discover://…`).
 */
export function storeFromEnv(env: NodeJS.ProcessEnv, dataDir: string): Promise<EventStore> {
  return openEventStore(env.PLANLEDGER_STORE?.trim() || `sqlite:${join(dataDir, 'planledger.db')}`);
}
