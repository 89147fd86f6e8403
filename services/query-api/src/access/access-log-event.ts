import type { Caller } from '@planledger/identity';
import { newEventId, type NewEvent } from '@planledger/event-store';
import { z } from 'zod';
import { READ_REASONS } from './read-reasons';

/**
 * A read of a child's record, written by the query service to `access-log-<childId>`. It names who
 * read, which child and which record, when and why, and copies nothing from the record itself.
 */
export const ChildRecordRead = {
  type: 'ChildRecordRead',
  // 2: the reason became a code (version 1 held free text).
  schemaVersion: 2,
  data: z.strictObject({
    childId: z.uuid(),
    /** The GraphQL field that read it: child, familyHelpPlan, history, ... */
    query: z.string().min(1).max(50),
    /** The stream read, when the read named one. */
    streamId: z.string().max(200).optional(),
    /** The recorded-time instant a replay was asked for. */
    asOf: z.iso.datetime({ offset: true }).optional(),
    /** The world-time instant a replay was asked for. */
    happenedBy: z.iso.datetime({ offset: true }).optional(),
    outcome: z.enum(['granted', 'refused']),
    /** Why the caller read it: a code from a short list, never free text (the log can never be edited). */
    reason: z.enum(READ_REASONS).optional(),
  }),
} as const;

export type ChildRecordReadData = z.infer<typeof ChildRecordRead.data>;

/** Every access-log stream's id begins so (a child's, and each organisation's list reads). */
export const ACCESS_LOG_STREAM_PREFIX = 'access-log-';

export const isAccessLogStream = (streamId: string) => streamId.startsWith(ACCESS_LOG_STREAM_PREFIX);

/** An organisation's lists (searches, trays) are logged in a stream of their own, not a child's. */
const LIST_ACCESS_LOG_PREFIX = `${ACCESS_LOG_STREAM_PREFIX}lists-`;

export const accessLogStreamOf = (childId: string) => `${ACCESS_LOG_STREAM_PREFIX}${childId}`;

/** The inverse of `accessLogStreamOf`: the child whose access log a stream is, or null for any other stream. */
export const childIdOfAccessLogStream = (streamId: string): string | null =>
  isAccessLogStream(streamId) && !streamId.startsWith(LIST_ACCESS_LOG_PREFIX) ? streamId.slice(ACCESS_LOG_STREAM_PREFIX.length) : null;

export function childRecordRead(caller: Caller, data: ChildRecordReadData, correlationId: string, now: Date): NewEvent<ChildRecordReadData> {
  return {
    eventId: newEventId(),
    type: ChildRecordRead.type,
    schemaVersion: ChildRecordRead.schemaVersion,
    occurredAt: now.toISOString(),
    actor: { userId: caller.userId, role: caller.role, agency: caller.agency, organisationId: caller.organisationId },
    correlationId,
    data: ChildRecordRead.data.parse(data),
  };
}

/**
 * A search, caseload or work tray read, written to `access-log-lists-<organisationId>` of the caller's
 * organisation before the answer is given: who (the actor), when, which query, how the search was
 * made (by NHS number, UPN, name, name and date of birth: never the terms typed), how many rows
 * matched, the ids of the children shown, and why.
 */
export const ChildrenListed = {
  type: 'ChildrenListed',
  schemaVersion: 1,
  data: z.strictObject({
    query: z.string().min(1).max(50),
    searchedBy: z.enum(['nhs_number', 'upn', 'name', 'name_and_date_of_birth']).optional(),
    hits: z.int().min(0),
    shownChildIds: z.array(z.uuid()).max(100),
    reason: z.string().max(200).optional(),
  }),
} as const;

export type ChildrenListedData = z.infer<typeof ChildrenListed.data>;

export const listAccessLogStreamOf = (organisationId: string) => `${LIST_ACCESS_LOG_PREFIX}${organisationId}`;

export function childrenListed(caller: Caller, data: ChildrenListedData, correlationId: string, now: Date): NewEvent<ChildrenListedData> {
  return {
    eventId: newEventId(),
    type: ChildrenListed.type,
    schemaVersion: ChildrenListed.schemaVersion,
    occurredAt: now.toISOString(),
    actor: { userId: caller.userId, role: caller.role, agency: caller.agency, organisationId: caller.organisationId },
    correlationId,
    data: ChildrenListed.data.parse(data),
  };
}
