import { z } from 'zod';
import { decideShortBreak } from '../deciders/short-break';
import { shortBreakStream } from '../deciders/streams';
import { freeText, idSchema, streamIdOf } from '../events/common';
import { ShortBreakDecided, ShortBreakEnded, ShortBreakRequested, ShortBreakReviewed } from '../events/short-break';
import { commandBody, idParams, noParams } from './body';
import { defineCommand } from './define-command';

const shortBreakParams = idParams('shortBreakId');
const shortBreakTarget = ({ shortBreakId }: { shortBreakId: string }) => ({ streamId: streamIdOf('short-break', shortBreakId), entityId: shortBreakId });

export const requestShortBreak = defineCommand({
  name: 'requestShortBreak',
  path: '/v1/short-breaks',
  summary: 'Request a short break through a route: local offer, self-assessment or social care assessment.',
  params: noParams,
  body: commandBody({ childId: idSchema, route: ShortBreakRequested.data.shape.route, summary: ShortBreakRequested.data.shape.summary }),
  emits: ['ShortBreakRequested'],
  stream: shortBreakStream,
  target: { creates: 'short-break' },
  childOf: (body) => body.childId,
  decide: ({ body, entityId, state, ctx }) => decideShortBreak({ type: 'requestShortBreak', data: { shortBreakId: entityId, ...body } }, state, ctx),
});

export const decideShortBreakCommand = defineCommand({
  name: 'decideShortBreak',
  path: '/v1/short-breaks/:shortBreakId/decision',
  summary: 'Decide a short-break request: what is granted and how much, the criteria and statement version relied on, and why.',
  params: shortBreakParams,
  body: commandBody(ShortBreakDecided.data.pick({ outcome: true, granted: true, eligibilityCriteriaVersion: true, shortBreaksStatementVersion: true, reasons: true }).shape),
  emits: ['ShortBreakDecided'],
  stream: shortBreakStream,
  target: shortBreakTarget,
  decide: ({ body, state, ctx }) => decideShortBreak({ type: 'decideShortBreak', data: body }, state, ctx),
});

export const reviewShortBreak = defineCommand({
  name: 'reviewShortBreak',
  path: '/v1/short-breaks/:shortBreakId/reviews',
  summary: 'Review a short break.',
  params: shortBreakParams,
  body: commandBody(ShortBreakReviewed.data.pick({ conclusion: true, summary: true, nextReviewOn: true }).shape),
  emits: ['ShortBreakReviewed'],
  stream: shortBreakStream,
  target: shortBreakTarget,
  decide: ({ body, state, ctx }) => decideShortBreak({ type: 'reviewShortBreak', data: body }, state, ctx),
});

export const challengeShortBreak = defineCommand({
  name: 'challengeShortBreak',
  path: '/v1/short-breaks/:shortBreakId/challenges',
  summary: 'Record the family\'s appeal against the decision, or their complaint.',
  params: shortBreakParams,
  body: commandBody({ kind: z.enum(['appeal', 'complaint']), grounds: freeText }),
  emits: ['ShortBreakAppealed', 'ShortBreakComplaintMade'],
  stream: shortBreakStream,
  target: shortBreakTarget,
  decide: ({ body, state, ctx }) => decideShortBreak({ type: 'challengeShortBreak', data: body }, state, ctx),
});

export const endShortBreak = defineCommand({
  name: 'endShortBreak',
  path: '/v1/short-breaks/:shortBreakId/end',
  summary: 'End the short break (on the occurredAt date), with the reason.',
  params: shortBreakParams,
  body: commandBody(ShortBreakEnded.data.pick({ reason: true, detail: true }).shape),
  emits: ['ShortBreakEnded'],
  stream: shortBreakStream,
  target: shortBreakTarget,
  decide: ({ body, state, ctx }) => decideShortBreak({ type: 'endShortBreak', data: body }, state, ctx),
});

export const shortBreakCommands = [requestShortBreak, decideShortBreakCommand, reviewShortBreak, challengeShortBreak, endShortBreak];
