import type { Caller } from './caller';

/**
 * Remembers tokens already verified so a client sending the same token on every request pays for one
 * signature check, not one per request. Entries live at most a minute (so a key removed from a JWKS
 * stops working soon) and never past the token's own expiry.
 */
export interface VerifiedTokenCache {
  get(token: string): Caller | undefined;
  set(token: string, caller: Caller, expiresAtMs: number): void;
}

const MAX_ENTRIES = 10_000;
const MAX_AGE_MS = 60_000;

export function createVerifiedTokenCache({ now, clockToleranceMs }: { now: () => number; clockToleranceMs: number }): VerifiedTokenCache {
  const entries = new Map<string, { caller: Caller; until: number }>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now() >= entry.until) {
        entries.delete(token);
        return undefined;
      }
      return entry.caller;
    },
    set(token, caller, expiresAtMs) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const until = Math.min(expiresAtMs + clockToleranceMs, now() + MAX_AGE_MS);
      entries.set(token, { caller: Object.freeze({ ...caller }), until });
    },
  };
}
