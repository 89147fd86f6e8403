import type { ExpectedRevision } from './envelope';

export const EventStoreErrorCodes = {
  WRONG_EXPECTED_REVISION: 'ES_ERR_WRONG_EXPECTED_REVISION',
  IDEMPOTENCY_CONFLICT: 'ES_ERR_IDEMPOTENCY_CONFLICT',
  INVALID_APPEND: 'ES_ERR_INVALID_APPEND',
  CLOSED: 'ES_ERR_CLOSED',
  UNAVAILABLE: 'ES_ERR_UNAVAILABLE',
  INVALID_STORE_URL: 'ES_ERR_INVALID_STORE_URL',
  CORRUPT_EVENT: 'ES_ERR_CORRUPT_EVENT',
  /** The disk (or the file's size limit) is full: nothing was written; retry once space is freed. */
  STORAGE_FULL: 'ES_ERR_STORAGE_FULL',
  /** A backdated append (AppendOptions.recordedAt) in the future or before the log's latest recorded time. */
  RECORDED_AT_REFUSED: 'ES_ERR_RECORDED_AT_REFUSED',
  // Refusals of a store file at open; each has its own process exit code (storeRefusalExitCodes).
  STORE_MISSING: 'ES_ERR_STORE_MISSING',
  STORE_EMPTY: 'ES_ERR_STORE_EMPTY',
  STORE_PERMISSIONS: 'ES_ERR_STORE_PERMISSIONS',
  STORE_NOT_A_DATABASE: 'ES_ERR_STORE_NOT_A_DATABASE',
  STORE_CORRUPT: 'ES_ERR_STORE_CORRUPT',
  STORE_LOCKED: 'ES_ERR_STORE_LOCKED',
} as const;

/**
 * The exit code a process ends with when its store refuses to open, one per reason, so a supervisor
 * (or a person) can tell them apart without reading the message. 1 stays "anything else".
 */
export const storeRefusalExitCodes: Partial<Record<EventStoreErrorCode, number>> = {
  ES_ERR_STORE_MISSING: 20,
  ES_ERR_STORE_EMPTY: 21,
  ES_ERR_STORE_PERMISSIONS: 22,
  ES_ERR_STORE_NOT_A_DATABASE: 23,
  ES_ERR_STORE_CORRUPT: 24,
  ES_ERR_STORE_LOCKED: 25,
  ES_ERR_UNAVAILABLE: 26,
  ES_ERR_INVALID_STORE_URL: 27,
};

export type EventStoreErrorCode = (typeof EventStoreErrorCodes)[keyof typeof EventStoreErrorCodes];

export class EventStoreError extends Error {
  readonly code: EventStoreErrorCode;
  constructor(code: EventStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreError';
    this.code = code;
  }
}

/** The stream was not where the caller expected it to be. `actual` is -1 for a stream with no events. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly actual: number;
  constructor(streamId: string, expected: ExpectedRevision, actual: number) {
    super(
      EventStoreErrorCodes.WRONG_EXPECTED_REVISION,
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === -1 ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevisionError';
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The same event id was appended before with different content. */
export class IdempotencyConflictError extends EventStoreError {
  readonly eventId: string;
  constructor(eventId: string, detail: string) {
    super(EventStoreErrorCodes.IDEMPOTENCY_CONFLICT, `event ${eventId} was already appended with different content: ${detail}`);
    this.name = 'IdempotencyConflictError';
    this.eventId = eventId;
  }
}

export function isWrongExpectedRevision(error: unknown): error is WrongExpectedRevisionError {
  return error instanceof EventStoreError && error.code === EventStoreErrorCodes.WRONG_EXPECTED_REVISION;
}

/** A stored event that can no longer be decoded (its bytes were damaged or altered outside the store). */
export class CorruptEventError extends EventStoreError {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  constructor(at: { globalPosition: number; streamId: string; revision: number; eventId: string }, options?: { cause?: unknown }) {
    super(EventStoreErrorCodes.CORRUPT_EVENT, `the event at global position ${at.globalPosition} (stream ${at.streamId}, revision ${at.revision}) cannot be decoded`, options);
    this.name = 'CorruptEventError';
    this.globalPosition = at.globalPosition;
    this.streamId = at.streamId;
    this.revision = at.revision;
    this.eventId = at.eventId;
  }
}

export function isCorruptEvent(error: unknown): error is CorruptEventError {
  return error instanceof CorruptEventError;
}
