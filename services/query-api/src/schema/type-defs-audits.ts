/** Quality audits and who has read a child's record: an extension of the query API's schema. */
export const auditTypeDefs = /* GraphQL */ `
  extend type Query {
    """
    A quality audit by its id (or stream id): grade, findings, moderations and agreement, and the plan
    as it stood at the instant it was graded as at. Readable as the child's record is. Logged.
    """
    audit(id: ID!, reason: String): Audit
    """
    Every audit of one plan, assessment or short break (its stream id), oldest first. Logged.
    """
    audits(planId: ID!, reason: String): [Audit!]
    """
    Every read of a child's record, granted or refused: who, their organisation, when, which record and
    query, the instants replayed, and the reason given. Readable by auditors and by the child's lead
    organisation (the one that registered the child) only; null for anyone else, as for a missing child.
    Logged.
    """
    childReads(childId: ID!, reason: String): ChildReads
  }

  union AuditedPlan = FamilyHelpPlan | EhcAssessment | ShortBreak

  type AuditFinding {
    area: String!
    finding: String!
  }

  type AuditModeration {
    originalGrade: String!
    agreesWithGrade: Boolean!
    moderatedGrade: String!
    comments: String!
    recorded: Recorded!
  }

  """
  How far the moderating auditors agreed with the grade.
  """
  type AuditAgreement {
    moderations: Int!
    agreeing: Int!
    """
    agreeing / moderations; null before any moderation.
    """
    rate: Float
  }

  type Audit {
    id: ID!
    streamId: ID!
    childId: ID!
    planStreamId: ID
    """
    The instant the plan was graded as at (recorded time).
    """
    planAsOf: DateTime
    grade: String
    findings: [AuditFinding!]!
    recorded: Recorded
    moderations: [AuditModeration!]!
    agreement: AuditAgreement!
    """
    The audited plan as the record stood at planAsOf, with its completeness then.
    """
    plan: AuditedPlan
  }

  type ChildRead {
    """
    When the read was made (and recorded).
    """
    at: DateTime!
    by: Actor!
    organisationId: ID!
    """
    The query that read it: child, familyHelpPlan, history, childReads, ...
    """
    query: String!
    streamId: ID
    asOf: DateTime
    happenedBy: DateTime
    """
    granted or refused.
    """
    outcome: String!
    reason: String
    correlationId: ID!
  }

  type ChildReads {
    childId: ID!
    reads: [ChildRead!]!
  }
`;
