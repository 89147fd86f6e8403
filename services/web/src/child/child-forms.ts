import { sen2PrimaryNeeds, familyHelpPlanTypes, ehcAssessmentKinds, shortBreakRoutes } from '@planledger/domain';
import type { CommandForm } from '../forms/form-spec';
import { choicesOf, organisationChoices } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import { fullName, type ChildName } from './child-queries';

export const registerChildForm: CommandForm<{ person: SignedInPerson }> = {
  id: 'child-registered',
  title: 'Register a child',
  submitText: 'Register child',
  done: 'Child registered. Your organisation is in their team.',
  path: () => '/v1/children',
  fields: () => [
    { name: 'givenName', label: 'First name', kind: 'text', errorMessage: 'Enter the child’s first name', width: 'govuk-input--width-20' },
    { name: 'familyName', label: 'Last name', kind: 'text', errorMessage: 'Enter the child’s last name', width: 'govuk-input--width-20' },
    { name: 'dateOfBirth', label: 'Date of birth', kind: 'date', hint: 'For example, 27 3 2015', errorMessage: 'Enter the child’s date of birth as a real date, for example 27 3 2015' },
    { name: 'nhsNumber', label: 'NHS number (optional)', kind: 'number', optional: true, hint: '10 digits, for example 485 777 3456', errorMessage: 'Enter a valid NHS number of 10 digits, or leave it blank', width: 'govuk-input--width-10' },
    { name: 'upn', label: 'Unique pupil number (UPN) (optional)', kind: 'text', optional: true, hint: '13 characters, starting with a letter', errorMessage: 'Enter a valid UPN of 13 characters, or leave it blank', width: 'govuk-input--width-20' },
    { name: 'primaryNeed', label: 'Primary need', kind: 'select', choices: choicesOf(sen2PrimaryNeeds), errorMessage: 'Choose the child’s primary need' },
  ],
};

export interface ChildFormContext {
  child: ChildName;
  person: SignedInPerson;
}

const caption = ({ child }: ChildFormContext) => fullName(child);

export const addTeamMemberForm: CommandForm<ChildFormContext> = {
  id: 'team-member-added',
  title: 'Add an organisation to the team',
  submitText: 'Add to team',
  done: 'Organisation added to the child’s team. Its staff can now see this child’s records.',
  path: ({ child }) => `/v1/children/${encodeURIComponent(child.id)}/team-members`,
  // Every organisation of the register: one invited only by an advice request reads the child but
  // needs adding to write to the child's other records, so none is left out here.
  fields: () => [{ name: 'organisationId', label: 'Organisation', kind: 'select', choices: organisationChoices(), errorMessage: 'Choose an organisation' }],
  // The record API takes the organisation's agency from the register itself.
};

export interface RemoveMemberContext extends ChildFormContext {
  organisationId: string;
}

export const removeTeamMemberForm: CommandForm<RemoveMemberContext> = {
  id: 'team-member-removed',
  title: 'Remove an organisation from the team',
  submitText: 'Remove from team',
  done: 'Organisation removed from the child’s team. Its staff can no longer see this child’s records.',
  path: ({ child }) => `/v1/children/${encodeURIComponent(child.id)}/team-members/removals`,
  fields: () => [{ name: 'reason', label: 'Why is the organisation leaving the team?', kind: 'textarea', hint: 'For example, the child has moved school. This is kept in the child’s record.', errorMessage: 'Enter why the organisation is leaving the team' }],
  fixed: ({ organisationId }) => ({ organisationId }),
};

export const openFamilyHelpPlanForm: CommandForm<ChildFormContext> = {
  id: 'plan-opened',
  title: 'Open a Family Help plan',
  submitText: 'Open plan',
  done: 'Family Help plan opened.',
  path: () => '/v1/family-help-plans',
  fields: () => [
    { name: 'planType', label: 'Type of plan', kind: 'radios', choices: choicesOf(familyHelpPlanTypes), errorMessage: 'Choose the type of plan' },
    { name: 'leadPractitioner-name', label: 'Lead practitioner’s name', kind: 'text', hint: 'You will be the lead practitioner', errorMessage: 'Enter the lead practitioner’s name', width: 'govuk-input--width-20' },
  ],
  fixed: ({ child, person }) => ({
    childId: child.id,
    leadPractitioner: { userId: person.caller.userId, organisationId: person.caller.organisationId, agency: person.caller.agency },
  }),
};

export const startEhcAssessmentForm: CommandForm<ChildFormContext> = {
  id: 'assessment-started',
  title: 'Start an EHC needs assessment or annual review',
  submitText: 'Start',
  done: 'Started. Request advice from each adviser next.',
  path: () => '/v1/ehc-assessments',
  fields: () => [
    { name: 'kind', label: 'What are you starting?', kind: 'radios', choices: choicesOf(ehcAssessmentKinds), errorMessage: 'Choose a needs assessment or an annual review' },
    { name: 'planVersion', label: 'Version of the EHC plan under review (annual reviews only)', kind: 'number', optional: true, errorMessage: 'Enter the plan version as a whole number, for example 1', width: 'govuk-input--width-5' },
  ],
  fixed: ({ child }) => ({ childId: child.id }),
};

export const requestShortBreakForm: CommandForm<ChildFormContext> = {
  id: 'short-break-requested',
  title: 'Request a short break',
  submitText: 'Send request',
  done: 'Short break requested. A team manager decides it.',
  path: () => '/v1/short-breaks',
  fields: () => [
    { name: 'route', label: 'How is the short break being asked for?', kind: 'radios', choices: choicesOf(shortBreakRoutes), errorMessage: 'Choose how the short break is being asked for' },
    { name: 'summary', label: 'What the family is asking for (optional)', kind: 'textarea', optional: true, errorMessage: 'Describe what the family is asking for' },
  ],
  fixed: ({ child }) => ({ childId: child.id }),
};

export { caption as childCaption };
