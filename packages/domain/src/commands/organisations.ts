import { z } from 'zod';
import { refuse } from '../deciders/decision';
import type { StreamModule } from '../deciders/streams';
import { agencySchema, freeText, organisationIdSchema, shortText } from '../events/common';
import { ORGANISATION_REGISTER_STREAM, organisationKinds } from '../events/organisation';
import type { OrganisationRegisterState } from '../register/organisation-register';
import { evolveOrganisationRegister, initialOrganisationRegister } from '../register/organisation-register';
import { agenciesOfKind } from '../register/organisation-rules';
import { commandBody, noParams } from './body';
import { defineCommand } from './define-command';

/** The register is one stream; its state is the register itself. */
const registerStream: StreamModule<OrganisationRegisterState> = { initial: initialOrganisationRegister, evolve: evolveOrganisationRegister };
const target = (_params: unknown, body: { organisationId: string }) => ({ streamId: ORGANISATION_REGISTER_STREAM, entityId: body.organisationId });

function registered(state: OrganisationRegisterState, organisationId: string) {
  const organisation = state.organisations.get(organisationId);
  if (!organisation) refuse('ORGANISATION_NOT_REGISTERED', `organisation ${organisationId} is not in the partnership's register`);
  if (!organisation.active) refuse('ORGANISATION_RETIRED', `organisation ${organisationId} has been retired from the register`);
  return organisation;
}

export const registerOrganisation = defineCommand({
  name: 'registerOrganisation',
  path: '/v1/organisations',
  summary: 'Register an organisation of the partnership: id, name, agency and kind (the kind decides which roles may work there).',
  params: noParams,
  body: commandBody({ organisationId: organisationIdSchema, name: shortText, agency: agencySchema, kind: z.enum(organisationKinds) }),
  emits: ['OrganisationRegistered'],
  stream: registerStream,
  target,
  concernsChild: false,
  decide: ({ body, state }) => {
    if (state.organisations.has(body.organisationId)) refuse('ORGANISATION_ALREADY_REGISTERED', `organisation ${body.organisationId} is already registered`);
    if (!agenciesOfKind[body.kind].includes(body.agency)) refuse('KIND_NOT_OF_AGENCY', `a ${body.kind} belongs to ${agenciesOfKind[body.kind].join(' or ')}, not ${body.agency}`);
    return [{ type: 'OrganisationRegistered', data: { organisationId: body.organisationId, name: body.name, agency: body.agency, kind: body.kind } }];
  },
});

export const renameOrganisation = defineCommand({
  name: 'renameOrganisation',
  path: '/v1/organisations/renames',
  summary: 'Give a registered organisation a new name.',
  params: noParams,
  body: commandBody({ organisationId: organisationIdSchema, name: shortText }),
  emits: ['OrganisationRenamed'],
  stream: registerStream,
  target,
  concernsChild: false,
  decide: ({ body, state }) => {
    registered(state, body.organisationId);
    return [{ type: 'OrganisationRenamed', data: { organisationId: body.organisationId, name: body.name } }];
  },
});

export const retireOrganisation = defineCommand({
  name: 'retireOrganisation',
  path: '/v1/organisations/retirements',
  summary: 'Retire an organisation, with the reason: its tokens are refused from then on and it cannot join a team.',
  params: noParams,
  body: commandBody({ organisationId: organisationIdSchema, reason: freeText }),
  emits: ['OrganisationRetired'],
  stream: registerStream,
  target,
  concernsChild: false,
  decide: ({ body, state, ctx }) => {
    registered(state, body.organisationId);
    if (body.organisationId === ctx.caller.organisationId) refuse('CANNOT_RETIRE_OWN_ORGANISATION', 'an administrator cannot retire their own organisation');
    return [{ type: 'OrganisationRetired', data: { organisationId: body.organisationId, reason: body.reason } }];
  },
});

export const organisationCommands = [registerOrganisation, renameOrganisation, retireOrganisation];
