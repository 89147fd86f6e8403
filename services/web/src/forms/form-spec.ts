import { bodyPathOf } from './api-field-paths';

export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

export interface FieldSpec {
  /** The body path joined with dashes (see api-field-paths.ts). */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'radios' | 'yesno' | 'select' | 'checkboxes' | 'number';
  hint?: string;
  choices?: readonly Choice[];
  /** Leave the field out of the body when it is empty (the command has it optional). */
  optional?: boolean;
  /** Shown on the field and in the error summary when the API refuses it. */
  errorMessage: string;
  width?: 'govuk-input--width-5' | 'govuk-input--width-10' | 'govuk-input--width-20' | 'govuk-!-width-one-half';
}

export type FormValues = Record<string, string | string[] | undefined>;

/** A form that sends one command: its fields, and how its answers become the command's body. */
export interface CommandForm<Context = unknown> {
  /** Short id used in the confirmation shown after the write (`?done=`). */
  id: string;
  title: string;
  caption?: string;
  submitText: string;
  /** Plain-English confirmation shown on the record page after the write. */
  done: string;
  fields: (context: Context) => readonly FieldSpec[];
  /** The record API path the command is posted to. */
  path: (context: Context) => string;
  /** Extra body members the form does not ask for (ids the page already knows). */
  fixed?: (context: Context, values: FormValues) => Record<string, unknown>;
}

/** A GOV.UK date input's three boxes as an ISO date (as typed: the API decides whether it is a date). */
export function dateFrom(values: FormValues, name: string): string | undefined {
  const part = (p: string) => String(values[`${name}-${p}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return undefined;
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
    const slot = (node as Record<string, unknown>)[key];
    if (last) (node as Record<string, unknown>)[key] = value;
    else {
      if (slot === undefined) (node as Record<string, unknown>)[key] = nextIsIndex ? [] : {};
      node = (node as Record<string, unknown>)[key] as Record<string, unknown>;
    }
  });
}

/** The command body from a form's answers: each field at its body path, typed as the field says. */
export function bodyFrom(fields: readonly FieldSpec[], values: FormValues, fixed: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { ...fixed };
  for (const field of fields) {
    let value: unknown;
    if (field.kind === 'date') value = dateFrom(values, field.name);
    else if (field.kind === 'checkboxes') {
      const raw = values[field.name];
      value = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    } else {
      const raw = values[field.name];
      const text = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
      value =
        text === ''
          ? undefined
          : field.kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)
            ? Number(text)
            : field.kind === 'yesno' && (text === 'yes' || text === 'no')
              ? text === 'yes'
              : text;
    }
    if (value === undefined && field.optional) continue;
    if (field.kind === 'checkboxes' && field.optional && (value as unknown[]).length === 0) continue;
    // Absent required answers are sent absent too, so the API names them.
    if (value === undefined) continue;
    setPath(body, bodyPathOf(field.name), value);
  }
  return body;
}

/** The answers as the form shows them again after a refusal. */
export function valuesForView(fields: readonly FieldSpec[], values: FormValues) {
  const shown: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === 'date') shown[field.name] = { day: values[`${field.name}-day`] ?? '', month: values[`${field.name}-month`] ?? '', year: values[`${field.name}-year`] ?? '' };
    else if (field.kind === 'checkboxes') {
      const raw = values[field.name];
      shown[field.name] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    } else shown[field.name] = values[field.name] ?? '';
  }
  return shown;
}
