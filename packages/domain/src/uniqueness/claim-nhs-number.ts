import type { AppendOptions, EventStore, NewEvent } from '@planledger/event-store';
import { isWrongExpectedRevision } from '@planledger/event-store';
import { v5 } from 'uuid';
import { canRead } from '../access/policy';
import type { Caller } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import type { StreamAccess } from '../application/stream-reader';
import { childStream } from '../deciders/streams';
import type { RecordedEvent } from '../deciders/decision';
import { NhsNumberClaimed, NhsNumberClaimLapsed, type NhsNumberClaimedData } from '../events/nhs-number-claim';
import { streamIdOf } from '../events/common';
import { judgeClaim, nhsNumberClaimStreamId, type ClaimRequest } from './nhs-number-claims';

export interface ClaimContext {
  store: EventStore;
  streams: StreamAccess;
  key: Uint8Array;
  caller: Caller;
  correlationId: string;
  causationId: string;
  now: Date;
  /** When the write claiming the number says it happened: the claim is dated with it. */
  occurredAt: string;
  graceMs?: number;
  /** The command's own append options (a backdated history load), so a claim is recorded with its write. */
  appendOptions?: AppendOptions;
}

const MAX_CLAIM_ATTEMPTS = 5;

/**
 * Claims the number for the write about to be appended, or refuses with 409. Called after the
 * command has been decided and before its events are appended, so a refused command writes nothing
 * of its own. Every write here is an append at the revision just read: two processes racing for
 * one number cannot both win.
 */
export async function claimNhsNumber(request: ClaimRequest, ctx: ClaimContext): Promise<void> {
  const claimStreamId = nhsNumberClaimStreamId(ctx.key, request.nhsNumber);
  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
    const claims = await ctx.streams.read(claimStreamId);
    const last = claims.at(-1);
    const standing = last ? { data: last.data as NhsNumberClaimedData, recordedAt: last.recordedAt } : null;
    const claimantEvents = standing ? await ctx.streams.read(streamIdOf('child', standing.data.claimantChildId)) : [];
    const claimant = standing
      ? { state: claimantEvents.map((e) => ({ type: e.type, data: e.data }) as RecordedEvent).reduce(childStream.evolve, childStream.initial()), revision: claimantEvents.at(-1)?.revision ?? -1 }
      : null;
    const verdict = judgeClaim(request, standing, claimant, ctx.now, ctx.graceMs);
    try {
      switch (verdict.verdict) {
        case 'already_claimed':
          return;
        case 'taken':
          throw alreadyRegistered(canRead(ctx.caller, verdict.team) ? verdict.childId : undefined);
        case 'under_way':
          throw alreadyRegistered(undefined, 'NHS_NUMBER_REGISTRATION_UNDER_WAY');
        case 'lapse':
          {
            const streamId = streamIdOf('child', verdict.childId);
            await ctx.store.append(streamId, [claimEvent(NhsNumberClaimLapsed, { lapsedForChildId: verdict.childId }, ctx, streamId, verdict.atRevision, ctx.now.toISOString())], expected(verdict.atRevision), ctx.appendOptions);
          }
          continue;
        case 'claim':
          await ctx.store.append(
            claimStreamId,
            [claimEvent(NhsNumberClaimed, { claimantChildId: request.childId, claimantRevision: request.childRevision }, ctx, claimStreamId, last?.revision ?? -1, ctx.occurredAt)],
            expected(last?.revision ?? -1),
            ctx.appendOptions,
          );
          return;
      }
    } catch (error) {
      // Another writer got there first: read again and judge what it wrote.
      if (isWrongExpectedRevision(error)) continue;
      throw error;
    }
  }
  throw alreadyRegistered(undefined, 'NHS_NUMBER_REGISTRATION_UNDER_WAY');
}

const expected = (revision: number) => (revision === -1 ? ('no_stream' as const) : revision);

/** Fixed namespace of claim event ids: derived from the request, so a demo load or a retried request decides the same ids. */
const CLAIM_EVENT_NAMESPACE = '3b8c2f4e-9d1a-4f6b-8e2c-5a7d9b0c1e3f';

function claimEvent<T extends string>(definition: { type: T; schemaVersion: number; data: { parse: (v: unknown) => unknown } }, data: unknown, ctx: ClaimContext, streamId: string, afterRevision: number, occurredAt: string): NewEvent {
  return {
    eventId: v5([ctx.causationId, streamId, String(afterRevision), JSON.stringify(data)].join('\u0000'), CLAIM_EVENT_NAMESPACE),
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    occurredAt,
    actor: { userId: ctx.caller.userId, role: ctx.caller.role, agency: ctx.caller.agency, organisationId: ctx.caller.organisationId },
    correlationId: ctx.correlationId,
    causationId: ctx.causationId,
    data: definition.data.parse(data) as Record<string, unknown>,
  };
}

function alreadyRegistered(existingChildId: string | undefined, rule = 'NHS_NUMBER_ALREADY_REGISTERED'): DomainError {
  const message =
    rule === 'NHS_NUMBER_ALREADY_REGISTERED'
      ? 'a child with this NHS number is already registered'
      : 'a registration or correction giving this NHS number to another child is under way; try again in a few minutes';
  return new DomainError(DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED, message, { rule, ...(existingChildId !== undefined ? { existingChildId } : {}) });
}
