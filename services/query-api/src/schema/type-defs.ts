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

  """
  An organisation of the partnership as the register holds it now: a renamed organisation has its new
  name, a retired one keeps its name (active false). The record admits no organisation the register does
  not hold; an id it does not know (a record written before the register) has every field but id null.
  """
  type Organisation {
    id: ID!
    name: String
    agency: Agency
    "la_send_team, school, college, educational_psychology_service, preparation_for_adulthood_service, health_provider, integrated_care_board, social_care_team, quality_assurance_team or partnership_office."
    kind: String
    active: Boolean
    registeredAt: DateTime
    retiredAt: DateTime
  }

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
    child(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: ReadReason): Child
    """
    A Family Help plan by its id, live or replayed. Logged.
    asOf: recorded time, the record as it stood at that moment (what a reader saw then);
    happenedBy: world time, what had happened by that moment, as the record knows it now (or at asOf
    when both are given). Either, both, or neither (the live record).
    """
    familyHelpPlan(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: ReadReason): FamilyHelpPlan
    """
    An EHC needs assessment or annual review by its id, live or replayed (asOf, happenedBy as for familyHelpPlan). Logged.
    """
    ehcAssessment(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: ReadReason): EhcAssessment
    """
    A short break by its id, live or replayed (asOf, happenedBy as for familyHelpPlan). Logged.
    """
    shortBreak(id: ID!, asOf: DateTime, happenedBy: DateTime, reason: ReadReason): ShortBreak
    """
    Every event of a stream with who, when (both clocks), why, and corrections linked; streamId is a
    stream id or the id of the record (child, plan, assessment, short break, audit). Logged.
    """
    history(streamId: ID!, reason: ReadReason): StreamHistory
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
    The partnership's organisation register: every organisation, its agency and kind, active or retired.
    """
    organisations(includeRetired: Boolean = true): [Organisation!]!
    """
    Re-computes the hash chain of one stream (by its stream id or its record's id) and names the first bad event. Logged.
    """
    verifyIntegrity(streamId: ID!, reason: ReadReason): IntegrityReport
    """
    How far the read models have followed the log.
    """
    readModels: ReadModelStatus!
    """
    Children the caller may read, found by exactly one of: NHS number (spaces ignored), UPN, or name
    (optionally with date of birth; case, accents, hyphens, apostrophes, one transposed or wrong letter
    and sound-alike spellings tolerated). Best match first; paged. Logged without the search terms.
    """
    searchChildren(nhsNumber: String, upn: String, name: String, dateOfBirth: Date, first: Int = 20, after: String, reason: ReadReason): ChildSearchPage!
    """
    Open records where the caller (MINE) or the caller's organisation (ORGANISATION) is the named lead
    practitioner or case officer, with completeness and next due date. Logged.
    """
    caseload(scope: CaseloadScope = MINE, sort: CaseloadSort = NEXT_DUE, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): CaseloadPage!
    """
    Advice not yet submitted: what the caller requested, what the caller's organisation requested, or
    what is asked of the caller's organisation. Soonest due first unless descending. Logged.
    """
    adviceTray(side: AdviceTraySide = REQUESTED_BY_ME, filter: TrayFilter, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): AdviceTrayPage!
    """
    Every statutory clock still running on a record the caller may read (annual review decision, amended plan). Logged.
    """
    statutoryClockTray(filter: TrayFilter, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): ClockTrayPage!
    """
    Open Family Help plans with a review date, due and overdue. Logged.
    """
    planReviewTray(filter: TrayFilter, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): PlanReviewTrayPage!
    """
    Open Family Help plans failing completeness rules, with the rules they fail. Logged.
    """
    incompletePlanTray(filter: TrayFilter, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): IncompletePlanTrayPage!
    """
    Short-break requests awaiting a decision, longest waiting first. Logged.
    """
    shortBreakDecisionTray(filter: TrayFilter, descending: Boolean = false, first: Int = 25, after: String, reason: ReadReason): ShortBreakTrayPage!
    """
    Auditors only: open plans not audited within notAuditedWithinMonths, and a reproducible sample of
    share (0..1) of them picked by seed. Logged.
    """
    auditSample(notAuditedWithinMonths: Int!, share: Float!, seed: String!, filter: TrayFilter, first: Int = 25, after: String, reason: ReadReason): AuditSamplePage!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
  }

  """
  Enough to tell two children apart, and nothing more.
  """
  type ChildSearchHit {
    childId: ID!
    givenName: String!
    familyName: String!
    dateOfBirth: Date!
    primaryNeed: String
    teamOrganisations: [Organisation!]!
    """
    nhs_number, upn or name.
    """
    matchedBy: String!
  }

  type ChildSearchPage {
    totalCount: Int!
    hits: [ChildSearchHit!]!
    pageInfo: PageInfo!
  }

  type ChildSummary {
    id: ID!
    givenName: String
    familyName: String
    dateOfBirth: Date
  }

  enum RecordKind {
    family_help_plan
    ehc_assessment
    short_break
  }

  enum DueState {
    """
    Due before today.
    """
    overdue
    """
    Due from today to today + withinDays.
    """
    due_within
    """
    An exception is recorded: regulation 8(2) for advice, 5(4), 10(4) or 13(3) for the authority's clocks.
    """
    exception_recorded
  }

  input TrayFilter {
    """
    The organisation a row is for: the adviser's (advice), the named person's, or the one that started the record.
    """
    organisationId: ID
    recordKind: RecordKind
    state: DueState
    withinDays: Int
  }

  enum CaseloadScope {
    MINE
    ORGANISATION
  }

  enum CaseloadSort {
    NEXT_DUE
    CHILD_NAME
    COMPLETENESS
  }

  enum AdviceTraySide {
    REQUESTED_BY_ME
    REQUESTED_BY_MY_ORGANISATION
    ASKED_OF_MY_ORGANISATION
  }

  type NamedPerson {
    userId: ID!
    name: String!
    organisation: Organisation!
  }

  type NextDue {
    """
    plan_review, advice, decision_to_assess, decision_not_to_issue, final_plan, annual_review_decision or amended_plan.
    """
    what: String!
    dueOn: Date!
    overdue: Boolean!
  }

  type CaseloadRow {
    child: ChildSummary!
    recordKind: RecordKind!
    recordId: ID!
    streamId: ID!
    """
    lead_practitioner or case_officer.
    """
    namedRole: String!
    namedPerson: NamedPerson!
    completenessScore: Float!
    nextDue: NextDue
  }

  type CaseloadPage {
    totalCount: Int!
    """
    Distinct children across every row (not only this page).
    """
    childCount: Int!
    rows: [CaseloadRow!]!
    pageInfo: PageInfo!
  }

  type AdviceTrayRow {
    child: ChildSummary!
    recordKind: RecordKind!
    assessmentId: ID!
    assessmentKind: String!
    streamId: ID!
    requestId: ID!
    adviserType: String!
    adviserAgency: Agency!
    adviser: Organisation!
    requestedBy: Actor!
    requestedOn: Date!
    dueOn: Date!
    overdue: Boolean!
    daysOverdue: Int!
    exception: String
  }

  type AdviceTrayPage {
    totalCount: Int!
    rows: [AdviceTrayRow!]!
    pageInfo: PageInfo!
  }

  type ClockTrayRow {
    child: ChildSummary!
    recordKind: RecordKind!
    recordId: ID!
    streamId: ID!
    assessmentKind: String!
    """
    A needs assessment's decision_to_assess (6 weeks from the request), decision_not_to_issue (16 weeks)
    and final_plan (20 weeks); an annual review's annual_review_decision (4 weeks from the meeting) and
    amended_plan (12 weeks).
    """
    clock: String!
    """
    The regulation of the SEND Regulations 2014 that sets the limit (5(1), 10(1), 13(2)), and the one whose
    exceptions stop it (5(4), 10(4), 13(3)); null for the annual review's clocks.
    """
    regulation: String
    exceptionRegulation: String
    """
    The day the clock started: the request for assessment received, or the review meeting held.
    """
    startedOn: Date!
    dueOn: Date!
    overdue: Boolean!
    daysOverdue: Int!
    """
    Whole days until it is due (0 when due today or overdue).
    """
    daysLeft: Int!
    """
    pending (not done, not yet due) or overdue, as the record's clocks judge it today in England.
    """
    status: String!
    """
    exception_recorded (an exception stops the clock), overdue, or on_time.
    """
    state: String!
    """
    Not yet due, or past it with an exception recorded.
    """
    lawful: Boolean!
    organisation: Organisation!
    caseOfficer: NamedPerson
    """
    The exception recorded against the clock (school_or_setting_closure, exceptional_personal_circumstances, absent_from_area), if any.
    """
    exception: String
    exceptionAppliedOn: Date
  }

  type ClockTrayPage {
    totalCount: Int!
    rows: [ClockTrayRow!]!
    pageInfo: PageInfo!
  }

  type PlanReviewTrayRow {
    child: ChildSummary!
    planId: ID!
    streamId: ID!
    dueOn: Date!
    overdue: Boolean!
    daysOverdue: Int!
    lastReviewedOn: Date
    leadPractitioner: NamedPerson
    organisation: Organisation!
  }

  type PlanReviewTrayPage {
    totalCount: Int!
    rows: [PlanReviewTrayRow!]!
    pageInfo: PageInfo!
  }

  type IncompletePlanTrayRow {
    child: ChildSummary!
    planId: ID!
    streamId: ID!
    completenessScore: Float!
    failingRules: [CompletenessRule!]!
    """
    The plan's next review date, if it has one.
    """
    dueOn: Date
    leadPractitioner: NamedPerson
    organisation: Organisation!
  }

  type IncompletePlanTrayPage {
    totalCount: Int!
    rows: [IncompletePlanTrayRow!]!
    pageInfo: PageInfo!
  }

  type ShortBreakTrayRow {
    child: ChildSummary!
    shortBreakId: ID!
    streamId: ID!
    route: String!
    requestedOn: Date!
    waitingDays: Int!
    requestedBy: Actor!
    organisation: Organisation!
  }

  type ShortBreakTrayPage {
    totalCount: Int!
    rows: [ShortBreakTrayRow!]!
    pageInfo: PageInfo!
  }

  type AuditSampleRow {
    child: ChildSummary!
    recordKind: RecordKind!
    recordId: ID!
    streamId: ID!
    lastAuditedAt: DateTime
    organisation: Organisation!
  }

  type AuditSamplePage {
    """
    Open plans not audited within the months asked.
    """
    population: Int!
    sampleSize: Int!
    totalCount: Int!
    rows: [AuditSampleRow!]!
    pageInfo: PageInfo!
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
    organisationName: String
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
    organisationName: String
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
    """
    The rules satisfied (the score's numerator; the same as satisfied).
    """
    numerator: Int!
    """
    The rules that apply (the score's denominator; the same as applicable).
    """
    denominator: Int!
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
    organisationName: String
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
    organisationName: String
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
    organisationName: String
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
    The child the record is about (their name as registered now), read with the record and logged once with it.
    """
    child: ChildSummary!
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
    """
    The day the regulation 8(2) circumstance applied (null for exceptions recorded without it).
    """
    appliedOn: Date
    recorded: Recorded!
  }

  """
  One of the authority's own time limits in a needs assessment, counted from the day the request was received.
  """
  type StatutoryClock {
    """
    decision_to_assess, decision_not_to_issue or final_plan.
    """
    clock: String!
    """
    The regulation of the SEND Regulations 2014 that sets it (5(1), 10(1), 13(2)).
    """
    regulation: String!
    """
    The regulation whose exceptions stop it (5(4), 10(4), 13(3)).
    """
    exceptionRegulation: String!
    weeks: Int!
    dueOn: Date!
    doneOn: Date
    """
    met, late, pending, overdue or not_applicable, as at the record's time (asOf, or today in England).
    """
    status: String!
    exception: TimelineException
    """
    Met, not yet due, not applicable, or outside the limit with an exception recorded.
    """
    lawful: Boolean!
  }

  type TimelineException {
    clock: String!
    exception: String!
    appliedOn: Date!
    reason: String!
    recorded: Recorded
  }

  type AssessmentDecision {
    decision: String!
    decidedOn: Date!
    decisionDueOn: Date!
    reasons: String
    rightOfAppealNotified: Boolean!
    recorded: Recorded!
  }

  type DecisionNotToIssue {
    decidedOn: Date!
    decisionDueOn: Date!
    reasons: String!
    rightOfAppealNotified: Boolean!
    recorded: Recorded!
  }

  type DraftPlan {
    planVersion: Int!
    issuedOn: Date!
    """
    The last day for representations (at least 15 days beginning with the day of issue, regulation 13(1)).
    """
    representationsEndOn: Date!
    recorded: Recorded!
  }

  type DraftPlanRepresentations {
    receivedOn: Date!
    summary: String!
    preferredSchool: String
    meetingRequested: Boolean!
    recorded: Recorded!
  }

  type FinalPlan {
    planVersion: Int!
    issuedOn: Date!
    finalPlanDueOn: Date!
    representationsPeriodHonoured: Boolean!
    namedSchool: String
    recorded: Recorded!
  }

  """
  A needs assessment from the request to the final plan (SEND Regulations 2014 regs 5, 10, 13).
  """
  type NeedsAssessmentTimeline {
    requestedOn: Date!
    """
    parent, young_person, school_or_setting, health, social_care or other.
    """
    requestedBy: String
    decision: AssessmentDecision
    decisionNotToIssue: DecisionNotToIssue
    draftPlan: DraftPlan
    representations: [DraftPlanRepresentations!]!
    finalPlan: FinalPlan
    clocks: [StatutoryClock!]!
    exceptions: [TimelineException!]!
  }

  """
  A section of the EHC plan as regulation 12(1) sets them, A to K, with what the record holds for it.
  """
  type PlanSection {
    section: String!
    title: String!
    regulation: String!
    """
    The latest text for the section: from the final plan, else the draft, else the advice that fills it.
    """
    text: String
    """
    The advice requests whose advice fills this section (section K: every piece of advice received).
    """
    adviceRequestIds: [ID!]!
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
    organisationName: String
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
    The child the record is about (their name as registered now), read with the record and logged once with it.
    """
    child: ChildSummary!
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
    """
    Needs assessments: the statutory timeline from the request to the final plan, with its clocks.
    """
    timeline: NeedsAssessmentTimeline
    """
    The plan's sections A to K (regulation 12).
    """
    planSections: [PlanSection!]!
    """
    The named case officer now (the last assigned), if any.
    """
    caseOfficer: NamedPerson
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
    The child the record is about (their name as registered now), read with the record and logged once with it.
    """
    child: ChildSummary!
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
    """
    Needs assessments whose 6-week date falls in the window: decision whether to assess within 6 weeks (reg 5(1)); counted once decided or overdue; reg 5(4) exceptions left out.
    """
    decisionToAssessWithinSixWeeks: Figure!
    """
    Final EHC plans issued in the window within 20 weeks of the request (reg 13(2)), exception cases included (SEN2).
    """
    finalPlanWithinTwentyWeeks: Figure!
    """
    The same without the plans with a reg 13(3) exception (SEN2 "excluding exceptions").
    """
    finalPlanWithinTwentyWeeksExcludingExceptions: Figure!
    """
    Needs assessments whose outcome after assessment (draft plan or decision not to issue) fell in the window: the share with a draft plan.
    """
    draftPlansIssued: Figure!
    """
    Final plans issued in the window after a draft: issued only after the representations period (reg 13(1)) ended.
    """
    representationPeriodsHonoured: Figure!
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
