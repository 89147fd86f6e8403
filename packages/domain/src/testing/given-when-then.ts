import { expect } from 'vitest';
import type { Caller, DomainErrorCode } from '../application/contract';
import { DomainError } from '../application/contract';
import type { DecisionContext } from '../deciders/decision';

/** A decision context with a pinned clock and predictable entity ids (id-1, id-2, ... as uuids). */
export function contextFor(caller: Caller, occurredAt = '2025-06-02T09:00:00Z', now = new Date(occurredAt)): DecisionContext {
  let next = 0;
  return { caller, occurredAt, now, newId: () => entityId(++next) };
}

export const entityId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Asserts the call throws a DomainError with this code (and rule, when given). */
export function expectRefusal(when: () => unknown, code: DomainErrorCode, rule?: string): DomainError {
  let thrown: unknown;
  try {
    when();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a refusal').toBeInstanceOf(DomainError);
  const error = thrown as DomainError;
  expect({ code: error.code, rule: error.rule }).toEqual({ code, rule });
  return error;
}
