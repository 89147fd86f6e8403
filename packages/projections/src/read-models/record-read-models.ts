import { childSearchIndex } from '../finding/child-search';
import { audits } from './audit';
import { organisationRegister } from './organisation-register';
import { childRegister } from './child-register';
import { ehcAssessments } from './ehc-assessment';
import { familyHelpPlans } from './family-help-plan';
import { shortBreaks } from './short-break';

/** Every read model the query side keeps live, in the order the runner applies them. */
export const recordReadModels = [organisationRegister, childRegister, familyHelpPlans, ehcAssessments, shortBreaks, audits, childSearchIndex] as const;
