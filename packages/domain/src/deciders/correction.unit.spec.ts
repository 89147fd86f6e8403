import { describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import { callerFor } from '../testing/fixtures';
import { contextFor, entityId, expectRefusal } from '../testing/given-when-then';
import type { CorrectionCommand } from './correction';
import { agencyOfCorrectedEvent, ownerOfEvent, decideCorrection, evolveCorrection, initialCorrectionState } from './correction';
import type { RecordedEvent } from './decision';
import { fold } from './decision';

const childId = entityId(100);
const planId = entityId(200);
const streamId = `family-help-plan-${planId}`;
const ids = { planId, childId };
const health = callerFor('health_practitioner');
const sw = callerFor('social_worker');
const actor = (c: typeof health) => ({ userId: c.userId, role: c.role, agency: c.agency, organisationId: c.organisationId });
const contributionId = entityId(7);
const contributionData = { ...ids, contributionId, agency: 'health' as const, organisationId: health.organisationId, support: 'Sleep clinic', frequency: 'monthly', from: '2025-06-01' };
const given: RecordedEvent[] = [
  { eventId: entityId(1), type: 'FamilyHelpPlanOpened', data: { ...ids, planType: 'child_in_need', leadPractitioner: { userId: sw.userId, name: 'Sam', organisationId: sw.organisationId, agency: 'social_care' } }, actor: actor(sw) },
  { eventId: entityId(2), type: 'AgencyContributionRecorded', data: contributionData, actor: actor(health) },
  { eventId: entityId(3), type: 'NeedRecorded', data: { ...ids, needId: entityId(8), description: 'Sleep' }, actor: actor(sw) },
];
const state = (events = given) => fold(evolveCorrection, initialCorrectionState(), events);
const when = (command: CorrectionCommand, caller = health, events = given) => decideCorrection(command, state(events), contextFor(caller));
const correct = (correctedEventId: string, correctedData: Record<string, unknown>): CorrectionCommand => ({ type: 'correctEvent', data: { streamId, correctedEventId, reason: 'Typo in frequency', correctedData } });
const withdraw = (withdrawnEventId: string): CorrectionCommand => ({ type: 'withdrawContribution', data: { streamId, withdrawnEventId, reason: 'Entered on the wrong child' } });

describe('correction decider', () => {
  it('corrects an event with data valid for its type, naming the event and the reason', () => {
    const correctedData = { ...contributionData, frequency: 'fortnightly' };
    expect(when(correct(entityId(2), correctedData))).toEqual([
      { type: 'EventCorrected', data: { childId, streamId, correctedEventId: entityId(2), correctedEventType: 'AgencyContributionRecorded', reason: 'Typo in frequency', correctedData, changedFields: ['frequency'] } },
    ]);
  });

  it('takes a correction that names only the fields it changes, keeping the rest, and refuses one that changes nothing', () => {
    expect(when(correct(entityId(2), { frequency: 'fortnightly' }))).toEqual([
      {
        type: 'EventCorrected',
        data: { childId, streamId, correctedEventId: entityId(2), correctedEventType: 'AgencyContributionRecorded', reason: 'Typo in frequency', correctedData: { ...contributionData, frequency: 'fortnightly' }, changedFields: ['frequency'] },
      },
    ]);
    expectRefusal(() => when(correct(entityId(2), { frequency: contributionData.frequency })), DomainErrorCodes.RULE, 'CORRECTION_CHANGES_NOTHING');
  });

  it('names the agency that wrote the event, for the access policy', () => {
    expect(agencyOfCorrectedEvent(state(), entityId(2))).toBe('health');
    expect(agencyOfCorrectedEvent(state(), entityId(99))).toBeUndefined();
  });

  it('refuses to correct an event the stream does not hold', () => {
    expectRefusal(() => when(correct(entityId(99), contributionData)), DomainErrorCodes.RULE, 'CORRECTED_EVENT_NOT_FOUND');
  });

  it('names the organisation that wrote the event, for the ownership rule of the access policy', () => {
    expect(ownerOfEvent(state(), entityId(2))?.eventType).toBe('AgencyContributionRecorded');
    expect(ownerOfEvent(state(), entityId(99))).toBeUndefined();
  });

  it('refuses corrected data that does not fit the event, naming the fields', () => {
    const error = expectRefusal(() => when(correct(entityId(2), { ...contributionData, from: 'soon', colour: 'red' })), DomainErrorCodes.VALIDATION);
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['body.correctedData.colour', 'body.correctedData.from']);
  });

  it('refuses a correction that changes which records the event belongs to', () => {
    expectRefusal(() => when(correct(entityId(2), { ...contributionData, planId: entityId(201) })), DomainErrorCodes.RULE, 'CORRECTION_CHANGES_IDENTITY');
  });

  it('withdraws a contribution, after which it cannot be corrected or withdrawn again', () => {
    const withdrawn = when(withdraw(entityId(2)));
    expect(withdrawn).toEqual([
      { type: 'ContributionWithdrawn', data: { childId, streamId, withdrawnEventId: entityId(2), withdrawnEventType: 'AgencyContributionRecorded', reason: 'Entered on the wrong child' } },
    ]);
    const after = [...given, { ...withdrawn[0]!, eventId: entityId(4), actor: actor(health) } as RecordedEvent];
    expectRefusal(() => when(withdraw(entityId(2)), health, after), DomainErrorCodes.RULE, 'EVENT_WITHDRAWN');
    expectRefusal(() => when(correct(entityId(2), contributionData), health, after), DomainErrorCodes.RULE, 'EVENT_WITHDRAWN');
  });

  it('withdraws only contributions and advice', () => {
    expectRefusal(() => when(withdraw(entityId(3)), sw), DomainErrorCodes.RULE, 'NOT_A_CONTRIBUTION');
  });

  it('refuses to correct a correction', () => {
    const corrected: RecordedEvent = { eventId: entityId(5), type: 'EventCorrected', data: { childId, streamId, correctedEventId: entityId(2), correctedEventType: 'AgencyContributionRecorded', reason: 'r', correctedData: contributionData }, actor: actor(health) };
    expectRefusal(() => when(correct(entityId(5), {}), health, [...given, corrected]), DomainErrorCodes.FORBIDDEN, 'EVENT_NOT_CORRECTABLE');
  });
});
