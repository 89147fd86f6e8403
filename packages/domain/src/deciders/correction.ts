import type { Agency } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import { toFieldIssues } from '../application/validation-issues';
import type { DomainEvent } from '../events/all';
import { findEventDefinition } from '../events/all';
import type { DecisionContext, RecordedEvent } from './decision';
import { forbid, refuse } from './decision';
import { registrationChanges } from './child';

/** What a correction needs to know about each event of the stream it corrects. */
export interface CorrectableEvent {
  eventId: string;
  type: string;
  agency: string | null;
  organisationId: string | null;
  data: Record<string, unknown>;
  withdrawn: boolean;
}

export interface CorrectionState {
  childId: string | null;
  events: Record<string, CorrectableEvent>;
}

export const initialCorrectionState = (): CorrectionState => ({ childId: null, events: {} });

/** Events that record one agency's contribution and so may be withdrawn. */
export const withdrawableEventTypes = ['AgencyContributionRecorded', 'AdviceSubmitted'] as const;
const uncorrectable = new Set(['EventCorrected', 'ContributionWithdrawn', 'QualityAuditRecorded', 'AuditModerated']);

export type CorrectionCommand =
  | { type: 'correctEvent'; data: { streamId: string; correctedEventId: string; reason: string; correctedData: Record<string, unknown> } }
  | { type: 'withdrawContribution'; data: { streamId: string; withdrawnEventId: string; reason: string } };

export function evolveCorrection(state: CorrectionState, event: RecordedEvent): CorrectionState {
  const childId = state.childId ?? ((event.data as { childId?: unknown }).childId as string | undefined) ?? null;
  if (event.type === 'ContributionWithdrawn') {
    const target = state.events[event.data.withdrawnEventId];
    return target ? { childId, events: { ...state.events, [target.eventId]: { ...target, withdrawn: true } } } : { ...state, childId };
  }
  if (!event.eventId) return { ...state, childId };
  const entry: CorrectableEvent = { eventId: event.eventId, type: event.type, agency: event.actor?.agency ?? null, organisationId: event.actor?.organisationId ?? null, data: event.data as Record<string, unknown>, withdrawn: false };
  return { childId, events: { ...state.events, [event.eventId]: entry } };
}

/** The agency that wrote the event a correction names: only that agency may correct or withdraw it. */
export function agencyOfCorrectedEvent(state: CorrectionState, eventId: string): Agency | undefined {
  const agency = state.events[eventId]?.agency;
  return agency === 'education' || agency === 'health' || agency === 'social_care' ? agency : undefined;
}

/** The organisation that wrote the event a correction names: only it may correct or withdraw it (see ownershipExceptions). */
export function ownerOfEvent(state: CorrectionState, eventId: string): { organisationId: string; eventType: string } | undefined {
  const event = state.events[eventId];
  return event?.organisationId ? { organisationId: event.organisationId, eventType: event.type } : undefined;
}

// Who may correct what (the writing organisation, and the exceptions) is the access policy's: authorise runs first.
function target(state: CorrectionState, eventId: string): CorrectableEvent & { childId: string } {
  const event = state.events[eventId];
  if (!event || !state.childId) refuse('CORRECTED_EVENT_NOT_FOUND', 'the stream holds no such event');
  if (uncorrectable.has(event.type)) forbid('EVENT_NOT_CORRECTABLE', `${event.type} events are not corrected this way`);
  if (event.withdrawn) refuse('EVENT_WITHDRAWN', 'the event has been withdrawn');
  return { ...event, childId: state.childId };
}

export function decideCorrection(command: CorrectionCommand, state: CorrectionState, _ctx: DecisionContext): DomainEvent[] {
  if (command.type === 'withdrawContribution') {
    const event = target(state, command.data.withdrawnEventId);
    if (!(withdrawableEventTypes as readonly string[]).includes(event.type)) refuse('NOT_A_CONTRIBUTION', 'only contributions and advice are withdrawn');
    return [{ type: 'ContributionWithdrawn', data: { childId: event.childId, streamId: command.data.streamId, withdrawnEventId: event.eventId, withdrawnEventType: event.type, reason: command.data.reason } }];
  }
  const event = target(state, command.data.correctedEventId);
  const definition = findEventDefinition(event.type);
  if (!definition) refuse('EVENT_NOT_CORRECTABLE', `${event.type} has no schema to correct against`);
  // The caller names only what changes; everything else is the corrected event's own data.
  const changes = event.type === 'ChildRegistered' ? registrationChanges(command.data.correctedData) : command.data.correctedData;
  const parsed = definition.data.safeParse({ ...event.data, ...changes });
  if (!parsed.success) {
    const issues = toFieldIssues('body', parsed.error).map((i) => ({ ...i, path: i.path.replace(/^body/, 'body.correctedData') }));
    throw new DomainError(DomainErrorCodes.VALIDATION, 'the corrected data does not fit the corrected event', { issues });
  }
  const corrected = parsed.data as Record<string, unknown>;
  // Ids tie the event to its child, plan and sub-records; a correction changes content, never identity.
  const changedIds = Object.keys(event.data).filter((k) => k.endsWith('Id') && event.data[k] !== corrected[k]);
  if (changedIds.length > 0) refuse('CORRECTION_CHANGES_IDENTITY', `a correction cannot change ${changedIds.join(', ')}`);
  const changedFields = [...new Set([...Object.keys(event.data), ...Object.keys(corrected)])].filter((k) => JSON.stringify(event.data[k]) !== JSON.stringify(corrected[k])).sort();
  if (changedFields.length === 0) refuse('CORRECTION_CHANGES_NOTHING', 'the correction changes no field');
  return [
    {
      type: 'EventCorrected',
      data: { childId: event.childId, streamId: command.data.streamId, correctedEventId: event.eventId, correctedEventType: event.type, reason: command.data.reason, correctedData: corrected, changedFields },
    },
  ];
}
