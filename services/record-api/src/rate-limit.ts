export interface RateLimitOptions {
  /** Requests each caller may make per window; 0 turns the limit off. */
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one request for `key`; returns the seconds to wait when the caller is over the limit, else 0. */
  take(key: string): number;
}

// Generous: a person at a keyboard never meets it, a runaway script does.
export const defaultRateLimit: RateLimitOptions = { max: 1200, windowMs: 60_000 };

/** Fixed windows per caller; cheap enough for the hot path (one map lookup, no timers). */
export function createRateLimiter({ max, windowMs }: RateLimitOptions, now: () => number = Date.now): RateLimiter {
  if (max <= 0) return { take: () => 0 };
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    take(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.startedAt >= windowMs) {
        if (windows.size > 50_000) for (const [k, w] of windows) if (at - w.startedAt >= windowMs) windows.delete(k);
        window = { startedAt: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count > max ? Math.max(1, Math.ceil((window.startedAt + windowMs - at) / 1000)) : 0;
    },
  };
}
