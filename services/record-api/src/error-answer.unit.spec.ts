import { DomainError, DomainErrorCodes } from '@planledger/domain';
import { EventStoreError, EventStoreErrorCodes, WrongExpectedRevisionError } from '@planledger/event-store';
import { IdentityError, IdentityErrorCodes } from '@planledger/identity';
import { describe, expect, it } from 'vitest';
import { errorAnswer } from './error-answer';

describe('errorAnswer', () => {
  it.each([
    [DomainErrorCodes.VALIDATION, 400],
    [DomainErrorCodes.FORBIDDEN, 403],
    [DomainErrorCodes.NOT_FOUND, 404],
    [DomainErrorCodes.CONFLICT, 409],
    [DomainErrorCodes.IDEMPOTENCY_KEY_REUSED, 409],
    [DomainErrorCodes.RULE, 422],
  ])('maps %s to %i', (code, status) => {
    expect(errorAnswer(new DomainError(code, 'refused')).status).toBe(status);
  });

  it('passes on the rule, the field issues and the current revision, and logs only codes and paths', () => {
    const answer = errorAnswer(
      new DomainError(DomainErrorCodes.VALIDATION, 'body.givenName: Amira is too long', { rule: 'R', issues: [{ path: 'body.givenName', message: 'too long' }], currentRevision: 4 }),
    );
    expect(answer.body.error).toEqual({ code: 'PL_ERR_VALIDATION', message: 'body.givenName: Amira is too long', rule: 'R', issues: [{ path: 'body.givenName', message: 'too long' }], currentRevision: 4 });
    expect(JSON.stringify(answer.log)).not.toContain('Amira');
  });

  it('challenges a missing token and flags an invalid one', () => {
    expect(errorAnswer(new IdentityError(IdentityErrorCodes.TOKEN_MISSING, 'x')).headers['www-authenticate']).toBe('Bearer realm="planledger"');
    const invalid = errorAnswer(new IdentityError(IdentityErrorCodes.TOKEN_EXPIRED, 'x'));
    expect(invalid.status).toBe(401);
    expect(invalid.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(errorAnswer(new IdentityError(IdentityErrorCodes.KEYS_UNAVAILABLE, 'x')).status).toBe(503);
  });

  it('maps store errors that reach the transport unmapped', () => {
    const conflict = errorAnswer(new WrongExpectedRevisionError('child-1', 2, 5));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.currentRevision).toBe(5);
    expect(errorAnswer(new EventStoreError(EventStoreErrorCodes.CLOSED, 'closed')).status).toBe(503);
  });

  it('answers anything else with 500, an error id, and nothing from the message', () => {
    const answer = errorAnswer(new Error('row for\nAmira Patelworth\n9434765919 failed'));
    expect(answer.log.stack).toMatch(/^\s+at /);
    expect(answer.status).toBe(500);
    expect(answer.body.error.errorId).toBe(answer.log.errorId);
    expect(JSON.stringify(answer)).not.toContain('Amira');
    expect(JSON.stringify(answer)).not.toContain('9434765919');
  });
});
