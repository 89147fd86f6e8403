import { GraphQLError } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';

/**
 * The records behind KPI figures are listed in full (a window over a Leicester-sized partnership
 * holds about 12,000 advice requests), and graphql-js completes a list and the response is
 * serialised without handing the event loop back. Two bounds keep that from stalling a neighbour:
 * one request lists at most this many records across all its figures (a drill-down into any one
 * figure fits; every record of several windows at once does not), and a long list is completed a
 * chunk per event-loop turn.
 */
export const MAX_KPI_RECORDS_PER_REQUEST = 25_000;
export const KPI_RECORDS_PER_TURN = 1_000;

const listed = new WeakMap<object, number>();

// One chain for the whole service: however many lists and requests are being completed, one chunk
// of records is released per turn of the event loop.
let lastTurn: Promise<void> = Promise.resolve();
const laterTurn = (): Promise<void> => {
  lastTurn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return lastTurn;
};

/** The records of one figure as a resolver returns them, counted against the request's budget (`ctx`: the request's context). */
export function listKpiRecords<T>(ctx: object, records: readonly T[]): Array<T | Promise<T>> {
  const total = (listed.get(ctx) ?? 0) + records.length;
  listed.set(ctx, total);
  if (total > MAX_KPI_RECORDS_PER_REQUEST) {
    throw new GraphQLError(`this request lists more than ${MAX_KPI_RECORDS_PER_REQUEST} records behind its figures; ask for fewer figures' records, or a shorter period`, {
      extensions: { code: QueryErrorCodes.KPI_RECORDS_LIMIT },
    });
  }
  if (records.length <= KPI_RECORDS_PER_TURN) return records as T[];
  const out: Array<T | Promise<T>> = records.slice(0, KPI_RECORDS_PER_TURN);
  for (let start = KPI_RECORDS_PER_TURN; start < records.length; start += KPI_RECORDS_PER_TURN) {
    const ready = laterTurn();
    for (const record of records.slice(start, start + KPI_RECORDS_PER_TURN)) out.push(ready.then(() => record));
  }
  return out;
}
