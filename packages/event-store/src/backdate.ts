import { EventStoreError, EventStoreErrorCodes } from './errors';

/**
 * How an append may be written. Only code that loads history (the demo partnership) sets this:
 * no service passes it on from a request or reads it from its environment.
 */
export interface AppendOptions {
  /**
   * Record the events as written at this instant (ISO 8601) instead of the store's clock. It may
   * not be in the future, nor before the latest `recordedAt` in the log: recorded time never runs
   * backwards along the global log, so the appender must write history in the order it was recorded.
   */
  recordedAt?: string;
}

/** A clock may be a little ahead of another's; this far past our own is still "now". */
const FUTURE_SKEW_MS = 2_000;

/**
 * The recordedAt an append gets: the store's clock, or the backdated instant once checked against
 * the clock and the log's latest recordedAt (`latest`, null for an empty log).
 */
export function recordedAtFor(options: AppendOptions | undefined, now: Date, latest: () => string | null): string {
  const given = options?.recordedAt;
  if (given === undefined) return now.toISOString();
  const at = Date.parse(given);
  if (typeof given !== 'string' || Number.isNaN(at)) throw refused(`recordedAt ${JSON.stringify(given)} is not an instant`);
  if (at > now.getTime() + FUTURE_SKEW_MS) throw refused(`recordedAt ${given} is in the future`);
  const iso = new Date(at).toISOString();
  const last = latest();
  if (last !== null && iso < last) throw refused(`recordedAt ${iso} is before the latest event in the log (${last}): recorded time never runs backwards`);
  return iso;
}

function refused(message: string): EventStoreError {
  return new EventStoreError(EventStoreErrorCodes.RECORDED_AT_REFUSED, message);
}
