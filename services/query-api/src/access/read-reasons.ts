/**
 * Why a record is read: a code from a short list, never free text. The immutable access log can
 * never be edited, so nothing a person could type into it (a name, a date of birth, an NHS number)
 * may reach it; a code says enough for an audit and a caseworker's own notes belong in the record.
 */
export const READ_REASONS = ['direct_work', 'assessment', 'advice_request', 'safeguarding', 'audit', 'complaint', 'data_correction', 'other'] as const;

export type ReadReason = (typeof READ_REASONS)[number];

export const isReadReason = (value: string): value is ReadReason => (READ_REASONS as readonly string[]).includes(value);

/** The GraphQL enum's values (DIRECT_WORK, ...) mapped to the stored codes (direct_work, ...). */
export const readReasonEnumValues: Record<string, ReadReason> = Object.fromEntries(READ_REASONS.map((r) => [r.toUpperCase(), r]));

/** The X-Read-Reason header's value as a code: either spelling (DIRECT_WORK or direct_work), else null. */
export function readReasonFromHeader(value: string): ReadReason | null {
  const code = value.trim().toLowerCase();
  return isReadReason(code) ? code : null;
}
