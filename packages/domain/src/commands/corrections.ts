import { z } from 'zod';
import { agencyOfCorrectedEvent, decideCorrection, ownerOfEvent } from '../deciders/correction';
import { correctableStream } from '../deciders/streams';
import { freeText, idSchema, parseStreamId, streamIdSchema } from '../events/common';
import { commandBody, noParams } from './body';
import { defineCommand } from './define-command';

/** A correction is written into the stream of the event it names, so the target is that stream. */
const targetOf = ({ streamId }: { streamId: string }) => ({ streamId, entityId: parseStreamId(streamId)?.id ?? '' });

export const correctEvent = defineCommand({
  name: 'correctEvent',
  path: '/v1/corrections',
  summary: 'Correct an event the caller\'s organisation wrote: give the full corrected data and the reason; the original stays in history.',
  params: noParams,
  body: commandBody({ streamId: streamIdSchema, correctedEventId: idSchema, reason: freeText, correctedData: z.record(z.string().max(100), z.unknown()).describe('Only the fields that change; the others are kept from the corrected event.') }),
  // Correcting a child's NHS number claims the new number first, as registration does.
  emits: ['EventCorrected', 'NhsNumberClaimed', 'NhsNumberClaimLapsed'],
  stream: correctableStream,
  target: (_params, body) => targetOf(body),
  writesForAgency: ({ body, state }) => agencyOfCorrectedEvent(state, body.correctedEventId),
  ownedBy: ({ body, state }) => ownerOfEvent(state, body.correctedEventId),
  decide: ({ body, state, ctx }) => decideCorrection({ type: 'correctEvent', data: body }, state, ctx),
});

export const withdrawContribution = defineCommand({
  name: 'withdrawContribution',
  path: '/v1/corrections/withdrawals',
  summary: 'Withdraw a contribution or advice the caller\'s organisation wrote, with the reason; it stays in history.',
  params: noParams,
  body: commandBody({ streamId: streamIdSchema, withdrawnEventId: idSchema, reason: freeText }),
  emits: ['ContributionWithdrawn'],
  stream: correctableStream,
  target: (_params, body) => targetOf(body),
  writesForAgency: ({ body, state }) => agencyOfCorrectedEvent(state, body.withdrawnEventId),
  ownedBy: ({ body, state }) => ownerOfEvent(state, body.withdrawnEventId),
  decide: ({ body, state, ctx }) => decideCorrection({ type: 'withdrawContribution', data: body }, state, ctx),
});

export const correctionCommands = [correctEvent, withdrawContribution];
