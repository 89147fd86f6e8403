export const childPageQuery = /* GraphQL */ `
  query ChildPage($id: ID!) {
    child(id: $id) {
      id
      givenName
      familyName
      dateOfBirth
      nhsNumber
      upn
      primaryNeed
      team { organisationId agency joinedAt reason }
      familyHelpPlans { id planType status nextReviewOn leadPractitioner { name } completeness { score satisfied applicable } }
      ehcAssessments { id kind status startedOn completeness { score satisfied applicable } }
      shortBreaks { id route status requestedOn }
      coverage { allThree missing agencies { agency contributed contributions lastContributedAt } }
    }
  }
`;

export const childNameQuery = /* GraphQL */ `
  query ChildName($id: ID!) {
    child(id: $id) { id givenName familyName team { organisationId agency reason } }
  }
`;

export interface ChildName {
  id: string;
  givenName: string | null;
  familyName: string | null;
  team: Array<{ organisationId: string; agency: string; reason: string }>;
}

export const fullName = (child: { givenName: string | null; familyName: string | null }) => [child.givenName, child.familyName].filter(Boolean).join(' ');
