import { govDate } from './labels';

/** Today's date in England, as the record's due dates are written. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export interface ClockInput {
  dueOn: string;
  /** When the step was done, if it was. */
  doneOn?: string | null;
  /** The API's own verdict on a done step (e.g. advice `onTime`); without it, done by the due date counts as on time. */
  onTime?: boolean | null;
  exceptionRecorded?: boolean;
}

/**
 * How a statutory clock stands, in words and as a GOV.UK tag: done on time or late, an exception
 * recorded, or still running (due in N days, due today, overdue by N days).
 */
export function clockState(clock: ClockInput, today = todayInLondon()) {
  if (clock.doneOn) {
    const onTime = clock.onTime ?? clock.doneOn <= clock.dueOn;
    return onTime
      ? { text: 'Done on time', classes: 'govuk-tag--green', detail: `Done ${govDate(clock.doneOn)}, due ${govDate(clock.dueOn)}` }
      : { text: 'Done late', classes: 'govuk-tag--orange', detail: `Done ${govDate(clock.doneOn)}, ${daysBetween(clock.dueOn, clock.doneOn)} days after ${govDate(clock.dueOn)}` };
  }
  if (clock.exceptionRecorded) return { text: 'Exception recorded', classes: 'govuk-tag--grey', detail: `Was due ${govDate(clock.dueOn)}` };
  const left = daysBetween(today, clock.dueOn);
  if (left > 0) return { text: left === 1 ? 'Due in 1 day' : `Due in ${left} days`, classes: left <= 7 ? 'govuk-tag--yellow' : 'govuk-tag--blue', detail: `Due ${govDate(clock.dueOn)}` };
  if (left === 0) return { text: 'Due today', classes: 'govuk-tag--yellow', detail: `Due ${govDate(clock.dueOn)}` };
  return { text: -left === 1 ? 'Overdue by 1 day' : `Overdue by ${-left} days`, classes: 'govuk-tag--red', detail: `Was due ${govDate(clock.dueOn)}` };
}
