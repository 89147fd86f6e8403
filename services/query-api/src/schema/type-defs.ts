/**
 * The query API's schema. `schemas/graphql/schema.graphql` is checked in from what the service serves;
 * a test fails when the two drift apart (regenerate with `npx tsx services/query-api/src/write-schema.ts`).
 */
export const typeDefs = /* GraphQL */ `
  """
  An instant in ISO 8601 with its offset, e.g. 2026-01-15T10:00:00Z.
  """
  scalar DateTime

  """
  A calendar date, YYYY-MM-DD.
  """
  scalar Date

  """
  Any JSON value: the data of an event exactly as it was recorded.
  """
  scalar JSON

  enum Agency {
    education
    health
    social_care
  }

  type Query {
    """
    A child with their team, plans, assessments and short breaks. Null when there is no such child or
    the caller's organisation is not in the child's team (the two cannot be told apart). Logged.
    """
    child(id: ID!, reason: ReadReason): Child
    """
    A Family Help plan by its id, live or as the record stood at asOf (events recorded by then). Logged.
    """
    familyHelpPlan(id: ID!, asOf: DateTime, reason: ReadReason): FamilyHelpPlan
    """
    An EHC needs assessment or annual review by its id, live or as at asOf. Logged.
    """
    ehcAssessment(id: ID!, asOf: DateTime, reason: ReadReason): EhcAssessment
    """
    A short break by its id, live or as at asOf. Logged.
    """
    shortBreak(id: ID!, asOf: DateTime, reason: ReadReason): ShortBreak
    """
    Every event of a stream with who, when (both clocks), why, and corrections linked. Logged.
    """
    history(streamId: ID!, reason: ReadReason): StreamHistory
    """
    The partnership's measures for the days from..to (inclusive), over the children the caller may read.
    """
    kpis(from: Date!, to: Date!): Kpis!
    """
    Share of open plans with education, health and social care contributions, and the plans missing each.
    """
    partnershipCoverage: PartnershipCoverage!
    """
    Re-computes the hash chain of one stream and names the first bad event. Logged.
    """
    verifyIntegrity(streamId: ID!, reason: ReadReason): IntegrityReport
    """
    How far the read models have followed the log.
    """
    readModels: ReadModelStatus!
  }

  """
  Why a record is read, stored with the read in the child's access log. A code, never free text: the
  access log is immutable, so nothing typed into it could ever be removed. Send it as the reason
  argument or the X-Read-Reason header (either spelling: SAFEGUARDING or safeguarding), never in a URL.
  """
  enum ReadReason {
    "Work with the child or family: a visit, a plan, a review."
    DIRECT_WORK
    "An EHC needs assessment or another statutory assessment."
    ASSESSMENT
    "Answering a request for advice or information."
    ADVICE_REQUEST
    "A safeguarding concern or enquiry."
    SAFEGUARDING
    "A case file audit or quality assurance."
    AUDIT
    "Handling a complaint."
    COMPLAINT
    "Checking or correcting the record."
    DATA_CORRECTION
    "Anything else."
    OTHER
  }

  type Subscription {
    """
    Each change to a plan, assessment or short break (by its stream id or id), with its completeness after the change.
    """
    planChanged(id: ID!, reason: ReadReason): PlanChange!
  }

  type ReadModelStatus {
    position: Int!
    ready: Boolean!
  }

  type Actor {
    userId: ID!
    role: String!
    agency: String!
    organisationId: ID!
  }

  """
  Who recorded a fact, when it happened and when it was recorded, and whether it was corrected since.
  """
  type Recorded {
    eventId: ID!
    occurredAt: DateTime!
    recordedAt: DateTime!
    corrected: Boolean!
    by: Actor!
  }

  type TeamMember {
    organisationId: ID!
    agency: Agency!
    joinedAt: DateTime!
    reason: String!
  }

  type Child {
    id: ID!
    streamId: ID!
    givenName: String
    familyName: String
    dateOfBirth: Date
    nhsNumber: String
    upn: String
    primaryNeed: String
    registered: Recorded
    team: [TeamMember!]!
    familyHelpPlans: [FamilyHelpPlan!]!
    ehcAssessments: [EhcAssessment!]!
    shortBreaks: [ShortBreak!]!
    coverage: Coverage!
  }

  type CompletenessRule {
    id: ID!
    title: String!
    applies: Boolean!
    satisfied: Boolean!
    explanation: String!
  }

  type Completeness {
    """
    satisfied / applicable; 1 when no rule applies.
    """
    score: Float!
    satisfied: Int!
    applicable: Int!
    rules: [CompletenessRule!]!
  }

  type AgencyCoverage {
    agency: Agency!
    contributed: Boolean!
    contributions: Int!
    lastContributedAt: DateTime
  }

  type Coverage {
    agencies: [AgencyCoverage!]!
    allThree: Boolean!
    missing: [Agency!]!
  }

  type LeadPractitioner {
    userId: ID!
    name: String!
    organisationId: ID!
    agency: Agency!
  }

  type DisabilityImpact {
    domain: String!
    impact: String!
    supportNeeded: String
    recorded: Recorded!
  }

  type ChildViews {
    views: String!
    howGathered: String!
    recorded: Recorded!
  }

  type FamilyViews {
    views: String!
    relationship: String!
    recorded: Recorded!
  }

  type Need {
    needId: ID!
    description: String!
    agency: Agency
    recorded: Recorded!
  }

  type Responsible {
    agency: Agency!
    organisationId: ID
    role: String!
  }

  type Outcome {
    outcomeId: ID!
    outcome: String!
    measure: String!
    byWhen: Date!
    responsible: Responsible!
    recorded: Recorded!
  }

  type Contribution {
    contributionId: ID!
    agency: Agency!
    organisationId: ID!
    support: String!
    frequency: String!
    from: Date!
    to: Date
    recorded: Recorded!
  }

  type PlanReview {
    reviewedOn: Date!
    summary: String!
    nextReviewOn: Date!
    recorded: Recorded!
  }

  type FamilyHelpPlan {
    id: ID!
    streamId: ID!
    childId: ID!
    """
    The instant this view was replayed to; null for the live record.
    """
    asOf: DateTime
    revision: Int!
    planType: String
    status: String!
    leadPractitioner: LeadPractitioner
    opened: Recorded
    closedOn: Date
    closureReason: String
    disabilityImpacts: [DisabilityImpact!]!
    childViews: [ChildViews!]!
    familyViews: [FamilyViews!]!
    needs: [Need!]!
    outcomes: [Outcome!]!
    contributions: [Contribution!]!
    reviews: [PlanReview!]!
    nextReviewOn: Date
    completeness: Completeness!
    coverage: Coverage!
  }

  type AdviceException {
    exception: String!
    reason: String!
    recorded: Recorded!
  }

  type AdviceSection {
    section: String!
    text: String!
  }

  type Moderation {
    meetsQualityCriteria: Boolean!
    feedback: String!
    recorded: Recorded!
  }

  type Advice {
    requestId: ID!
    adviserType: String!
    agency: Agency!
    organisationId: ID!
    requestedOn: Date!
    adviceDueOn: Date!
    exception: AdviceException
    submittedOn: Date
    """
    True when submitted by the due date; null while not submitted.
    """
    onTime: Boolean
    sections: [AdviceSection!]!
    moderation: Moderation
    incorporatedIntoPlanVersion: Int
  }

  type ReviewMeeting {
    heldOn: Date!
    agenciesPresent: [Agency!]!
    summary: String!
    decisionDueOn: Date!
    amendedPlanDueOn: Date!
    recorded: Recorded!
  }

  type ReviewDecision {
    decision: String!
    decidedOn: Date!
    decisionDueOn: Date!
    reasons: String!
    recorded: Recorded!
  }

  type AmendedPlan {
    planVersion: Int!
    issuedOn: Date!
    amendedPlanDueOn: Date!
    recorded: Recorded!
  }

  type EhcAssessment {
    id: ID!
    streamId: ID!
    childId: ID!
    asOf: DateTime
    revision: Int!
    kind: String
    status: String!
    startedOn: Date
    planVersion: Int
    advice: [Advice!]!
    reviewMeeting: ReviewMeeting
    decision: ReviewDecision
    amendedPlan: AmendedPlan
    closedOn: Date
    closureReason: String
    completeness: Completeness!
    coverage: Coverage!
  }

  type GrantedShortBreak {
    type: String!
    amount: Float!
    unit: String!
  }

  type DecisionMaker {
    userId: ID!
    role: String!
  }

  type ShortBreakDecision {
    outcome: String!
    granted: [GrantedShortBreak!]!
    eligibilityCriteriaVersion: String!
    shortBreaksStatementVersion: String!
    decisionMaker: DecisionMaker!
    decidedOn: Date!
    reasons: String!
    recorded: Recorded!
  }

  type ShortBreakReview {
    reviewedOn: Date!
    conclusion: String!
    summary: String!
    nextReviewOn: Date
    recorded: Recorded!
  }

  type ShortBreakChallenge {
    kind: String!
    madeOn: Date!
    grounds: String!
    recorded: Recorded!
  }

  type ShortBreak {
    id: ID!
    streamId: ID!
    childId: ID!
    asOf: DateTime
    revision: Int!
    route: String
    requestedOn: Date
    status: String!
    decision: ShortBreakDecision
    reviews: [ShortBreakReview!]!
    challenges: [ShortBreakChallenge!]!
    endedOn: Date
    endReason: String
    completeness: Completeness!
    coverage: Coverage!
  }

  type HistoryEvent {
    eventId: ID!
    type: String!
    schemaVersion: Int!
    revision: Int!
    globalPosition: Int!
    occurredAt: DateTime!
    recordedAt: DateTime!
    actor: Actor!
    correlationId: ID!
    causationId: ID
    data: JSON
    hash: String!
    """
    For a correction or withdrawal: the event it names.
    """
    corrects: ID
    correction: String
    correctedBy: [ID!]!
    withdrawn: Boolean!
  }

  type StreamHistory {
    streamId: ID!
    childId: ID!
    events: [HistoryEvent!]!
  }

  type IntegrityReport {
    streamId: ID!
    ok: Boolean!
    eventCount: Int!
    lastHash: String
    firstBadRevision: Int
    eventId: ID
    reason: String
  }

  """
  One record behind a figure.
  """
  type KpiRecord {
    streamId: ID!
    childId: ID!
    itemId: ID
    group: String
    met: Boolean!
    dueOn: Date
    doneOn: Date
  }

  type Figure {
    numerator: Int!
    denominator: Int!
    rate: Float
    """
    The records in the denominator (for a group's share: the group's own records).
    """
    records: [KpiRecord!]!
  }

  type GroupedFigure {
    key: String!
    figure: Figure!
  }

  type Kpis {
    from: Date!
    to: Date!
    takenAt: DateTime!
    adviceWithinSixWeeks: Figure!
    adviceWithinSixWeeksByAdviserType: [GroupedFigure!]!
    adviceWithinSixWeeksByOrganisation: [GroupedFigure!]!
    adviceExceptions: Figure!
    advicePending: [KpiRecord!]!
    annualReviewDecisionWithinFourWeeks: Figure!
    amendedPlanWithinTwelveWeeks: Figure!
    healthAdviceIncorporated: Figure!
    socialCareAdviceIncorporated: Figure!
    healthAndSocialCareAdviceIncorporated: Figure!
    shortBreaksByRoute: [GroupedFigure!]!
    shortBreaksByRouteAndOutcome: [GroupedFigure!]!
    auditGrades: [GroupedFigure!]!
    auditsGoodOrOutstanding: Figure!
    auditModerationAgreement: Figure!
  }

  type PlanRef {
    streamId: ID!
    childId: ID!
    kind: String!
  }

  type AgencyGap {
    agency: Agency!
    plans: [PlanRef!]!
  }

  type PartnershipCoverage {
    plans: Int!
    withAllThree: Int!
    share: Float
    missing: [AgencyGap!]!
  }

  type PlanChange {
    streamId: ID!
    kind: String!
    revision: Int!
    globalPosition: Int!
    eventType: String!
    recordedAt: DateTime!
    completeness: Completeness!
  }
`;
