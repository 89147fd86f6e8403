import type { EventStore } from '@planledger/event-store';
import type { Caller } from '@planledger/identity';
import type { ProjectionRunner, WorkIndex } from '@planledger/projections';
import type { OrganisationNames } from './organisations/organisation-names';
import type { Logger } from 'pino';
import type { ReadGate } from './access/read-gate';
import type { RecordSource } from './records/record-source';
import type { PlanChange } from './schema/plan-change';

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
  /** Caseload and work-tray rows, brought up to date on read. */
  work: WorkIndex;
  organisationName: OrganisationNames;
  /** Live changes to one plan stream, from the moment of the call. */
  subscribeToPlan(streamId: string): AsyncIterableIterator<PlanChange>;
  logger: Logger;
  now: () => Date;
}
