import type { Actor } from '@planledger/event-store';
import type { Caller } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';

/** An event as a decider folds it: the domain event plus, when it came from the store, its id and actor. */
export type RecordedEvent = DomainEvent & { eventId?: string; actor?: Actor };

/** What a decider may know besides the command and the stream's state. Everything is given; nothing is read. */
export interface DecisionContext {
  caller: Caller;
  /** When the command says it happened in the world (ISO date-time). */
  occurredAt: string;
  now: Date;
  /** A new entity id (deterministic under an Idempotency-Key, so retries decide the same ids). */
  newId: () => string;
}

export function refuse(rule: string, message: string): never {
  throw new DomainError(DomainErrorCodes.RULE, message, { rule });
}

export function forbid(rule: string, message: string): never {
  throw new DomainError(DomainErrorCodes.FORBIDDEN, message, { rule });
}

export function invalid(path: string, message: string): never {
  throw new DomainError(DomainErrorCodes.VALIDATION, `${path}: ${message}`, { issues: [{ path, message }] });
}

/** Folds events into a state; shared by every stream's decider. */
export function fold<S>(evolve: (state: S, event: RecordedEvent) => S, initial: S, events: readonly RecordedEvent[]): S {
  return events.reduce(evolve, initial);
}
