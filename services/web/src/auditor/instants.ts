/**
 * The two clocks as the auditor's pages ask for them: a day typed or picked as 14/6/2025 (the MOJ
 * date picker's format), meaning the end of that day in the UK, as the instant the query API cuts at.
 */

/** `14/6/2025` or `2025-06-14` as an ISO date, or null when it is not a real date. */
export function dayFrom(text: string | undefined): string | null {
  const value = (text ?? '').trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = uk ? [Number(uk[3]), Number(uk[2]), Number(uk[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The offset of UK time from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
}

/** The last millisecond of a UK day, as an ISO instant. */
export function endOfUkDay(day: string): string {
  const utcEnd = new Date(`${day}T23:59:59.999Z`);
  return new Date(utcEnd.getTime() - londonOffsetMinutes(utcEnd) * 60_000).toISOString();
}

/** An ISO date as the date picker shows it: 14/6/2025. */
export function pickerValue(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}

/** Today in the UK as an ISO date. */
export function ukToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
