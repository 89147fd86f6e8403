import { GraphQLError } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import type { ReadGate } from './read-gate';

export interface ReadBudgetOptions {
  /** Record reads (each one an access-log event) a caller may make per window; 0 turns the cap off. */
  max: number;
  windowMs: number;
}

export const defaultReadBudget: ReadBudgetOptions = { max: 300, windowMs: 60_000 };

/**
 * Caps how many access-log events one caller can cause. The request rate limit cannot see this: one
 * request may read many records (aliases, a subscription each), and every read is a write to a
 * child's immutable log. Counted here, in front of the gate, so the access-log writer itself stays a
 * plain writer. A fixed window per caller in a Map: a few lines, nothing a library would add.
 */
export function withReadBudget(gate: ReadGate, { max, windowMs }: ReadBudgetOptions, now: () => number = Date.now): ReadGate {
  if (max <= 0) return gate;
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    ...gate,
    async admit(request) {
      if (request.child) {
        const at = now();
        const key = `${request.caller.organisationId}\u0000${request.caller.userId}`;
        let window = windows.get(key);
        if (!window || at - window.startedAt >= windowMs) {
          if (windows.size > 50_000) for (const [k, w] of windows) if (at - w.startedAt >= windowMs) windows.delete(k);
          window = { startedAt: at, count: 0 };
          windows.set(key, window);
        }
        if (window.count >= max) {
          const wait = Math.max(1, Math.ceil((window.startedAt + windowMs - at) / 1000));
          throw new GraphQLError(`too many record reads; try again in ${wait}s`, {
            extensions: { code: QueryErrorCodes.READ_LIMIT, http: { status: 429, headers: { 'retry-after': String(wait) } } },
          });
        }
        window.count += 1;
      }
      return gate.admit(request);
    },
  };
}
