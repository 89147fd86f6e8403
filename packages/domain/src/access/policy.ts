import type { Agency, Caller, Role } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import type { TeamMember } from '../events/child';

/**
 * Who may write what (DESIGN.md section 2), as data. The command catalogue takes each command's
 * roles from here, so this table is the one place the rules live.
 */

export const roles = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner', 'auditor'] as const satisfies readonly Role[];

const socialCare = ['social_worker', 'team_manager'] as const satisfies readonly Role[];
const sendOfficer = ['send_officer'] as const satisfies readonly Role[];
const contributors = ['social_worker', 'team_manager', 'health_practitioner', 'education_practitioner'] as const satisfies readonly Role[];
const practitioners = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner'] as const satisfies readonly Role[];

export const accessMatrix = {
  registerChild: ['social_worker', 'team_manager', 'send_officer'],
  addTeamMember: ['team_manager', 'send_officer'],

  openFamilyHelpPlan: socialCare,
  assignLeadPractitioner: socialCare,
  recordDisabilityImpact: socialCare,
  recordChildViews: socialCare,
  recordFamilyViews: socialCare,
  recordNeed: socialCare,
  setOutcome: socialCare,
  recordContribution: contributors,
  reviewFamilyHelpPlan: socialCare,
  closeFamilyHelpPlan: ['team_manager'],

  startEhcAssessment: sendOfficer,
  assignCaseOfficer: sendOfficer,
  requestAdvice: sendOfficer,
  recordAdviceException: sendOfficer,
  submitAdvice: contributors,
  moderateAdvice: sendOfficer,
  incorporateAdvice: sendOfficer,
  recordAnnualReviewMeeting: sendOfficer,
  decideAnnualReview: sendOfficer,
  issueAmendedPlan: sendOfficer,
  closeEhcAssessment: sendOfficer,

  requestShortBreak: socialCare,
  decideShortBreak: ['team_manager'],
  reviewShortBreak: socialCare,
  challengeShortBreak: socialCare,
  endShortBreak: socialCare,

  recordQualityAudit: ['auditor'],
  moderateAudit: ['auditor'],

  correctEvent: practitioners,
  withdrawContribution: contributors,
} as const satisfies Record<string, readonly Role[]>;

export type CommandName = keyof typeof accessMatrix;
export const commandNames = Object.keys(accessMatrix) as CommandName[];

/** Commands an auditor issues about any child: the child must exist, but need not have the auditor's organisation in its team. */
export const teamExemptCommands: readonly CommandName[] = ['recordQualityAudit', 'moderateAudit'];

export interface ChildTeam {
  childId: string;
  members: readonly TeamMember[];
}

/**
 * Who may write about a child. The child's team (its stream: the registering organisation and every
 * TeamMemberAdded) may write to all of the child's records. An organisation named in an advice request
 * joins the team by virtue of that request, recorded once in the assessment's stream (AdviceRequested
 * names it), so for commands on that EHC assessment it counts as a member too: it may submit, correct
 * or withdraw its advice there. That is as far as the request reaches on the write side: an
 * organisation that is only an adviser stays refused (NOT_FOUND) on the child's other records (Family
 * Help plans, short breaks, other assessments, the child's team) until addTeamMember adds it to the
 * team. The query side reads the team wider: advisers invited by any of the child's assessments see
 * the child (canRead with the projections' team, which includes them).
 */
export interface AccessContext {
  /**
   * The team of the child the command writes about: null when there is no such child (or the record
   * the command names does not exist); omitted for commands that concern no existing child.
   */
  childTeam?: ChildTeam | null;
  /** Organisations the record the command writes to invites itself: the advisers its advice requests name. */
  invited?: readonly TeamMember[];
  /** The agency whose contribution or advice the command writes, when it writes one. */
  writesForAgency?: Agency;
}

/** One message for "no such child" and "not your child", so the two cannot be told apart. */
export const NOT_FOUND_MESSAGE = 'no such record, or it is not shared with your organisation';

export function rolesAllowed(commandName: string): readonly Role[] {
  return (accessMatrix as Record<string, readonly Role[]>)[commandName] ?? [];
}

export function isRoleAllowed(role: Role, commandName: string): boolean {
  return rolesAllowed(commandName).includes(role);
}

/**
 * Throws a DomainError unless the caller may issue the command in this context. Order matters: the
 * role check does not depend on the child, so it may answer FORBIDDEN; anything about a child the
 * caller cannot see answers NOT_FOUND; only then does a team member learn of an agency mismatch.
 */
export function authorise(caller: Caller, commandName: string, context: AccessContext = {}): void {
  if (!isRoleAllowed(caller.role, commandName)) {
    throw new DomainError(DomainErrorCodes.FORBIDDEN, `the ${caller.role} role may not ${commandName}`, { rule: 'ROLE_NOT_ALLOWED' });
  }
  if (context.childTeam !== undefined) {
    const team = context.childTeam;
    if (team === null) throw new DomainError(DomainErrorCodes.NOT_FOUND, NOT_FOUND_MESSAGE);
    const member = isTeamMember(caller, team) || (context.invited ?? []).some((m) => m.organisationId === caller.organisationId);
    if (!teamExemptCommands.includes(commandName as CommandName) && !member) {
      throw new DomainError(DomainErrorCodes.NOT_FOUND, NOT_FOUND_MESSAGE);
    }
  }
  if (context.writesForAgency !== undefined && context.writesForAgency !== caller.agency) {
    throw new DomainError(DomainErrorCodes.FORBIDDEN, `a ${caller.agency} caller may not write ${context.writesForAgency} contributions or advice`, { rule: 'AGENCY_MISMATCH' });
  }
}

function isTeamMember(caller: Caller, team: ChildTeam): boolean {
  return team.members.some((m) => m.organisationId === caller.organisationId);
}

/** The query side: auditors see every child; everyone else only children whose team includes their organisation. */
export function canRead(caller: Caller, childTeam: ChildTeam | null): boolean {
  if (caller.role === 'auditor') return childTeam !== null;
  return childTeam !== null && isTeamMember(caller, childTeam);
}
