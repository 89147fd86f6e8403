/** Calendar-date arithmetic for the completeness rules: statutory dates are calendar dates in Europe/London. */
import { addDays as addCalendarDays, londonDateOf } from '../validation/dates';

export const addDays = (isoDate: string, days: number): string => addCalendarDays(isoDate, days);

/** The calendar date in England (Europe/London) of an instant. */
export const dayOf = (instant: Date): string => londonDateOf(instant);
