import { z } from 'zod';
import { defineEvent } from './catalogue';
import { freeText, idSchema, shortText, streamIdSchema } from './common';

/**
 * Nothing is edited or deleted: a correction or withdrawal is a new event in the same stream as the
 * event it names, so the stream's history shows both.
 */

const correctionIds = { childId: idSchema, streamId: streamIdSchema };

export const EventCorrected = defineEvent({
  type: 'EventCorrected',
  schemaVersion: 1,
  category: 'correction',
  description: 'An earlier event of the stream is corrected: the corrected data replaces its data from now on; the original stays in history.',
  data: z.strictObject({
    ...correctionIds,
    correctedEventId: idSchema,
    correctedEventType: shortText,
    reason: freeText,
    /** The full corrected data, valid against the schema of the corrected event. */
    correctedData: z.record(z.string(), z.unknown()),
    /** The fields the correction changed (the caller names only these; the rest is kept from the original). */
    changedFields: z.array(z.string().max(100)).max(100).optional(),
  }),
});

export const ContributionWithdrawn = defineEvent({
  type: 'ContributionWithdrawn',
  schemaVersion: 1,
  category: 'correction',
  description: 'An earlier contribution or advice is withdrawn; it no longer counts, but stays in history.',
  data: z.strictObject({ ...correctionIds, withdrawnEventId: idSchema, withdrawnEventType: shortText, reason: freeText }),
});

export type EventCorrectedData = z.infer<typeof EventCorrected.data>;
export type ContributionWithdrawnData = z.infer<typeof ContributionWithdrawn.data>;

export const correctionEvents = [EventCorrected, ContributionWithdrawn] as const;
