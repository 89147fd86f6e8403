import type { Role } from '../application/contract';

/**
 * Who may write what, written out by hand from DESIGN.md section 2 ("Users and what they do"), for
 * tests. It is deliberately not derived from the access matrix or the command catalogue: a wrong
 * rule in the code then disagrees with this table and fails the tests that use it. Where the design
 * is silent, the comment says what was assumed.
 */
const socialCare: Role[] = ['social_worker', 'team_manager'];
const contributors: Role[] = ['social_worker', 'team_manager', 'health_practitioner', 'education_practitioner'];
const sendOfficer: Role[] = ['send_officer'];

export const designMayWrite: Record<string, readonly Role[]> = {
  // Partnership administrator: "the organisation register only".
  registerOrganisation: ['partnership_administrator'],
  renameOrganisation: ['partnership_administrator'],
  retireOrganisation: ['partnership_administrator'],
  // Silent in the design: the front doors (social care and the SEND service) register children.
  registerChild: ['social_worker', 'team_manager', 'send_officer'],
  // "joins a child's team when it is invited ... and loses access when removed": managers and the SEND officer invite and remove.
  addTeamMember: ['team_manager', 'send_officer'],
  removeTeamMember: ['team_manager', 'send_officer'],
  // Social care: "Family Help plans, disability impact"; team manager: "plus ... plan closure".
  openFamilyHelpPlan: socialCare,
  recordDisabilityImpact: socialCare,
  recordChildViews: socialCare,
  recordFamilyViews: socialCare,
  recordNeed: socialCare,
  setOutcome: socialCare,
  reviewFamilyHelpPlan: socialCare,
  closeFamilyHelpPlan: ['team_manager'],
  // Silent in the design: a plan's lead practitioner is named by social care, who open the plan.
  assignLeadPractitioner: socialCare,
  // Health "health contributions", education "education contributions", social care their own.
  recordContribution: contributors,
  // SEND officer: "EHC assessments and reviews, advice requests, moderation, incorporation".
  startEhcAssessment: sendOfficer,
  // The SEND service names its own case officers.
  assignCaseOfficer: sendOfficer,
  // The needs assessment's statutory steps are the authority's (the SEND officer's) "EHC assessments".
  decideWhetherToAssess: sendOfficer,
  decideNotToIssuePlan: sendOfficer,
  issueDraftPlan: sendOfficer,
  recordDraftPlanRepresentations: sendOfficer,
  issueFinalPlan: sendOfficer,
  recordTimelineException: sendOfficer,
  requestAdvice: sendOfficer,
  recordAdviceException: sendOfficer,
  moderateAdvice: sendOfficer,
  incorporateAdvice: sendOfficer,
  recordAnnualReviewMeeting: sendOfficer,
  decideAnnualReview: sendOfficer,
  issueAmendedPlan: sendOfficer,
  closeEhcAssessment: sendOfficer,
  // Social care "section D/H1/H2 advice", health "section C/G advice", education "section B/F advice".
  submitAdvice: contributors,
  // Social care "short-break requests" (silent: their reviews, challenges and end); team manager "plus short-break decisions".
  requestShortBreak: socialCare,
  reviewShortBreak: socialCare,
  challengeShortBreak: socialCare,
  endShortBreak: socialCare,
  decideShortBreak: ['team_manager'],
  // Auditor: "quality audits only; never a plan or contribution"; moderation records agreement between auditors.
  recordQualityAudit: ['auditor'],
  moderateAudit: ['auditor'],
  // "an organisation writes only its own contributions, advice and corrections": whoever writes records corrects them; never an auditor or administrator.
  correctEvent: ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner'],
  withdrawContribution: contributors,
};

/** Every role of DESIGN.md section 2. */
export const designRoles: readonly Role[] = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner', 'auditor', 'partnership_administrator'];

/** DESIGN.md section 2, "agency" column and the register's kinds: where each role works. */
export const designWorksIn: Record<Role, readonly string[]> = {
  social_worker: ['social_care_team'],
  team_manager: ['social_care_team'],
  send_officer: ['la_send_team'],
  health_practitioner: ['health_provider', 'integrated_care_board'],
  education_practitioner: ['school', 'college', 'educational_psychology_service', 'preparation_for_adulthood_service'],
  auditor: ['quality_assurance_team'],
  partnership_administrator: ['partnership_office'],
};
