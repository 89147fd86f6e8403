import { z } from 'zod';
import { defineEvent } from './catalogue';
import { freeText, idSchema, isoDate, shortText, userIdSchema } from './common';

export const shortBreakRoutes = ['local_offer', 'self_assessment', 'social_care_assessment'] as const;
export const shortBreakOutcomes = ['approved', 'partly_approved', 'declined'] as const;
export const shortBreakTypes = ['day_care', 'overnight', 'activities', 'holiday_scheme', 'direct_payment'] as const;
export const shortBreakUnits = ['hours_per_year', 'nights_per_year'] as const;
export const shortBreakEndReasons = ['no_longer_needed', 'no_longer_eligible', 'moved_area', 'reached_adulthood', 'family_request', 'other'] as const;

const shortBreakIds = { shortBreakId: idSchema, childId: idSchema };

export const grantedShortBreakSchema = z.strictObject({
  type: z.enum(shortBreakTypes),
  amount: z.number().positive().max(8784),
  unit: z.enum(shortBreakUnits),
});

export const ShortBreakRequested = defineEvent({
  type: 'ShortBreakRequested',
  schemaVersion: 1,
  category: 'short-break',
  description: 'A short break is requested through a route: the local offer without assessment, self-assessment or a social care assessment.',
  data: z.strictObject({ ...shortBreakIds, route: z.enum(shortBreakRoutes), requestedOn: isoDate, summary: freeText.optional() }),
});

export const ShortBreakDecided = defineEvent({
  type: 'ShortBreakDecided',
  schemaVersion: 1,
  category: 'short-break',
  description: 'The decision on a short-break request: what is granted and how much, the criteria and statement relied on, who decided and why.',
  data: z.strictObject({
    ...shortBreakIds,
    route: z.enum(shortBreakRoutes),
    outcome: z.enum(shortBreakOutcomes),
    granted: z.array(grantedShortBreakSchema).max(10),
    eligibilityCriteriaVersion: shortText,
    shortBreaksStatementVersion: shortText,
    decisionMaker: z.strictObject({ userId: userIdSchema, role: shortText }),
    decidedOn: isoDate,
    reasons: freeText,
  }),
});

export const ShortBreakReviewed = defineEvent({
  type: 'ShortBreakReviewed',
  schemaVersion: 1,
  category: 'short-break',
  description: 'A review of the short break.',
  data: z.strictObject({
    ...shortBreakIds,
    reviewedOn: isoDate,
    conclusion: z.enum(['continue', 'change_needed', 'end_recommended']),
    summary: freeText,
    nextReviewOn: isoDate.optional(),
  }),
});

const challenge = z.strictObject({ ...shortBreakIds, madeOn: isoDate, grounds: freeText });

export const ShortBreakAppealed = defineEvent({
  type: 'ShortBreakAppealed',
  schemaVersion: 1,
  category: 'short-break',
  description: 'The family appeals the short-break decision.',
  data: challenge,
});

export const ShortBreakComplaintMade = defineEvent({
  type: 'ShortBreakComplaintMade',
  schemaVersion: 1,
  category: 'short-break',
  description: 'The family complains about the short-break decision or its delivery.',
  data: challenge,
});

export const ShortBreakEnded = defineEvent({
  type: 'ShortBreakEnded',
  schemaVersion: 1,
  category: 'short-break',
  description: 'The short break ends.',
  data: z.strictObject({ ...shortBreakIds, endedOn: isoDate, reason: z.enum(shortBreakEndReasons), detail: freeText.optional() }),
});

export type ShortBreakRequestedData = z.infer<typeof ShortBreakRequested.data>;
export type ShortBreakDecidedData = z.infer<typeof ShortBreakDecided.data>;
export type ShortBreakReviewedData = z.infer<typeof ShortBreakReviewed.data>;
export type ShortBreakAppealedData = z.infer<typeof ShortBreakAppealed.data>;
export type ShortBreakComplaintMadeData = z.infer<typeof ShortBreakComplaintMade.data>;
export type ShortBreakEndedData = z.infer<typeof ShortBreakEnded.data>;
export type GrantedShortBreak = z.infer<typeof grantedShortBreakSchema>;

export const shortBreakEvents = [ShortBreakRequested, ShortBreakDecided, ShortBreakReviewed, ShortBreakAppealed, ShortBreakComplaintMade, ShortBreakEnded] as const;
