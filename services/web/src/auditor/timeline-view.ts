import { govDate, label, organisationName } from '../layout/labels';
import type { ChildRead, HistoryEvent } from './record-queries';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `ChildViewsRecorded` as "Child views recorded". */
export function eventTitle(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A date and time as GOV.UK writes them: 5 January 2026 at 9:05am (UK time). */
export function govDateTime(value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  // GOV.UK style: 9:05am, 12pm for midday, 12am for midnight.
  const time = `${hour % 12 === 0 ? 12 : hour % 12}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
  return `${govDate(value)} at ${time}`;
}

const DAY = 86_400_000;

/** How long after it happened a fact was recorded, in words; empty when the same day. */
export function recordedLate(occurredAt: string, recordedAt: string): string {
  const days = Math.floor((new Date(recordedAt).getTime() - new Date(occurredAt).getTime()) / DAY);
  if (days < 1) return '';
  return days === 1 ? 'Recorded 1 day after it happened.' : `Recorded ${days} days after it happened.`;
}

export function actorLine(actor: HistoryEvent['actor']): string {
  return `${label(actor.role)}, ${actor.organisationName ?? organisationName(actor.organisationId)}`;
}

/**
 * A stream's events as MOJ timeline items, newest first: who, their organisation, when it happened,
 * when it was recorded, and corrections linked both ways (each item is its event's anchor).
 */
export function timelineItems(events: readonly HistoryEvent[], asAtHref: (recordedAt: string) => string) {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const anchor = (id: string) => `event-${id}`;
  const titleOf = (id: string) => {
    const e = byId.get(id);
    return e ? `${eventTitle(e.type).toLowerCase()} (entry ${e.revision + 1})` : 'an entry of another record';
  };
  return [...events]
    .sort((a, b) => b.revision - a.revision)
    .map((e) => {
      const lines = [
        `<p class="govuk-body govuk-!-margin-bottom-1">Happened: ${escape(govDateTime(e.occurredAt))}</p>`,
        `<p class="govuk-body govuk-!-margin-bottom-1">Recorded: ${escape(govDateTime(e.recordedAt))}</p>`,
      ];
      const late = recordedLate(e.occurredAt, e.recordedAt);
      if (late) lines.push(`<p class="govuk-body govuk-!-margin-bottom-1">${late}</p>`);
      if (e.corrects) {
        const reason = (e.data as { reason?: unknown } | null | undefined)?.reason;
        lines.push(`<p class="govuk-body govuk-!-margin-bottom-1">${e.type === 'ContributionWithdrawn' ? 'Withdraws' : 'Corrects'} <a class="govuk-link" href="#${anchor(e.corrects)}">${escape(titleOf(e.corrects))}</a>${typeof reason === 'string' ? `: ${escape(reason)}` : ''}</p>`);
      }
      for (const id of e.correctedBy) lines.push(`<p class="govuk-body govuk-!-margin-bottom-1"><strong class="govuk-tag govuk-tag--yellow">Corrected</strong> by <a class="govuk-link" href="#${anchor(id)}">${escape(titleOf(id))}</a></p>`);
      if (e.withdrawn) lines.push('<p class="govuk-body govuk-!-margin-bottom-1"><strong class="govuk-tag govuk-tag--red">Withdrawn</strong></p>');
      lines.push(`<p class="govuk-body"><a class="govuk-link" href="${escape(asAtHref(e.recordedAt))}">See the record as it stood when this was recorded<span class="govuk-visually-hidden"> (entry ${e.revision + 1})</span></a></p>`);
      return {
        label: { text: `${eventTitle(e.type)} (entry ${e.revision + 1})` },
        byline: { text: actorLine(e.actor) },
        datetime: { timestamp: e.occurredAt, type: 'date' },
        html: lines.join(''),
        attributes: { id: anchor(e.eventId) },
      };
    });
}

/** Who has read a child's record, newest first, as table rows. */
export function readerRows(reads: readonly ChildRead[]) {
  return [...reads]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((r) => [
      { text: govDateTime(r.at) },
      { text: `${label(r.by.role)}, ${r.by.organisationName ?? organisationName(r.organisationId)}` },
      { text: eventTitle(r.query) },
      { text: [r.asOf ? `as recorded at ${govDateTime(r.asOf)}` : '', r.happenedBy ? `as happened by ${govDateTime(r.happenedBy)}` : ''].filter(Boolean).join('; ') || 'Live' },
      { text: label(r.reason ?? 'not given') },
      { text: r.outcome === 'granted' ? 'Shown' : 'Refused' },
    ]);
}

/** The integrity check's answer in plain English. */
export function integrityInWords(report: { ok: boolean; eventCount: number; firstBadRevision: number | null; reason: string | null }): { ok: boolean; heading: string; body: string } {
  if (report.ok) {
    return {
      ok: true,
      heading: 'This record has not been altered',
      body: `All ${report.eventCount} ${report.eventCount === 1 ? 'entry' : 'entries'} were checked: each one still matches the fingerprint it was written with, and each still follows the one before it, with none missing.`,
    };
  }
  const why: Record<string, string> = {
    hash_mismatch: 'its content has changed since it was written',
    previous_hash_mismatch: 'it no longer follows the entry before it',
    revision_gap: 'an entry before it is missing',
    unreadable: 'it cannot be read',
  };
  const entry = report.firstBadRevision === null ? 'An entry' : `Entry ${report.firstBadRevision + 1}`;
  return {
    ok: false,
    heading: 'This record has been altered',
    body: `${entry} does not hold: ${why[report.reason ?? ''] ?? report.reason ?? 'the check failed'}. Report this to the service’s administrators; the entries after it cannot be relied on.`,
  };
}
