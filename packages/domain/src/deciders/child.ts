import type { Agency } from '../application/contract';
import type { ChildRegisteredData, TeamMember } from '../events/child';
import { ageOn, dateOf } from '../validation/dates';
import type { DecisionContext, RecordedEvent } from './decision';
import { invalid, refuse } from './decision';
import type { DomainEvent } from '../events/all';

export interface ChildState {
  registered: boolean;
  childId: string | null;
  dateOfBirth: string | null;
  team: TeamMember[];
}

export const initialChildState = (): ChildState => ({ registered: false, childId: null, dateOfBirth: null, team: [] });

/** Oldest a child or young person on the record can be: EHC plans run to 25; beyond this a date is a typo. */
export const MAX_AGE_YEARS = 30;

export type ChildCommand =
  | { type: 'registerChild'; data: Omit<ChildRegisteredData, 'registeringOrganisation'> }
  | { type: 'addTeamMember'; data: { organisationId: string; agency: Agency } };

export function evolveChild(state: ChildState, event: RecordedEvent): ChildState {
  switch (event.type) {
    case 'ChildRegistered':
      return { registered: true, childId: event.data.childId, dateOfBirth: event.data.dateOfBirth, team: [event.data.registeringOrganisation] };
    case 'TeamMemberAdded':
      if (state.team.some((m) => m.organisationId === event.data.organisationId)) return state;
      return { ...state, team: [...state.team, { organisationId: event.data.organisationId, agency: event.data.agency }] };
    case 'EventCorrected':
      if (event.data.correctedEventType === 'ChildRegistered' && typeof event.data.correctedData['dateOfBirth'] === 'string') {
        return { ...state, dateOfBirth: event.data.correctedData['dateOfBirth'] };
      }
      return state;
    default:
      return state;
  }
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
  }
}
