import { z } from 'zod';

/** Building blocks shared by every event and command schema, so bounds are the same everywhere. */

export const agencies = ['education', 'health', 'social_care'] as const;
export const agencySchema = z.enum(agencies);

export const idSchema = z.uuid();
export const organisationIdSchema = z.string().min(1).max(100);
export const userIdSchema = z.string().min(1).max(200);

/** A calendar date, e.g. the day of a meeting: YYYY-MM-DD. */
export const isoDate = z.iso.date();
/** A moment with its offset, e.g. 2025-03-01T10:00:00Z or 2025-03-01T10:00:00+01:00. */
export const isoDateTime = z.iso.datetime({ offset: true });

export const shortText = z.string().trim().min(1).max(200);
export const freeText = z.string().trim().min(1).max(4000);
export const personName = z.string().trim().min(1).max(100);

export const streamCategories = ['child', 'family-help-plan', 'ehc-assessment', 'short-break', 'audit'] as const;
export type StreamCategory = (typeof streamCategories)[number];

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A stream id of the record: `<category>-<uuid>`. */
export const streamIdSchema = z.string().regex(new RegExp(`^(${streamCategories.join('|')})-${uuidPattern}$`), 'must be <category>-<uuid>');

export const streamIdOf = (category: StreamCategory, id: string): string => `${category}-${id}`;

/** Splits a stream id into its category and entity id; null when it is not one of the record's streams. */
export function parseStreamId(streamId: string): { category: StreamCategory; id: string } | null {
  const match = new RegExp(`^(${streamCategories.join('|')})-(${uuidPattern})$`).exec(streamId);
  if (!match) return null;
  return { category: match[1] as StreamCategory, id: match[2]! };
}
