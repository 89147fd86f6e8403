import { describe, expect, it } from 'vitest';
import { readCommandHeaders } from './command-headers';
import { RecordApiErrorCodes } from './record-api-error';

const codeOf = (headers: Record<string, string>) => {
  try {
    readCommandHeaders(headers);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('readCommandHeaders', () => {
  it('reads a revision sent bare or as an entity tag', () => {
    expect(readCommandHeaders({ 'if-match': '3' }).expectedRevision).toBe(3);
    expect(readCommandHeaders({ 'if-match': '"12"' }).expectedRevision).toBe(12);
    expect(readCommandHeaders({ 'if-match': ' 0 ' }).expectedRevision).toBe(0);
    expect(readCommandHeaders({}).expectedRevision).toBeUndefined();
  });

  it('refuses any other If-Match', () => {
    for (const value of ['', 'W/"3"', '"3', '3"', '-1', '1e3', '*', '"a"', '1, 2', '9'.repeat(16)]) {
      expect(codeOf({ 'if-match': value }), value).toBe(RecordApiErrorCodes.IF_MATCH_INVALID);
    }
  });

  it('accepts printable idempotency keys up to 128 characters', () => {
    expect(readCommandHeaders({ 'idempotency-key': 'a'.repeat(128) }).idempotencyKey).toHaveLength(128);
    expect(readCommandHeaders({ 'idempotency-key': 'Amend plan: 2025/06 #2' }).idempotencyKey).toBe('Amend plan: 2025/06 #2');
    for (const key of ['', 'a'.repeat(129), 'line\nbreak', 'caf\u00e9']) expect(codeOf({ 'idempotency-key': key }), key).toBe(RecordApiErrorCodes.IDEMPOTENCY_KEY_INVALID);
  });

  it('keeps a given correlation id and makes one up otherwise', () => {
    expect(readCommandHeaders({ 'x-correlation-id': '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' }).correlationId).toBe('6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b');
    const made = readCommandHeaders({}).correlationId;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(readCommandHeaders({}).correlationId).not.toBe(made);
    expect(codeOf({ 'x-correlation-id': 'x'.repeat(129) })).toBe(RecordApiErrorCodes.CORRELATION_ID_INVALID);
    // Free text could carry a child's name into every log line and event: only a UUID is kept.
    expect(codeOf({ 'x-correlation-id': 'Jamie Patel review' })).toBe(RecordApiErrorCodes.CORRELATION_ID_INVALID);
  });
});
