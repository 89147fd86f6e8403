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
  adviceExceptions,
  adviserTypes,
  assessmentDecisions,
  assessmentRequesters,
  planSectionsSchema,
  timelineClocks,
  timelineExceptions,
} from '../events/ehc-assessment';
import { refuse } from '../deciders/decision';
import { freeText, isoDate, shortText } from '../events/common';
import { commandBody, idParams, noParams } from './body';
import { activeOrganisation } from './children';
import type { DecideInput } from './define-command';
import { defineCommand } from './define-command';

const assessmentParams = idParams('assessmentId');
const assessmentTarget = ({ assessmentId }: { assessmentId: string }) => ({ streamId: streamIdOf('ehc-assessment', assessmentId), entityId: assessmentId });
const planVersion = z.int().min(1).max(1000);

const ehcContext = <P, B, S>(input: DecideInput<P, B, S>) => ({ ...input.ctx, child: input.child });

export const startEhcAssessment = defineCommand({
  name: 'startEhcAssessment',
  path: '/v1/ehc-assessments',
  summary:
    'Start an EHC needs assessment (occurredAt: the day the request was received; requestedBy: who asked) or an annual review of an EHC plan. A needs assessment starts its 6-, 16- and 20-week clocks (regulations 5(1), 10(1), 13(2)).',
  params: noParams,
  body: commandBody({ childId: idSchema, kind: EhcAssessmentStarted.data.shape.kind, planVersion: planVersion.optional(), requestedBy: z.enum(assessmentRequesters).optional() }),
  emits: ['EhcAssessmentStarted'],
  stream: ehcAssessmentStream,
  target: { creates: 'ehc-assessment' },
  childOf: (body) => body.childId,
  decide: (input) => decideEhcAssessment({ type: 'startEhcAssessment', data: { assessmentId: input.entityId, ...input.body } }, input.state, ehcContext(input)),
});

export const decideWhetherToAssess = defineCommand({
  name: 'decideWhetherToAssess',
  path: '/v1/ehc-assessments/:assessmentId/assessment-decision',
  summary:
    'Record the decision whether to secure an EHC needs assessment (due 6 weeks after the request, regulation 5(1)); a refusal gives its reasons and the notice of the right of appeal (regulation 5(3)).',
  params: assessmentParams,
  body: commandBody({ decision: z.enum(assessmentDecisions), reasons: freeText.optional(), rightOfAppealNotified: z.boolean().optional() }),
  emits: ['AssessmentDecisionMade'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'decideWhetherToAssess', data: input.body }, input.state, ehcContext(input)),
});

export const decideNotToIssuePlan = defineCommand({
  name: 'decideNotToIssuePlan',
  path: '/v1/ehc-assessments/:assessmentId/decision-not-to-issue',
  summary: 'Record, after the assessment, the decision not to issue an EHC plan (due 16 weeks after the request, regulation 10(1)), with reasons and the right of appeal (regulation 10(3)).',
  params: assessmentParams,
  body: commandBody({ reasons: freeText, rightOfAppealNotified: z.boolean() }),
  emits: ['PlanNotToBeIssuedDecided'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'decideNotToIssuePlan', data: input.body }, input.state, ehcContext(input)),
});

export const issueDraftPlan = defineCommand({
  name: 'issueDraftPlan',
  path: '/v1/ehc-assessments/:assessmentId/draft-plan',
  summary: 'Issue the draft EHC plan, giving at least 15 days (default 15) for representations and a request for a particular school (regulation 13(1); CFA 2014 s38).',
  params: assessmentParams,
  body: commandBody({ planVersion, representationDays: z.int().min(1).max(90).optional(), sections: planSectionsSchema.optional() }),
  emits: ['DraftPlanIssued'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'issueDraftPlan', data: input.body }, input.state, ehcContext(input)),
});

export const recordDraftPlanRepresentations = defineCommand({
  name: 'recordDraftPlanRepresentations',
  path: '/v1/ehc-assessments/:assessmentId/draft-plan-representations',
  summary: "Record the parent's or young person's representations on the draft plan, any school they ask to be named (CFA 2014 s38(2)(b)(ii)) and whether they asked for a meeting.",
  params: assessmentParams,
  body: commandBody({ summary: freeText, preferredSchool: shortText.optional(), meetingRequested: z.boolean() }),
  emits: ['DraftPlanRepresentationsReceived'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'recordDraftPlanRepresentations', data: input.body }, input.state, ehcContext(input)),
});

export const issueFinalPlan = defineCommand({
  name: 'issueFinalPlan',
  path: '/v1/ehc-assessments/:assessmentId/final-plan',
  summary: 'Issue the finalised EHC plan (due 20 weeks after the request, regulation 13(2)), naming the school or institution in section I (CFA 2014 s39).',
  params: assessmentParams,
  body: commandBody({ planVersion, namedSchool: shortText.optional(), sections: planSectionsSchema.optional() }),
  emits: ['FinalPlanIssued'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'issueFinalPlan', data: input.body }, input.state, ehcContext(input)),
});

export const recordTimelineException = defineCommand({
  name: 'recordTimelineException',
  path: '/v1/ehc-assessments/:assessmentId/timeline-exceptions',
  summary:
    "Record an exception to one of the authority's own time limits (regulations 5(4), 10(4), 13(3)) against the clock it stops, dated when it applied (appliedOn, default the occurredAt day), with the reason.",
  params: assessmentParams,
  body: commandBody({ clock: z.enum(timelineClocks), exception: z.enum(timelineExceptions), appliedOn: isoDate.optional(), reason: freeText }),
  emits: ['TimelineExceptionRecorded'],
  stream: ehcAssessmentStream,
  target: assessmentTarget,
  decide: (input) => decideEhcAssessment({ type: 'recordTimelineException', data: input.body }, input.state, ehcContext(input)),
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
  created: (data) => ({ requestId: String(data.requestId), adviceDueOn: String(data.adviceDueOn) }),
  decide: (input) => {
    // The adviser must be a registered, active organisation, and of the agency the request names.
    const adviser = activeOrganisation(input.register, input.body.adviserOrganisationId);
    if (adviser.agency !== input.body.adviserAgency) refuse('ADVISER_AGENCY_NOT_ORGANISATIONS', `organisation ${adviser.organisationId} is ${adviser.agency}, not ${input.body.adviserAgency}`);
    return decideEhcAssessment({ type: 'requestAdvice', data: input.body }, input.state, ehcContext(input));
  },
});

export const recordAdviceException = defineCommand({
  name: 'recordAdviceException',
  path: '/v1/ehc-assessments/:assessmentId/advice-exceptions',
  summary:
    'Record a regulation 8(2) exception to the six-week advice deadline, with the reason and the day it applied (appliedOn, default the occurredAt day); it may be recorded after the advice arrived.',
  params: assessmentParams,
  body: commandBody({ ...AdviceExceptionRecorded.data.pick({ requestId: true, reason: true }).shape, exception: z.enum(adviceExceptions), appliedOn: isoDate.optional() }),
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
  ownedBy: ({ body, state }) => {
    const request = state.requests[body.requestId];
    return request ? { organisationId: request.adviserOrganisationId, eventType: 'AdviceRequested' } : undefined;
  },
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
  decideWhetherToAssess,
  decideNotToIssuePlan,
  issueDraftPlan,
  recordDraftPlanRepresentations,
  issueFinalPlan,
  recordTimelineException,
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
