import type { Agency } from '../application/contract';
import type { ChildRegisteredData, TeamMember } from '../events/child';
import { ageOn, dateOf } from '../validation/dates';
import { isValidNhsNumber } from '../validation/nhs-number';
import { isValidUpn } from '../validation/upn';
import type { DecisionContext, RecordedEvent } from './decision';
import { invalid, refuse } from './decision';
import type { DomainEvent } from '../events/all';

export interface ChildState {
  registered: boolean;
  childId: string | null;
  dateOfBirth: string | null;
  /** The NHS number the record carries now (as registered, or as last corrected). */
  nhsNumber: string | null;
  team: TeamMember[];
  /** Organisations removed from the team and not added again: outsiders, whatever invited them before. */
  removed: ReadonlySet<string>;
}

export const initialChildState = (): ChildState => ({ registered: false, childId: null, dateOfBirth: null, nhsNumber: null, team: [], removed: new Set() });

/** Oldest a child or young person on the record can be: EHC plans run to 25; beyond this a date is a typo. */
export const MAX_AGE_YEARS = 30;

export type ChildCommand =
  | { type: 'registerChild'; data: Omit<ChildRegisteredData, 'registeringOrganisation'> }
  | { type: 'addTeamMember'; data: { organisationId: string; agency: Agency } }
  | { type: 'removeTeamMember'; data: { organisationId: string; reason: string } };

export function evolveChild(state: ChildState, event: RecordedEvent): ChildState {
  switch (event.type) {
    case 'ChildRegistered':
      return {
        registered: true,
        childId: event.data.childId,
        dateOfBirth: event.data.dateOfBirth,
        nhsNumber: event.data.nhsNumber ?? null,
        team: [event.data.registeringOrganisation],
        removed: new Set(),
      };
    case 'TeamMemberAdded': {
      const removed = withoutOrganisation(state.removed, event.data.organisationId);
      if (state.team.some((m) => m.organisationId === event.data.organisationId)) return { ...state, removed };
      return { ...state, removed, team: [...state.team, { organisationId: event.data.organisationId, agency: event.data.agency }] };
    }
    case 'TeamMemberRemoved':
      return { ...state, team: state.team.filter((m) => m.organisationId !== event.data.organisationId), removed: new Set([...state.removed, event.data.organisationId]) };
    case 'EventCorrected':
      if (event.data.correctedEventType === 'ChildRegistered') {
        // correctedData is the whole corrected event, so a field it lacks is one the record no longer carries.
        const { dateOfBirth, nhsNumber } = event.data.correctedData;
        return { ...state, dateOfBirth: typeof dateOfBirth === 'string' ? dateOfBirth : state.dateOfBirth, nhsNumber: typeof nhsNumber === 'string' ? nhsNumber : null };
      }
      return state;
    default:
      return state;
  }
}

function withoutOrganisation(set: ReadonlySet<string>, organisationId: string): ReadonlySet<string> {
  if (!set.has(organisationId)) return set;
  const copy = new Set(set);
  copy.delete(organisationId);
  return copy;
}

/** An NHS number as people write it ("943 476 5919", "943-476-5919") to the ten digits the record stores. */
export const normaliseNhsNumber = (value: string): string => value.replace(/[\s-]/g, '');

/**
 * The changes a correction of a registration names, held to the rules registration holds them to:
 * an NHS number written with spaces is stored as its ten digits, and both numbers need their check digit or letter.
 */
export function registrationChanges(changes: Record<string, unknown>): Record<string, unknown> {
  const result = { ...changes };
  if (typeof result['nhsNumber'] === 'string') {
    result['nhsNumber'] = normaliseNhsNumber(result['nhsNumber']);
    if (!isValidNhsNumber(result['nhsNumber'] as string)) invalid('body.correctedData.nhsNumber', 'not a valid NHS number (10 digits with a modulus 11 check digit)');
  }
  if (typeof result['upn'] === 'string' && !isValidUpn(result['upn'])) invalid('body.correctedData.upn', 'not a valid UPN (13 characters with a check letter)');
  return result;
}

/** Date-of-birth bounds depend on today, so they are checked here rather than in the body schema. */
export function checkDateOfBirth(dateOfBirth: string, now: Date, path = 'body.dateOfBirth'): void {
  const today = now.toISOString().slice(0, 10);
  if (dateOfBirth > today) invalid(path, 'must not be in the future');
  if (ageOn(dateOfBirth, today) > MAX_AGE_YEARS) invalid(path, `must be within the last ${MAX_AGE_YEARS} years`);
}

export function decideChild(command: ChildCommand, state: ChildState, ctx: DecisionContext): DomainEvent[] {
  switch (command.type) {
    case 'registerChild': {
      if (state.registered) refuse('CHILD_ALREADY_REGISTERED', 'the child is already registered');
      checkDateOfBirth(command.data.dateOfBirth, ctx.now);
      if (command.data.dateOfBirth > dateOf(ctx.occurredAt)) invalid('body.dateOfBirth', 'must not be after the registration');
      return [
        {
          type: 'ChildRegistered',
          data: { ...command.data, registeringOrganisation: { organisationId: ctx.caller.organisationId, agency: ctx.caller.agency } },
        },
      ];
    }
    case 'addTeamMember': {
      if (!state.registered || !state.childId) refuse('CHILD_NOT_REGISTERED', 'the child is not registered');
      if (state.team.some((m) => m.organisationId === command.data.organisationId)) refuse('ALREADY_IN_TEAM', 'the organisation is already in the child\'s team');
      return [{ type: 'TeamMemberAdded', data: { childId: state.childId, ...command.data, reason: 'invited' } }];
    }
    case 'removeTeamMember': {
      if (!state.registered || !state.childId) refuse('CHILD_NOT_REGISTERED', 'the child is not registered');
      const member = state.team.find((m) => m.organisationId === command.data.organisationId);
      if (!member) refuse('NOT_IN_TEAM', 'the organisation is not in the child\'s team');
      if (state.team.length === 1) refuse('LAST_TEAM_MEMBER', 'the child\'s last team member cannot be removed');
      return [{ type: 'TeamMemberRemoved', data: { childId: state.childId, organisationId: member.organisationId, agency: member.agency, reason: command.data.reason } }];
    }
  }
}
