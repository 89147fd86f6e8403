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
    asOf: recorded time, the record as it stood at that moment (what a reader saw then);
    happenedBy: world time, what had happened by that moment, as the record knows it now (or at asOf
    when both are given). Either, both, or neither (the live record).
    """
    child(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: String): Child
    """
    A Family Help plan by its id, live or replayed. Logged.
    asOf: recorded time, the record as it stood at that moment (what a reader saw then);
    happenedBy: world time, what had happened by that moment, as the record knows it now (or at asOf
    when both are given). Either, both, or neither (the live record).
    """
    familyHelpPlan(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: String): FamilyHelpPlan
    """
    An EHC needs assessment or annual review by its id, live or replayed (asOf, happenedBy as for familyHelpPlan). Logged.
    """
    ehcAssessment(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: String): EhcAssessment
    """
    A short break by its id, live or replayed (asOf, happenedBy as for familyHelpPlan). Logged.
    """
    shortBreak(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: String): ShortBreak
    """
    Every event of a stream with who, when (both clocks), why, and corrections linked. Logged.
    """
    history(streamId: ID!, reason: String): StreamHistory
    """
    The partnership's measures for the days from..to (inclusive), over the children the caller may read.
    """
    kpis(from: Date!, to: Date!, asOf: DateTime, happenedBy: DateTime): Kpis!
    """
    How the figures for from..to changed between the report as it stood at asOf and the report as it
    stands at since (default now): facts recorded late, corrections and withdrawals. Only changed
    figures are listed, each with the records that moved it.
    """
    kpiChanges(from: Date!, to: Date!, asOf: DateTime!, since: DateTime): KpiChanges!
    """
    Share of open plans with education, health and social care contributions, and the plans missing each.
    """
    partnershipCoverage: PartnershipCoverage!
    """
    Re-computes the hash chain of one stream and names the first bad event. Logged.
    """
    verifyIntegrity(streamId: ID!, reason: String): IntegrityReport
    """
    How far the read models have followed the log.
    """
    readModels: ReadModelStatus!
  }

  type Subscription {
    """
    Each change to a plan, assessment or short break (by its stream id or id), with its completeness after the change.
    """
    planChanged(id: ID!, reason: String): PlanChange!
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
    """
    The instants the child was replayed to (see the child query); null for the live record.
    """
    asOf: DateTime
    happenedBy: DateTime
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
    The recorded-time instant this view was replayed to; null for the live record or a world-time replay.
    """
    asOf: DateTime
    """
    The world-time instant this view was replayed to; null unless asked for.
    """
    happenedBy: DateTime
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
    """
    The recorded-time and world-time instants this view was replayed to; null when not asked for.
    """
    asOf: DateTime
    happenedBy: DateTime
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
    """
    The recorded-time and world-time instants this view was replayed to; null when not asked for.
    """
    asOf: DateTime
    happenedBy: DateTime
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
    """
    The moment the figures are judged at: now, or the replay's instant (a deadline not yet passed then is pending).
    """
    takenAt: DateTime!
    """
    The recorded-time instant the figures were replayed to: as the partnership would have reported them then.
    """
    asOf: DateTime
    """
    The world-time instant the figures were replayed to.
    """
    happenedBy: DateTime
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

  type FigureValue {
    numerator: Int!
    denominator: Int!
    rate: Float
  }

  enum KpiRecordChange {
    added
    removed
    now_met
    no_longer_met
    dates_changed
  }

  type KpiRecordMove {
    change: KpiRecordChange!
    record: KpiRecord!
  }

  type KpiFigureChange {
    """
    The measure, with its group for grouped measures, e.g. adviceWithinSixWeeksByAdviserType.health.
    """
    measure: String!
    then: FigureValue!
    now: FigureValue!
    records: [KpiRecordMove!]!
  }

  type KpiChanges {
    from: Date!
    to: Date!
    asOf: DateTime!
    since: DateTime!
    changes: [KpiFigureChange!]!
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
