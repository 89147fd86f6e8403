import { clockState, todayInLondon } from '../layout/clock';
import { govDate, label, organisationName } from '../layout/labels';
import type { AssessmentPageData } from './ehc-queries';

const tag = (state: { text: string; classes: string }) => `<strong class="govuk-tag ${state.classes}">${state.text}</strong>`;

/** The assessment page: each statutory clock with its state, then the advice by section for each agency. */
export function assessmentPageView(assessment: AssessmentPageData, today = todayInLondon()) {
  const clocks: Array<{ step: string; state: ReturnType<typeof clockState> }> = [];
  for (const a of assessment.advice) {
    clocks.push({
      step: `${label(a.adviserType)} advice from ${organisationName(a.organisationId)} (six weeks, regulation 8)`,
      state: clockState({ dueOn: a.adviceDueOn, doneOn: a.submittedOn, onTime: a.onTime, exceptionRecorded: !!a.exception }, today),
    });
  }
  if (assessment.reviewMeeting) {
    const m = assessment.reviewMeeting;
    clocks.push({ step: 'Annual review decision (within 4 weeks of the meeting)', state: clockState({ dueOn: m.decisionDueOn, doneOn: assessment.decision?.decidedOn }, today) });
    if (!assessment.decision || assessment.decision.decision === 'amend') {
      clocks.push({ step: 'Amended plan issued (within 12 weeks of the meeting)', state: clockState({ dueOn: m.amendedPlanDueOn, doneOn: assessment.amendedPlan?.issuedOn }, today) });
    }
  }
  const missing = assessment.completeness.rules.filter((r) => r.applies && !r.satisfied);
  return {
    assessment,
    childHref: `/children/${encodeURIComponent(assessment.childId)}`,
    title: label(assessment.kind),
    summary: [
      { key: { text: 'Started' }, value: { text: govDate(assessment.startedOn) } },
      { key: { text: 'Status' }, value: { text: assessment.status === 'closed' ? `Closed on ${govDate(assessment.closedOn)} (${label(assessment.closureReason)})` : 'Open' } },
      ...(assessment.planVersion ? [{ key: { text: 'Plan version' }, value: { text: String(assessment.planVersion) } }] : []),
    ],
    clocks: clocks.map((c) => [{ text: c.step }, { text: c.state.detail }, { html: tag(c.state) }]),
    missing: missing.map((r) => ({ title: { text: r.title }, hint: { text: r.explanation }, status: { tag: { text: 'Missing', classes: 'govuk-tag--red' } } })),
    met: assessment.completeness.satisfied,
    applicable: assessment.completeness.applicable,
    advice: assessment.advice.map((a) => ({
      card: { title: { text: `${label(a.adviserType)}: ${organisationName(a.organisationId)}` } },
      rows: [
        { key: { text: 'Requested' }, value: { text: `${govDate(a.requestedOn)}, due ${govDate(a.adviceDueOn)}` } },
        ...(a.exception ? [{ key: { text: 'Exception' }, value: { text: `${label(a.exception.exception)}: ${a.exception.reason}` } }] : []),
        ...(a.submittedOn ? [] : [{ key: { text: 'Advice' }, value: { text: 'Not received yet' } }]),
        ...a.sections.map((s) => ({ key: { text: `Section ${s.section}` }, value: { text: s.text } })),
        ...(a.submittedOn ? [{ key: { text: 'Moderation' }, value: { text: a.moderation ? `${a.moderation.meetsQualityCriteria ? 'Meets' : 'Does not meet'} the quality criteria. ${a.moderation.feedback}` : 'Not moderated yet' } }] : []),
        ...(a.submittedOn ? [{ key: { text: 'In the plan' }, value: { text: a.incorporatedIntoPlanVersion ? `Incorporated into version ${a.incorporatedIntoPlanVersion}` : 'Not incorporated yet' } }] : []),
      ],
    })),
    review: assessment.reviewMeeting
      ? [
          { key: { text: 'Meeting held' }, value: { text: govDate(assessment.reviewMeeting.heldOn) } },
          { key: { text: 'Agencies there' }, value: { text: assessment.reviewMeeting.agenciesPresent.map(label).join(', ') || 'None recorded' } },
          { key: { text: 'What it found' }, value: { text: assessment.reviewMeeting.summary } },
          ...(assessment.decision ? [{ key: { text: 'Decision' }, value: { text: `${label(assessment.decision.decision)} on ${govDate(assessment.decision.decidedOn)}: ${assessment.decision.reasons}` } }] : []),
          ...(assessment.amendedPlan ? [{ key: { text: 'Amended plan' }, value: { text: `Version ${assessment.amendedPlan.planVersion} issued ${govDate(assessment.amendedPlan.issuedOn)}` } }] : []),
        ]
      : [],
  };
}
