import { adviceExceptions, adviceSectionsByAgency, adviserTypes, agencies, annualReviewDecisions, assessmentClosureReasons, type Agency } from '@planledger/domain';
import type { CommandForm } from '../forms/form-spec';
import { agencyOfOrganisation, choicesOf, govDate, label, organisationChoices, organisationName } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import type { ChosenReadReason } from '../session/read-reason';
import type { AssessmentPageData } from './ehc-queries';

export interface AssessmentFormContext {
  assessment: AssessmentPageData;
  childName: string;
  person: SignedInPerson;
  /** Why the page read the assessment (shown on it). */
  reason?: ChosenReadReason;
}

const path = (suffix: string) => ({ assessment }: AssessmentFormContext) => `/v1/ehc-assessments/${encodeURIComponent(assessment.id)}/${suffix}`;
const requestChoice = (a: AssessmentPageData['advice'][number]) => ({
  value: a.requestId,
  text: `${label(a.adviserType)} advice from ${organisationName(a.organisationId)}`,
  hint: `Requested ${govDate(a.requestedOn)}, due ${govDate(a.adviceDueOn)}`,
});

const sectionNames: Record<string, string> = {
  B: 'Section B: special educational needs',
  C: 'Section C: health care needs',
  D: 'Section D: social care needs',
  F: 'Section F: special educational provision',
  G: 'Section G: health provision',
  H1: 'Section H1: social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970',
  H2: 'Section H2: other social care provision',
};

const requestedOf = (c: AssessmentFormContext) => c.assessment.advice;
const submittedOf = (c: AssessmentFormContext) => c.assessment.advice.filter((a) => a.submittedOn);
const mineOf = (c: AssessmentFormContext) => c.assessment.advice.filter((a) => a.organisationId === c.person.caller.organisationId && !a.submittedOn);

export const requestAdvice: CommandForm<AssessmentFormContext> = {
  id: 'advice-requested',
  title: 'Request advice',
  submitText: 'Send request',
  done: 'Advice requested. It is due in six weeks, and the adviser’s organisation joins the child’s team.',
  path: path('advice-requests'),
  fields: () => [
    { name: 'adviserType', label: 'Which advice?', kind: 'radios', choices: choicesOf(adviserTypes), errorMessage: 'Choose which advice you are asking for' },
    { name: 'adviserOrganisationId', label: 'Which organisation should give it?', kind: 'select', choices: organisationChoices(), errorMessage: 'Choose the organisation that should give the advice' },
  ],
  fixed: (_c, values) => {
    const agency = agencyOfOrganisation(String(values.adviserOrganisationId ?? ''));
    return agency ? { adviserAgency: agency } : {};
  },
};

export const submitAdvice: CommandForm<AssessmentFormContext> = {
  id: 'advice-submitted',
  title: 'Give your advice',
  submitText: 'Submit advice',
  done: 'Your advice is submitted.',
  path: path('advice'),
  fields: (c) => [
    { name: 'requestId', label: 'Which request are you answering?', kind: 'radios', choices: mineOf(c).map(requestChoice), errorMessage: 'Choose the request you are answering' },
    ...(adviceSectionsByAgency[c.person.caller.agency as Agency] ?? []).map((section) => ({
      name: `sections-${section}`,
      label: sectionNames[section] ?? `Section ${section}`,
      kind: 'textarea' as const,
      optional: true,
      errorMessage: 'Write your advice in at least one section',
    })),
  ],
};

export const recordException: CommandForm<AssessmentFormContext> = {
  id: 'advice-exception-recorded',
  title: 'Record an exception to the six-week deadline',
  submitText: 'Record exception',
  done: 'Exception recorded.',
  path: path('advice-exceptions'),
  fields: (c) => [
    { name: 'requestId', label: 'Which request?', kind: 'radios', choices: requestedOf(c).filter((a) => !a.submittedOn && !a.exception).map(requestChoice), errorMessage: 'Choose the request' },
    { name: 'exception', label: 'Which exception applies (regulation 8(2))?', kind: 'radios', choices: choicesOf(adviceExceptions), errorMessage: 'Choose which exception applies' },
    { name: 'reason', label: 'Why', kind: 'textarea', errorMessage: 'Explain why the exception applies' },
  ],
};

export const moderateAdvice: CommandForm<AssessmentFormContext> = {
  id: 'advice-moderated',
  title: 'Moderate advice',
  submitText: 'Save moderation',
  done: 'Moderation recorded.',
  path: path('advice-moderations'),
  fields: (c) => [
    { name: 'requestId', label: 'Which advice?', kind: 'radios', choices: submittedOf(c).filter((a) => !a.moderation).map(requestChoice), errorMessage: 'Choose the advice you moderated' },
    { name: 'meetsQualityCriteria', label: 'Does it meet the quality criteria?', kind: 'yesno', errorMessage: 'Say whether the advice meets the quality criteria' },
    { name: 'feedback', label: 'Feedback to the adviser', kind: 'textarea', errorMessage: 'Enter feedback for the adviser' },
  ],
};

export const incorporateAdvice: CommandForm<AssessmentFormContext> = {
  id: 'advice-incorporated',
  title: 'Incorporate advice into the plan',
  submitText: 'Save',
  done: 'Advice incorporated into the plan.',
  path: path('advice-incorporations'),
  fields: (c) => [
    { name: 'requestId', label: 'Which advice?', kind: 'radios', choices: submittedOf(c).filter((a) => a.incorporatedIntoPlanVersion === null).map(requestChoice), errorMessage: 'Choose the advice you incorporated' },
    { name: 'planVersion', label: 'Version of the EHC plan it is in', kind: 'number', errorMessage: 'Enter the plan version as a whole number, for example 2', width: 'govuk-input--width-5' },
  ],
};

export const reviewMeeting: CommandForm<AssessmentFormContext> = {
  id: 'review-meeting-recorded',
  title: 'Record the annual review meeting',
  submitText: 'Save meeting',
  done: 'Annual review meeting recorded. The decision is due within 4 weeks, an amended plan within 12.',
  path: path('annual-review-meeting'),
  fields: () => [
    { name: 'agenciesPresent', label: 'Which agencies were there?', kind: 'checkboxes', choices: choicesOf(agencies), errorMessage: 'Choose the agencies that were there' },
    { name: 'summary', label: 'What the meeting found', kind: 'textarea', errorMessage: 'Enter what the meeting found' },
  ],
};

export const reviewDecision: CommandForm<AssessmentFormContext> = {
  id: 'review-decided',
  title: 'Record the annual review decision',
  submitText: 'Save decision',
  done: 'Decision recorded.',
  path: path('annual-review-decision'),
  fields: () => [
    { name: 'decision', label: 'Decision', kind: 'radios', choices: choicesOf(annualReviewDecisions), errorMessage: 'Choose the decision' },
    { name: 'reasons', label: 'Reasons', kind: 'textarea', errorMessage: 'Enter the reasons for the decision' },
  ],
};

export const amendedPlan: CommandForm<AssessmentFormContext> = {
  id: 'amended-plan-issued',
  title: 'Record the amended plan issued',
  submitText: 'Save',
  done: 'Amended plan recorded.',
  path: path('amended-plan'),
  fields: () => [{ name: 'planVersion', label: 'Version of the amended plan', kind: 'number', errorMessage: 'Enter the plan version as a whole number', width: 'govuk-input--width-5' }],
};

export const close: CommandForm<AssessmentFormContext> = {
  id: 'assessment-closed',
  title: 'Close',
  submitText: 'Close',
  done: 'Closed.',
  path: path('closure'),
  fields: () => [
    { name: 'reason', label: 'Why is it closing?', kind: 'radios', choices: choicesOf(assessmentClosureReasons), errorMessage: 'Choose why it is closing' },
    { name: 'detail', label: 'More detail (optional)', kind: 'textarea', optional: true, errorMessage: 'Enter more detail, or leave it blank' },
  ],
};

/** The forms of an assessment page, in the order it lists them. */
export const assessmentFormList = [
  { slug: 'request-advice', command: 'requestAdvice', form: requestAdvice, link: 'Request advice' },
  { slug: 'give-advice', command: 'submitAdvice', form: submitAdvice, link: 'Give your advice' },
  { slug: 'advice-exception', command: 'recordAdviceException', form: recordException, link: 'Record an exception to the deadline' },
  { slug: 'moderate', command: 'moderateAdvice', form: moderateAdvice, link: 'Moderate advice' },
  { slug: 'incorporate', command: 'incorporateAdvice', form: incorporateAdvice, link: 'Incorporate advice into the plan' },
  { slug: 'review-meeting', command: 'recordAnnualReviewMeeting', form: reviewMeeting, link: 'Record the review meeting' },
  { slug: 'review-decision', command: 'decideAnnualReview', form: reviewDecision, link: 'Record the review decision' },
  { slug: 'amended-plan', command: 'issueAmendedPlan', form: amendedPlan, link: 'Record the amended plan' },
  { slug: 'close', command: 'closeEhcAssessment', form: close, link: 'Close' },
] as const;

/** Which forms the record's state calls for now (the record API still decides whether each may be sent). */
export function formsCalledFor(context: AssessmentFormContext): Record<(typeof assessmentFormList)[number]['slug'], boolean> {
  const { assessment } = context;
  const requested = requestedOf(context);
  const submitted = submittedOf(context);
  const review = assessment.kind === 'annual_review';
  return {
    'request-advice': true,
    'give-advice': mineOf(context).length > 0,
    'advice-exception': requested.some((a) => !a.submittedOn && !a.exception),
    moderate: submitted.some((a) => !a.moderation),
    incorporate: submitted.some((a) => a.incorporatedIntoPlanVersion === null),
    'review-meeting': review && !assessment.reviewMeeting,
    'review-decision': review && !!assessment.reviewMeeting && !assessment.decision,
    'amended-plan': review && assessment.decision?.decision === 'amend' && !assessment.amendedPlan,
    close: true,
  };
}
