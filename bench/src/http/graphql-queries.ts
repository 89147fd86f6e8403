/** The plan-with-completeness query the GraphQL benchmark sends (what a practitioner's plan page asks for). */
export const planQuery = /* GraphQL */ `
  query Plan($id: ID!) {
    familyHelpPlan(id: $id, reason: DIRECT_WORK) {
      id
      revision
      status
      planType
      nextReviewOn
      outcomes { outcomeId outcome byWhen }
      contributions { agency support frequency }
      completeness { score satisfied applicable rules { id satisfied explanation } }
      coverage { allThree missing agencies { agency contributed contributions lastContributedAt } }
    }
  }
`;

const figure = 'numerator denominator rate';

/** The partnership's KPI figures for a period (the figures, not the drill-down lists). */
export const kpiQuery = /* GraphQL */ `
  query Kpis($from: Date!, $to: Date!) {
    kpis(from: $from, to: $to) {
      adviceWithinSixWeeks { ${figure} }
      adviceWithinSixWeeksByAdviserType { key figure { ${figure} } }
      adviceExceptions { ${figure} }
      annualReviewDecisionWithinFourWeeks { ${figure} }
      amendedPlanWithinTwelveWeeks { ${figure} }
      healthAdviceIncorporated { ${figure} }
      socialCareAdviceIncorporated { ${figure} }
      healthAndSocialCareAdviceIncorporated { ${figure} }
      shortBreaksByRoute { key figure { ${figure} } }
      auditsGoodOrOutstanding { ${figure} }
    }
  }
`;

export const revisionQuery = /* GraphQL */ `
  query Revision($id: ID!) {
    familyHelpPlan(id: $id, reason: DIRECT_WORK) { revision }
  }
`;

export const readModelsQuery = /* GraphQL */ `
  query { readModels { position ready } }
`;

/** A GraphQL answer with data and no errors. */
export const answered = (body: string): boolean => body.startsWith('{"data"') && !body.includes('"errors"');
