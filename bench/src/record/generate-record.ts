import { seedDemoRegister } from '@planledger/demo';
import type { Caller, CommandResult } from '@planledger/domain';
import { executeCommand, sen2PrimaryNeeds } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { forEachLimited } from '../store/planledger-contender';
import { callers, organisations } from './partnership-callers';

/** The ids of one generated child's record. */
export interface GeneratedChild {
  childId: string;
  planId: string;
  assessmentId: string;
  shortBreakId: string;
}

export interface GenerateRecordOptions {
  children: number;
  /** Children written at once (each child's commands in order), so appends share group commits. */
  concurrency?: number;
  /** First child number, so several runs can add to one record without colliding. */
  from?: number;
  onProgress?(childrenDone: number): void;
}

const DAY = 86_400_000;
const givenNames = ['Amira', 'Oliver', 'Zainab', 'Harry', 'Priya', 'Leo', 'Maya', 'Jayden', 'Aisha', 'Noah', 'Ruby', 'Yusuf'];
const familyNames = ['Patel', 'Smith', 'Khan', 'Jones', 'Mistry', 'Brown', 'Begum', 'Taylor', 'Ali', 'Wilson', 'Chauhan', 'Evans'];
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Writes a realistic, domain-valid record for `children` children through the domain's own command
 * path (executeCommand: validation, access rules, deciders), as the record API would: registration
 * and team, a Family Help plan with disability impacts, views, needs, outcomes, a contribution from
 * each agency and a review; an EHC annual review with advice from each agency, moderated and
 * incorporated, meeting, decision and amended plan; a short break request and decision; and a
 * quality audit for every fifth child. About 35 events per child.
 */
export async function generateRecord(store: EventStore, options: GenerateRecordOptions): Promise<GeneratedChild[]> {
  const { children, concurrency = 32, from = 0 } = options;
  const out: GeneratedChild[] = new Array(children);
  let done = 0;
  const numbers = Array.from({ length: children }, (_, i) => from + i);
  // Every caller must agree with the organisation register: the demo partnership's, whose organisations these are.
  await seedDemoRegister(store);
  await forEachLimited(numbers, concurrency, async (n) => {
    out[n - from] = await generateChild(store, n);
    done++;
    if (done % 250 === 0) options.onProgress?.(done);
  });
  return out;
}

async function generateChild(store: EventStore, n: number): Promise<GeneratedChild> {
  // Each child's story starts on its own day within the last year and moves on a few days per step.
  let day = Date.now() - 380 * DAY + (n % 200) * DAY;
  const future = dateOnly(Date.now() + 120 * DAY);
  const run = async (command: string, caller: Caller, body: Record<string, unknown>, params: Record<string, string> = {}): Promise<CommandResult> => {
    day += 3 * DAY;
    const result = await executeCommand(store, { command, caller, params, body: { ...body, occurredAt: new Date(day).toISOString() } });
    return result;
  };
  const socialWorker = callers.socialWorker(n);
  const teamManager = callers.teamManager(n);
  const sendOfficer = callers.sendOfficer(n);
  const health = callers.healthPractitioner(n);
  const education = callers.educationPractitioner(n);

  const { entityId: childId } = await run('registerChild', socialWorker, {
    givenName: givenNames[n % givenNames.length],
    familyName: familyNames[(n >> 3) % familyNames.length],
    dateOfBirth: dateOnly(Date.UTC(2008 + (n % 14), n % 12, 1 + (n % 28))),
    primaryNeed: sen2PrimaryNeeds[n % sen2PrimaryNeeds.length],
  });
  // The SEND team, the child's health provider and school are invited into the team (they contribute to the plan).
  for (const [organisationId, agency] of [
    [organisations.send, 'education'],
    [organisations.health, 'health'],
    [education.organisationId, 'education'],
  ] as const) {
    void agency;
    await run('addTeamMember', teamManager, { organisationId }, { childId });
  }

  const { entityId: planId } = await run('openFamilyHelpPlan', socialWorker, {
    childId,
    planType: n % 3 === 0 ? 'child_in_need' : 'family_help',
    leadPractitioner: { userId: socialWorker.userId, name: 'Lead practitioner', organisationId: socialWorker.organisationId, agency: 'social_care' },
  });
  const plan = { planId };
  for (const domain of ['communication', 'personal_care', 'family_functioning']) {
    await run('recordDisabilityImpact', socialWorker, { domain, impact: `Impact on ${domain.replaceAll('_', ' ')} described with the family`, supportNeeded: 'Support at home in the evenings' }, plan);
  }
  await run('recordChildViews', socialWorker, { views: 'Likes swimming and wants more time with friends', howGathered: n % 2 ? 'direct_conversation' : 'communication_aid' }, plan);
  await run('recordFamilyViews', socialWorker, { views: 'Nights are the hardest; would value overnight breaks', relationship: 'mother' }, plan);
  await run('recordNeed', socialWorker, { description: 'Support with personal care at home', agency: 'social_care' }, plan);
  await run('recordNeed', socialWorker, { description: 'Speech and language therapy in school', agency: 'education' }, plan);
  await run('setOutcome', socialWorker, { outcome: 'Dresses for school with one prompt', measure: 'Routine diary for six weeks', byWhen: future, responsible: { agency: 'social_care', role: 'social worker' } }, plan);
  await run('setOutcome', socialWorker, { outcome: 'Uses a communication aid in class', measure: 'Teacher observation each half term', byWhen: future, responsible: { agency: 'education', role: 'SENCo' } }, plan);
  await run('recordContribution', socialWorker, { agency: 'social_care', support: 'Family support worker visits', frequency: 'weekly', from: dateOnly(day) }, plan);

  const { entityId: assessmentId } = await run('startEhcAssessment', sendOfficer, { childId, kind: 'annual_review', planVersion: 1 });
  const assessment = { assessmentId };
  const requests: Record<string, string> = {};
  for (const [agency, organisationId] of [
    ['social_care', organisations.socialCare],
    ['health', organisations.health],
    ['education', education.organisationId],
  ] as const) {
    const result = await run('requestAdvice', sendOfficer, { adviserType: agency, adviserAgency: agency, adviserOrganisationId: organisationId }, assessment);
    const [requested] = await store.readStream(result.streamId, { fromRevision: result.revision, maxCount: 1 });
    requests[agency] = (requested!.data as { requestId: string }).requestId;
  }
  await run('submitAdvice', socialWorker, { requestId: requests.social_care, sections: { D: 'Needs a carer trained in the sensory plan at overnight breaks', H1: 'Overnight short breaks, 24 nights a year' } }, assessment);
  await run('submitAdvice', health, { requestId: requests.health, sections: { C: 'Epilepsy controlled by medication, seizures monthly', G: 'Community nursing review every six months' } }, assessment);
  await run('submitAdvice', education, { requestId: requests.education, sections: { B: 'Reads at age-related expectations, avoids group work', F: 'Small-group speech and language sessions weekly' } }, assessment);
  for (const agency of ['social_care', 'health', 'education']) {
    await run('moderateAdvice', sendOfficer, { requestId: requests[agency], meetsQualityCriteria: agency !== 'health' || n % 4 !== 0, feedback: 'Checked against the quality criteria' }, assessment);
  }
  await run('incorporateAdvice', sendOfficer, { requestId: requests.social_care, planVersion: 2 }, assessment);
  await run('incorporateAdvice', sendOfficer, { requestId: requests.education, planVersion: 2 }, assessment);
  await run('recordContribution', health, { agency: 'health', support: 'Community nursing review', frequency: 'monthly', from: dateOnly(day) }, plan);
  await run('recordContribution', education, { agency: 'education', support: 'Speech and language sessions in school', frequency: 'weekly', from: dateOnly(day) }, plan);
  await run('recordAnnualReviewMeeting', sendOfficer, { agenciesPresent: ['education', 'health', 'social_care'], summary: 'Family attended; agreed to amend section F' }, assessment);
  await run('decideAnnualReview', sendOfficer, { decision: 'amend', reasons: 'Section F needs the new therapy hours' }, assessment);
  await run('issueAmendedPlan', sendOfficer, { planVersion: 2 }, assessment);
  await run('reviewFamilyHelpPlan', socialWorker, { summary: 'Routines improving; overnight breaks requested', nextReviewOn: future }, plan);

  const { entityId: shortBreakId } = await run('requestShortBreak', socialWorker, {
    childId,
    route: n % 3 === 0 ? 'social_care_assessment' : 'local_offer',
    summary: 'Overnight breaks twice a month',
  });
  await run('decideShortBreak', teamManager, {
    outcome: n % 7 === 0 ? 'declined' : 'approved',
    granted: n % 7 === 0 ? [] : [{ type: 'overnight', amount: 24, unit: 'nights_per_year' }],
    eligibilityCriteriaVersion: 'criteria-2024-04',
    shortBreaksStatementVersion: 'statement-2024',
    reasons: 'Meets criterion 3: complex needs and carer strain',
  }, { shortBreakId });

  if (n % 5 === 0) {
    await run('recordQualityAudit', callers.auditor(n), {
      childId,
      planStreamId: `family-help-plan-${planId}`,
      // asOf is judged against when the plan's events were recorded (now), not when they happened.
      asOf: new Date().toISOString(),
      grade: n % 10 === 0 ? 'good' : 'requires_improvement',
      findings: [{ area: 'child’s voice', finding: 'Views recorded in the child’s words and acted on' }],
    });
  }
  return { childId, planId, assessmentId, shortBreakId };
}
