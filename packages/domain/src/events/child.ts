import { z } from 'zod';
import { sen2PrimaryNeeds } from '../validation/sen2';
import { defineEvent } from './catalogue';
import { agencySchema, freeText, idSchema, isoDate, organisationIdSchema, personName } from './common';

export const teamMemberSchema = z.strictObject({ organisationId: organisationIdSchema, agency: agencySchema });

export const ChildRegistered = defineEvent({
  type: 'ChildRegistered',
  schemaVersion: 1,
  category: 'child',
  description: 'A child is registered once; the registering organisation joins the child\'s team.',
  data: z.strictObject({
    childId: idSchema,
    givenName: personName,
    familyName: personName,
    dateOfBirth: isoDate,
    nhsNumber: z.string().length(10).optional(),
    upn: z.string().length(13).optional(),
    primaryNeed: z.enum(sen2PrimaryNeeds),
    registeringOrganisation: teamMemberSchema,
  }),
});

export const TeamMemberAdded = defineEvent({
  type: 'TeamMemberAdded',
  schemaVersion: 1,
  category: 'child',
  description: 'An organisation is added to the child\'s team and may then see and write to the child\'s records. (An advice request invites its adviser by itself: AdviceRequested names the organisation.)',
  data: z.strictObject({
    childId: idSchema,
    organisationId: organisationIdSchema,
    agency: agencySchema,
    /** New events are always `invited`; `advice_requested` is kept so events from before advice requests invited by themselves still read. */
    reason: z.enum(['invited', 'advice_requested']),
    /** The stream whose event caused the invitation, e.g. the EHC assessment of an advice request. */
    sourceStreamId: z.string().max(200).optional(),
  }),
});

export const TeamMemberRemoved = defineEvent({
  type: 'TeamMemberRemoved',
  schemaVersion: 1,
  category: 'child',
  description: 'An organisation leaves the child\'s team, with the reason: from this event on it neither sees nor writes to the child\'s records (an advice request made before the removal no longer lets it in). History keeps that it was a member, and when.',
  data: z.strictObject({ childId: idSchema, organisationId: organisationIdSchema, agency: agencySchema, reason: freeText }),
});

export type ChildRegisteredData = z.infer<typeof ChildRegistered.data>;
export type TeamMemberAddedData = z.infer<typeof TeamMemberAdded.data>;
export type TeamMember = z.infer<typeof teamMemberSchema>;

export type TeamMemberRemovedData = z.infer<typeof TeamMemberRemoved.data>;

export const childEvents = [ChildRegistered, TeamMemberAdded, TeamMemberRemoved] as const;
