import { z } from 'zod';
import { childStream } from '../deciders/streams';
import { decideChild } from '../deciders/child';
import { ChildRegistered, teamMemberSchema } from '../events/child';
import { streamIdOf } from '../events/common';
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
      .transform((value) => value.replace(/[\s-]/g, ''))
      .pipe(z.string().refine(isValidNhsNumber, 'not a valid NHS number (10 digits with a modulus 11 check digit)'))
      .optional(),
    upn: z.string().refine(isValidUpn, 'not a valid UPN (13 characters with a check letter)').optional(),
    primaryNeed: registration.primaryNeed,
  }),
  emits: ['ChildRegistered'],
  stream: childStream,
  target: { creates: 'child' },
  decide: ({ body, entityId, state, ctx }) => decideChild({ type: 'registerChild', data: { childId: entityId, ...body } }, state, ctx),
});

export const addTeamMember = defineCommand({
  name: 'addTeamMember',
  path: '/v1/children/:childId/team-members',
  summary: 'Invite an organisation into the child\'s team.',
  params: idParams('childId'),
  body: commandBody(teamMemberSchema.shape),
  emits: ['TeamMemberAdded'],
  stream: childStream,
  target: ({ childId }) => ({ streamId: streamIdOf('child', childId), entityId: childId }),
  decide: ({ body, state, ctx }) => decideChild({ type: 'addTeamMember', data: body }, state, ctx),
});

export const childCommands = [registerChild, addTeamMember];
