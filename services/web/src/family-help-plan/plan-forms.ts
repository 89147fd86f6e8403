import { agencies } from '@planledger/identity';
import { disabilityImpactDomains, planClosureReasons } from '@planledger/domain';
import type { CommandForm } from '../forms/form-spec';
import { choicesOf, label } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import type { PlanHeader } from './plan-queries';

export interface PlanFormContext {
  plan: PlanHeader;
  childName: string;
  person: SignedInPerson;
}

const planPath = (suffix: string) => ({ plan }: PlanFormContext) => `/v1/family-help-plans/${encodeURIComponent(plan.id)}/${suffix}`;
const caption = 'Family Help plan';

export const disabilityImpactForm: CommandForm<PlanFormContext> = {
  id: 'impact-recorded',
  title: 'How the disability affects daily life',
  caption,
  submitText: 'Save impact',
  done: 'Disability impact recorded.',
  path: planPath('disability-impacts'),
  fields: () => [
    { name: 'domain', label: 'Which part of daily life?', kind: 'radios', choices: choicesOf(disabilityImpactDomains), hint: 'Record family functioning too: how the disability affects the whole family.', errorMessage: 'Choose which part of daily life this is about' },
    { name: 'impact', label: 'How the disability affects it', kind: 'textarea', errorMessage: 'Describe how the disability affects this part of daily life' },
    { name: 'supportNeeded', label: 'Support needed (optional)', kind: 'textarea', optional: true, errorMessage: 'Describe the support needed, or leave it blank' },
  ],
};

export const childViewsForm: CommandForm<PlanFormContext> = {
  id: 'child-views-recorded',
  title: 'The child’s own views',
  caption,
  submitText: 'Save views',
  done: 'The child’s views are recorded.',
  path: planPath('child-views'),
  fields: () => [
    { name: 'views', label: 'What the child said, in their words where you can', kind: 'textarea', errorMessage: 'Enter the child’s views' },
    { name: 'howGathered', label: 'How were the views gathered?', kind: 'radios', choices: choicesOf(['direct_conversation', 'with_advocate', 'communication_aid', 'observation', 'other']), errorMessage: 'Choose how the views were gathered' },
  ],
};

export const familyViewsForm: CommandForm<PlanFormContext> = {
  id: 'family-views-recorded',
  title: 'The family’s views',
  caption,
  submitText: 'Save views',
  done: 'The family’s views are recorded.',
  path: planPath('family-views'),
  fields: () => [
    { name: 'relationship', label: 'Who gave these views?', kind: 'text', hint: 'For example, mother, father, foster carer', errorMessage: 'Enter who gave these views', width: 'govuk-input--width-20' },
    { name: 'views', label: 'Their views', kind: 'textarea', errorMessage: 'Enter the parent’s or carer’s views' },
  ],
};

const agencyChoices = choicesOf(agencies);

export const needForm: CommandForm<PlanFormContext> = {
  id: 'need-recorded',
  title: 'Add a need',
  caption,
  submitText: 'Save need',
  done: 'Need recorded.',
  path: planPath('needs'),
  fields: () => [
    { name: 'description', label: 'What the child or family needs', kind: 'textarea', errorMessage: 'Describe the need' },
    { name: 'agency', label: 'Which agency should meet it? (optional)', kind: 'radios', optional: true, choices: agencyChoices, errorMessage: 'Choose an agency, or leave it blank' },
  ],
};

export const outcomeForm: CommandForm<PlanFormContext> = {
  id: 'outcome-set',
  title: 'Add an outcome',
  caption,
  submitText: 'Save outcome',
  done: 'Outcome recorded.',
  path: planPath('outcomes'),
  fields: () => [
    { name: 'outcome', label: 'What should change', kind: 'textarea', errorMessage: 'Describe what should change' },
    { name: 'measure', label: 'How you will know it has changed', kind: 'textarea', errorMessage: 'Describe how the change will be measured' },
    { name: 'byWhen', label: 'By when', kind: 'date', errorMessage: 'Enter the date by when, as a real date, for example 27 3 2027' },
    { name: 'responsible-agency', label: 'Which agency is responsible?', kind: 'radios', choices: agencyChoices, errorMessage: 'Choose the agency responsible' },
    { name: 'responsible-role', label: 'Who in that agency is responsible?', kind: 'text', hint: 'A role, for example class teacher', errorMessage: 'Enter who is responsible', width: 'govuk-input--width-20' },
  ],
};

export const contributionForm: CommandForm<PlanFormContext> = {
  id: 'contribution-recorded',
  title: 'Record your agency’s contribution',
  caption,
  submitText: 'Save contribution',
  done: 'Your agency’s contribution is recorded.',
  path: planPath('contributions'),
  fields: () => [
    { name: 'support', label: 'What support your agency gives', kind: 'textarea', errorMessage: 'Describe the support your agency gives' },
    { name: 'frequency', label: 'How often', kind: 'text', hint: 'For example, weekly, or 2 sessions a month', errorMessage: 'Enter how often', width: 'govuk-input--width-20' },
    { name: 'from', label: 'From', kind: 'date', errorMessage: 'Enter the date the support starts, as a real date' },
    { name: 'to', label: 'Until (optional)', kind: 'date', optional: true, errorMessage: 'Enter the date the support ends as a real date, or leave it blank' },
  ],
  // Each agency records its own contribution: the record API refuses any other.
  fixed: ({ person }) => ({ agency: person.caller.agency }),
};

export const reviewForm: CommandForm<PlanFormContext> = {
  id: 'plan-reviewed',
  title: 'Record a review',
  caption,
  submitText: 'Save review',
  done: 'Review recorded.',
  path: planPath('reviews'),
  fields: () => [
    { name: 'summary', label: 'What the review found', kind: 'textarea', errorMessage: 'Enter what the review found' },
    { name: 'nextReviewOn', label: 'Date of the next review', kind: 'date', errorMessage: 'Enter the date of the next review, as a real date' },
  ],
};

export const closureForm: CommandForm<PlanFormContext> = {
  id: 'plan-closed',
  title: 'Close the plan',
  caption,
  submitText: 'Close plan',
  done: 'Plan closed.',
  path: planPath('closure'),
  fields: () => [
    { name: 'reason', label: 'Why is the plan closing?', kind: 'radios', choices: choicesOf(planClosureReasons), errorMessage: 'Choose why the plan is closing' },
    { name: 'detail', label: 'More detail (optional)', kind: 'textarea', optional: true, errorMessage: 'Enter more detail, or leave it blank' },
  ],
};

/** Each form with the command it sends and the page it lives on, in the order the plan page lists them. */
export const planForms = [
  { slug: 'disability-impact', command: 'recordDisabilityImpact', form: disabilityImpactForm, link: 'Record how the disability affects daily life' },
  { slug: 'child-views', command: 'recordChildViews', form: childViewsForm, link: 'Record the child’s views' },
  { slug: 'family-views', command: 'recordFamilyViews', form: familyViewsForm, link: 'Record the family’s views' },
  { slug: 'need', command: 'recordNeed', form: needForm, link: 'Add a need' },
  { slug: 'outcome', command: 'setOutcome', form: outcomeForm, link: 'Add an outcome' },
  { slug: 'contribution', command: 'recordContribution', form: contributionForm, link: 'Record your agency’s contribution' },
  { slug: 'review', command: 'reviewFamilyHelpPlan', form: reviewForm, link: 'Record a review' },
  { slug: 'closure', command: 'closeFamilyHelpPlan', form: closureForm, link: 'Close the plan' },
] as const;

/** The form that fills the gap a completeness rule names. */
export const formForRule: Record<string, string> = {
  'fhp.disability-impact': 'disability-impact',
  'fhp.child-views': 'child-views',
  'fhp.family-views': 'family-views',
  'fhp.measurable-outcome': 'outcome',
  'fhp.agency-contributions': 'contribution',
  'fhp.review-date': 'review',
};

export { label };
