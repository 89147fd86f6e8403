/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Statutory dates are calendar dates in England, so an
 * instant becomes a date in Europe/London; the arithmetic on dates is done in UTC so it never depends on
 * the server's zone or on a clock change.
 */

const DAY_MS = 86_400_000;

export const STATUTORY_TIME_ZONE = 'Europe/London';

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: STATUTORY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export const addWeeks = (date: string, weeks: number): string => addDays(date, weeks * 7);

/**
 * The calendar date in England (Europe/London) of an instant: 2025-06-30T23:30:00Z and
 * 2025-07-01T00:30:00+01:00 are the same instant and both fall on 1 July.
 */
export function londonDateOf(instant: string | Date): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return londonDate.format(at);
}

/** The statutory calendar date of an ISO date-time (Europe/London, whatever offset it was written with). */
export const dateOf = (dateTime: string): string => londonDateOf(dateTime);

/** Whole years between a date of birth and a date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * English national curriculum year group on a date: Year N is the school year (1 September to
 * 31 August) that starts when the child is N + 4 on 31 August.
 */
export function yearGroupOn(dateOfBirth: string, on: string): number {
  const [y, m] = on.split('-').map(Number) as [number, number];
  const schoolYearStart = m >= 9 ? y : y - 1;
  return ageOn(dateOfBirth, `${schoolYearStart}-08-31`) - 4;
}
