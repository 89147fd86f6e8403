import type { EventStore } from '@planledger/event-store';
import type { Caller } from '@planledger/identity';
import type { ProjectionRunner, WorkIndex } from '@planledger/projections';
import type { OrganisationNames } from './organisations/organisation-names';
import type { Logger } from 'pino';
import type { ReadGate } from './access/read-gate';
import type { StreamReader } from './access/stream-stores';
import type { ReadReason } from './access/read-reasons';
import type { SubscriptionEnd } from './schema/subscription-limits';
import type { RecordSource } from './records/record-source';
import type { PlanChange } from './schema/plan-change';

/** What every resolver gets. */
export interface QueryContext {
  caller: Caller;
  correlationId: string;
  /** From the X-Read-Reason header (a read reason code); a `reason` argument takes precedence. */
  headerReason: ReadReason | undefined;
  records: RecordSource;
  gate: ReadGate;
  /** The record's whole log, for replays. */
  recordLog: Pick<EventStore, 'readAll' | 'headPosition'>;
  /** One stream by its id, from the store that holds it (the record, or who read what for `access-log-*`). */
  streams: StreamReader;
  runner: ProjectionRunner;
  /** Caseload and work-tray rows, brought up to date on read. */
  work: WorkIndex;
  organisationName: OrganisationNames;
  /** Live changes to one plan stream, from the moment of the call, until the caller's token expires. */
  subscribeToPlan(streamId: string): AsyncIterableIterator<PlanChange | SubscriptionEnd>;
  logger: Logger;
  now: () => Date;
}
