import type { Agency, Caller, Role } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import type { TeamMember } from '../events/child';
import type { OrganisationRegisterState, RegisteredOrganisation } from '../register/organisation-register';
import { assertCallerRegistered } from '../register/organisation-rules';

/**
 * Who may write what (DESIGN.md section 2), as data. The command catalogue takes each command's
 * roles from here. A new command needs one entry in `accessMatrix`; and, if an invited adviser may
 * issue it, one in `adviserCommands`. Which organisation owns what a command writes to is said by the
 * command itself (`ownedBy`), and the few exceptions to ownership are in `ownershipExceptions`.
 */

export const roles = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner', 'auditor', 'partnership_administrator'] as const satisfies readonly Role[];

const socialCare = ['social_worker', 'team_manager'] as const satisfies readonly Role[];
const sendOfficer = ['send_officer'] as const satisfies readonly Role[];
const contributors = ['social_worker', 'team_manager', 'health_practitioner', 'education_practitioner'] as const satisfies readonly Role[];
const practitioners = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner'] as const satisfies readonly Role[];
const administrator = ['partnership_administrator'] as const satisfies readonly Role[];

export const accessMatrix = {
  registerOrganisation: administrator,
  renameOrganisation: administrator,
  retireOrganisation: administrator,

  registerChild: ['social_worker', 'team_manager', 'send_officer'],
  addTeamMember: ['team_manager', 'send_officer'],
  removeTeamMember: ['team_manager', 'send_officer'],

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
  decideWhetherToAssess: sendOfficer,
  decideNotToIssuePlan: sendOfficer,
  issueDraftPlan: sendOfficer,
  recordDraftPlanRepresentations: sendOfficer,
  issueFinalPlan: sendOfficer,
  recordTimelineException: sendOfficer,
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

/**
 * What an organisation that is in a child's team only because an advice request names it may do:
 * its own request's advice (submit it, correct it, withdraw it), and nothing else.
 */
export const adviserCommands: readonly CommandName[] = ['submitAdvice', 'correctEvent', 'withdrawContribution'];

/**
 * The few records another organisation than their owner may change, and who may. Everything not
 * listed here is changed only by the organisation that owns it (wrote it, or was asked for it).
 */
export const ownershipExceptions: ReadonlyArray<{ command: CommandName; eventType: string; who: string; allows: (organisation: RegisteredOrganisation) => boolean }> = [
  { command: 'correctEvent', eventType: 'ChildRegistered', who: 'the local authority SEND team (besides the registering organisation)', allows: (o) => o.kind === 'la_send_team' },
];

export interface ChildTeam {
  childId: string;
  members: readonly TeamMember[];
}

/** Who owns the record a command writes to: the organisation that wrote the named event, or that an advice request names. */
export interface Ownership {
  organisationId: string;
  /** The type of the event owned, for the exceptions above. */
  eventType?: string;
}

/**
 * Who may write about a child. The child's team (its stream: the registering organisation and every
 * TeamMemberAdded not followed by a TeamMemberRemoved) may write to all of the child's records. An
 * organisation named in an advice request joins by virtue of that request, for that assessment only,
 * and there only for `adviserCommands`; elsewhere it stays refused (NOT_FOUND) until addTeamMember
 * adds it. A removed organisation is an outsider again, whatever advice requests named it before.
 */
export interface AccessContext {
  /** The register as it stands: the caller's organisation must be in it, active, of the caller's agency and of a kind the role works in. */
  register: OrganisationRegisterState;
  /**
   * The team of the child the command writes about: null when there is no such child (or the record
   * the command names does not exist); omitted for commands that concern no existing child.
   */
  childTeam?: ChildTeam | null;
  /** Organisations the record the command writes to invites itself: the advisers its advice requests name. */
  invited?: readonly TeamMember[];
  /** Organisations removed from the child's team (and not added again). */
  removed?: ReadonlySet<string>;
  /** The agency whose contribution or advice the command writes, when it writes one. */
  writesForAgency?: Agency;
  /** The organisation that owns what the command writes to, when it writes to something owned. */
  ownedBy?: Ownership;
  /** True for the one command that founds an empty register: a partnership administrator registering its own office. */
  founding?: boolean;
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
 * register and role checks do not depend on the child, so they may answer FORBIDDEN; anything about a
 * child the caller cannot see answers NOT_FOUND; only then does a member learn that the record is
 * another agency's or another organisation's (FORBIDDEN, with the rule).
 */
export function authorise(caller: Caller, commandName: string, context: AccessContext): void {
  const organisation = context.founding ? null : assertCallerRegistered(caller, context.register);
  if (!isRoleAllowed(caller.role, commandName)) {
    throw new DomainError(DomainErrorCodes.FORBIDDEN, `the ${caller.role} role may not ${commandName}`, { rule: 'ROLE_NOT_ALLOWED' });
  }
  if (context.childTeam !== undefined) {
    const team = context.childTeam;
    if (team === null) throw new DomainError(DomainErrorCodes.NOT_FOUND, NOT_FOUND_MESSAGE);
    const removed = context.removed?.has(caller.organisationId) ?? false;
    const member = !removed && isTeamMember(caller, team);
    const invitedOnly = !removed && !member && (context.invited ?? []).some((m) => m.organisationId === caller.organisationId);
    if (!teamExemptCommands.includes(commandName as CommandName)) {
      if (!member && !invitedOnly) throw new DomainError(DomainErrorCodes.NOT_FOUND, NOT_FOUND_MESSAGE);
      if (invitedOnly && !adviserCommands.includes(commandName as CommandName)) {
        throw new DomainError(DomainErrorCodes.FORBIDDEN, `an organisation invited to advise may ${adviserCommands.join(', ')} for its own advice, and nothing else`, { rule: 'INVITED_ADVISER_ONLY' });
      }
    }
  }
  const owner = context.ownedBy;
  const otherOwner = owner !== undefined && owner.organisationId !== caller.organisationId;
  // A listed exception lets its organisations past both the agency and the organisation rule.
  if (otherOwner && organisation !== null && ownershipExceptions.some((e) => e.command === commandName && e.eventType === owner.eventType && e.allows(organisation))) return;
  if (context.writesForAgency !== undefined && context.writesForAgency !== caller.agency) {
    throw new DomainError(DomainErrorCodes.FORBIDDEN, `a ${caller.agency} caller may not write ${context.writesForAgency} contributions or advice`, { rule: 'AGENCY_MISMATCH' });
  }
  if (otherOwner) {
    throw new DomainError(DomainErrorCodes.FORBIDDEN, 'this record belongs to another organisation: only the organisation that wrote it, or was asked for it, may do this', { rule: 'ORGANISATION_MISMATCH' });
  }
}

function isTeamMember(caller: Caller, team: ChildTeam): boolean {
  return team.members.some((m) => m.organisationId === caller.organisationId);
}

/**
 * The query side: auditors see every child; partnership administrators none; everyone else only
 * children whose team includes their organisation. (The register check comes first, per request.)
 */
export function canRead(caller: Caller, childTeam: ChildTeam | null): boolean {
  if (caller.role === 'partnership_administrator') return false;
  if (caller.role === 'auditor') return childTeam !== null;
  return childTeam !== null && isTeamMember(caller, childTeam);
}
