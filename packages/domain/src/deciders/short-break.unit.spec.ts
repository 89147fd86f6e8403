import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import type { DomainEvent } from '../events/all';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import { fold } from './decision';
import type { ShortBreakCommand } from './short-break';
import { decideShortBreak, evolveShortBreak, initialShortBreakState } from './short-break';

const childId = entityId(100);
const shortBreakId = entityId(400);
const ids = { shortBreakId, childId };
const manager = callerFor('team_manager');
const requested: DomainEvent = { type: 'ShortBreakRequested', data: { ...ids, route: 'local_offer', requestedOn: '2025-05-01' } };
const decision = {
  outcome: 'partly_approved' as const,
  granted: [
    { type: 'overnight' as const, amount: 24, unit: 'nights_per_year' as const },
    { type: 'direct_payment' as const, amount: 100, unit: 'hours_per_year' as const },
  ],
  eligibilityCriteriaVersion: 'criteria-2024',
  shortBreaksStatementVersion: 'statement-2025-01',
  reasons: 'Needs met in part by school holiday scheme',
};
const decided = (outcome: 'approved' | 'partly_approved' | 'declined' = 'partly_approved'): DomainEvent => ({
  type: 'ShortBreakDecided',
  data: { ...ids, route: 'local_offer', ...decision, outcome, decisionMaker: { userId: manager.userId, role: 'team_manager' }, decidedOn: '2025-05-20' },
});
const ended: DomainEvent = { type: 'ShortBreakEnded', data: { ...ids, endedOn: '2025-05-30', reason: 'moved_area' } };

const when = (given: DomainEvent[], command: ShortBreakCommand) => decideShortBreak(command, fold(evolveShortBreak, initialShortBreakState(), given), contextFor(manager));

describe('short-break decider', () => {
  it('records a request with its route', () => {
    expect(when([], { type: 'requestShortBreak', data: { ...ids, route: 'self_assessment' } })).toEqual([
      { type: 'ShortBreakRequested', data: { ...ids, route: 'self_assessment', requestedOn: '2025-06-02' } },
    ]);
    expectRefusal(() => when([requested], { type: 'requestShortBreak', data: { ...ids, route: 'self_assessment' } }), DomainErrorCodes.RULE, 'SHORT_BREAK_ALREADY_REQUESTED');
  });

  it('decides a request, naming the decision maker and the route', () => {
    expect(when([requested], { type: 'decideShortBreak', data: decision })).toEqual([{ ...decided(), data: { ...decided().data, decidedOn: '2025-06-02' } }]);
  });

  it('refuses a decision on a short break never requested, or decided already, or ended', () => {
    expectRefusal(() => when([], { type: 'decideShortBreak', data: decision }), DomainErrorCodes.RULE, 'SHORT_BREAK_NOT_REQUESTED');
    expectRefusal(() => when([requested, decided()], { type: 'decideShortBreak', data: decision }), DomainErrorCodes.RULE, 'ALREADY_DECIDED');
    expectRefusal(() => when([requested, ended], { type: 'decideShortBreak', data: decision }), DomainErrorCodes.RULE, 'SHORT_BREAK_ENDED');
  });

  it('refuses grants that contradict the outcome or count in the wrong unit', () => {
    expectRefusal(() => when([requested], { type: 'decideShortBreak', data: { ...decision, outcome: 'declined' } }), DomainErrorCodes.RULE, 'GRANT_WITH_DECLINE');
    expectRefusal(() => when([requested], { type: 'decideShortBreak', data: { ...decision, outcome: 'approved', granted: [] } }), DomainErrorCodes.RULE, 'NOTHING_GRANTED');
    expectRefusal(
      () => when([requested], { type: 'decideShortBreak', data: { ...decision, granted: [{ type: 'overnight', amount: 10, unit: 'hours_per_year' }] } }),
      DomainErrorCodes.RULE,
      'UNIT_NOT_FOR_TYPE',
    );
    expect(when([requested], { type: 'decideShortBreak', data: { ...decision, outcome: 'declined', granted: [] } })[0]?.type).toBe('ShortBreakDecided');
  });

  it('reviews a decided short break', () => {
    expect(when([requested, decided()], { type: 'reviewShortBreak', data: { conclusion: 'continue', summary: 'ok', nextReviewOn: '2026-06-01' } })).toEqual([
      { type: 'ShortBreakReviewed', data: { ...ids, reviewedOn: '2025-06-02', conclusion: 'continue', summary: 'ok', nextReviewOn: '2026-06-01' } },
    ]);
    expectRefusal(() => when([requested], { type: 'reviewShortBreak', data: { conclusion: 'continue', summary: 'ok' } }), DomainErrorCodes.RULE, 'SHORT_BREAK_NOT_DECIDED');
    expectRefusal(() => when([requested, decided()], { type: 'reviewShortBreak', data: { conclusion: 'continue', summary: 'ok', nextReviewOn: '2025-01-01' } }), DomainErrorCodes.RULE, 'NEXT_REVIEW_NOT_AFTER_REVIEW');
  });

  it('records an appeal against a decision that did not grant everything, and a complaint at any time', () => {
    expect(when([requested, decided('declined')], { type: 'challengeShortBreak', data: { kind: 'appeal', grounds: 'g' } })).toEqual([
      { type: 'ShortBreakAppealed', data: { ...ids, madeOn: '2025-06-02', grounds: 'g' } },
    ]);
    expect(when([requested], { type: 'challengeShortBreak', data: { kind: 'complaint', grounds: 'slow' } })[0]?.type).toBe('ShortBreakComplaintMade');
    expectRefusal(() => when([requested], { type: 'challengeShortBreak', data: { kind: 'appeal', grounds: 'g' } }), DomainErrorCodes.RULE, 'SHORT_BREAK_NOT_DECIDED');
    expectRefusal(() => when([requested, decided('approved')], { type: 'challengeShortBreak', data: { kind: 'appeal', grounds: 'g' } }), DomainErrorCodes.RULE, 'NOTHING_TO_APPEAL');
  });

  it('ends once', () => {
    expect(when([requested, decided()], { type: 'endShortBreak', data: { reason: 'moved_area' } })).toEqual([{ ...ended, data: { ...ended.data, endedOn: '2025-06-02' } }]);
    expectRefusal(() => when([requested, ended], { type: 'endShortBreak', data: { reason: 'moved_area' } }), DomainErrorCodes.RULE, 'SHORT_BREAK_ENDED');
  });
});
