import type { EventEnvelope, EventStore, NewEvent } from '@planledger/event-store';
import { IdempotencyConflictError, isWrongExpectedRevision } from '@planledger/event-store';
import { advisersInvitedBy } from '../access/advice-invitations';
import type { AccessContext } from '../access/policy';
import { authorise } from '../access/policy';
import { findCommandHandler } from '../commands/all';
import type { CommandHandler } from '../commands/define-command';
import type { ChildState } from '../deciders/child';
import { initialChildState } from '../deciders/child';
import type { RecordedEvent } from '../deciders/decision';
import { childIdOfStream, childStream, ehcAssessmentStream } from '../deciders/streams';
import type { DomainEvent } from '../events/all';
import { findEventDefinition } from '../events/all';
import { parseStreamId, streamIdOf } from '../events/common';
import type { Caller, CommandRequest, CommandResult, FieldIssue } from './contract';
import { DomainError, DomainErrorCodes } from './contract';
import type { RequestIds } from './ids';
import { requestIds } from './ids';
import { streamAccessFor, type StreamAccess } from './stream-reader';
import { currentRegister } from '../register/register-cache';
import type { OrganisationRegisterState } from '../register/organisation-register';
import { toFieldIssues } from './validation-issues';
import { dateOf } from '../validation/dates';
import { claimNhsNumber } from '../uniqueness/claim-nhs-number';
import { nhsNumberGivenBy, processNhsNumberKey } from '../uniqueness/nhs-number-claims';

export interface ExecuteCommandOptions {
  now?: () => Date;
  /**
   * Backdating, for loading history only (the demo partnership): the events are recorded at this
   * instant (the store's AppendOptions.recordedAt), and the command is judged as if sent then
   * (unless `now` is given). The record API never passes it.
   */
  recordedAt?: string;
  /** How many times to re-read and re-decide when a concurrent writer wins and no If-Match was given. */
  maxAttempts?: number;
  /**
   * The key naming NHS number claim streams (at least 32 bytes). Every process writing one store
   * must use the same key; without one, a random key of this process is used (see processNhsNumberKey).
   */
  nhsNumberKey?: Uint8Array;
  /** How long a claim whose write never landed holds its number (default NHS_NUMBER_CLAIM_GRACE_MS). */
  nhsNumberClaimGraceMs?: number;
  /**
   * Called just before each attempt of the command's append to its target stream: its last write,
   * after any NHS number claim. A loader that must keep appends in order (the demo's) lets the next
   * command write once this append is in the store.
   */
  beforeTargetAppend?: () => void;
}

/** Clocks disagree a little; an occurredAt this far ahead of ours still counts as now. */
const CLOCK_SKEW_MS = 2 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Runs one command: validate, load the target stream and the child's team, authorise, decide,
 * append. Every refusal is a DomainError thrown before anything is written, and every command is
 * exactly one append to one stream, so a crash leaves all of it or none; the one exception is the
 * claim of an NHS number a registration or correction gives a child, appended just before (a claim
 * whose write never lands lapses: see uniqueness/nhs-number-claims.ts).
 */
export async function executeCommand(store: EventStore, request: CommandRequest, options: ExecuteCommandOptions = {}): Promise<CommandResult> {
  const backdatedTo = options.recordedAt;
  const now = options.now ?? (backdatedTo === undefined ? () => new Date() : () => new Date(backdatedTo));
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const handler = findCommandHandler(request.command);
  if (!handler) throw new DomainError(DomainErrorCodes.UNKNOWN_COMMAND, `unknown command ${JSON.stringify(request.command)}`);

  const { params, body, givenOccurredAt, occurredAt, at } = validate(handler, request, now());
  // The request as the caller sent it (occurredAt only if they gave one), so a retry later matches it.
  const asSent = givenOccurredAt === undefined ? body : { ...body, occurredAt: givenOccurredAt };
  const ids = requestIds({ userId: request.caller.userId, command: handler.definition.name, idempotencyKey: request.idempotencyKey, params, body: asSent, correlationId: request.correlationId });
  const target = handler.target(params, body);
  const creates = 'creates' in target;
  const entityId = creates ? ids.streamEntityId : target.entityId;
  const streamId = creates ? streamIdOf(target.creates, entityId) : target.streamId;

  const streams = streamAccessFor(store);
  return streams.queue.run(streamId, async () => {
    let idempotencyConflictSeen = false;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const events = await streams.read(streamId);
      const revision = events.at(-1)?.revision ?? -1;
      const recorded = events.map(toRecorded);
      const register = await currentRegister(store);
      const childId = !handler.concernsChild ? null : creates ? (handler.childOf?.(body) ?? null) : childIdOfStream(recorded);
      const child = await loadChild(streams, childId, streamId, recorded);
      const state = handler.fold(recorded);

      const access: AccessContext = { register, removed: child.removed };
      if (handler.concernsChild && (!creates || handler.childOf)) access.childTeam = child.registered && child.childId ? { childId: child.childId, members: child.team } : null;
      if (parseStreamId(streamId)?.category === 'ehc-assessment') access.invited = advisersInvitedBy(recorded.reduce(ehcAssessmentStream.evolve, ehcAssessmentStream.initial()));
      const writesForAgency = handler.writesForAgency?.({ body, state, events });
      if (writesForAgency !== undefined) access.writesForAgency = writesForAgency;
      const ownedBy = handler.ownedBy?.({ body, state, events });
      if (ownedBy !== undefined) access.ownedBy = ownedBy;
      if (isFounding(register, handler.definition.name, request.caller, body)) access.founding = true;
      authorise(request.caller, handler.definition.name, access);

      if (request.idempotencyKey !== undefined) {
        const replay = replayed(events, ids, streamId);
        if (replay) return withCreated(handler, { ...replay, entityId }, events.find((e) => e.eventId === replay.eventIds[0])?.data);
      }
      if (request.expectedRevision !== undefined && request.expectedRevision !== revision) {
        throw conflict(streamId, revision);
      }

      notBeforeRecordBegan(events, occurredAt);

      const related = new Map<string, EventEnvelope[]>();
      for (const id of handler.related?.(body) ?? []) related.set(id, await streams.read(id));
      const ctx = { caller: request.caller, occurredAt, now: at, newId: ids.entityIds() };
      const decided = handler.decide({ params, body, entityId, streamId, state, events, child, related, register, ctx });
      const toAppend = decided.map((e, i) => toNewEvent(e, ids.eventId(i), occurredAt, request.caller, ids));
      const expected = creates ? -1 : (request.expectedRevision ?? revision);

      // A number given to a child is claimed first; the claim is the only write besides the target stream's.
      const given = nhsNumberGivenBy(decided);
      if (given) {
        await claimNhsNumber(
          { ...given, childRevision: expected },
          {
            store,
            streams,
            key: options.nhsNumberKey ?? processNhsNumberKey(),
            caller: request.caller,
            correlationId: ids.correlationId,
            causationId: ids.causationId,
            now: at,
            occurredAt,
            ...(options.nhsNumberClaimGraceMs !== undefined ? { graceMs: options.nhsNumberClaimGraceMs } : {}),
            ...(backdatedTo !== undefined ? { appendOptions: { recordedAt: backdatedTo } } : {}),
          },
        );
      }

      try {
        options.beforeTargetAppend?.();
        const result = await store.append(streamId, toAppend, expected === -1 ? 'no_stream' : expected, backdatedTo === undefined ? undefined : { recordedAt: backdatedTo });
        return withCreated(handler, {
          streamId,
          entityId,
          revision: result.nextExpectedRevision,
          eventIds: result.events.map((e) => e.eventId),
          globalPosition: result.lastGlobalPosition,
          replayed: false,
        }, toAppend[0]?.data);
      } catch (error) {
        if (isWrongExpectedRevision(error)) {
          if (request.expectedRevision !== undefined) throw conflict(streamId, error.actual);
          continue;
        }
        if (error instanceof IdempotencyConflictError) {
          // A concurrent retry of the same request may have won: re-read once and let the replay check answer.
          if (request.idempotencyKey !== undefined && !idempotencyConflictSeen) {
            idempotencyConflictSeen = true;
            continue;
          }
          throw keyReused();
        }
        throw error;
      }
    }
    throw conflict(streamId, await store.streamRevision(streamId));
  });
}

/**
 * The register starts empty, so the first write founds it: a partnership administrator registering
 * its own organisation as the partnership office, of its own agency. Nothing else is accepted until then.
 */
function isFounding(register: OrganisationRegisterState, command: string, caller: Caller, body: Record<string, unknown>): boolean {
  return (
    register.organisations.size === 0 &&
    command === 'registerOrganisation' &&
    caller.role === 'partnership_administrator' &&
    body['organisationId'] === caller.organisationId &&
    body['agency'] === caller.agency &&
    body['kind'] === 'partnership_office'
  );
}

function validate(handler: CommandHandler, request: CommandRequest, at: Date) {
  const issues: FieldIssue[] = [];
  const params = handler.definition.params.safeParse(request.params ?? {});
  if (!params.success) issues.push(...toFieldIssues('params', params.error));
  const body = handler.definition.body.safeParse(request.body);
  if (!body.success) issues.push(...toFieldIssues('body', body.error));
  if (!params.success || !body.success) throw new DomainError(DomainErrorCodes.VALIDATION, 'the request is not valid', { issues });
  const { occurredAt: given, ...rest } = body.data as { occurredAt?: string };
  if (given !== undefined && Date.parse(given) > at.getTime() + CLOCK_SKEW_MS) {
    throw new DomainError(DomainErrorCodes.VALIDATION, 'the request is not valid', { issues: [{ path: 'body.occurredAt', message: 'must not be in the future' }] });
  }
  return { params: params.data, body: rest as Record<string, unknown>, givenOccurredAt: given, occurredAt: given ?? at.toISOString(), at };
}

function withCreated(handler: CommandHandler, result: CommandResult, firstEventData: unknown): CommandResult {
  if (!handler.created || typeof firstEventData !== 'object' || firstEventData === null) return result;
  return { ...result, created: handler.created(firstEventData as Record<string, unknown>) };
}

/** No fact is dated (as a calendar date in England) before the record it belongs to began. */
function notBeforeRecordBegan(events: readonly EventEnvelope[], occurredAt: string): void {
  const first = events[0];
  if (!first) return;
  const began = dateOf(first.occurredAt);
  const day = dateOf(occurredAt);
  if (day < began) {
    throw new DomainError(DomainErrorCodes.RULE, `this is dated ${day}, before the record it belongs to began on ${began}`, { rule: 'BEFORE_RECORD_BEGAN' });
  }
}

async function loadChild(streams: StreamAccess, childId: string | null, targetStreamId: string, targetEvents: readonly RecordedEvent[]): Promise<ChildState> {
  if (childId === null) return initialChildState();
  const childStreamId = streamIdOf('child', childId);
  const events = childStreamId === targetStreamId ? targetEvents : (await streams.read(childStreamId)).map(toRecorded);
  return events.reduce(childStream.evolve, childStream.initial());
}

/** The earlier answer to this Idempotency-Key, when its events are already in the stream. */
function replayed(events: readonly EventEnvelope[], ids: RequestIds, streamId: string): Omit<CommandResult, 'entityId'> | null {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const first = byId.get(ids.eventId(0));
  if (!first) return null;
  if (first.causationId !== ids.causationId) throw keyReused();
  const written: EventEnvelope[] = [];
  for (let i = 0, e = first; e; e = byId.get(ids.eventId(++i))!) written.push(e);
  const last = written.at(-1)!;
  return { streamId, revision: last.revision, eventIds: written.map((e) => e.eventId), globalPosition: last.globalPosition, replayed: true };
}

function toNewEvent(event: DomainEvent, eventId: string, occurredAt: string, caller: Caller, ids: RequestIds): NewEvent {
  const definition = findEventDefinition(event.type);
  if (!definition) throw new Error(`no event definition for ${event.type}`);
  const parsed = definition.data.safeParse(event.data);
  // A decider producing an event its own schema rejects is a defect, not a refusal: fail loudly, write nothing.
  if (!parsed.success) throw new Error(`decided ${event.type} does not match its schema: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return {
    eventId,
    type: event.type,
    schemaVersion: definition.schemaVersion,
    occurredAt,
    actor: { userId: caller.userId, role: caller.role, agency: caller.agency, organisationId: caller.organisationId },
    correlationId: ids.correlationId,
    causationId: ids.causationId,
    data: parsed.data,
  };
}

export function toRecorded(envelope: EventEnvelope): RecordedEvent {
  return { type: envelope.type, data: envelope.data, eventId: envelope.eventId, actor: envelope.actor } as RecordedEvent;
}

const conflict = (streamId: string, currentRevision: number) =>
  new DomainError(DomainErrorCodes.CONFLICT, `stream ${streamId} has moved on: it is at revision ${currentRevision}`, { currentRevision });

const keyReused = () => new DomainError(DomainErrorCodes.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was already used for a different request');
