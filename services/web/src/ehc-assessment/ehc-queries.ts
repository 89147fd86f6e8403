import type { RecordChild } from '../family-help-plan/plan-queries';

export const assessmentPageQuery = /* GraphQL */ `
  query EhcAssessmentPage($id: ID!) {
    ehcAssessment(id: $id) {
      id childId kind status startedOn planVersion closedOn closureReason
      child { id givenName familyName }
      advice {
        requestId adviserType agency organisationId requestedOn adviceDueOn submittedOn onTime incorporatedIntoPlanVersion
        exception { exception reason }
        sections { section text }
        moderation { meetsQualityCriteria feedback }
      }
      reviewMeeting { heldOn agenciesPresent summary decisionDueOn amendedPlanDueOn }
      decision { decision decidedOn decisionDueOn reasons }
      amendedPlan { planVersion issuedOn amendedPlanDueOn }
      completeness { score satisfied applicable rules { id title applies satisfied explanation } }
      coverage { allThree missing agencies { agency contributed contributions lastContributedAt } }
    }
  }
`;

export interface Advice {
  requestId: string;
  adviserType: string;
  agency: string;
  organisationId: string;
  requestedOn: string;
  adviceDueOn: string;
  submittedOn: string | null;
  onTime: boolean | null;
  incorporatedIntoPlanVersion: number | null;
  exception: { exception: string; reason: string } | null;
  sections: Array<{ section: string; text: string }>;
  moderation: { meetsQualityCriteria: boolean; feedback: string } | null;
}

export interface AssessmentPageData {
  id: string;
  childId: string;
  child: RecordChild;
  kind: string | null;
  status: string;
  startedOn: string | null;
  planVersion: number | null;
  closedOn: string | null;
  closureReason: string | null;
  advice: Advice[];
  reviewMeeting: { heldOn: string; agenciesPresent: string[]; summary: string; decisionDueOn: string; amendedPlanDueOn: string } | null;
  decision: { decision: string; decidedOn: string; decisionDueOn: string; reasons: string } | null;
  amendedPlan: { planVersion: number; issuedOn: string; amendedPlanDueOn: string } | null;
  completeness: { score: number; satisfied: number; applicable: number; rules: Array<{ id: string; title: string; applies: boolean; satisfied: boolean; explanation: string }> };
  coverage: { allThree: boolean; missing: string[]; agencies: Array<{ agency: string; contributed: boolean; contributions: number; lastContributedAt: string | null }> };
}
