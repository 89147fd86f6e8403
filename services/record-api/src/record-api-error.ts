import type { FieldIssue } from '@planledger/domain';

/** Refusals raised by the transport itself (headers, body, limits); domain refusals stay DomainErrors. */
export const RecordApiErrorCodes = {
  IF_MATCH_INVALID: 'API_ERR_IF_MATCH_INVALID',
  IDEMPOTENCY_KEY_INVALID: 'API_ERR_IDEMPOTENCY_KEY_INVALID',
  CORRELATION_ID_INVALID: 'API_ERR_CORRELATION_ID_INVALID',
  JSON_INVALID: 'API_ERR_JSON_INVALID',
  BODY_TOO_LARGE: 'API_ERR_BODY_TOO_LARGE',
  MEDIA_TYPE: 'API_ERR_MEDIA_TYPE',
  BAD_REQUEST: 'API_ERR_BAD_REQUEST',
  BAD_URL: 'API_ERR_BAD_URL',
  RATE_LIMITED: 'API_ERR_RATE_LIMITED',
  /** The event loop is stalled: shed before the request is read (Retry-After). */
  OVERLOADED: 'API_ERR_OVERLOADED',
  /** The disk holding the store is full: nothing was written (Retry-After). */
  STORAGE_FULL: 'API_ERR_STORAGE_FULL',
  ROUTE_NOT_FOUND: 'API_ERR_ROUTE_NOT_FOUND',
  UNAVAILABLE: 'API_ERR_UNAVAILABLE',
  INTERNAL: 'API_ERR_INTERNAL',
} as const;

export type RecordApiErrorCode = (typeof RecordApiErrorCodes)[keyof typeof RecordApiErrorCodes];

export class RecordApiError extends Error {
  readonly code: RecordApiErrorCode;
  readonly statusCode: number;
  readonly issues?: FieldIssue[];
  readonly headers?: Record<string, string>;
  constructor(statusCode: number, code: RecordApiErrorCode, message: string, extra: { issues?: FieldIssue[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'RecordApiError';
    this.statusCode = statusCode;
    this.code = code;
    if (extra.issues) this.issues = extra.issues;
    if (extra.headers) this.headers = extra.headers;
  }
}
