import { randomUUID } from 'node:crypto';
import { EventStoreErrorCodes } from '@planledger/event-store';
import { IdentityErrorCodes, isIdentityError } from '@planledger/identity';
import { DomainError, DomainErrorCodes, type FieldIssue } from '@planledger/domain';
import { RecordApiError, RecordApiErrorCodes } from './record-api-error';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: FieldIssue[];
    rule?: string;
    currentRevision?: number;
    existingChildId?: string;
    errorId?: string;
  };
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** What may be logged: codes and field paths, never values or messages that could echo input. */
  log: { code: string; rule?: string; issuePaths?: string[]; errorId?: string; errorType?: string; stack?: string };
}

const domainStatus: Record<string, number> = {
  [DomainErrorCodes.VALIDATION]: 400,
  [DomainErrorCodes.FORBIDDEN]: 403,
  [DomainErrorCodes.NOT_FOUND]: 404,
  [DomainErrorCodes.CONFLICT]: 409,
  [DomainErrorCodes.IDEMPOTENCY_KEY_REUSED]: 409,
  [DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED]: 409,
  [DomainErrorCodes.RULE]: 422,
};

// Fastify's own request errors, by code, with messages of ours: its messages may quote the body.
const fastifyAnswers: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: RecordApiErrorCodes.BODY_TOO_LARGE, message: 'the request body is larger than this service accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: RecordApiErrorCodes.MEDIA_TYPE, message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: RecordApiErrorCodes.BAD_REQUEST, message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: RecordApiErrorCodes.JSON_INVALID, message: 'the request body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: RecordApiErrorCodes.JSON_INVALID, message: 'the request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: { status: 415, code: RecordApiErrorCodes.MEDIA_TYPE, message: 'send the body as application/json' },
};

const WWW_AUTHENTICATE_MISSING = 'Bearer realm="planledger"';
const WWW_AUTHENTICATE_INVALID = 'Bearer realm="planledger", error="invalid_token"';

interface CodedError {
  code?: unknown;
  statusCode?: unknown;
  actual?: unknown;
}

/** Turns anything thrown while serving a request into the answer the caller sees and the line we log. */
export function errorAnswer(error: unknown): ErrorAnswer {
  const coded = (typeof error === 'object' && error !== null ? error : {}) as CodedError;
  const code = typeof coded.code === 'string' ? coded.code : undefined;

  if (error instanceof RecordApiError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.issues) body.error.issues = error.issues;
    return { status: error.statusCode, body, headers: error.headers ?? {}, log: { code: error.code, ...(error.issues ? { issuePaths: error.issues.map((i) => i.path) } : {}) } };
  }

  if (isIdentityError(error)) {
    if (error.code === IdentityErrorCodes.KEYS_UNAVAILABLE || error.code === IdentityErrorCodes.CONFIG) {
      return unavailable(error.code, 'the identity provider cannot be reached; try again shortly');
    }
    return {
      status: 401,
      body: { error: { code: error.code, message: error.message } },
      headers: { 'www-authenticate': error.code === IdentityErrorCodes.TOKEN_MISSING ? WWW_AUTHENTICATE_MISSING : WWW_AUTHENTICATE_INVALID },
      log: { code: error.code },
    };
  }

  if (error instanceof DomainError && error.code in domainStatus) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    const issues = error.issues;
    if (issues) body.error.issues = issues.map(({ path, message }) => ({ path, message }));
    if (error.rule !== undefined) body.error.rule = error.rule;
    if (error.currentRevision !== undefined) body.error.currentRevision = error.currentRevision;
    if (error.existingChildId !== undefined) body.error.existingChildId = error.existingChildId;
    return {
      status: domainStatus[error.code]!,
      body,
      headers: {},
      log: { code: error.code, ...(body.error.rule ? { rule: body.error.rule } : {}), ...(issues ? { issuePaths: issues.map((i) => i.path) } : {}) },
    };
  }

  // The domain maps store errors itself; these catch any that reach the transport unmapped.
  if (code === EventStoreErrorCodes.WRONG_EXPECTED_REVISION) {
    const body: ErrorBody = { error: { code: DomainErrorCodes.CONFLICT, message: 'the stream has moved on since the revision you sent' } };
    if (typeof coded.actual === 'number') body.error.currentRevision = coded.actual;
    return { status: 409, body, headers: {}, log: { code } };
  }
  if (code === EventStoreErrorCodes.IDEMPOTENCY_CONFLICT) {
    return { status: 409, body: { error: { code: DomainErrorCodes.IDEMPOTENCY_KEY_REUSED, message: 'this request repeats an earlier one with different content' } }, headers: {}, log: { code } };
  }
  if (code === EventStoreErrorCodes.STORAGE_FULL) {
    return { status: 503, body: { error: { code: RecordApiErrorCodes.STORAGE_FULL, message: 'the record cannot take changes: its disk is full; nothing was written' } }, headers: { 'retry-after': '30' }, log: { code } };
  }
  if (code === EventStoreErrorCodes.CLOSED || code === EventStoreErrorCodes.UNAVAILABLE) {
    return unavailable(code, 'the record is not accepting changes right now; try again shortly');
  }

  if (code !== undefined && code in fastifyAnswers) {
    const answer = fastifyAnswers[code]!;
    return { status: answer.status, body: { error: { code: answer.code, message: answer.message } }, headers: {}, log: { code } };
  }
  // A client error fastify raised that we have no wording for (e.g. a malformed URL): keep its status, not its text.
  if (code?.startsWith('FST_') && typeof coded.statusCode === 'number' && coded.statusCode >= 400 && coded.statusCode < 500) {
    return { status: coded.statusCode, body: { error: { code: RecordApiErrorCodes.BAD_REQUEST, message: 'the request could not be read' } }, headers: {}, log: { code } };
  }
  if (error instanceof SyntaxError && coded.statusCode === 400) {
    const answer = fastifyAnswers.FST_ERR_CTP_INVALID_JSON_BODY!;
    return { status: 400, body: { error: { code: answer.code, message: answer.message } }, headers: {}, log: { code: answer.code } };
  }

  const errorId = randomUUID();
  return {
    status: 500,
    body: { error: { code: RecordApiErrorCodes.INTERNAL, message: 'something went wrong on our side; quote the error id if you report it', errorId } },
    headers: {},
    log: {
      code: code ?? RecordApiErrorCodes.INTERNAL,
      errorId,
      errorType: error instanceof Error ? error.name : typeof error,
      // Stack frames locate the fault; the message (which may quote the input, over several lines) is dropped.
      ...(error instanceof Error && error.stack ? { stack: error.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') } : {}),
    },
  };
}

function unavailable(code: string, message: string): ErrorAnswer {
  return {
    status: 503,
    body: { error: { code: RecordApiErrorCodes.UNAVAILABLE, message } },
    headers: { 'retry-after': '5' },
    log: { code },
  };
}
