import { z } from 'zod';
import { defineEvent } from './catalogue';
import { idSchema } from './common';

/**
 * An NHS number is held by one child at a time. Each number has a claim stream, named by a keyed
 * hash of the number (never the number), whose last `NhsNumberClaimed` names the child holding it.
 * The fields avoid the name `childId` on purpose: a claim stream is not one of the child's records.
 */
export const NhsNumberClaimed = defineEvent({
  type: 'NhsNumberClaimed',
  schemaVersion: 1,
  category: 'nhs-number-claim',
  description:
    'The NHS number whose keyed hash names this stream is claimed for a child, by the write that registers the child or corrects its number. The claim holds while that child\'s record carries the number; a write that never landed leaves a claim that lapses.',
  data: z.strictObject({
    claimantChildId: idSchema,
    /** The revision of the child's stream the claiming write expects (-1: a registration, the stream must not exist). */
    claimantRevision: z.number().int().min(-1),
  }),
});

/**
 * Written into a child's stream, at the revision a half-done claiming write expected, so that the
 * write can no longer land: only then may another child take the number.
 */
export const NhsNumberClaimLapsed = defineEvent({
  type: 'NhsNumberClaimLapsed',
  schemaVersion: 1,
  category: 'child',
  description:
    'A claim of an NHS number for this child was written but the write it was for (a registration or a correction) never landed; this event takes that write\'s place, so it cannot land later, and the number is free for another child.',
  data: z.strictObject({ lapsedForChildId: idSchema }),
});

export type NhsNumberClaimedData = z.infer<typeof NhsNumberClaimed.data>;

export const nhsNumberClaimEvents = [NhsNumberClaimed, NhsNumberClaimLapsed] as const;
