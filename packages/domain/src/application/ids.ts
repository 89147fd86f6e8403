import { canonicalJson, newEventId } from '@planledger/event-store';
import { v4, v5 } from 'uuid';

/** Namespace of every name-based id the record derives (fixed: changing it would break retries across versions). */
const PLANLEDGER_NAMESPACE = '6f1d3c0e-5b7a-4c1e-9a57-2f8e0b6d4a31';

/**
 * Ids for one command request. Under an Idempotency-Key every id is derived from (user, key,
 * command, purpose), so a retried request decides the same stream, event and entity ids; without
 * one they are random.
 */
export interface RequestIds {
  streamEntityId: string;
  eventId: (index: number) => string;
  /** A source of entity ids for one decision (needs, outcomes, advice requests, ...); each source starts afresh. */
  entityIds: () => () => string;
  /** Identifies the request itself; stored as each event's causationId, so a retry can be told from key reuse. */
  causationId: string;
  correlationId: string;
}

export function requestIds(input: { userId: string; command: string; idempotencyKey?: string; params: unknown; body: unknown; correlationId?: string }): RequestIds {
  const { idempotencyKey: key } = input;
  if (key === undefined) {
    return {
      streamEntityId: v4(),
      // Time-ordered, so a command's events land together in the store's event-id index.
      eventId: () => newEventId(),
      entityIds: () => () => v4(),
      causationId: v4(),
      correlationId: input.correlationId ?? v4(),
    };
  }
  const derive = (purpose: string) => v5([input.userId, key, input.command, purpose].join('\u0000'), PLANLEDGER_NAMESPACE);
  return {
    streamEntityId: derive('stream'),
    eventId: (i) => derive(`event:${i}`),
    entityIds: () => {
      let next = 0;
      return () => derive(`entity:${next++}`);
    },
    causationId: v5(canonicalJson({ user: input.userId, key, command: input.command, params: input.params, body: input.body }), PLANLEDGER_NAMESPACE),
    correlationId: input.correlationId ?? derive('correlation'),
  };
}
