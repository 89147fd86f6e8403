const recorded = 'recorded { occurredAt recordedAt by { role organisationId } }';

export const planPageQuery = /* GraphQL */ `
  query FamilyHelpPlanPage($id: ID!) {
    familyHelpPlan(id: $id) {
      id streamId revision childId status planType closedOn closureReason nextReviewOn
      child { id givenName familyName }
      leadPractitioner { name organisationId }
      disabilityImpacts { domain impact supportNeeded ${recorded} }
      childViews { views howGathered ${recorded} }
      familyViews { views relationship ${recorded} }
      needs { needId description agency ${recorded} }
      outcomes { outcomeId outcome measure byWhen responsible { agency role } ${recorded} }
      contributions { contributionId agency organisationId support frequency from to ${recorded} }
      reviews { reviewedOn summary nextReviewOn ${recorded} }
      completeness { score satisfied applicable rules { id title applies satisfied explanation } }
      coverage { allThree missing agencies { agency contributed contributions lastContributedAt } }
    }
  }
`;

export const planHeaderQuery = /* GraphQL */ `
  query FamilyHelpPlanHeader($id: ID!) {
    familyHelpPlan(id: $id) { id childId status planType child { id givenName familyName } }
  }
`;

/** The child a record is about, as the record's own query answers it (one read per page). */
export interface RecordChild {
  id: string;
  givenName: string | null;
  familyName: string | null;
}

export interface PlanHeader {
  id: string;
  childId: string;
  status: string;
  planType: string | null;
  child: RecordChild;
}
