import { shortBreakEndReasons, shortBreakOutcomes, shortBreakTypes, shortBreakUnits } from '@planledger/domain';
import type { CommandForm } from '../forms/form-spec';
import { choicesOf } from '../layout/labels';
import type { SignedInPerson } from '../session/person';

export interface ShortBreakFormContext {
  shortBreak: { id: string; childId: string; status: string };
  childName: string;
  person: SignedInPerson;
}

const path = (suffix: string) => ({ shortBreak }: ShortBreakFormContext) => `/v1/short-breaks/${encodeURIComponent(shortBreak.id)}/${suffix}`;

export const decisionForm: CommandForm<ShortBreakFormContext> = {
  id: 'short-break-decided',
  title: 'Decide the short break',
  caption: 'Short break',
  submitText: 'Save decision',
  done: 'Decision recorded.',
  path: path('decision'),
  fields: () => [
    { name: 'outcome', label: 'Decision', kind: 'radios', choices: choicesOf(shortBreakOutcomes), errorMessage: 'Choose the decision' },
    { name: 'granted-0-type', label: 'What is granted (leave blank if declined)', kind: 'select', optional: true, choices: choicesOf(shortBreakTypes), errorMessage: 'Choose what is granted' },
    { name: 'granted-0-amount', label: 'How much a year', kind: 'number', optional: true, hint: 'Hours or nights', errorMessage: 'Enter how much is granted as a number greater than 0', width: 'govuk-input--width-5' },
    { name: 'granted-0-unit', label: 'Hours or nights?', kind: 'radios', optional: true, choices: choicesOf(shortBreakUnits), errorMessage: 'Choose hours or nights a year' },
    { name: 'eligibilityCriteriaVersion', label: 'Version of the eligibility criteria you relied on', kind: 'text', hint: 'For example, 2026-04', errorMessage: 'Enter the version of the eligibility criteria', width: 'govuk-input--width-10' },
    { name: 'shortBreaksStatementVersion', label: 'Version of the short breaks statement you relied on', kind: 'text', errorMessage: 'Enter the version of the short breaks statement', width: 'govuk-input--width-10' },
    { name: 'reasons', label: 'Reasons for the decision', kind: 'textarea', errorMessage: 'Enter the reasons for the decision' },
  ],
  // Nothing granted unless the form says what: a decline grants nothing.
  fixed: () => ({ granted: [] }),
};

export const reviewForm: CommandForm<ShortBreakFormContext> = {
  id: 'short-break-reviewed',
  title: 'Review the short break',
  caption: 'Short break',
  submitText: 'Save review',
  done: 'Review recorded.',
  path: path('reviews'),
  fields: () => [
    { name: 'conclusion', label: 'Conclusion', kind: 'radios', choices: choicesOf(['continue', 'change_needed', 'end_recommended']), errorMessage: 'Choose the conclusion' },
    { name: 'summary', label: 'What the review found', kind: 'textarea', errorMessage: 'Enter what the review found' },
    { name: 'nextReviewOn', label: 'Next review (optional)', kind: 'date', optional: true, errorMessage: 'Enter the next review date as a real date, or leave it blank' },
  ],
};

export const challengeForm: CommandForm<ShortBreakFormContext> = {
  id: 'short-break-challenged',
  title: 'Record an appeal or complaint',
  caption: 'Short break',
  submitText: 'Save',
  done: 'Appeal or complaint recorded.',
  path: path('challenges'),
  fields: () => [
    { name: 'kind', label: 'Is it an appeal or a complaint?', kind: 'radios', choices: choicesOf(['appeal', 'complaint']), errorMessage: 'Choose appeal or complaint' },
    { name: 'grounds', label: 'The family’s grounds', kind: 'textarea', errorMessage: 'Enter the family’s grounds' },
  ],
};

export const endForm: CommandForm<ShortBreakFormContext> = {
  id: 'short-break-ended',
  title: 'End the short break',
  caption: 'Short break',
  submitText: 'End short break',
  done: 'Short break ended.',
  path: path('end'),
  fields: () => [
    { name: 'reason', label: 'Why is it ending?', kind: 'radios', choices: choicesOf(shortBreakEndReasons), errorMessage: 'Choose why it is ending' },
    { name: 'detail', label: 'More detail (optional)', kind: 'textarea', optional: true, errorMessage: 'Enter more detail, or leave it blank' },
  ],
};

export const shortBreakFormList = [
  { slug: 'decision', command: 'decideShortBreak', form: decisionForm, link: 'Decide the request' },
  { slug: 'review', command: 'reviewShortBreak', form: reviewForm, link: 'Record a review' },
  { slug: 'challenge', command: 'challengeShortBreak', form: challengeForm, link: 'Record an appeal or complaint' },
  { slug: 'end', command: 'endShortBreak', form: endForm, link: 'End the short break' },
] as const;
