import type { Caller } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { registerCallers } from '@planledger/domain/testing';
import { callers } from './harness';

export interface Sent {
  streamId: string;
  entityId: string;
  globalPosition: number;
}

export type Send = (caller: Caller, command: string, params: Record<string, unknown>, body: Record<string, unknown>) => Promise<Sent>;

/** A clock the commands and the store share, so occurredAt and recordedAt follow the story's calendar. */
export function storyClock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(iso: string) {
      now = new Date(iso);
    },
  };
}

export interface RealisticCase {
  childId: string;
  planId: string;
  planStreamId: string;
  assessmentId: string;
  assessmentStreamId: string;
  shortBreakId: string;
  auditStreamId: string;
  requestIds: Record<'parent_young_person' | 'education' | 'health' | 'social_care', string>;
  lastPosition: number;
}

/**
 * One disabled child through a term and a half: a Family Help plan built up over two months, an EHC
 * annual review with advice from four advisers (health's late, the parent's under a reg 8(2)
 * exception), the meeting, a decision to amend and the amended plan, a short break through the local
 * offer, and a quality audit. Every step goes through `send` at a set time on `clock`.
 */
export async function driveRealisticCase(send: Send, clock: ReturnType<typeof storyClock>, store: EventStore): Promise<RealisticCase> {
  const { teamManager, socialWorker, sendOfficer, health, education, auditor } = callers;
  await registerCallers(store, Object.values(callers));
  let last = -1;
  const at = async (iso: string, caller: Caller, command: string, params: Record<string, unknown>, body: Record<string, unknown>) => {
    clock.set(iso);
    const sent = await send(caller, command, params, body);
    last = Math.max(last, sent.globalPosition);
    return sent;
  };

  const child = await at('2026-01-05T09:00:00Z', teamManager, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2014-03-01', primaryNeed: 'ASD' });
  const childId = child.entityId;
  for (const [organisationId, agency] of [['org-la', 'education'], ['org-health', 'health'], ['org-school', 'education']] as const) {
    void agency;
    await at('2026-01-05T09:10:00Z', teamManager, 'addTeamMember', { childId }, { organisationId });
  }

  const plan = await at('2026-01-05T10:00:00Z', socialWorker, 'openFamilyHelpPlan', {}, {
    childId,
    planType: 'child_in_need',
    leadPractitioner: { userId: socialWorker.userId, name: 'Sam Worker', organisationId: 'org-sc', agency: 'social_care' },
  });
  const planId = plan.entityId;
  await at('2026-01-05T10:10:00Z', socialWorker, 'recordDisabilityImpact', { planId }, { domain: 'communication', impact: 'Communicates with a few signs and pictures.' });
  await at('2026-01-05T10:20:00Z', socialWorker, 'recordChildViews', { planId }, { views: 'Likes swimming; hates loud rooms.', howGathered: 'communication_aid' });
  await at('2026-01-05T10:30:00Z', socialWorker, 'setOutcome', { planId }, {
    outcome: 'Asks for help using signs',
    measure: 'Signed requests a day, from the home diary',
    byWhen: '2026-07-31',
    responsible: { agency: 'social_care', role: 'lead practitioner' },
  });
  await at('2026-01-05T10:40:00Z', socialWorker, 'recordContribution', { planId }, { agency: 'social_care', support: 'Family support worker visits', frequency: 'weekly', from: '2026-01-12' });
  await at('2026-01-06T10:00:00Z', health, 'recordContribution', { planId }, { agency: 'health', support: 'Speech and language therapy', frequency: 'fortnightly', from: '2026-01-19' });
  await at('2026-01-06T11:00:00Z', socialWorker, 'reviewFamilyHelpPlan', { planId }, { summary: 'First review: settling in.', nextReviewOn: '2026-04-06' });

  const assessment = await at('2026-01-12T09:00:00Z', sendOfficer, 'startEhcAssessment', {}, { childId, kind: 'annual_review', planVersion: 2 });
  const assessmentId = assessment.entityId;
  const requests: Array<[keyof RealisticCase['requestIds'], string, string]> = [
    ['parent_young_person', 'education', 'org-la'],
    ['education', 'education', 'org-school'],
    ['health', 'health', 'org-health'],
    ['social_care', 'social_care', 'org-sc'],
  ];
  for (const [adviserType, adviserAgency, adviserOrganisationId] of requests) {
    await at('2026-01-12T09:10:00Z', sendOfficer, 'requestAdvice', { assessmentId }, { adviserType, adviserAgency, adviserOrganisationId });
  }
  const requestIds = {} as RealisticCase['requestIds'];
  for (const event of await store.readStream(assessment.streamId)) {
    if (event.type === 'AdviceRequested') {
      const data = event.data as { adviserType: keyof RealisticCase['requestIds']; requestId: string };
      requestIds[data.adviserType] = data.requestId;
    }
  }

  // Advice arrives: education and social care on time, health two days late, the parent's delayed under reg 8(2).
  await at('2026-02-02T14:00:00Z', education, 'submitAdvice', { assessmentId }, { requestId: requestIds.education, sections: { B: 'Needs a quiet base.', F: 'Small-group teaching.' } });
  await at('2026-02-02T15:00:00Z', socialWorker, 'submitAdvice', { assessmentId }, { requestId: requestIds.social_care, sections: { D: 'Needs overnight breaks.', H1: 'Short breaks.' } });
  await at('2026-02-10T09:00:00Z', sendOfficer, 'recordAdviceException', { assessmentId }, { requestId: requestIds.parent_young_person, exception: 'exceptional_personal_circumstances', reason: 'Family bereavement.' });
  await at('2026-02-10T10:00:00Z', sendOfficer, 'moderateAdvice', { assessmentId }, { requestId: requestIds.education, meetsQualityCriteria: true, feedback: 'Clear and specific.' });
  await at('2026-02-10T10:05:00Z', sendOfficer, 'moderateAdvice', { assessmentId }, { requestId: requestIds.social_care, meetsQualityCriteria: true, feedback: 'Clear provision.' });
  await at('2026-02-10T11:00:00Z', sendOfficer, 'incorporateAdvice', { assessmentId }, { requestId: requestIds.education, planVersion: 3 });
  await at('2026-02-10T11:05:00Z', sendOfficer, 'incorporateAdvice', { assessmentId }, { requestId: requestIds.social_care, planVersion: 3 });
  await at('2026-02-16T13:00:00Z', sendOfficer, 'recordAnnualReviewMeeting', { assessmentId }, { agenciesPresent: ['education', 'health', 'social_care'], summary: 'Review held at school.' });
  await at('2026-02-20T09:00:00Z', sendOfficer, 'decideAnnualReview', { assessmentId }, { decision: 'amend', reasons: 'Sections D and H1 need updating.' });
  await at('2026-02-25T09:00:00Z', health, 'submitAdvice', { assessmentId }, { requestId: requestIds.health, sections: { C: 'Sleep difficulties.', G: 'Sleep clinic.' } });
  await at('2026-02-26T09:00:00Z', sendOfficer, 'moderateAdvice', { assessmentId }, { requestId: requestIds.health, meetsQualityCriteria: true, feedback: 'Useful.' });
  await at('2026-02-26T09:05:00Z', sendOfficer, 'incorporateAdvice', { assessmentId }, { requestId: requestIds.health, planVersion: 3 });

  // The Family Help plan is completed.
  await at('2026-03-02T10:00:00Z', socialWorker, 'recordDisabilityImpact', { planId }, { domain: 'family_functioning', impact: 'Parents sleep in shifts.' });
  await at('2026-03-02T10:10:00Z', socialWorker, 'recordFamilyViews', { planId }, { views: 'We need a break at weekends.', relationship: 'mother' });
  await at('2026-03-03T10:00:00Z', education, 'recordContribution', { planId }, { agency: 'education', support: 'Teaching assistant support', frequency: 'daily', from: '2026-03-09' });

  const shortBreak = await at('2026-03-09T10:00:00Z', socialWorker, 'requestShortBreak', {}, { childId, route: 'local_offer' });
  await at('2026-03-16T10:00:00Z', teamManager, 'decideShortBreak', { shortBreakId: shortBreak.entityId }, {
    outcome: 'approved',
    granted: [{ type: 'overnight', amount: 24, unit: 'nights_per_year' }],
    eligibilityCriteriaVersion: 'criteria-2025',
    shortBreaksStatementVersion: 'statement-2025-v2',
    reasons: 'Meets the criteria for overnight short breaks.',
  });

  await at('2026-04-20T09:00:00Z', sendOfficer, 'issueAmendedPlan', { assessmentId }, { planVersion: 3 });
  const audit = await at('2026-04-27T09:00:00Z', auditor, 'recordQualityAudit', {}, {
    childId,
    planStreamId: plan.streamId,
    asOf: '2026-04-27T00:00:00Z',
    grade: 'good',
    findings: [{ area: 'Disability impact', finding: 'Covers family functioning.' }],
  });

  return {
    childId,
    planId,
    planStreamId: plan.streamId,
    assessmentId,
    assessmentStreamId: assessment.streamId,
    shortBreakId: shortBreak.entityId,
    auditStreamId: audit.streamId,
    requestIds,
    lastPosition: last,
  };
}
