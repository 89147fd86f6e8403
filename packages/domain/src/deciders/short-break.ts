import type { DomainEvent } from '../events/all';
import type { GrantedShortBreak, ShortBreakDecidedData, ShortBreakEndedData, ShortBreakReviewedData } from '../events/short-break';
import { dateOf } from '../validation/dates';
import type { DecisionContext, RecordedEvent } from './decision';
import { refuse } from './decision';

export interface ShortBreakState {
  status: 'not_requested' | 'requested' | 'decided' | 'ended';
  shortBreakId: string | null;
  childId: string | null;
  route: 'local_offer' | 'self_assessment' | 'social_care_assessment' | null;
  outcome: ShortBreakDecidedData['outcome'] | null;
}

export const initialShortBreakState = (): ShortBreakState => ({ status: 'not_requested', shortBreakId: null, childId: null, route: null, outcome: null });

export type ShortBreakCommand =
  | { type: 'requestShortBreak'; data: { shortBreakId: string; childId: string; route: NonNullable<ShortBreakState['route']>; summary?: string | undefined } }
  | {
      type: 'decideShortBreak';
      data: Pick<ShortBreakDecidedData, 'outcome' | 'granted' | 'eligibilityCriteriaVersion' | 'shortBreaksStatementVersion' | 'reasons'>;
    }
  | { type: 'reviewShortBreak'; data: Pick<ShortBreakReviewedData, 'conclusion' | 'summary' | 'nextReviewOn'> }
  | { type: 'challengeShortBreak'; data: { kind: 'appeal' | 'complaint'; grounds: string } }
  | { type: 'endShortBreak'; data: Pick<ShortBreakEndedData, 'reason' | 'detail'> };

export function evolveShortBreak(state: ShortBreakState, event: RecordedEvent): ShortBreakState {
  switch (event.type) {
    case 'ShortBreakRequested':
      return { ...state, status: 'requested', shortBreakId: event.data.shortBreakId, childId: event.data.childId, route: event.data.route };
    case 'ShortBreakDecided':
      return { ...state, status: 'decided', outcome: event.data.outcome };
    case 'ShortBreakEnded':
      return { ...state, status: 'ended' };
    default:
      return state;
  }
}

/** Overnight breaks are counted in nights, the rest in hours; a direct payment may buy either. */
function unitFits(grant: GrantedShortBreak): boolean {
  if (grant.type === 'overnight') return grant.unit === 'nights_per_year';
  if (grant.type === 'direct_payment') return true;
  return grant.unit === 'hours_per_year';
}

function current(state: ShortBreakState) {
  if (state.status === 'not_requested' || !state.shortBreakId || !state.childId || !state.route) refuse('SHORT_BREAK_NOT_REQUESTED', 'no short break was requested');
  if (state.status === 'ended') refuse('SHORT_BREAK_ENDED', 'the short break has ended');
  return { ids: { shortBreakId: state.shortBreakId, childId: state.childId }, route: state.route };
}

export function decideShortBreak(command: ShortBreakCommand, state: ShortBreakState, ctx: DecisionContext): DomainEvent[] {
  const today = dateOf(ctx.occurredAt);
  if (command.type === 'requestShortBreak') {
    if (state.status !== 'not_requested') refuse('SHORT_BREAK_ALREADY_REQUESTED', 'the short break was already requested');
    return [{ type: 'ShortBreakRequested', data: { ...command.data, requestedOn: today } }];
  }
  const { ids, route } = current(state);
  switch (command.type) {
    case 'decideShortBreak': {
      if (state.status === 'decided') refuse('ALREADY_DECIDED', 'the short break is already decided');
      const { outcome, granted } = command.data;
      if (outcome === 'declined' && granted.length > 0) refuse('GRANT_WITH_DECLINE', 'a declined request grants nothing');
      if (outcome !== 'declined' && granted.length === 0) refuse('NOTHING_GRANTED', 'an approval says what is granted');
      const misfit = granted.find((g) => !unitFits(g));
      if (misfit) refuse('UNIT_NOT_FOR_TYPE', `${misfit.type} is not counted in ${misfit.unit}`);
      return [
        {
          type: 'ShortBreakDecided',
          data: { ...ids, route, ...command.data, decisionMaker: { userId: ctx.caller.userId, role: ctx.caller.role }, decidedOn: today },
        },
      ];
    }
    case 'reviewShortBreak':
      if (state.status !== 'decided') refuse('SHORT_BREAK_NOT_DECIDED', 'a short break is reviewed after it is decided');
      if (command.data.nextReviewOn !== undefined && command.data.nextReviewOn <= today) refuse('NEXT_REVIEW_NOT_AFTER_REVIEW', 'the next review must be after this one');
      return [{ type: 'ShortBreakReviewed', data: { ...ids, reviewedOn: today, ...command.data } }];
    case 'challengeShortBreak': {
      if (command.data.kind === 'appeal') {
        if (state.status !== 'decided') refuse('SHORT_BREAK_NOT_DECIDED', 'an appeal is against a decision');
        if (state.outcome === 'approved') refuse('NOTHING_TO_APPEAL', 'an approval in full cannot be appealed; make a complaint instead');
        return [{ type: 'ShortBreakAppealed', data: { ...ids, madeOn: today, grounds: command.data.grounds } }];
      }
      return [{ type: 'ShortBreakComplaintMade', data: { ...ids, madeOn: today, grounds: command.data.grounds } }];
    }
    case 'endShortBreak':
      return [{ type: 'ShortBreakEnded', data: { ...ids, endedOn: today, ...command.data } }];
  }
}
