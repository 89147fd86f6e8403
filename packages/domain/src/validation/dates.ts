/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so the result never depends on the server's zone. */

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export const addWeeks = (date: string, weeks: number): string => addDays(date, weeks * 7);

/** The calendar date of an ISO date-time as the caller wrote it (its own offset). */
export const dateOf = (dateTime: string): string => dateTime.slice(0, 10);

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
