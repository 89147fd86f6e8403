import { z } from 'zod';
import { childStream } from '../deciders/streams';
import { decideChild, normaliseNhsNumber } from '../deciders/child';
import { refuse } from '../deciders/decision';
import { ChildRegistered } from '../events/child';
import { freeText, organisationIdSchema, streamIdOf } from '../events/common';
import type { OrganisationRegisterState } from '../register/organisation-register';
import { isValidNhsNumber } from '../validation/nhs-number';
import { isValidUpn } from '../validation/upn';
import { commandBody, idParams, noParams } from './body';
import { defineCommand } from './define-command';

const registration = ChildRegistered.data.shape;

export const registerChild = defineCommand({
  name: 'registerChild',
  path: '/v1/children',
  summary: 'Register a child; the registering organisation joins the child\'s team.',
  params: noParams,
  body: commandBody({
    givenName: registration.givenName,
    familyName: registration.familyName,
    dateOfBirth: registration.dateOfBirth,
    // Written as people write it ("943 476 5919"), stored as the ten digits.
    nhsNumber: z
      .string()
      .max(20)
      .transform(normaliseNhsNumber)
      .pipe(z.string().refine(isValidNhsNumber, 'not a valid NHS number (10 digits with a modulus 11 check digit)'))
      .optional(),
    upn: z.string().refine(isValidUpn, 'not a valid UPN (13 characters with a check letter)').optional(),
    primaryNeed: registration.primaryNeed,
  }),
  // A number is first claimed in its own stream; a claim left by a write that never landed is lapsed.
  emits: ['ChildRegistered', 'NhsNumberClaimed', 'NhsNumberClaimLapsed'],
  stream: childStream,
  target: { creates: 'child' },
  decide: ({ body, entityId, state, ctx }) => decideChild({ type: 'registerChild', data: { childId: entityId, ...body } }, state, ctx),
});

/** The registered, active organisation a command names; its agency is the register's, never the caller's say. */
function activeOrganisation(register: OrganisationRegisterState, organisationId: string) {
  const organisation = register.organisations.get(organisationId);
  if (!organisation) refuse('ORGANISATION_NOT_REGISTERED', `organisation ${organisationId} is not in the partnership's register`);
  if (!organisation.active) refuse('ORGANISATION_RETIRED', `organisation ${organisationId} has been retired from the register`);
  return organisation;
}

export const addTeamMember = defineCommand({
  name: 'addTeamMember',
  path: '/v1/children/:childId/team-members',
  summary: 'Invite a registered organisation into the child\'s team (its agency comes from the register).',
  params: idParams('childId'),
  body: commandBody({ organisationId: organisationIdSchema }),
  emits: ['TeamMemberAdded'],
  stream: childStream,
  target: ({ childId }) => ({ streamId: streamIdOf('child', childId), entityId: childId }),
  decide: ({ body, state, ctx, register }) => {
    const organisation = activeOrganisation(register, body.organisationId);
    return decideChild({ type: 'addTeamMember', data: { organisationId: organisation.organisationId, agency: organisation.agency } }, state, ctx);
  },
});

export const removeTeamMember = defineCommand({
  name: 'removeTeamMember',
  path: '/v1/children/:childId/team-members/removals',
  summary: 'Remove an organisation from the child\'s team, with the reason: its access to the child ends from this moment.',
  params: idParams('childId'),
  body: commandBody({ organisationId: organisationIdSchema, reason: freeText }),
  emits: ['TeamMemberRemoved'],
  stream: childStream,
  target: ({ childId }) => ({ streamId: streamIdOf('child', childId), entityId: childId }),
  decide: ({ body, state, ctx }) => decideChild({ type: 'removeTeamMember', data: body }, state, ctx),
});

export { activeOrganisation };

export const childCommands = [registerChild, addTeamMember, removeTeamMember];
