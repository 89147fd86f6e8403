import { randomUUID } from 'node:crypto';
import { RecordApiError, RecordApiErrorCodes } from './record-api-error';
import { isCorrelationId } from '@planledger/domain';

export interface CommandHeaders {
  expectedRevision?: number;
  idempotencyKey?: string;
  correlationId: string;
}

type HeaderValue = string | string[] | undefined;

// A revision as sent bare (3) or as the strong entity tag we hand out ("3").
const IF_MATCH = /^(?:(\d{1,15})|"(\d{1,15})")$/;
// Printable ASCII, so keys survive logs and proxies unchanged; 128 is room for any UUID or ULID scheme.
const TOKEN_LIKE = /^[\x20-\x7e]{1,128}$/;

function single(name: string, value: HeaderValue, code: (typeof RecordApiErrorCodes)[keyof typeof RecordApiErrorCodes]): string | undefined {
  if (Array.isArray(value)) throw invalid(code, name, 'must be sent once');
  return value;
}

function invalid(code: (typeof RecordApiErrorCodes)[keyof typeof RecordApiErrorCodes], name: string, problem: string): RecordApiError {
  const message = `the ${name} header ${problem}`;
  return new RecordApiError(400, code, message, { issues: [{ path: `headers.${name.toLowerCase()}`, message }] });
}

/** Reads If-Match, Idempotency-Key and X-Correlation-Id; a header that is present but unusable is a 400 naming it. */
export function readCommandHeaders(headers: Record<string, HeaderValue>): CommandHeaders {
  const ifMatch = single('If-Match', headers['if-match'], RecordApiErrorCodes.IF_MATCH_INVALID);
  const idempotencyKey = single('Idempotency-Key', headers['idempotency-key'], RecordApiErrorCodes.IDEMPOTENCY_KEY_INVALID);
  const correlationId = single('X-Correlation-Id', headers['x-correlation-id'], RecordApiErrorCodes.CORRELATION_ID_INVALID);

  const read: CommandHeaders = { correlationId: correlationId ?? randomUUID() };
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) throw invalid(RecordApiErrorCodes.IF_MATCH_INVALID, 'If-Match', 'must be a stream revision such as 3 or "3"');
    read.expectedRevision = Number(match[1] ?? match[2]);
  }
  if (idempotencyKey !== undefined) {
    if (!TOKEN_LIKE.test(idempotencyKey)) throw invalid(RecordApiErrorCodes.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key', 'must be 1-128 printable ASCII characters');
    read.idempotencyKey = idempotencyKey;
  }
  if (correlationId !== undefined && !isCorrelationId(correlationId)) {
    throw invalid(RecordApiErrorCodes.CORRELATION_ID_INVALID, 'X-Correlation-Id', 'must be a UUID');
  }
  return read;
}
