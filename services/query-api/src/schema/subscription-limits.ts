import { GraphQLError } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';

/** What a subscription yields in place of a change once its token has expired; its resolver throws `error`. */
export interface SubscriptionEnd {
  readonly subscriptionEnd: true;
  readonly error: GraphQLError;
}

export const isSubscriptionEnd = (value: unknown): value is SubscriptionEnd =>
  typeof value === 'object' && value !== null && (value as { subscriptionEnd?: unknown }).subscriptionEnd === true;

const tokenExpired = (): SubscriptionEnd => ({
  subscriptionEnd: true,
  error: new GraphQLError('the token this subscription was opened with has expired; subscribe again with a fresh token', {
    extensions: { code: QueryErrorCodes.TOKEN_EXPIRED },
  }),
});

/**
 * Ends `source` when the token expires: one last item (the coded error event), then done. The longest
 * a timer may be set for is about 24.8 days; tokens live hours, and a later expiry is clamped.
 */
export function untilTokenExpires<T>(source: AsyncIterableIterator<T>, expiresAtMs: number, onEnd: () => void): AsyncIterableIterator<T | SubscriptionEnd> {
  let expired = false;
  let ended = false;
  let wakeExpiry: (() => void) | null = null;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
    void source.return?.();
  };
  const timer = setTimeout(
    () => {
      expired = true;
      wakeExpiry?.();
    },
    Math.min(Math.max(0, expiresAtMs - Date.now()), 2 ** 31 - 1),
  );
  timer.unref();
  const expiry = new Promise<'expired'>((resolve) => {
    wakeExpiry = () => resolve('expired');
  });
  let announced = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (ended) return { value: undefined, done: true };
      if (!expired) {
        const next = await Promise.race([source.next(), expiry]);
        if (next !== 'expired') {
          if (next.done) end();
          return next;
        }
      }
      if (!announced) {
        announced = true;
        clearTimeout(timer);
        end();
        return { value: tokenExpired(), done: false };
      }
      return { value: undefined, done: true };
    },
    async return() {
      clearTimeout(timer);
      end();
      return { value: undefined, done: true };
    },
  };
}

/** Counts each caller's open subscriptions; `open` refuses past `max` (0: no cap). */
export function createSubscriptionCounter(max: number) {
  const open = new Map<string, number>();
  return {
    open(key: string): () => void {
      const count = open.get(key) ?? 0;
      if (max > 0 && count >= max) {
        throw new GraphQLError(`at most ${max} live subscriptions per caller; close one first`, { extensions: { code: QueryErrorCodes.SUBSCRIPTION_LIMIT, http: { status: 429 } } });
      }
      open.set(key, count + 1);
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
    count: (key: string) => open.get(key) ?? 0,
  };
}
