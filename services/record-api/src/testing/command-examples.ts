import type { Agency, Caller } from '@planledger/domain';
import { expect } from 'vitest';
import type { RecordApiHarness } from './record-api-harness';
import { callerOf, organisationOf } from './record-api-harness';

/**
 * What exists before a command runs, built through the API itself. Each example names what it
 * needs; buildWorld also builds what those depend on.
 */
export interface World {
  childId: string;
  /** The child's registration as stored (written by the social worker's organisation). */
  registration: { eventId: string; data: Record<string, unknown> };
  planId: string;
  /** A contribution to the plan from each agency: event id and data as stored. */
  contributions: Record<Agency, { eventId: string; data: Record<string, unknown> }>;
  assessmentId: string;
  /** An advice request to each agency's test organisation. */
  adviceRequests: Record<Agency, string>;
  /** The request whose (social care) advice has been submitted. */
  adviceSubmitted: string;
  meetingHeld: true;
  decidedToAmend: true;
  shortBreakId: string;
  shortBreakDecided: true;
  auditId: string;
  /** A school registered for this world alone, to rename or retire. */
  spareOrganisationId: string;
  /** A needs assessment from its request, then agreed, then with a draft plan. */
  needsAssessmentId: string;
  decidedToAssess: true;
  draftIssued: true;
}

export type Prerequisite = keyof World;

const dependsOn: Record<Prerequisite, readonly Prerequisite[]> = {
  childId: [],
  registration: ['childId'],
  planId: ['childId'],
  contributions: ['planId'],
  assessmentId: ['childId'],
  adviceRequests: ['assessmentId'],
  adviceSubmitted: ['adviceRequests'],
  meetingHeld: ['assessmentId'],
  decidedToAmend: ['meetingHeld'],
  shortBreakId: ['childId'],
  shortBreakDecided: ['shortBreakId'],
  auditId: ['planId'],
  spareOrganisationId: [],
  needsAssessmentId: ['childId'],
  decidedToAssess: ['needsAssessmentId'],
  draftIssued: ['decidedToAssess'],
};

export interface CommandExample {
  needs: readonly Prerequisite[];
  params: (world: World) => Record<string, string>;
  /** A valid body for this caller (some commands write for the caller's own agency). */
  body: (world: World, caller: Caller) => Record<string, unknown>;
}

const nextYear = new Date().getUTCFullYear() + 1;
export const futureDate = `${nextYear}-07-31`;

/**
 * Personal data as it would arrive in real requests: the log redaction test looks for every one of
 * these strings in the captured logs, so each is distinctive.
 */
export const personal = {
  givenName: 'Amira',
  familyName: 'Patelworth',
  dateOfBirth: '2012-03-14',
  nhsNumber: '9434765919',
  upn: 'H801200001001',
  leadName: 'Jo Marchbanks',
  impact: 'Amira cannot tolerate the noise of the school canteen and eats alone',
  childViews: 'I like swimming on Saturdays with my brother Idris',
  familyViews: 'Her mum Leila says nights are the hardest, Amira sleeps four hours',
  need: 'Support with personal care at home after the evening meal',
  outcome: 'Amira dresses herself for school with one prompt',
  measure: 'Morning routine diary kept by Leila for six weeks',
  support: 'Weekly occupational therapy session at Oakfield clinic',
  review: 'Review with Leila and Amira at home: routines improving',
  closure: 'Family moved to live with grandmother Noor in Bradford',
  adviceD: 'Amira needs a carer trained in her sensory plan at overnight breaks',
  adviceC: 'Amira has epilepsy controlled by buccal midazolam, seizures monthly',
  adviceB: 'Amira reads at age-related expectations but avoids group work',
  exception: 'Paediatrician on long-term sick leave, Dr Okonkwo covering from May',
  refusal: 'Amira’s needs are met at Oakfield Primary from its own resources',
  draftOutcome: 'Amira joins a Saturday club with one adult by the summer',
  representations: 'Leila asks that Amira keeps her one-to-one at lunchtimes',
  preferredSchool: 'Oakfield Primary School',
  timelineException: 'Leila and Amira were with family in Lahore for five weeks',
  feedback: 'Section D says nothing about Amira sleeping four hours a night',
  meeting: 'Leila attended with Amira; Amira said she wants to join the Saturday club',
  decision: 'Amend: section F needs the new speech therapy hours for Amira',
  shortBreakSummary: 'Leila asks for overnight breaks twice a month for Amira',
  shortBreakReasons: 'Amira meets criterion 3: complex needs and carer strain',
  grounds: 'Leila says twelve nights a year does not reflect Amira’s sleep pattern',
  shortBreakReview: 'Overnights at Willow House are working well for Amira',
  finding: 'Amira’s own views are recorded in her words and acted on',
  moderation: 'Agree: the plan reflects Leila’s account of the nights',
  correction: 'Frequency was recorded wrongly by Jo Marchbanks',
  withdrawal: 'Entered against Amira Patelworth by mistake',
} as const;

/** Every NHS number nextNhsNumber has handed out, for checks that none of them leaked. */
export const issuedNhsNumbers: string[] = [];
let nhsSerial = 0;
/** A valid NHS number no earlier call gave: one number belongs to one child, and the examples register many children. */
export function nextNhsNumber(): string {
  for (;;) {
    const body = String(600_000_000 + 7_919 * nhsSerial++);
    const sum = [...body].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const number = `${body}${check === 11 ? 0 : check}`;
    issuedNhsNumbers.push(number);
    return number;
  }
}

export const registration = {
  givenName: personal.givenName,
  familyName: personal.familyName,
  dateOfBirth: personal.dateOfBirth,
  nhsNumber: personal.nhsNumber,
  upn: personal.upn,
  primaryNeed: 'ASD',
};

const sectionsFor: Record<Agency, Record<string, string>> = {
  social_care: { D: personal.adviceD, H1: personal.adviceD },
  health: { C: personal.adviceC, G: personal.adviceC },
  education: { B: personal.adviceB, F: personal.adviceB },
};

/** Who writes each agency's contributions and advice in the examples. */
const writerFor: Record<Agency, Caller> = {
  social_care: callerOf('social_worker'),
  health: callerOf('health_practitioner'),
  education: callerOf('education_practitioner'),
};

const plan = (world: World) => ({ planId: world.planId });
const assessment = (world: World) => ({ assessmentId: world.assessmentId });
const shortBreak = (world: World) => ({ shortBreakId: world.shortBreakId });
const needsAssessment = (world: World) => ({ assessmentId: world.needsAssessmentId });
const none = () => ({});

/** A valid request for every command, keyed by command name. */
export const commandExamples: Record<string, CommandExample> = {
  registerChild: { needs: [], params: none, body: () => ({ ...registration, nhsNumber: nextNhsNumber() }) },
  addTeamMember: {
    needs: ['childId'],
    params: (world) => ({ childId: world.childId }),
    body: () => ({ organisationId: 'org-charity-short-breaks' }),
  },
  removeTeamMember: {
    needs: ['childId'],
    params: (world) => ({ childId: world.childId }),
    body: () => ({ organisationId: organisationOf.education_practitioner, reason: personal.closure }),
  },
  registerOrganisation: { needs: [], params: none, body: () => ({ organisationId: `org-new-${Math.random().toString(36).slice(2, 10)}`, name: 'Oakfield Academy', agency: 'education', kind: 'school' }) },
  renameOrganisation: { needs: ['spareOrganisationId'], params: none, body: (world) => ({ organisationId: world.spareOrganisationId, name: 'Willow House Academy' }) },
  retireOrganisation: { needs: ['spareOrganisationId'], params: none, body: (world) => ({ organisationId: world.spareOrganisationId, reason: 'Merged with another school' }) },

  openFamilyHelpPlan: {
    needs: ['childId'],
    params: none,
    body: (world) => ({
      childId: world.childId,
      planType: 'child_in_need',
      leadPractitioner: { userId: 'social-worker-1', name: personal.leadName, organisationId: organisationOf.social_worker, agency: 'social_care' },
    }),
  },
  assignLeadPractitioner: {
    needs: ['planId'],
    params: plan,
    body: () => ({ leadPractitioner: { userId: 'social-worker-2', name: personal.leadName, organisationId: organisationOf.social_worker, agency: 'social_care' } }),
  },
  recordDisabilityImpact: { needs: ['planId'], params: plan, body: () => ({ domain: 'family_functioning', impact: personal.impact, supportNeeded: personal.need }) },
  recordChildViews: { needs: ['planId'], params: plan, body: () => ({ views: personal.childViews, howGathered: 'direct_conversation' }) },
  recordFamilyViews: { needs: ['planId'], params: plan, body: () => ({ views: personal.familyViews, relationship: 'mother' }) },
  recordNeed: { needs: ['planId'], params: plan, body: () => ({ description: personal.need, agency: 'social_care' }) },
  setOutcome: {
    needs: ['planId'],
    params: plan,
    body: () => ({ outcome: personal.outcome, measure: personal.measure, byWhen: futureDate, responsible: { agency: 'social_care', role: 'social worker' } }),
  },
  recordContribution: {
    needs: ['planId'],
    params: plan,
    body: (_world, caller) => ({ agency: caller.agency, support: personal.support, frequency: 'weekly', from: '2025-01-06' }),
  },
  reviewFamilyHelpPlan: { needs: ['planId'], params: plan, body: () => ({ summary: personal.review, nextReviewOn: futureDate }) },
  closeFamilyHelpPlan: { needs: ['planId'], params: plan, body: () => ({ reason: 'moved_area', detail: personal.closure }) },

  startEhcAssessment: { needs: ['childId'], params: none, body: (world) => ({ childId: world.childId, kind: 'annual_review', planVersion: 1 }) },
  decideWhetherToAssess: { needs: ['needsAssessmentId'], params: needsAssessment, body: () => ({ decision: 'not_assess', reasons: personal.refusal, rightOfAppealNotified: true }) },
  decideNotToIssuePlan: { needs: ['decidedToAssess'], params: needsAssessment, body: () => ({ reasons: personal.refusal, rightOfAppealNotified: true }) },
  issueDraftPlan: { needs: ['decidedToAssess'], params: needsAssessment, body: () => ({ planVersion: 1, representationDays: 15, sections: { E: personal.draftOutcome } }) },
  recordDraftPlanRepresentations: {
    needs: ['draftIssued'],
    params: needsAssessment,
    body: () => ({ summary: personal.representations, preferredSchool: personal.preferredSchool, meetingRequested: true }),
  },
  issueFinalPlan: { needs: ['draftIssued'], params: needsAssessment, body: () => ({ planVersion: 1, namedSchool: personal.preferredSchool }) },
  recordTimelineException: {
    needs: ['needsAssessmentId'],
    params: needsAssessment,
    body: () => ({ clock: 'decision_to_assess', exception: 'absent_from_area', reason: personal.timelineException }),
  },
  assignCaseOfficer: {
    needs: ['assessmentId'],
    params: assessment,
    body: () => ({ caseOfficer: { userId: 'send-officer-2', name: personal.leadName, organisationId: organisationOf.send_officer } }),
  },
  requestAdvice: {
    needs: ['assessmentId'],
    params: assessment,
    // An organisation not yet in the team: the request itself invites it (still one event, one stream).
    body: () => ({ adviserType: 'health', adviserAgency: 'health', adviserOrganisationId: 'org-nhs-community-paediatrics' }),
  },
  recordAdviceException: {
    needs: ['adviceRequests'],
    params: assessment,
    body: (world) => ({ requestId: world.adviceRequests.health, exception: 'absent_from_area', reason: personal.exception }),
  },
  submitAdvice: {
    needs: ['adviceRequests'],
    params: assessment,
    body: (world, caller) => ({ requestId: world.adviceRequests[caller.agency], sections: sectionsFor[caller.agency] }),
  },
  moderateAdvice: {
    needs: ['adviceSubmitted'],
    params: assessment,
    body: (world) => ({ requestId: world.adviceSubmitted, meetsQualityCriteria: false, feedback: personal.feedback }),
  },
  incorporateAdvice: { needs: ['adviceSubmitted'], params: assessment, body: (world) => ({ requestId: world.adviceSubmitted, planVersion: 2 }) },
  recordAnnualReviewMeeting: {
    needs: ['assessmentId'],
    params: assessment,
    body: () => ({ agenciesPresent: ['education', 'health', 'social_care'], summary: personal.meeting }),
  },
  decideAnnualReview: { needs: ['meetingHeld'], params: assessment, body: () => ({ decision: 'amend', reasons: personal.decision }) },
  issueAmendedPlan: { needs: ['decidedToAmend'], params: assessment, body: () => ({ planVersion: 2 }) },
  closeEhcAssessment: { needs: ['assessmentId'], params: assessment, body: () => ({ reason: 'review_completed', detail: personal.meeting }) },

  requestShortBreak: { needs: ['childId'], params: none, body: (world) => ({ childId: world.childId, route: 'local_offer', summary: personal.shortBreakSummary }) },
  decideShortBreak: {
    needs: ['shortBreakId'],
    params: shortBreak,
    body: () => ({
      outcome: 'partly_approved',
      granted: [{ type: 'overnight', amount: 12, unit: 'nights_per_year' }],
      eligibilityCriteriaVersion: 'criteria-2024-04',
      shortBreaksStatementVersion: 'statement-2024',
      reasons: personal.shortBreakReasons,
    }),
  },
  reviewShortBreak: {
    needs: ['shortBreakDecided'],
    params: shortBreak,
    body: () => ({ conclusion: 'continue', summary: personal.shortBreakReview, nextReviewOn: futureDate }),
  },
  challengeShortBreak: { needs: ['shortBreakDecided'], params: shortBreak, body: () => ({ kind: 'appeal', grounds: personal.grounds }) },
  endShortBreak: { needs: ['shortBreakId'], params: shortBreak, body: () => ({ reason: 'moved_area', detail: personal.closure }) },

  recordQualityAudit: {
    needs: ['planId'],
    params: none,
    body: (world) => ({
      childId: world.childId,
      planStreamId: `family-help-plan-${world.planId}`,
      asOf: new Date().toISOString(),
      grade: 'good',
      findings: [{ area: 'child’s voice', finding: personal.finding }],
    }),
  },
  moderateAudit: {
    needs: ['auditId'],
    params: (world) => ({ auditId: world.auditId }),
    body: () => ({ agreesWithGrade: true, moderatedGrade: 'good', comments: personal.moderation }),
  },

  correctEvent: {
    needs: ['contributions'],
    params: none,
    body: (world, caller) => {
      // The SEND officer writes no contribution; it may correct a child's registration (the one listed exception to ownership).
      if (caller.role === 'send_officer') {
        return { streamId: `child-${world.childId}`, correctedEventId: world.registration.eventId, reason: personal.correction, correctedData: { ...world.registration.data, familyName: 'Patel-Worth' } };
      }
      const original = world.contributions[caller.agency];
      return {
        streamId: `family-help-plan-${world.planId}`,
        correctedEventId: original.eventId,
        reason: personal.correction,
        correctedData: { ...original.data, frequency: 'fortnightly' },
      };
    },
  },
  withdrawContribution: {
    needs: ['contributions'],
    params: none,
    body: (world, caller) => ({ streamId: `family-help-plan-${world.planId}`, withdrawnEventId: world.contributions[caller.agency].eventId, reason: personal.withdrawal }),
  },
};

export function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

interface Accepted {
  entityId: string;
  eventIds: string[];
  streamId: string;
}

async function accepted(harness: RecordApiHarness, command: string, world: World, caller: Caller, body?: Record<string, unknown>): Promise<Accepted> {
  const example = commandExamples[command]!;
  const definitionPath = pathFor(command);
  const response = await harness.send(pathOf(definitionPath, example.params(world)), { as: caller, body: body ?? example.body(world, caller) });
  expect(response.statusCode, `${command}: ${response.body}`).toBe(201);
  return response.json() as Accepted;
}

let pathsByCommand: Map<string, string> | undefined;
function pathFor(command: string): string {
  if (!pathsByCommand) throw new Error('call useCatalogue(commandCatalogue) first');
  const path = pathsByCommand.get(command);
  if (!path) throw new Error(`no route for ${command}`);
  return path;
}

/** Tells the world builder where each command lives (the catalogue, not a copy of its paths). */
export function useCatalogue(definitions: readonly { name: string; path: string }[]): void {
  pathsByCommand = new Map(definitions.map((d) => [d.name, d.path]));
}

const agencies: readonly Agency[] = ['social_care', 'health', 'education'];

export async function buildWorld(harness: RecordApiHarness, needs: readonly Prerequisite[]): Promise<World> {
  const wanted = new Set<Prerequisite>();
  const want = (need: Prerequisite) => {
    if (wanted.has(need)) return;
    for (const dependency of dependsOn[need]) want(dependency);
    wanted.add(need);
  };
  needs.forEach(want);

  const world = {} as World;
  const socialWorker = callerOf('social_worker');
  const sendOfficer = callerOf('send_officer');
  for (const need of wanted) {
    switch (need) {
      case 'childId': {
        const registered = await accepted(harness, 'registerChild', world, socialWorker);
        world.childId = registered.entityId;
        const [stored] = await harness.store.readStream(registered.streamId);
        world.registration = { eventId: stored!.eventId, data: stored!.data as Record<string, unknown> };
        // Every test organisation joins the team, so each role can act on the child.
        const others = new Set(Object.values(organisationOf).filter((org) => org !== socialWorker.organisationId));
        for (const organisationId of others) {
          const role = (Object.keys(organisationOf) as Array<keyof typeof organisationOf>).find((r) => organisationOf[r] === organisationId)!;
          void role;
          const body = { organisationId };
          const response = await harness.send(`/v1/children/${world.childId}/team-members`, { as: 'team_manager', body });
          expect(response.statusCode, response.body).toBe(201);
        }
        break;
      }
      case 'planId':
        world.planId = (await accepted(harness, 'openFamilyHelpPlan', world, socialWorker)).entityId;
        break;
      case 'contributions': {
        world.contributions = {} as World['contributions'];
        for (const agency of agencies) {
          const { streamId, eventIds } = await accepted(harness, 'recordContribution', world, writerFor[agency]);
          const stored = (await harness.store.readStream(streamId)).find((event) => event.eventId === eventIds[0])!;
          world.contributions[agency] = { eventId: stored.eventId, data: stored.data as Record<string, unknown> };
        }
        break;
      }
      case 'assessmentId':
        world.assessmentId = (await accepted(harness, 'startEhcAssessment', world, sendOfficer)).entityId;
        break;
      case 'adviceRequests': {
        world.adviceRequests = {} as World['adviceRequests'];
        for (const agency of agencies) {
          const writer = writerFor[agency];
          const body = { adviserType: agency, adviserAgency: agency, adviserOrganisationId: writer.organisationId };
          const response = await harness.send(`/v1/ehc-assessments/${world.assessmentId}/advice-requests`, { as: sendOfficer, body });
          expect(response.statusCode, response.body).toBe(201);
          const { streamId, eventIds } = response.json() as Accepted;
          const stored = (await harness.store.readStream(streamId)).find((event) => event.eventId === eventIds[0])!;
          world.adviceRequests[agency] = (stored.data as { requestId: string }).requestId;
        }
        break;
      }
      case 'adviceSubmitted':
        await accepted(harness, 'submitAdvice', world, writerFor.social_care);
        world.adviceSubmitted = world.adviceRequests.social_care;
        break;
      case 'meetingHeld':
        await accepted(harness, 'recordAnnualReviewMeeting', world, sendOfficer);
        world.meetingHeld = true;
        break;
      case 'decidedToAmend':
        await accepted(harness, 'decideAnnualReview', world, sendOfficer);
        world.decidedToAmend = true;
        break;
      case 'shortBreakId':
        world.shortBreakId = (await accepted(harness, 'requestShortBreak', world, socialWorker)).entityId;
        break;
      case 'shortBreakDecided':
        await accepted(harness, 'decideShortBreak', world, callerOf('team_manager'));
        world.shortBreakDecided = true;
        break;
      case 'registration':
        break;
      case 'spareOrganisationId': {
        const body = commandExamples.registerOrganisation!.body(world, callerOf('partnership_administrator'));
        await accepted(harness, 'registerOrganisation', world, callerOf('partnership_administrator'), body);
        world.spareOrganisationId = body['organisationId'] as string;
        break;
      }
      case 'needsAssessmentId': {
        const response = await harness.send('/v1/ehc-assessments', { as: sendOfficer, body: { childId: world.childId, kind: 'needs_assessment', requestedBy: 'parent' } });
        expect(response.statusCode, response.body).toBe(201);
        world.needsAssessmentId = (response.json() as Accepted).entityId;
        break;
      }
      case 'decidedToAssess': {
        const response = await harness.send(`/v1/ehc-assessments/${world.needsAssessmentId}/assessment-decision`, { as: sendOfficer, body: { decision: 'assess' } });
        expect(response.statusCode, response.body).toBe(201);
        world.decidedToAssess = true;
        break;
      }
      case 'draftIssued':
        await accepted(harness, 'issueDraftPlan', world, sendOfficer);
        world.draftIssued = true;
        break;
      case 'auditId':
        // Recorded by a second auditor: nobody moderates their own audit.
        world.auditId = (await accepted(harness, 'recordQualityAudit', world, { ...callerOf('auditor'), userId: 'auditor-2' })).entityId;
        break;
    }
  }
  return world;
}
