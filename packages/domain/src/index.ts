export { defineEvent, type EventDefinition } from './events/catalogue';
export { eventCatalogue, findEventDefinition, type DomainEvent, type DomainEventType, type EventData } from './events/all';
export * from './events/common';
export * from './events/child';
export * from './events/family-help-plan';
export * from './events/ehc-assessment';
export * from './events/short-break';
export * from './events/audit';
export * from './events/correction';
export * from './events/organisation';
export * from './events/nhs-number-claim';
export * from './events/demo-data';

export * from './application/contract';
export { executeCommand, toRecorded, type ExecuteCommandOptions } from './application/execute-command';
export { toFieldIssues } from './application/validation-issues';

export { commandCatalogue, commandHandlers, findCommandHandler } from './commands/all';
export type { CommandHandler } from './commands/define-command';

export {
  accessMatrix,
  authorise,
  canRead,
  commandNames,
  isRoleAllowed,
  NOT_FOUND_MESSAGE,
  roles,
  rolesAllowed,
  teamExemptCommands,
  adviserCommands,
  ownershipExceptions,
  type AccessContext,
  type Ownership,
  type ChildTeam,
  type CommandName,
} from './access/policy';
export { advisersInvitedBy, invitationOf } from './access/advice-invitations';
export * from './register/organisation-register';
export * from './register/organisation-rules';
export { currentRegister } from './register/register-cache';
export { administratorOf, seedOrganisationRegister, type OrganisationToRegister, type SeedRegisterOptions } from './register/seed-register';
export { canReadAccessLog, type AccessLogOwner } from './access/access-log-policy';

export type { DecisionContext, RecordedEvent } from './deciders/decision';
export * from './deciders/child';
export * from './deciders/family-help-plan';
export * from './deciders/ehc-assessment';
export * from './deciders/short-break';
export * from './deciders/audit';
export * from './deciders/correction';
export { childIdOfStream } from './deciders/streams';

export { isValidNhsNumber } from './validation/nhs-number';
export { judgeClaim, NHS_NUMBER_CLAIM_GRACE_MS, NHS_NUMBER_CLAIM_PREFIX, nhsNumberClaimStreamId, nhsNumberGivenBy, type ClaimVerdict } from './uniqueness/nhs-number-claims';
export { isValidUpn, upnCheckLetter } from './validation/upn';
export { sen2PrimaryNeeds, type Sen2PrimaryNeed } from './validation/sen2';
export { addDays, addWeeks, ageOn, dateOf, londonDateOf, STATUTORY_TIME_ZONE, yearGroupOn } from './validation/dates';

export * from './completeness';
