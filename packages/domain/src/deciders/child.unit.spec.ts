import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import type { ChildCommand } from './child';
import { decideChild, evolveChild, initialChildState } from './child';
import { fold } from './decision';

const childId = entityId(100);
const sw = callerFor('social_worker');
const registration = { childId, givenName: 'Amira', familyName: 'Patel', dateOfBirth: '2012-03-14', primaryNeed: 'ASD' as const };
const registered: DomainEvent = { type: 'ChildRegistered', data: { ...registration, registeringOrganisation: { organisationId: sw.organisationId, agency: 'social_care' } } };

const when = (given: DomainEvent[], command: ChildCommand, ctx = contextFor(sw)) => decideChild(command, fold(evolveChild, initialChildState(), given), ctx);

describe('child decider', () => {
  it('registers a child with the registering organisation in the team', () => {
    expect(when([], { type: 'registerChild', data: registration })).toEqual([registered]);
    const state = fold(evolveChild, initialChildState(), [registered]);
    expect(state.team).toEqual([{ organisationId: sw.organisationId, agency: 'social_care' }]);
  });

  it('refuses to register the same child twice', () => {
    expectRefusal(() => when([registered], { type: 'registerChild', data: registration }), DomainErrorCodes.RULE, 'CHILD_ALREADY_REGISTERED');
  });

  it('refuses a date of birth in the future, naming the field', () => {
    const error = expectRefusal(() => when([], { type: 'registerChild', data: { ...registration, dateOfBirth: '2025-06-03' } }), DomainErrorCodes.VALIDATION);
    expect(error.issues).toEqual([{ path: 'body.dateOfBirth', message: 'must not be in the future' }]);
  });

  it('refuses an absurdly old date of birth', () => {
    const error = expectRefusal(() => when([], { type: 'registerChild', data: { ...registration, dateOfBirth: '1990-01-01' } }), DomainErrorCodes.VALIDATION);
    expect(error.issues?.[0]?.path).toBe('body.dateOfBirth');
  });

  it('adds an invited organisation to the team', () => {
    const events = when([registered], { type: 'addTeamMember', data: { organisationId: 'nhs-trust-1', agency: 'health' } });
    expect(events).toEqual([{ type: 'TeamMemberAdded', data: { childId, organisationId: 'nhs-trust-1', agency: 'health', reason: 'invited' } }]);
    expect(fold(evolveChild, initialChildState(), [registered, ...events]).team.map((m) => m.organisationId)).toEqual([sw.organisationId, 'nhs-trust-1']);
  });

  it('refuses to add an organisation already in the team', () => {
    expectRefusal(() => when([registered], { type: 'addTeamMember', data: { organisationId: sw.organisationId, agency: 'social_care' } }), DomainErrorCodes.RULE, 'ALREADY_IN_TEAM');
  });

  it('refuses to add a team member to a child never registered', () => {
    expectRefusal(() => when([], { type: 'addTeamMember', data: { organisationId: 'x', agency: 'health' } }), DomainErrorCodes.RULE, 'CHILD_NOT_REGISTERED');
  });
});
