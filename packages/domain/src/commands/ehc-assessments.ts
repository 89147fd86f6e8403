import { z } from 'zod';
import { decideEhcAssessment } from '../deciders/ehc-assessment';
import { ehcAssessmentStream } from '../deciders/streams';
import { agencySchema, idSchema, organisationIdSchema, streamIdOf } from '../events/common';
import {
  AdviceExceptionRecorded,
  AdviceModerated,
  AdviceSubmitted,
  AnnualReviewDecisionMade,
  AnnualReviewMeetingHeld,
  CaseOfficerAssigned,
  EhcAssessmentClosed,
  EhcAssessmentStarted,
  adviserTypes,
} from '../events/ehc-assessment';
import { commandBody, idParams, noParams } from './body';
import type { DecideInput } from './define-command';
import { defineCommand } from './define-command';

const assessmentParams = idParams('assessmentId');
const assessmentTarget = ({ assessmentId }: { assessmentId: string }) => ({ streamId: streamIdOf('ehc-assessment', assessmentId), entityId: assessmentId });
const planVersion = z.int().min(1).max(1000);

const ehcContext = <P, B, S>(input: DecideInput<P, B, S>) => ({ ...input.ctx, child: input.child });

export const startEhcAssessment = defineCommand({
  name: 'startEhcAssessment',
  path: '/v1/ehc-assessments',
  summary: 'Start an EHC needs assessment or an annual review of an EHC plan.',
  params: noParams,
  body: commandBody({ childId: idSchema, kind: EhcAssessmentStarted.data.shape.kind, planVersion: planVersion.optional() }),
  emits: ['EhcAssessmentStarted'],
  stream: ehcAssessmentStream,
  target: { creates: 'ehc-assessment' },
  childOf: (body) => body.childId,
  decide: (input) => decideEhcAssessment({ type: 'startEhcAssessment', data: { assessmentId: input.entityId, ...input.body } }, input.state, ehcContext(input)),
});

export const assignCaseOfficer = defineCommand({
  name: 'assignCaseOfficer',
  path: '/v1/ehc-assessments/:assessmentId/case-officer',
  summary: 'Assign or reassign the assessment\'s named case officer (assigned on the occurredAt date).',
  params: assessmentParams,
  body: commandBody({ caseOfficer: CaseOfficerAssigned.data.shape.caseOfficer }),
  emits: ['CaseOfficerAssigned'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'assignCaseOfficer', data: input.body }, input.state, ehcContext(input)),
});

export const requestAdvice = defineCommand({
  name: 'requestAdvice',
  path: '/v1/ehc-assessments/:assessmentId/advice-requests',
  summary: 'Request advice from a regulation 6 adviser (due six weeks after the request); the request itself invites the adviser\'s organisation into the child\'s team.',
  params: assessmentParams,
  body: commandBody({ adviserType: z.enum(adviserTypes), adviserAgency: agencySchema, adviserOrganisationId: organisationIdSchema }),
  emits: ['AdviceRequested'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'requestAdvice', data: input.body }, input.state, ehcContext(input)),
});

export const recordAdviceException = defineCommand({
  name: 'recordAdviceException',
  path: '/v1/ehc-assessments/:assessmentId/advice-exceptions',
  summary: 'Record a regulation 8(2) exception to the six-week advice deadline, with the reason.',
  params: assessmentParams,
  body: commandBody(AdviceExceptionRecorded.data.pick({ requestId: true, exception: true, reason: true }).shape),
  emits: ['AdviceExceptionRecorded'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'recordAdviceException', data: input.body }, input.state, ehcContext(input)),
});

export const submitAdvice = defineCommand({
  name: 'submitAdvice',
  path: '/v1/ehc-assessments/:assessmentId/advice',
  summary: 'Submit requested advice, filling the sections the caller\'s agency may fill (education B/F, health C/G, social care D/H1/H2).',
  params: assessmentParams,
  body: commandBody(AdviceSubmitted.data.pick({ requestId: true, sections: true }).shape),
  emits: ['AdviceSubmitted'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  writesForAgency: ({ body, state }) => state.requests[body.requestId]?.adviserAgency,
  decide: (input) => decideEhcAssessment({ type: 'submitAdvice', data: input.body }, input.state, ehcContext(input)),
});

export const moderateAdvice = defineCommand({
  name: 'moderateAdvice',
  path: '/v1/ehc-assessments/:assessmentId/advice-moderations',
  summary: 'Moderate submitted advice: does it meet the quality criteria, with feedback.',
  params: assessmentParams,
  body: commandBody(AdviceModerated.data.pick({ requestId: true, meetsQualityCriteria: true, feedback: true }).shape),
  emits: ['AdviceModerated'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'moderateAdvice', data: input.body }, input.state, ehcContext(input)),
});

export const incorporateAdvice = defineCommand({
  name: 'incorporateAdvice',
  path: '/v1/ehc-assessments/:assessmentId/advice-incorporations',
  summary: 'Record that submitted advice is incorporated into a version of the EHC plan.',
  params: assessmentParams,
  body: commandBody({ requestId: idSchema, planVersion }),
  emits: ['AdviceIncorporated'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'incorporateAdvice', data: input.body }, input.state, ehcContext(input)),
});

export const recordAnnualReviewMeeting = defineCommand({
  name: 'recordAnnualReviewMeeting',
  path: '/v1/ehc-assessments/:assessmentId/annual-review-meeting',
  summary: 'Record the annual review meeting (held on the occurredAt date); starts the 4- and 12-week clocks.',
  params: assessmentParams,
  body: commandBody(AnnualReviewMeetingHeld.data.pick({ agenciesPresent: true, summary: true }).shape),
  emits: ['AnnualReviewMeetingHeld'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'recordAnnualReviewMeeting', data: input.body }, input.state, ehcContext(input)),
});

export const decideAnnualReview = defineCommand({
  name: 'decideAnnualReview',
  path: '/v1/ehc-assessments/:assessmentId/annual-review-decision',
  summary: 'Decide to maintain, amend or cease the EHC plan after the annual review meeting.',
  params: assessmentParams,
  body: commandBody(AnnualReviewDecisionMade.data.pick({ decision: true, reasons: true }).shape),
  emits: ['AnnualReviewDecisionMade'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'decideAnnualReview', data: input.body }, input.state, ehcContext(input)),
});

export const issueAmendedPlan = defineCommand({
  name: 'issueAmendedPlan',
  path: '/v1/ehc-assessments/:assessmentId/amended-plan',
  summary: 'Record that the final amended EHC plan was issued (on the occurredAt date).',
  params: assessmentParams,
  body: commandBody({ planVersion }),
  emits: ['AmendedPlanIssued'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'issueAmendedPlan', data: input.body }, input.state, ehcContext(input)),
});

export const closeEhcAssessment = defineCommand({
  name: 'closeEhcAssessment',
  path: '/v1/ehc-assessments/:assessmentId/closure',
  summary: 'Close the assessment or annual review, with the reason.',
  params: assessmentParams,
  body: commandBody(EhcAssessmentClosed.data.pick({ reason: true, detail: true }).shape),
  emits: ['EhcAssessmentClosed'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'closeEhcAssessment', data: input.body }, input.state, ehcContext(input)),
});

export const ehcAssessmentCommands = [
  startEhcAssessment,
  assignCaseOfficer,
  requestAdvice,
  recordAdviceException,
  submitAdvice,
  moderateAdvice,
  incorporateAdvice,
  recordAnnualReviewMeeting,
  decideAnnualReview,
  issueAmendedPlan,
  closeEhcAssessment,
];
