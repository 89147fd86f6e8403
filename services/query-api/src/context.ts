import type { EventStore } from '@planledger/event-store';
import type { Caller } from '@planledger/identity';
import type { ProjectionRunner } from '@planledger/projections';
import type { PubSub } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ReadGate } from './access/read-gate';
import type { RecordSource } from './records/record-source';
import type { PlanChange } from './schema/plan-change';

export type PlanChangePubSub = PubSub<{ planChanged: [streamId: string, change: PlanChange] }>;

/** What every resolver gets. */
export interface QueryContext {
  caller: Caller;
  correlationId: string;
  /** From the X-Read-Reason header; a `reason` argument takes precedence. */
  headerReason: string | undefined;
  records: RecordSource;
  gate: ReadGate;
  store: EventStore;
  runner: ProjectionRunner;
  pubsub: PlanChangePubSub;
  logger: Logger;
  now: () => Date;
}
