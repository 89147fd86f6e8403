import type { EventStore } from '@planledger/event-store';
import type { Caller, CommandRequest } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import type { CommandName } from '../access/policy';
import { childRegistration, FIXED_NOW, siblingRegistration, seedTestRegister, testOffice } from './fixtures';

/**
 * A child with a full team, a Family Help plan, an annual review with advice requested from social
 * care and health (health invited by its request, then added to the team), a short break and an
 * audit, all written through executeCommand; and, for every command, a request that succeeds
 * against it (after any steps it needs first).
 */

export const now = () => FIXED_NOW;

export const people = {
  socialWorker: { userId: 'sw-1', role: 'social_worker', agency: 'social_care', organisationId: 'la-social-care' },
  teamManager: { userId: 'tm-1', role: 'team_manager', agency: 'social_care', organisationId: 'la-social-care' },
  sendOfficer: { userId: 'send-1', role: 'send_officer', agency: 'education', organisationId: 'la-send' },
  health: { userId: 'nurse-1', role: 'health_practitioner', agency: 'health', organisationId: 'nhs-trust' },
  school: { userId: 'senco-1', role: 'education_practitioner', agency: 'education', organisationId: 'school-1' },
  auditor: { userId: 'auditor-1', role: 'auditor', agency: 'education', organisationId: 'qa-team' },
  secondAuditor: { userId: 'auditor-2', role: 'auditor', agency: 'education', organisationId: 'qa-team' },
  outsider: { userId: 'sw-9', role: 'social_worker', agency: 'social_care', organisationId: 'other-council' },
} satisfies Record<string, Caller>;

export const administrator: Caller = { userId: 'admin-1', role: 'partnership_administrator', agency: testOffice.agency, organisationId: testOffice.organisationId };

export interface Scenario {
  store: EventStore;
  childId: string;
  planId: string;
  assessmentId: string;
  socialCareRequestId: string;
  healthRequestId: string;
  shortBreakId: string;
  auditId: string;
  run: (command: string, caller: Caller, body: unknown, params?: Record<string, string>) => ReturnType<typeof executeCommand>;
}

export async function buildScenario(store: EventStore): Promise<Scenario> {
  const run = (command: string, caller: Caller, body: unknown, params: Record<string, string> = {}) => executeCommand(store, { command, params, body, caller }, { now });
  await seedTestRegister(store, now);
  const child = await run('registerChild', people.socialWorker, childRegistration);
  const childId = child.entityId;
  for (const member of [people.sendOfficer, people.school]) {
    await run('addTeamMember', people.teamManager, { organisationId: member.organisationId }, { childId });
  }
  const lead = { userId: people.socialWorker.userId, name: 'Sam Lee', organisationId: people.socialWorker.organisationId, agency: 'social_care' };
  const plan = await run('openFamilyHelpPlan', people.socialWorker, { childId, planType: 'child_in_need', leadPractitioner: lead, occurredAt: '2025-05-01T09:00:00Z' });
  const assessment = await run('startEhcAssessment', people.sendOfficer, { childId, kind: 'annual_review', planVersion: 1, occurredAt: '2025-05-01T09:00:00Z' });
  const params = { assessmentId: assessment.entityId };
  await run('requestAdvice', people.sendOfficer, { adviserType: 'social_care', adviserAgency: 'social_care', adviserOrganisationId: 'la-social-care' }, params);
  // Health is not yet in the team: the advice request invites it to this assessment...
  await run('requestAdvice', people.sendOfficer, { adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'nhs-trust' }, params);
  // ...and, to contribute to the Family Help plan as well, it is added to the team.
  await run('addTeamMember', people.teamManager, { organisationId: people.health.organisationId }, { childId });
  const requests = (await store.readStream(assessment.streamId)).filter((e) => e.type === 'AdviceRequested').map((e) => e.data as { requestId: string; adviserType: string });
  const shortBreak = await run('requestShortBreak', people.socialWorker, { childId, route: 'local_offer' });
  const audit = await run('recordQualityAudit', people.auditor, {
    childId,
    planStreamId: plan.streamId,
    asOf: '2025-06-02T09:00:00Z',
    grade: 'good',
    findings: [{ area: 'views', finding: 'Child\'s views recorded with a communication aid' }],
  });
  return {
    store,
    childId,
    planId: plan.entityId,
    assessmentId: assessment.entityId,
    socialCareRequestId: requests.find((r) => r.adviserType === 'social_care')!.requestId,
    healthRequestId: requests.find((r) => r.adviserType === 'health')!.requestId,
    shortBreakId: shortBreak.entityId,
    auditId: audit.entityId,
    run,
  };
}

export interface SampleCommand {
  caller: Caller;
  /** Builds a request that succeeds, after running whatever the command needs first. */
  prepare: (s: Scenario) => Promise<Omit<CommandRequest, 'caller' | 'command'>>;
}

const contribution = { agency: 'health', support: 'Sleep clinic', frequency: 'monthly', from: '2025-06-01' };
const healthAdvice = { sections: { C: 'Sleep disorder', G: 'Melatonin and sleep clinic' } };
const plan = (s: Scenario) => ({ planId: s.planId });
const assessment = (s: Scenario) => ({ assessmentId: s.assessmentId });
const shortBreak = (s: Scenario) => ({ shortBreakId: s.shortBreakId });
const decision = { outcome: 'partly_approved', granted: [{ type: 'overnight', amount: 24, unit: 'nights_per_year' }], eligibilityCriteriaVersion: 'c-2024', shortBreaksStatementVersion: 's-2025', reasons: 'Part met by holiday scheme' };

/** A needs assessment requested by the parent on 1 April 2025, taken through the given steps. */
async function needsAssessment(s: Scenario, steps: ReadonlyArray<'assess' | 'draft'> = []): Promise<{ assessmentId: string }> {
  const started = await s.run('startEhcAssessment', people.sendOfficer, { childId: s.childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: '2025-04-01T09:00:00Z' });
  const params = { assessmentId: started.entityId };
  if (steps.includes('assess')) await s.run('decideWhetherToAssess', people.sendOfficer, { decision: 'assess', occurredAt: '2025-05-06T09:00:00Z' }, params);
  if (steps.includes('draft')) await s.run('issueDraftPlan', people.sendOfficer, { planVersion: 1, occurredAt: '2025-05-20T09:00:00Z' }, params);
  return params;
}

async function healthContributionEventId(s: Scenario): Promise<string> {
  const result = await s.run('recordContribution', people.health, contribution, plan(s));
  return result.eventIds[0]!;
}

export const sampleCommands: Record<CommandName, SampleCommand> = {
  registerChild: { caller: people.socialWorker, prepare: async () => ({ params: {}, body: siblingRegistration }) },
  addTeamMember: { caller: people.sendOfficer, prepare: async (s) => ({ params: { childId: s.childId }, body: { organisationId: 'camhs' } }) },
  removeTeamMember: { caller: people.teamManager, prepare: async (s) => ({ params: { childId: s.childId }, body: { organisationId: people.school.organisationId, reason: 'Left the school' } }) },
  registerOrganisation: { caller: administrator, prepare: async () => ({ params: {}, body: { organisationId: 'new-college', name: 'New college', agency: 'education', kind: 'college' } }) },
  renameOrganisation: { caller: administrator, prepare: async () => ({ params: {}, body: { organisationId: 'school-1', name: 'Oak Academy' } }) },
  retireOrganisation: { caller: administrator, prepare: async () => ({ params: {}, body: { organisationId: 'camhs', reason: 'Merged into the trust' } }) },
  openFamilyHelpPlan: {
    caller: people.socialWorker,
    prepare: async (s) => ({ params: {}, body: { childId: s.childId, planType: 'family_help', leadPractitioner: { userId: 'sw-1', name: 'Sam Lee', organisationId: 'la-social-care', agency: 'social_care' } } }),
  },
  assignLeadPractitioner: {
    caller: people.teamManager,
    prepare: async (s) => ({ params: plan(s), body: { leadPractitioner: { userId: 'tm-1', name: 'Tess Morgan', organisationId: 'la-social-care', agency: 'social_care' } } }),
  },
  recordDisabilityImpact: { caller: people.socialWorker, prepare: async (s) => ({ params: plan(s), body: { domain: 'family_functioning', impact: 'Parents sleep 4 hours a night' } }) },
  recordChildViews: { caller: people.socialWorker, prepare: async (s) => ({ params: plan(s), body: { views: 'Likes swimming', howGathered: 'communication_aid' } }) },
  recordFamilyViews: { caller: people.socialWorker, prepare: async (s) => ({ params: plan(s), body: { views: 'We need a break', relationship: 'mother' } }) },
  recordNeed: { caller: people.socialWorker, prepare: async (s) => ({ params: plan(s), body: { description: 'Overnight support' } }) },
  setOutcome: {
    caller: people.socialWorker,
    prepare: async (s) => ({ params: plan(s), body: { outcome: 'Sleeps through', measure: 'Nights a week', byWhen: '2025-12-01', responsible: { agency: 'health', role: 'sleep nurse' } } }),
  },
  recordContribution: { caller: people.health, prepare: async (s) => ({ params: plan(s), body: contribution }) },
  reviewFamilyHelpPlan: { caller: people.socialWorker, prepare: async (s) => ({ params: plan(s), body: { summary: 'Going well', nextReviewOn: '2025-09-01' } }) },
  closeFamilyHelpPlan: { caller: people.teamManager, prepare: async (s) => ({ params: plan(s), body: { reason: 'needs_met' } }) },
  startEhcAssessment: { caller: people.sendOfficer, prepare: async (s) => ({ params: {}, body: { childId: s.childId, kind: 'needs_assessment' } }) },
  decideWhetherToAssess: { caller: people.sendOfficer, prepare: async (s) => ({ params: await needsAssessment(s), body: { decision: 'assess' } }) },
  decideNotToIssuePlan: {
    caller: people.sendOfficer,
    prepare: async (s) => ({ params: await needsAssessment(s, ['assess']), body: { reasons: 'Needs can be met from the school\'s own resources', rightOfAppealNotified: true } }),
  },
  issueDraftPlan: { caller: people.sendOfficer, prepare: async (s) => ({ params: await needsAssessment(s, ['assess']), body: { planVersion: 1, sections: { E: 'Reads at age level by July' } } }) },
  recordDraftPlanRepresentations: {
    caller: people.sendOfficer,
    prepare: async (s) => ({ params: await needsAssessment(s, ['assess', 'draft']), body: { summary: 'Asks for more speech therapy', preferredSchool: 'Beaumont Leys School', meetingRequested: true } }),
  },
  issueFinalPlan: { caller: people.sendOfficer, prepare: async (s) => ({ params: await needsAssessment(s, ['assess', 'draft']), body: { planVersion: 1, namedSchool: 'Beaumont Leys School' } }) },
  recordTimelineException: {
    caller: people.sendOfficer,
    prepare: async (s) => ({ params: await needsAssessment(s), body: { clock: 'decision_to_assess', exception: 'absent_from_area', appliedOn: '2025-04-10', reason: 'Family abroad for five weeks' } }),
  },
  assignCaseOfficer: { caller: people.sendOfficer, prepare: async (s) => ({ params: assessment(s), body: { caseOfficer: { userId: 'send-1', name: 'Priya Shah', organisationId: 'la-send' } } }) },
  requestAdvice: {
    caller: people.sendOfficer,
    prepare: async (s) => ({ params: assessment(s), body: { adviserType: 'educational_psychologist', adviserAgency: 'education', adviserOrganisationId: 'ep-service' } }),
  },
  recordAdviceException: {
    caller: people.sendOfficer,
    prepare: async (s) => ({ params: assessment(s), body: { requestId: s.healthRequestId, exception: 'missed_appointment', reason: 'Two appointments missed' } }),
  },
  submitAdvice: { caller: people.health, prepare: async (s) => ({ params: assessment(s), body: { requestId: s.healthRequestId, ...healthAdvice } }) },
  moderateAdvice: {
    caller: people.sendOfficer,
    prepare: async (s) => {
      await s.run('submitAdvice', people.health, { requestId: s.healthRequestId, ...healthAdvice }, assessment(s));
      return { params: assessment(s), body: { requestId: s.healthRequestId, meetsQualityCriteria: true, feedback: 'Specific and quantified' } };
    },
  },
  incorporateAdvice: {
    caller: people.sendOfficer,
    prepare: async (s) => {
      await s.run('submitAdvice', people.health, { requestId: s.healthRequestId, ...healthAdvice }, assessment(s));
      return { params: assessment(s), body: { requestId: s.healthRequestId, planVersion: 2 } };
    },
  },
  recordAnnualReviewMeeting: { caller: people.sendOfficer, prepare: async (s) => ({ params: assessment(s), body: { agenciesPresent: ['education', 'health'], summary: 'Reviewed', occurredAt: '2025-05-20T10:00:00Z' } }) },
  decideAnnualReview: {
    caller: people.sendOfficer,
    prepare: async (s) => {
      await s.run('recordAnnualReviewMeeting', people.sendOfficer, { agenciesPresent: ['education'], summary: 'Reviewed', occurredAt: '2025-05-20T10:00:00Z' }, assessment(s));
      return { params: assessment(s), body: { decision: 'amend', reasons: 'New health needs' } };
    },
  },
  issueAmendedPlan: {
    caller: people.sendOfficer,
    prepare: async (s) => {
      await s.run('recordAnnualReviewMeeting', people.sendOfficer, { agenciesPresent: ['education'], summary: 'Reviewed', occurredAt: '2025-05-20T10:00:00Z' }, assessment(s));
      await s.run('decideAnnualReview', people.sendOfficer, { decision: 'amend', reasons: 'New health needs', occurredAt: '2025-05-27T10:00:00Z' }, assessment(s));
      return { params: assessment(s), body: { planVersion: 2 } };
    },
  },
  closeEhcAssessment: { caller: people.sendOfficer, prepare: async (s) => ({ params: assessment(s), body: { reason: 'review_completed' } }) },
  requestShortBreak: { caller: people.socialWorker, prepare: async (s) => ({ params: {}, body: { childId: s.childId, route: 'social_care_assessment' } }) },
  decideShortBreak: { caller: people.teamManager, prepare: async (s) => ({ params: shortBreak(s), body: decision }) },
  reviewShortBreak: {
    caller: people.socialWorker,
    prepare: async (s) => {
      await s.run('decideShortBreak', people.teamManager, decision, shortBreak(s));
      return { params: shortBreak(s), body: { conclusion: 'continue', summary: 'Working well', nextReviewOn: '2026-06-01' } };
    },
  },
  challengeShortBreak: {
    caller: people.socialWorker,
    prepare: async (s) => {
      await s.run('decideShortBreak', people.teamManager, decision, shortBreak(s));
      return { params: shortBreak(s), body: { kind: 'appeal', grounds: 'Needs more nights' } };
    },
  },
  endShortBreak: { caller: people.socialWorker, prepare: async (s) => ({ params: shortBreak(s), body: { reason: 'family_request' } }) },
  recordQualityAudit: {
    caller: people.secondAuditor,
    prepare: async (s) => ({ params: {}, body: { childId: s.childId, planStreamId: `family-help-plan-${s.planId}`, asOf: '2025-06-02T09:00:00Z', grade: 'requires_improvement', findings: [{ area: 'outcomes', finding: 'Not dated' }] } }),
  },
  moderateAudit: { caller: people.secondAuditor, prepare: async (s) => ({ params: { auditId: s.auditId }, body: { agreesWithGrade: true, comments: 'Agree' } }) },
  correctEvent: {
    caller: people.health,
    prepare: async (s) => {
      const eventId = await healthContributionEventId(s);
      const [event] = (await s.store.readStream(`family-help-plan-${s.planId}`)).filter((e) => e.eventId === eventId);
      return { params: {}, body: { streamId: `family-help-plan-${s.planId}`, correctedEventId: eventId, reason: 'Wrong frequency', correctedData: { ...(event!.data as object), frequency: 'fortnightly' } } };
    },
  },
  withdrawContribution: {
    caller: people.health,
    prepare: async (s) => ({ params: {}, body: { streamId: `family-help-plan-${s.planId}`, withdrawnEventId: await healthContributionEventId(s), reason: 'Entered on the wrong child' } }),
  },
};
