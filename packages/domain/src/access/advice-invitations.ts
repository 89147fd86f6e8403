import type { AdviceRequestedData } from '../events/ehc-assessment';
import type { TeamMember, TeamMemberAddedData } from '../events/child';
import { streamIdOf } from '../events/common';
import type { EhcAssessmentState } from '../deciders/ehc-assessment';

/**
 * An organisation named in an advice request joins the child's team by virtue of that request. The
 * request is recorded once, in the assessment's stream, and nothing is written to the child's stream:
 * one command, one append, so a crash can never leave a request without its invitation.
 */

/** The membership an advice request grants, in the shape a TeamMemberAdded records one. */
export function invitationOf(request: AdviceRequestedData): TeamMemberAddedData {
  return {
    childId: request.childId,
    organisationId: request.adviserOrganisationId,
    agency: request.adviserAgency,
    reason: 'advice_requested',
    sourceStreamId: streamIdOf('ehc-assessment', request.assessmentId),
  };
}

/** The organisations an assessment's advice requests invite, once each, in the order they were asked. */
export function advisersInvitedBy(state: EhcAssessmentState): TeamMember[] {
  const invited = new Map<string, TeamMember>();
  for (const request of Object.values(state.requests)) {
    if (!invited.has(request.adviserOrganisationId)) invited.set(request.adviserOrganisationId, { organisationId: request.adviserOrganisationId, agency: request.adviserAgency });
  }
  return [...invited.values()];
}
