import { dateFrom, type FormValues } from '../forms/form-spec';
import type { FormErrors } from '../forms/refusal';

/** A search as searchChildren takes it: exactly one of NHS number, UPN or name (with a date of birth to narrow a name). */
export type ChildSearch = { nhsNumber: string } | { upn: string } | { name: string; dateOfBirth?: string };

const isRealDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
};

/** The search form's answers as a search, or the errors to show on its fields. */
export function searchFrom(values: FormValues): { search: ChildSearch } | { errors: FormErrors } {
  const text = (name: string) => String((Array.isArray(values[name]) ? values[name]![0] : values[name]) ?? '').trim();
  const name = text('name').replace(/\s+/g, ' ');
  const nhsNumber = text('nhsNumber').replace(/\s+/g, '');
  const upn = text('upn').replace(/\s+/g, '').toUpperCase();
  const dateOfBirth = dateFrom(values, 'dateOfBirth');
  const errors: FormErrors = { summary: [], fields: {} };
  const fail = (field: string, href: string, message: string) => {
    errors.fields[field] = message;
    errors.summary.push({ text: message, href });
  };
  const given = [name, nhsNumber, upn].filter(Boolean).length;
  if (given === 0) fail('name', '#name', dateOfBirth ? 'Enter the child’s name to search with their date of birth' : 'Enter the child’s name, NHS number or unique pupil number (UPN)');
  else if (given > 1) fail('name', '#name', 'Search by one thing at a time: the name (with the date of birth if you know it), the NHS number or the UPN');
  if (nhsNumber && !/^\d{10}$/.test(nhsNumber)) fail('nhsNumber', '#nhsNumber', 'Enter an NHS number of 10 digits, for example 485 777 3456');
  if (upn && !/^[A-Z0-9]{13}$/.test(upn)) fail('upn', '#upn', 'Enter a UPN of 13 letters and numbers, for example H801200001001');
  if (name && name.length > 200) fail('name', '#name', 'Enter a name of 200 characters or fewer');
  if (dateOfBirth && !isRealDate(dateOfBirth)) fail('dateOfBirth', '#dateOfBirth-day', 'Enter the date of birth as a real date, for example 27 3 2015');
  else if (dateOfBirth && !name && given > 0) fail('dateOfBirth', '#dateOfBirth-day', 'A date of birth narrows a search by name: leave it blank when searching by NHS number or UPN');
  if (errors.summary.length) return { errors };
  if (nhsNumber) return { search: { nhsNumber } };
  if (upn) return { search: { upn } };
  return { search: { name, ...(dateOfBirth ? { dateOfBirth } : {}) } };
}

/** The form's boxes filled in again from a search. */
export function valuesOf(search: ChildSearch | undefined) {
  if (!search) return {};
  if ('nhsNumber' in search) return { nhsNumber: search.nhsNumber };
  if ('upn' in search) return { upn: search.upn };
  const [year, month, day] = search.dateOfBirth?.split('-') ?? [];
  return { name: search.name, dateOfBirth: search.dateOfBirth ? { day: String(Number(day)), month: String(Number(month)), year } : undefined };
}

/** How the results page says what was searched for, without repeating personal details it need not. */
export function describeSearch(search: ChildSearch): string {
  if ('nhsNumber' in search) return 'that NHS number';
  if ('upn' in search) return 'that UPN';
  return search.dateOfBirth ? 'that name and date of birth' : 'that name';
}
