import { canRead, canReadAccessLog, type ChildTeam } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import type { Caller } from '@planledger/identity';
import { leadOrganisationOf, teamOf, type ChildView } from '@planledger/projections';
import { GraphQLError } from '../graphql-runtime';
import type { Logger } from 'pino';
import { QueryErrorCodes } from '../errors';
import { accessLogStreamOf, childRecordRead, childrenListed, listAccessLogStreamOf, type ChildrenListedData } from './access-log-event';
import { createAccessLogWriter, type AccessLogWriter } from './access-log-writer';
import type { ReadReason } from './read-reasons';

export interface ReadRequest {
  caller: Caller;
  /** The child the record belongs to; null when no such record exists. */
  child: ChildView | null;
  query: string;
  streamId?: string;
  asOf?: Date;
  happenedBy?: Date;
  reason?: ReadReason;
  correlationId: string;
  /**
   * Which rule admits the read: the child's record (its team and auditors, the default) or who has
   * read it (its lead organisation and auditors).
   */
  rule?: 'record' | 'access_log';
}

export interface ReadGate {
  /**
   * True when the caller may read the child's record. Every decision about an existing child is
   * appended to the child's access log (granted or refused) before anything is answered; refusals
   * and reads of missing records are logged too, with ids only.
   */
  admit(request: ReadRequest): Promise<boolean>;
  /**
   * Records a search, caseload or tray read in the caller's organisation's list log before it is
   * answered; if the log cannot be written the list is not served.
   */
  recordList(caller: Caller, data: ChildrenListedData, correlationId: string): Promise<void>;
  /** True when the caller may read the child; nothing is logged (aggregate figures). */
  mayRead(caller: Caller, child: ChildView | undefined): boolean;
}

export function childTeamOf(child: ChildView): ChildTeam {
  return { childId: child.childId, members: teamOf(child).map((m) => ({ organisationId: m.organisationId, agency: m.agency })) };
}

export function createReadGate({
  store,
  logger,
  now = () => new Date(),
  accessLog = createAccessLogWriter({ store }),
}: {
  store: EventStore;
  logger: Logger;
  now?: () => Date;
  /** Batches the entries of concurrent reads; the read is answered only once its entry is durable. */
  accessLog?: AccessLogWriter;
}): ReadGate {
  return {
    async admit({ caller, child, query, streamId, asOf, happenedBy, reason, correlationId, rule = 'record' }) {
      const who = { userId: caller.userId, role: caller.role, organisationId: caller.organisationId, query, correlationId };
      if (!child) {
        logger.info({ ...who, event: 'read_not_found' }, 'read of a record that does not exist');
        return false;
      }
      const granted = rule === 'access_log' ? canReadAccessLog(caller, { childId: child.childId, leadOrganisationId: leadOrganisationOf(child) }) : canRead(caller, childTeamOf(child));
      const event = childRecordRead(
        caller,
        {
          childId: child.childId,
          query,
          ...(streamId ? { streamId } : {}),
          ...(asOf ? { asOf: asOf.toISOString() } : {}),
          ...(happenedBy ? { happenedBy: happenedBy.toISOString() } : {}),
          outcome: granted ? 'granted' : 'refused',
          ...(reason ? { reason } : {}),
        },
        correlationId,
        now(),
      );
      try {
        await accessLog.write(accessLogStreamOf(child.childId), event);
      } catch (error) {
        logger.error({ ...who, childId: child.childId, err: error }, 'the access log could not be written; the read is refused');
        throw new GraphQLError('the read could not be recorded, so it was not served', {
          extensions: { code: QueryErrorCodes.ACCESS_LOG_UNAVAILABLE, http: { status: 503 } },
        });
      }
      if (!granted) logger.warn({ ...who, event: 'read_refused', childId: child.childId }, 'read refused: the organisation is not in the child\'s team');
      return granted;
    },
    async recordList(caller, data, correlationId) {
      try {
        await accessLog.write(listAccessLogStreamOf(caller.organisationId), childrenListed(caller, data, correlationId, now()));
      } catch (error) {
        logger.error({ userId: caller.userId, organisationId: caller.organisationId, query: data.query, correlationId, err: error }, 'the access log could not be written; the list is refused');
        throw new GraphQLError('the read could not be recorded, so it was not served', {
          extensions: { code: QueryErrorCodes.ACCESS_LOG_UNAVAILABLE, http: { status: 503 } },
        });
      }
    },
    mayRead(caller, child) {
      return child !== undefined && canRead(caller, childTeamOf(child));
    },
  };
}
