import type { AssessmentRequester, TimelineClock, TimelineException } from '@planledger/domain';
import type { Random } from './random';
import { schools } from './partnership';

/**
 * A needs assessment's statutory steps, from the request to the final plan, with the lateness
 * partnerships actually see: most decisions to assess in time, about one request in eight refused,
 * draft and final plans often late, now and then a final plan issued inside the representations
 * period, and exceptions recorded against the clock they stop. Days are relative to the demo's today;
 * anything due on or after today is left for the future by the caller's scheduler.
 */
export interface NeedsAssessmentSteps {
  random: Random;
  /** The day the request was received. */
  start: number;
  /** Schedules a command on the assessment's stream for a day (the caller drops days not yet come). */
  on: (day: number, command: string, body: Record<string, unknown>) => void;
  /** The calendar date of a day. */
  date: (day: number) => string;
}

export interface NeedsAssessmentPlan {
  requestedBy: AssessmentRequester;
  /** The day advice can first be sought: after the decision to assess. Null when the authority refused. */
  adviceFrom: number | null;
}

const requesters = [['parent', 45], ['school_or_setting', 38], ['young_person', 4], ['health', 6], ['social_care', 4], ['other', 3]] as const;
const timelineExceptionReasons: Record<TimelineException, string> = {
  school_or_setting_closure: 'The school was closed for four weeks over the summer when its advice was asked for.',
  exceptional_personal_circumstances: 'The family asked for a pause after a bereavement.',
  absent_from_area: 'The family was abroad for five weeks.',
};

export function planNeedsAssessmentSteps({ random, start, on, date }: NeedsAssessmentSteps): NeedsAssessmentPlan {
  const requestedBy = random.weighted(requesters);
  const exception = (clock: TimelineClock, appliedOn: number, recordedOn: number) => {
    const kind = random.pick(['school_or_setting_closure', 'exceptional_personal_circumstances', 'absent_from_area'] as const);
    on(recordedOn, 'recordTimelineException', { clock, exception: kind, appliedOn: date(appliedOn), reason: timelineExceptionReasons[kind] });
  };

  // Regulation 5(1): decided within 6 weeks in about four cases in five.
  const decisionOn = random.chance(0.8) ? start + random.int(20, 42) : start + random.int(43, 70);
  const refused = random.chance(0.12);
  on(decisionOn, 'decideWhetherToAssess', refused ? { decision: 'not_assess', reasons: 'The school can meet the needs from its own resources with advice from the specialist teaching service.', rightOfAppealNotified: true } : { decision: 'assess' });
  if (decisionOn > start + 42 && random.chance(0.25)) exception('decision_to_assess', start + random.int(3, 30), decisionOn);
  if (refused) {
    on(decisionOn + random.int(3, 20), 'closeEhcAssessment', { reason: 'other', detail: 'The authority decided not to assess; the family was told of the right to appeal.' });
    return { requestedBy, adviceFrom: null };
  }

  // After the assessment: a decision not to issue (regulation 10, 16 weeks) for about one in ten, otherwise a draft.
  if (random.chance(0.1)) {
    const notToIssueOn = random.chance(0.7) ? start + random.int(90, 112) : start + random.int(113, 140);
    on(notToIssueOn, 'decideNotToIssuePlan', { reasons: 'The assessment shows the needs can be met at SEN support with the advice gathered.', rightOfAppealNotified: true });
    if (notToIssueOn > start + 112 && random.chance(0.3)) exception('decision_not_to_issue', start + random.int(45, 100), notToIssueOn);
    return { requestedBy, adviceFrom: decisionOn + random.int(1, 5) };
  }
  const draftOn = random.chance(0.6) ? start + random.int(95, 118) : start + random.int(119, 170);
  const representationDays = random.chance(0.85) ? 15 : random.int(16, 21);
  on(draftOn, 'issueDraftPlan', { planVersion: 1, representationDays, sections: { E: 'Outcomes agreed with the family at the planning meeting.' } });
  const preferredSchool = random.pick(schools).description;
  // Now and then a final plan goes out before the representations period has ended.
  const finalOn = random.chance(0.07) ? draftOn + random.int(7, representationDays - 1) : draftOn + representationDays + random.int(0, 35);
  const representationsOn = draftOn + random.int(4, representationDays - 1);
  if (representationsOn < finalOn && random.chance(0.65)) {
    on(representationsOn, 'recordDraftPlanRepresentations', {
      summary: 'The family asks for more speech and language therapy in section F.',
      ...(random.chance(0.5) ? { preferredSchool } : {}),
      meetingRequested: random.chance(0.3),
    });
  }
  on(finalOn, 'issueFinalPlan', { planVersion: 1, namedSchool: preferredSchool });
  if (finalOn > start + 140 && random.chance(0.2)) exception('final_plan', start + random.int(45, 120), finalOn);
  return { requestedBy, adviceFrom: decisionOn + random.int(1, 5) };
}
