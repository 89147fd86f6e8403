import { yearGroupOn, type AdviserType, type Agency, type Caller, type CommandResult, type CompletenessReport, type Role, type Sen2PrimaryNeed } from '@planledger/domain';
import { childDetails } from './child-details';
import {
  camhs,
  childrensTherapies,
  colleges,
  communityPaediatrics,
  designatedClinicalOfficer,
  disabledChildrensTeam,
  educationalPsychology,
  familyHelpTeam,
  localAuthoritySend,
  preparationForAdulthood,
  qualityAssurance,
  schools,
  staff,
  teamSizes,
  type Organisation,
} from './partnership';
import type { Random } from './random';
import * as texts from './texts';
import { planNeedsAssessmentSteps } from './needs-assessment-timeline';

/**
 * One child's story in the partnership, as a timeline of commands issued by the people who would
 * issue them. Everything is decided from the child's own random source before anything runs; the
 * timeline is then run (one command per step) in date order, so ids returned by earlier commands
 * are there for later ones. The loader decides when each step was recorded and interleaves the
 * steps of every child in that order.
 * Realistic gaps are part of the story: late or missing advice, missing health contributions, plans
 * without family functioning, regulation 8(2) exceptions, late annual review decisions.
 */

export type RunCommand = (command: string, caller: Caller, body: Record<string, unknown>, params?: Record<string, string>) => Promise<CommandResult>;

export interface JourneyContext {
  random: Random;
  /** The demo's today (YYYY-MM-DD): everything happens before it. */
  today: string;
  run: RunCommand;
  /** The data of the event with this id in this stream (to learn ids a command decided, such as an advice request's). */
  eventData: (streamId: string, eventId: string) => Promise<Record<string, unknown>>;
  /** When the stream's latest event was recorded (what an audit grades the plan as at). */
  lastRecordedAt: (streamId: string) => Promise<string>;
  /** The child's place in the demo (0, 1, 2, ...): gives it an NHS number no other demo child has. */
  serial?: number;
  /** A Family Help plan's completeness as the read models compute it for the record at `asOf`. */
  completenessAt: (planStreamId: string, childId: string, asOf: string) => Promise<CompletenessReport>;
}

export interface JourneyPlan {
  /** Children with an EHC plan get an annual review or (for new plans) a needs assessment. */
  ehc: boolean;
  familyHelp: boolean;
  shortBreak: boolean;
  /** The showcase child: every kind of record, in the sample organisations, so printed tokens can see it. */
  showcase?: boolean;
}

export interface JourneyResult {
  childId: string;
  familyHelpPlanId: string | null;
  ehcAssessmentId: string | null;
  shortBreakId: string | null;
  auditId: string | null;
  /** The organisations in the child's team. */
  team: string[];
  commands: number;
  events: number;
}

const DAY_MS = 86_400_000;

/** One step of a child's story: exactly one command, on its day (days before the demo's today are negative). */
export interface JourneyStep {
  day: number;
  order: number;
  run: () => Promise<void>;
}

export interface PlannedJourney {
  /** In the order they must run. */
  steps: JourneyStep[];
  /** The child's records once the steps that ran have run. */
  result: () => JourneyResult;
}

export function planChildJourney(ctx: JourneyContext, plan: JourneyPlan): PlannedJourney {
  const { random, today } = ctx;
  const showcase = plan.showcase === true;
  const date = (day: number) => new Date(Date.parse(`${today}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
  const at = (day: number) => `${date(day)}T${String(random.int(8, 16)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00Z`;
  const person = (role: Role, organisation: Organisation, people: number) => staff(role, organisation, showcase ? 1 : random.int(1, people));

  const actions: JourneyStep[] = [];
  // Only what has already happened is recorded: anything due today or later is left for the future.
  const on = (day: number, run: () => Promise<void>) => {
    if (day <= -1) actions.push({ day, order: actions.length, run });
  };
  const result: JourneyResult = { childId: '', familyHelpPlanId: null, ehcAssessmentId: null, shortBreakId: null, auditId: null, team: [], commands: 0, events: 0 };
  /** The day each organisation joins the child's team (registration or addTeamMember). */
  const joinedOn = new Map<string, number>();
  /**
   * The day an advice request invites an organisation: it then reads the child and answers that
   * assessment, but writes to the child's other records only once added to the team.
   */
  const advisingFrom = new Map<string, number>();
  const run: RunCommand = async (command, caller, body, params) => {
    const answer = await ctx.run(command, caller, body, params);
    result.commands++;
    result.events += answer.eventIds.length;
    return answer;
  };
  const joins = (day: number, organisation: Organisation) => joinedOn.set(organisation.organisationId, Math.min(day, joinedOn.get(organisation.organisationId) ?? day));
  const inTeamBy = (day: number, organisation: Organisation) => (joinedOn.get(organisation.organisationId) ?? Infinity) <= day;

  // Who the child is and which organisations are around them.
  const age = plan.ehc ? random.weighted([[[2, 4], 8], [[5, 10], 40], [[11, 15], 37], [[16, 19], 15]] as const) : random.weighted([[[1, 4], 25], [[5, 10], 40], [[11, 17], 35]] as const);
  const details = childDetails(random, today, age[0], age[1], ctx.serial);
  const ageDays = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${details.dateOfBirth}T00:00:00Z`)) / DAY_MS);
  const need: Sen2PrimaryNeed = details.primaryNeed;
  const school = showcase ? schools[0]! : age[0] >= 16 ? random.pick(colleges) : random.pick(schools);
  const healthOrganisation = showcase ? designatedClinicalOfficer : healthOrganisationFor(need, random);
  const socialCare = showcase || random.chance(0.7) ? disabledChildrensTeam : familyHelpTeam;
  const sendOfficer = person('send_officer', localAuthoritySend, teamSizes.sendOfficers);
  const socialWorker = person('social_worker', socialCare, teamSizes.socialWorkers);
  const teamManager = person('team_manager', socialCare, teamSizes.teamManagers);

  // Nothing about a child is recorded before they are a few weeks old.
  const earliest = -(ageDays - 30);
  const startOn = (day: number) => Math.max(day, earliest + 20);
  const ehcStart = plan.ehc ? startOn(showcase ? -200 : -random.int(14, 320)) : null;
  const familyHelpOpen = plan.familyHelp ? startOn(showcase ? -260 : -random.int(20, 500)) : null;
  const shortBreakRequest = plan.shortBreak ? startOn(showcase ? -150 : -random.int(10, 400)) : null;
  const firstActivity = Math.min(...[ehcStart, familyHelpOpen, shortBreakRequest].filter((d): d is number => d !== null), -2);
  // The record began 18 months ago: children already known then were registered in its first weeks.
  const registeredOn = Math.max(firstActivity - random.int(5, 200), earliest, -540);

  // The SEND team registers children with EHC plans; social care registers the others.
  const registrar = plan.ehc ? sendOfficer : socialWorker;
  on(registeredOn, async () => {
    const registered = await run('registerChild', registrar, { ...details, occurredAt: at(registeredOn) });
    result.childId = registered.entityId;
  });
  joins(registeredOn, plan.ehc ? localAuthoritySend : socialCare);
  const inviter = plan.ehc ? sendOfficer : teamManager;
  // An organisation that would only join later (through an advice request) is invited now instead; the request then invites nobody.
  const invite = (day: number, organisation: Organisation) => {
    if (inTeamBy(day, organisation)) return;
    joins(day, organisation);
    on(day, async () => {
      await run('addTeamMember', inviter, { organisationId: organisation.organisationId, occurredAt: at(day) }, { childId: result.childId });
    });
  };
  if (plan.ehc || age[0] >= 5) invite(registeredOn, school);
  if (plan.familyHelp || plan.shortBreak) invite(firstActivity - 1, socialCare);

  if (ehcStart !== null) planEhcAssessment(ehcStart);
  if (familyHelpOpen !== null) planFamilyHelp(familyHelpOpen);
  if (shortBreakRequest !== null) planShortBreak(shortBreakRequest);

  // Quality assurance grades a share of Family Help plans on the audit date after they have had time to take shape.
  if (familyHelpOpen !== null && (showcase || random.chance(0.35))) planAudit(familyHelpOpen);

  actions.sort((a, b) => a.day - b.day || a.order - b.order);
  return {
    steps: actions,
    result: () => ({
      ...result,
      team: [...new Set([...joinedOn.entries(), ...advisingFrom.entries()].filter(([, day]) => day <= -1).map(([organisationId]) => organisationId))],
    }),
  };

  function planEhcAssessment(start: number): void {
    const kind = showcase || random.chance(0.85) ? 'annual_review' : 'needs_assessment';
    const planVersion = kind === 'annual_review' ? random.int(1, 6) : 0;
    const assessment = { id: '', streamId: '' };
    // The assessment closes only after everything else recorded on it, late advice included.
    let latest = start;
    const ehcOn = (day: number, step: () => Promise<void>) => {
      latest = Math.max(latest, day);
      on(day, step);
    };
    const params = () => ({ assessmentId: assessment.id });
    const timeline =
      kind === 'needs_assessment'
        ? planNeedsAssessmentSteps({
            random,
            start,
            date,
            on: (day, command, body) =>
              ehcOn(day, async () => {
                await run(command, sendOfficer, { ...body, occurredAt: at(day) }, params());
              }),
          })
        : null;
    ehcOn(start, async () => {
      const started = await run('startEhcAssessment', sendOfficer, {
        childId: result.childId,
        kind,
        ...(kind === 'annual_review' ? { planVersion } : {}),
        ...(timeline ? { requestedBy: timeline.requestedBy } : {}),
        occurredAt: at(start),
      });
      assessment.id = started.entityId;
      assessment.streamId = started.streamId;
      result.ehcAssessmentId = started.entityId;
    });
    // The officer who starts it is its named case officer (named without drawing on the random source,
    // so every other fact of the demo stays as it was).
    ehcOn(start, async () => {
      const caseOfficer = { userId: sendOfficer.userId, name: caseOfficerName(sendOfficer.userId), organisationId: sendOfficer.organisationId };
      await run('assignCaseOfficer', sendOfficer, { caseOfficer, occurredAt: at(start) }, { assessmentId: assessment.id });
    });

    const advisers: Array<{ type: AdviserType; organisation: Organisation; respondent: Caller }> = [
      // The family's views are gathered through the child's school: education practitioners work in schools, colleges and EP services, not in the LA SEND team.
      { type: 'parent_young_person', organisation: school, respondent: person('education_practitioner', school, teamSizes.educationPractitioners) },
      { type: 'education', organisation: school, respondent: person('education_practitioner', school, teamSizes.educationPractitioners) },
      { type: 'health', organisation: healthOrganisation, respondent: person('health_practitioner', healthOrganisation, teamSizes.healthPractitioners) },
      { type: 'social_care', organisation: socialCare, respondent: person('social_worker', socialCare, teamSizes.socialWorkers) },
    ];
    if (kind === 'needs_assessment') {
      advisers.splice(2, 0, { type: 'educational_psychologist', organisation: educationalPsychology, respondent: person('education_practitioner', educationalPsychology, teamSizes.educationPractitioners) });
    }
    // A needs assessment seeks advice once the authority has decided to assess; none after a refusal.
    if (timeline && timeline.adviceFrom === null) return;
    const requestedOn = timeline?.adviceFrom ?? start + random.int(0, 3);
    // Preparation for adulthood from Year 9 on the date of the request (the assessment's start).
    if (yearGroupOn(details.dateOfBirth, date(start)) >= 9 && random.chance(0.55)) {
      advisers.push({ type: 'preparation_for_adulthood', organisation: preparationForAdulthood, respondent: person('education_practitioner', preparationForAdulthood, teamSizes.educationPractitioners) });
    }
    const newVersion = kind === 'annual_review' ? planVersion + 1 : 1;

    for (const adviser of advisers) {
      // Social care is sometimes never asked for advice at an annual review: a gap the completeness rules show.
      if (!showcase && adviser.type === 'social_care' && kind === 'annual_review' && random.chance(0.06)) continue;
      const profile = adviceProfiles[adviser.type];
      const request = { id: '' };
      advisingFrom.set(adviser.organisation.organisationId, Math.min(requestedOn, advisingFrom.get(adviser.organisation.organisationId) ?? requestedOn));
      ehcOn(requestedOn, async () => {
        const requested = await run(
          'requestAdvice',
          sendOfficer,
          { adviserType: adviser.type, adviserAgency: adviser.organisation.agency, adviserOrganisationId: adviser.organisation.organisationId, occurredAt: at(requestedOn) },
          params(),
        );
        request.id = String((await ctx.eventData(assessment.streamId, requested.eventIds[0]!)).requestId);
      });
      const dueOn = requestedOn + 42;
      const exception = random.chance(profile.exception);
      if (exception) {
        const day = dueOn - random.int(1, 10);
        const kindOfException = random.pick(['missed_appointment', 'exceptional_personal_circumstances', 'absent_from_area'] as const);
        ehcOn(day, async () => {
          await run('recordAdviceException', sendOfficer, { requestId: request.id, exception: kindOfException, reason: exceptionReasons[kindOfException], occurredAt: at(day) }, params());
        });
      }
      if (!(showcase || random.chance(profile.submitted))) continue;
      const onTime = !exception && (showcase || random.chance(profile.onTime));
      const submittedOn = onTime ? requestedOn + random.int(10, 42) : requestedOn + random.int(43, 110);
      ehcOn(submittedOn, async () => {
        await run('submitAdvice', adviser.respondent, { requestId: request.id, sections: adviceSectionsFor(adviser.respondent.agency), occurredAt: at(submittedOn) }, params());
      });
      if (random.chance(0.85)) {
        const day = submittedOn + random.int(2, 10);
        const meets = random.chance(0.82);
        ehcOn(day, async () => {
          await run(
            'moderateAdvice',
            sendOfficer,
            { requestId: request.id, meetsQualityCriteria: meets, feedback: random.pick(meets ? texts.moderationFeedback.meets : texts.moderationFeedback.fails), occurredAt: at(day) },
            params(),
          );
        });
      }
      if (showcase || random.chance(profile.incorporated)) {
        const day = submittedOn + random.int(5, 20);
        ehcOn(day, async () => {
          await run('incorporateAdvice', sendOfficer, { requestId: request.id, planVersion: newVersion, occurredAt: at(day) }, params());
        });
      }
    }

    if (kind !== 'annual_review') return;
    const meeting = start + random.int(42, 70);
    const present: Agency[] = ['education', ...(random.chance(0.5) ? (['health'] as const) : []), ...(random.chance(0.45) ? (['social_care'] as const) : [])];
    ehcOn(meeting, async () => {
      await run('recordAnnualReviewMeeting', sendOfficer, { agenciesPresent: present, summary: 'Annual review held with the family and school.', occurredAt: at(meeting) }, params());
    });
    if (!showcase && random.chance(0.08)) return; // decision still outstanding
    const decision = showcase ? 'amend' : random.weighted([['maintain', 50], ['amend', 44], ['cease', 6]] as const);
    const decidedOn = showcase || random.chance(0.72) ? meeting + random.int(3, 28) : meeting + random.int(29, 75);
    ehcOn(decidedOn, async () => {
      await run('decideAnnualReview', sendOfficer, { decision, reasons: texts.reviewDecisionReasons[decision], occurredAt: at(decidedOn) }, params());
    });
    if (decision === 'amend') {
      const roll = random.next();
      if (roll < 0.9) {
        const issuedOn = showcase || roll < 0.55 ? Math.max(decidedOn + 7, meeting + random.int(35, 84)) : meeting + random.int(85, 150);
        ehcOn(issuedOn, async () => {
          await run('issueAmendedPlan', sendOfficer, { planVersion: newVersion, occurredAt: at(issuedOn) }, params());
        });
        if (!showcase && random.chance(0.5)) {
          const closedOn = Math.max(issuedOn, latest) + random.int(1, 14);
          ehcOn(closedOn, async () => {
            await run('closeEhcAssessment', sendOfficer, { reason: 'review_completed', occurredAt: at(closedOn) }, params());
          });
        }
      }
    } else if (decision === 'cease' || random.chance(0.5)) {
      const closedOn = Math.max(decidedOn, latest) + random.int(1, 14);
      ehcOn(closedOn, async () => {
        await run('closeEhcAssessment', sendOfficer, { reason: decision === 'cease' ? 'plan_ceased' : 'review_completed', occurredAt: at(closedOn) }, params());
      });
    }
  }

  function planFamilyHelp(open: number): void {
    const planId = () => ({ planId: result.familyHelpPlanId! });
    const planType = showcase ? 'child_in_need' : random.weighted([['child_in_need', 45], ['family_help', 30], ['early_help', 15], ['child_protection', 7], ['looked_after', 3]] as const);
    const lead = { userId: socialWorker.userId, name: random.pick(texts.leadNames), organisationId: socialWorker.organisationId, agency: 'social_care' };
    on(open, async () => {
      const opened = await run('openFamilyHelpPlan', socialWorker, { childId: result.childId, planType, leadPractitioner: lead, occurredAt: at(open) });
      result.familyHelpPlanId = opened.entityId;
    });
    const write = (day: number, command: string, caller: Caller, body: Record<string, unknown>) =>
      on(day, async () => {
        await run(command, caller, { ...body, occurredAt: at(day) }, planId());
      });

    const otherDomains = ['communication', 'mobility', 'personal_care', 'learning', 'behaviour_and_emotional_wellbeing', 'health'] as const;
    const domains: string[] = random.sample(otherDomains, random.int(1, 3));
    // Family functioning is the domain plans most often leave out.
    if (showcase || random.chance(0.68)) domains.push('family_functioning');
    for (const domain of domains) {
      write(open + random.int(1, 20), 'recordDisabilityImpact', socialWorker, { domain, impact: random.pick(texts.impactTexts[domain]!) });
    }
    if (showcase || random.chance(0.82)) {
      const howGathered = ['PMLD', 'SLD', 'ASD', 'MSI'].includes(need) ? 'communication_aid' : random.pick(['direct_conversation', 'with_advocate', 'observation'] as const);
      write(open + random.int(3, 25), 'recordChildViews', socialWorker, { views: random.pick(texts.childViews), howGathered });
    }
    if (showcase || random.chance(0.9)) write(open + random.int(3, 25), 'recordFamilyViews', socialWorker, { views: random.pick(texts.familyViews), relationship: random.pick(['mother', 'father', 'carer', 'grandmother']) });
    for (const description of random.sample(texts.needs, random.int(1, 3))) write(open + random.int(5, 30), 'recordNeed', socialWorker, { description });
    if (showcase || random.chance(0.92)) {
      for (const o of random.sample(texts.outcomes, random.int(1, 3))) {
        const day = open + random.int(10, 35);
        write(day, 'setOutcome', socialWorker, { outcome: o.outcome, measure: o.measure, byWhen: date(day + random.int(90, 365)), responsible: { agency: 'social_care', role: o.role } });
      }
    }

    const contribute = (agency: Agency, caller: Caller) => {
      const day = open + random.int(7, 60);
      const c = random.pick(texts.contributions[agency as 'education' | 'health' | 'social_care']);
      write(day, 'recordContribution', caller, { agency, support: c.support, frequency: c.frequency, from: date(day) });
    };
    if (showcase || random.chance(0.92)) contribute('social_care', socialWorker);
    if (inTeamBy(open, school) && (showcase || random.chance(0.78))) contribute('education', person('education_practitioner', school, teamSizes.educationPractitioners));
    // Health contributions are the ones most often missing, even when health is in the team.
    if (showcase || random.chance(0.55)) {
      invite(open + 5, healthOrganisation);
      contribute('health', person('health_practitioner', healthOrganisation, teamSizes.healthPractitioners));
    }

    if (showcase || random.chance(0.72)) {
      const reviewedOn = open + random.int(60, 140);
      write(reviewedOn, 'reviewFamilyHelpPlan', socialWorker, { summary: random.pick(texts.reviewSummaries), nextReviewOn: date(reviewedOn + random.int(90, 180)) });
    }
    if (!showcase && random.chance(0.07)) {
      const closedOn = open + random.int(150, 400);
      on(closedOn, async () => {
        await run('closeFamilyHelpPlan', teamManager, { reason: random.pick(['needs_met', 'stepped_down', 'moved_area'] as const), occurredAt: at(closedOn) }, planId());
      });
    }
  }

  function planShortBreak(requested: number): void {
    const route = showcase ? 'local_offer' : random.weighted([['local_offer', 50], ['self_assessment', 20], ['social_care_assessment', 30]] as const);
    const params = () => ({ shortBreakId: result.shortBreakId! });
    on(requested, async () => {
      const answer = await run('requestShortBreak', socialWorker, { childId: result.childId, route, occurredAt: at(requested) });
      result.shortBreakId = answer.entityId;
    });
    if (!showcase && random.chance(0.1)) return; // awaiting a decision
    const decidedOn = requested + (route === 'local_offer' ? random.int(5, 20) : route === 'self_assessment' ? random.int(10, 40) : random.int(30, 90));
    const outcome = showcase ? 'approved' : random.weighted([['approved', 62], ['partly_approved', 24], ['declined', 14]] as const);
    const granted = outcome === 'declined' ? [] : grantsFor(route);
    on(decidedOn, async () => {
      await run(
        'decideShortBreak',
        teamManager,
        {
          outcome,
          granted,
          eligibilityCriteriaVersion: 'leicester-short-breaks-criteria-2024',
          shortBreaksStatementVersion: 'leicester-short-breaks-statement-2025',
          reasons: texts.shortBreakReasons[outcome === 'approved' ? 0 : outcome === 'partly_approved' ? 1 : 2]!,
          occurredAt: at(decidedOn),
        },
        params(),
      );
    });
    if (outcome !== 'approved' && random.chance(0.25)) {
      const day = decidedOn + random.int(5, 30);
      on(day, async () => {
        await run('challengeShortBreak', socialWorker, { kind: 'appeal', grounds: 'The family says the breaks granted do not meet the child\'s needs.', occurredAt: at(day) }, params());
      });
    }
    if (outcome !== 'declined' && random.chance(0.35)) {
      const day = decidedOn + random.int(150, 300);
      on(day, async () => {
        await run('reviewShortBreak', socialWorker, { conclusion: random.pick(['continue', 'change_needed'] as const), summary: 'Breaks are working; the family would like more in the holidays.', nextReviewOn: date(day + 365), occurredAt: at(day) }, params());
      });
    }
  }

  function grantsFor(route: string) {
    if (route === 'social_care_assessment') {
      return [{ type: 'overnight', amount: random.pick([12, 24, 36, 52]), unit: 'nights_per_year' }, ...(random.chance(0.4) ? [{ type: 'direct_payment', amount: random.int(100, 400), unit: 'hours_per_year' }] : [])];
    }
    return [{ type: random.pick(['activities', 'holiday_scheme', 'day_care'] as const), amount: random.int(20, 150), unit: 'hours_per_year' }];
  }

  /**
   * The QA team audits on its monthly audit date (the 15th). The grade follows from the plan's
   * completeness on the record at the moment it is graded as at (see gradeFromCompleteness for
   * where a moderator disagrees).
   */
  function planAudit(open: number): void {
    const auditor = person('auditor', qualityAssurance, teamSizes.auditors);
    const auditDay = auditDateOnOrAfter(showcase ? open + 150 : open + random.int(60, 240));
    const moderated = showcase || random.chance(0.5);
    const moderationDay = auditDay + random.int(3, 20);
    let audited: { auditId: string; grade: AuditGrade; moderatorGrade: AuditGrade } | null = null;
    on(auditDay, async () => {
      const planStreamId = `family-help-plan-${result.familyHelpPlanId}`;
      const asOf = await ctx.lastRecordedAt(planStreamId);
      const report = await ctx.completenessAt(planStreamId, result.childId, asOf);
      const { grade, moderatorGrade, findings } = gradeFromCompleteness(report);
      const answer = await run('recordQualityAudit', auditor, { childId: result.childId, planStreamId, asOf, grade, findings, occurredAt: at(auditDay) });
      result.auditId = answer.entityId;
      audited = { auditId: answer.entityId, grade, moderatorGrade };
    });
    if (!moderated) return;
    const moderator = staff('auditor', qualityAssurance, (Number(auditor.userId.split('-').at(-1)) % teamSizes.auditors) + 1);
    on(moderationDay, async () => {
      if (!audited) throw new Error('a moderation before its audit');
      const { auditId, grade, moderatorGrade } = audited;
      const agrees = moderatorGrade === grade;
      await run(
        'moderateAudit',
        moderator,
        { agreesWithGrade: agrees, ...(agrees ? {} : { moderatedGrade: moderatorGrade }), comments: agrees ? 'Agree with the grade and findings.' : gradeOrder.indexOf(moderatorGrade) > gradeOrder.indexOf(grade) ? 'A priority is not met (an agency, the child\'s views or the impact on the family): the grade must reflect that.' : 'The plan itself is complete; only the review date has lapsed.', occurredAt: at(moderationDay) },
        { auditId },
      );
    });
  }

  /** The first audit date (the 15th of a month) on or after the day. */
  function auditDateOnOrAfter(day: number): number {
    for (let d = day; ; d++) if (date(d).endsWith('-15')) return d;
  }

  function adviceSectionsFor(agency: Agency): Record<string, string> {
    if (agency === 'education') return { B: random.pick(texts.adviceSections.education.B), F: random.pick(texts.adviceSections.education.F) };
    if (agency === 'health') return { C: random.pick(texts.adviceSections.health.C), G: random.pick(texts.adviceSections.health.G) };
    return { D: random.pick(texts.adviceSections.social_care.D), ...(random.chance(0.7) ? { H1: random.pick(texts.adviceSections.social_care.H1) } : {}), H2: random.pick(texts.adviceSections.social_care.H2) };
  }
}

/** How each adviser tends to answer: share submitted at all, on time, with an exception, incorporated. */
const adviceProfiles: Record<AdviserType, { submitted: number; onTime: number; exception: number; incorporated: number }> = {
  parent_young_person: { submitted: 0.92, onTime: 0.85, exception: 0.02, incorporated: 0.85 },
  education: { submitted: 0.9, onTime: 0.8, exception: 0.03, incorporated: 0.85 },
  educational_psychologist: { submitted: 0.88, onTime: 0.6, exception: 0.05, incorporated: 0.85 },
  health: { submitted: 0.72, onTime: 0.55, exception: 0.1, incorporated: 0.72 },
  social_care: { submitted: 0.78, onTime: 0.6, exception: 0.05, incorporated: 0.7 },
  preparation_for_adulthood: { submitted: 0.8, onTime: 0.7, exception: 0, incorporated: 0.8 },
  other: { submitted: 0.8, onTime: 0.7, exception: 0, incorporated: 0.8 },
};

const exceptionReasons = {
  missed_appointment: 'Two appointments were missed; a third is booked.',
  exceptional_personal_circumstances: 'The family asked to pause the assessment after a bereavement.',
  absent_from_area: 'The family was abroad for six weeks.',
} as const;

type AuditGrade = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';

const priorityRules = new Set(['fhp.agency-contributions', 'fhp.child-views', 'fhp.disability-impact']);

/** Best first. */
const gradeOrder: readonly AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

const ruleAreas: Record<string, string> = {
  'fhp.disability-impact': 'disability impact',
  'fhp.child-views': 'views',
  'fhp.family-views': 'views',
  'fhp.measurable-outcome': 'outcomes',
  'fhp.agency-contributions': 'multi-agency',
  'fhp.review-date': 'review',
};

/**
 * An audit's grade and findings from the plan's completeness: every rule met is outstanding, five
 * in six good, half or more requires improvement, less inadequate. Each unmet rule is a finding.
 * A moderator grades no plan with a gap in a priority (an agency's contribution, the child's views,
 * the disability's impact including family functioning) better than requires improvement, nor one
 * with two such gaps better than inadequate, and a plan whose only gap is a lapsed review date as
 * outstanding; so moderation disagrees there, and only there.
 */
export function gradeFromCompleteness(report: CompletenessReport): { grade: AuditGrade; moderatorGrade: AuditGrade; findings: Array<{ area: string; finding: string }> } {
  const grade: AuditGrade = report.score >= 1 ? 'outstanding' : report.score >= 0.8 ? 'good' : report.score >= 0.5 ? 'requires_improvement' : 'inadequate';
  const failing = report.rules.filter((r) => r.applies && !r.satisfied);
  // The moderator reads for the partnership's priorities (every agency in the plan, the child's voice,
  // the disability's impact on the family) and treats a lapsed review date alone as a process point.
  const priorityGaps = failing.filter((r) => priorityRules.has(r.id)).length;
  const onlyReviewLapsed = failing.length === 1 && failing[0]!.id === 'fhp.review-date';
  const ceiling: AuditGrade = priorityGaps === 0 ? 'outstanding' : priorityGaps === 1 ? 'requires_improvement' : 'inadequate';
  const moderatorGrade: AuditGrade = onlyReviewLapsed ? 'outstanding' : gradeOrder.indexOf(grade) < gradeOrder.indexOf(ceiling) ? ceiling : grade;
  const findings = failing.map((r) => ({ area: ruleAreas[r.id] ?? 'plan', finding: r.explanation }));
  return { grade, moderatorGrade, findings: findings.length > 0 ? findings : [{ area: 'overall', finding: 'Every part of the checklist is met: the plan is complete and multi-agency.' }] };
}

function healthOrganisationFor(need: Sen2PrimaryNeed, random: Random): Organisation {
  if (need === 'SEMH') return camhs;
  if (need === 'SLCN') return childrensTherapies;
  if (['PD', 'PMLD', 'MSI', 'VI', 'HI'].includes(need)) return communityPaediatrics;
  return random.chance(0.4) ? designatedClinicalOfficer : communityPaediatrics;
}

const caseOfficerSurnames = ['Ahmed', 'Bailey', 'Chauhan', 'Davies', 'Evans', 'Fernandes', 'Green', 'Hussain', 'Iqbal', 'Jackson', 'Khan', 'Lewis'];

/** A made-up name for a SEND officer, the same every time for the same user id. */
function caseOfficerName(userId: string): string {
  let sum = 0;
  for (const c of userId) sum = (sum * 31 + c.charCodeAt(0)) >>> 0;
  return `Case officer ${caseOfficerSurnames[sum % caseOfficerSurnames.length]}`;
}
