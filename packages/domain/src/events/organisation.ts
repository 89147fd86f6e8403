import { z } from 'zod';
import { defineEvent } from './catalogue';
import { agencySchema, freeText, organisationIdSchema, shortText } from './common';

/** The one stream that holds the partnership's organisation register. */
export const ORGANISATION_REGISTER_STREAM = 'organisation-register';

/** What an organisation is; which roles may work in each kind is in register/organisation-rules.ts. */
export const organisationKinds = [
  'partnership_office',
  'la_send_team',
  'school',
  'college',
  'educational_psychology_service',
  'preparation_for_adulthood_service',
  'health_provider',
  'integrated_care_board',
  'social_care_team',
  'quality_assurance_team',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const OrganisationRegistered = defineEvent({
  type: 'OrganisationRegistered',
  schemaVersion: 1,
  category: 'organisation-register',
  description: 'An organisation joins the partnership\'s register: its id, name, agency and kind. Tokens and team membership are checked against the register.',
  data: z.strictObject({ organisationId: organisationIdSchema, name: shortText, agency: agencySchema, kind: z.enum(organisationKinds) }),
});

export const OrganisationRenamed = defineEvent({
  type: 'OrganisationRenamed',
  schemaVersion: 1,
  category: 'organisation-register',
  description: 'A registered organisation takes a new name; its id, agency and kind stay.',
  data: z.strictObject({ organisationId: organisationIdSchema, name: shortText }),
});

export const OrganisationRetired = defineEvent({
  type: 'OrganisationRetired',
  schemaVersion: 1,
  category: 'organisation-register',
  description: 'An organisation leaves the partnership: from then on its tokens are refused and it cannot join a child\'s team. History keeps what it wrote.',
  data: z.strictObject({ organisationId: organisationIdSchema, reason: freeText }),
});

export type OrganisationRegisteredData = z.infer<typeof OrganisationRegistered.data>;

export const organisationEvents = [OrganisationRegistered, OrganisationRenamed, OrganisationRetired] as const;
