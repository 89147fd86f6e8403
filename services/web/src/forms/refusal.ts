import type { CommandAnswer } from '../api/record-api-client';
import { formFieldOf } from './api-field-paths';
import type { FieldSpec } from './form-spec';
import { statusSentences, summaryLine } from '../layout/status-sentences';

export interface ErrorSummaryItem {
  text: string;
  href?: string;
}

export interface FormErrors {
  summary: ErrorSummaryItem[];
  /** Error message per field name. */
  fields: Record<string, string>;
}

/** Where the error summary's link for a field points: the first box of a date, the field itself otherwise. */
export function fieldHref(field: FieldSpec): string {
  return field.kind === 'date' ? `#${field.name}-day` : `#${field.name}`;
}

/** Plain English for a refusal that is not about one field. */
export function refusalMessage(answer: Extract<CommandAnswer, { ok: false }>): string {
  switch (answer.status) {
    case 401:
      return 'You have been signed out. Sign in again to continue.';
    case 403:
      return answer.rule === 'AGENCY_MISMATCH'
        ? 'You can only record this for your own agency.'
        : 'Your role cannot do this. Ask someone whose role can.';
    case 404:
      return 'This record cannot be found, or your organisation is not in the child’s team.';
    case 409:
      return 'Someone else changed this record while you were working on it. Check the record and try again.';
    case 422:
      // The record's own rule, as the API words it: as a sentence.
      return `${answer.message.charAt(0).toUpperCase()}${answer.message.slice(1)}${/[.!?]$/.test(answer.message) ? '' : '.'}`;
    case 429:
      return summaryLine(statusSentences.tooManyRequests, answer.retryAfterSeconds);
    case 503:
      return summaryLine(statusSentences.unavailable, answer.retryAfterSeconds);
    default:
      return answer.status >= 500 ? summaryLine(statusSentences.failed) : answer.message;
  }
}

/** A refusal from the record API as a GOV.UK error summary with messages on the fields at fault. */
export function errorsFromRefusal(answer: Extract<CommandAnswer, { ok: false }>, fields: readonly FieldSpec[]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const issue of answer.status === 400 ? answer.issues : []) {
    const name = formFieldOf(issue.path);
    // A path below a field (a date's parts, an item of a list) belongs to the nearest field the form has.
    let field = name ? byName.get(name) : undefined;
    for (let n = name; !field && n && n.includes('-'); ) {
      n = n.slice(0, n.lastIndexOf('-'));
      field = byName.get(n);
    }
    // A path above the fields (a group such as `sections` that needs one of its members) belongs to its first member.
    if (!field && name) field = fields.find((f) => f.name.startsWith(`${name}-`));
    if (field) {
      if (errors.fields[field.name]) continue;
      errors.fields[field.name] = field.errorMessage;
      errors.summary.push({ text: field.errorMessage, href: fieldHref(field) });
    } else errors.summary.push({ text: `There is a problem with this form: ${issue.message}` });
  }
  if (errors.summary.length === 0) errors.summary.push({ text: refusalMessage(answer) });
  return errors;
}
